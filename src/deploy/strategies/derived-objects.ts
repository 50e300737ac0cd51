import type { KubeObject } from '../../kube/kube-client.js';
import { ANNOTATIONS, LABELS } from '../annotations.js';

type PodTemplate = { metadata?: { labels?: Record<string, string> } };
type DeploymentSpec = {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string> };
  template?: PodTemplate;
};

/** Canary replicas: `max(1, round(stable × weight / 100))`, so the Service splits traffic by pods. */
export function canaryReplicas(stableReplicas: number, weightPercent: number): number {
  return Math.max(1, Math.round((stableReplicas * weightPercent) / 100));
}

/**
 * A copy of a Deployment under another name with one more label on the object, in its selector and on
 * its pods (`prodline.dev/track: canary`, `prodline.dev/colour: blue`), remembering the stable object it
 * came from so promote can apply exactly that.
 */
export function derivedDeployment(
  stable: KubeObject,
  options: { name: string; label: [string, string]; replicas?: number; extra?: Record<string, string> },
): KubeObject {
  const copy = structuredClone(stable);
  const [key, value] = options.label;
  copy.metadata = {
    ...copy.metadata,
    name: options.name,
    labels: { ...(copy.metadata.labels ?? {}), [key]: value },
    annotations: {
      ...(copy.metadata.annotations ?? {}),
      [ANNOTATIONS.stable]: stable.metadata.name,
      [ANNOTATIONS.source]: JSON.stringify(stable),
      ...(options.extra ?? {}),
    },
  };
  const spec = (copy.spec ?? {}) as DeploymentSpec;
  spec.selector = { ...spec.selector, matchLabels: { ...(spec.selector?.matchLabels ?? {}), [key]: value } };
  spec.template = {
    ...spec.template,
    metadata: {
      ...spec.template?.metadata,
      labels: { ...(spec.template?.metadata?.labels ?? {}), [key]: value },
    },
  };
  if (options.replicas !== undefined) spec.replicas = options.replicas;
  copy.spec = spec as Record<string, unknown>;
  return copy;
}

/** A Service copy whose selector adds one label (the canary Service, the colour switch). */
export function serviceSelecting(
  service: KubeObject,
  label: [string, string],
  name = service.metadata.name,
): KubeObject {
  const copy = structuredClone(service);
  copy.metadata = { ...copy.metadata, name };
  const spec = (copy.spec ?? {}) as {
    selector?: Record<string, string>;
    clusterIP?: string;
    clusterIPs?: string[];
  };
  spec.selector = { ...(spec.selector ?? {}), [label[0]]: label[1] };
  // Another Service gets its own cluster IP; copying the stable one's would be refused.
  if (name !== service.metadata.name) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  copy.spec = spec as Record<string, unknown>;
  return copy;
}

/** The Service of the set whose selector picks the Deployment's pods. */
export function serviceFor(deployment: KubeObject, services: KubeObject[]): KubeObject | undefined {
  const podLabels = ((deployment.spec as DeploymentSpec | undefined)?.template?.metadata?.labels ??
    {}) as Record<string, string>;
  return services.find((s) => {
    const selector = (s.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
    const entries = Object.entries(selector).filter(([k]) => k !== LABELS.colour && k !== LABELS.track);
    return entries.length > 0 && entries.every(([k, v]) => podLabels[k] === v);
  });
}

/** A live object reduced to what one would apply (no status, server-set metadata or bookkeeping). */
export function applicableCopy(live: KubeObject): KubeObject {
  const annotations = { ...(live.metadata.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  delete annotations[ANNOTATIONS.manifestHash];
  return {
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: {
      name: live.metadata.name,
      namespace: live.metadata.namespace,
      ...(live.metadata.labels ? { labels: live.metadata.labels } : {}),
      annotations,
    },
    spec: structuredClone(live.spec ?? {}),
  };
}

/** The stable object a derived one was made from (its `source` annotation). */
export function sourceObject(derived: KubeObject): KubeObject | undefined {
  const text = derived.metadata.annotations?.[ANNOTATIONS.source];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as KubeObject;
  } catch {
    return undefined;
  }
}
