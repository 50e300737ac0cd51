import type { ObjectRef } from './kube-errors.js';

/** The kinds prodline deploys, with their API version and resource plural (as RBAC rules name them). */
export const KINDS = {
  Deployment: { apiVersion: 'apps/v1', resource: 'deployments' },
  Service: { apiVersion: 'v1', resource: 'services' },
  HTTPRoute: { apiVersion: 'gateway.networking.k8s.io/v1', resource: 'httproutes' },
} as const;

export type SupportedKind = keyof typeof KINDS;

/** True for the kinds canary-deploy knows how to deploy. */
export function isSupportedKind(kind: string): kind is SupportedKind {
  return Object.hasOwn(KINDS, kind);
}

/** The resource plural of a kind (`Deployment` → `deployments`); a lower-cased plural for others. */
export function resourceOf(kind: string): string {
  return isSupportedKind(kind) ? KINDS[kind].resource : `${kind.toLowerCase()}s`;
}

/** The reference of an object, for calls and messages. */
export function refOf(object: {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    resource: resourceOf(object.kind),
    namespace: object.metadata.namespace,
    name: object.metadata.name,
  };
}

/** The reference of a named object of a supported kind. */
export function ref(kind: SupportedKind, namespace: string, name: string): ObjectRef {
  return { apiVersion: KINDS[kind].apiVersion, kind, resource: KINDS[kind].resource, namespace, name };
}

/** The API collection path of a kind in a namespace, for watches. */
export function collectionPath(kind: SupportedKind, namespace: string): string {
  const { apiVersion, resource } = KINDS[kind];
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}/namespaces/${namespace}/${resource}`;
}
