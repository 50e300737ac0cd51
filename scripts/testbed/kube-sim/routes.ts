import { findResource, type ResourceType } from './resources.js';

/** A request path resolved to a resource (or to discovery, answered elsewhere). */
export interface ResourceRoute {
  resource: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The group/version segment as requested, for 404 messages. */
  groupVersion: string;
}

/**
 * Resolves `/api/v1/...` and `/apis/<group>/<version>/...` paths: cluster-scoped
 * (`<plural>[/<name>[/<sub>]]`) and namespaced (`namespaces/<ns>/<plural>[/<name>[/<sub>]]`).
 * Returns undefined for paths that are not resource paths.
 */
export function resolveRoute(pathname: string): ResourceRoute | undefined {
  const segments = pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else return undefined;
  const groupVersion = group ? `${group}/${version}` : version;
  // namespaces/<ns>/<plural>/... unless it is the Namespace object itself (or its status).
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    const resource = findResource(group, version, rest[2]);
    if (!resource || !resource.namespaced) return undefined;
    if (rest.length > 5) return undefined;
    return { resource, namespace: rest[1], name: rest[3], subresource: rest[4], groupVersion };
  }
  const resource = findResource(group, version, rest[0]);
  if (!resource || rest.length > 3) return undefined;
  return { resource, name: rest[1], subresource: rest[2], groupVersion };
}

/** The Kubernetes verb of a request (what RBAC, faults and counters speak of). */
export function verbOf(method: string, route: ResourceRoute | undefined, watch: boolean): string {
  switch (method) {
    case 'GET':
      if (!route) return 'get';
      if (watch) return 'watch';
      return route.name === undefined ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route?.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}
