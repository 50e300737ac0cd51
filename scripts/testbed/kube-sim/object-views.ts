import { badRequest } from './errors.js';
import { getObject, type JsonObject, type JsonValue } from './json.js';
import { formatRequirements, requirementsOf } from './selectors.js';

/** The status an object of this kind starts with (whatever the client sent is dropped). */
export function initialStatus(kind: string): JsonObject | undefined {
  switch (kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'HTTPRoute':
      return {};
    case 'Pod':
      return { phase: 'Pending', qosClass: 'BestEffort' };
    case 'Service':
      return { loadBalancer: {} };
    case 'Namespace':
      return { phase: 'Active' };
    default:
      return undefined;
  }
}

/** The autoscaling/v1 Scale view of a Deployment or ReplicaSet. */
export function scaleOf(object: JsonObject): JsonObject {
  const meta = getObject(object, ['metadata']);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name ?? '',
      namespace: meta.namespace ?? '',
      uid: meta.uid ?? '',
      resourceVersion: meta.resourceVersion ?? '',
      creationTimestamp: meta.creationTimestamp ?? null,
    },
    spec: { replicas: getObject(object, ['spec']).replicas ?? 0 },
    status: {
      replicas: getObject(object, ['status']).replicas ?? 0,
      selector: formatRequirements(requirementsOf(getObject(object, ['spec']).selector)),
    },
  };
}

/** Parses a JSON request body, answering 400 as the API server does on malformed input. */
export function parseJson(raw: string): JsonValue {
  try {
    return JSON.parse(raw) as JsonValue;
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${String(error)}`);
  }
}
