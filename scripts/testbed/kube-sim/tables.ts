import { getNumber, getObject, getObjects, getString, type JsonObject, type JsonValue } from './json.js';
import type { ResourceType } from './resources.js';
import { formatRequirements, requirementsOf } from './selectors.js';

/** Kubernetes' HumanDuration (what the Age column shows). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

interface Column {
  name: string;
  type: 'string' | 'integer';
  priority?: number;
  cell: (object: JsonObject, nowMs: number) => JsonValue;
}

const age = (object: JsonObject, nowMs: number): string => {
  const created = getString(object, ['metadata', 'creationTimestamp']);
  return created ? humanDuration(nowMs - Date.parse(created)) : '<unknown>';
};
const name: Column = {
  name: 'Name',
  type: 'string',
  cell: (o) => String(getString(o, ['metadata', 'name'])),
};
const ageColumn: Column = { name: 'Age', type: 'string', cell: age };
const num = (o: JsonObject, path: string[]) => getNumber(o, path) ?? 0;

/** The pod's STATUS as kubectl shows it: a waiting or terminated reason wins over the phase. */
export function podStatusReason(pod: JsonObject): string {
  if (getString(pod, ['metadata', 'deletionTimestamp'])) return 'Terminating';
  let reason = getString(pod, ['status', 'reason']) ?? getString(pod, ['status', 'phase']) ?? 'Pending';
  for (const status of getObjects(pod, ['status', 'containerStatuses'])) {
    const waiting = getString(status, ['state', 'waiting', 'reason']);
    const terminated = getString(status, ['state', 'terminated', 'reason']);
    if (waiting && waiting !== 'ContainerCreating') reason = waiting;
    else if (terminated) reason = terminated;
    else if (waiting) reason = waiting;
  }
  return reason;
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => {
        const statuses = getObjects(o, ['status', 'containerStatuses']);
        const total = getObjects(o, ['spec', 'containers']).length;
        return `${statuses.filter((s) => s.ready === true).length}/${total}`;
      },
    },
    { name: 'Status', type: 'string', cell: (o) => podStatusReason(o) },
    {
      name: 'Restarts',
      type: 'string',
      cell: (o, now) => {
        const statuses = getObjects(o, ['status', 'containerStatuses']);
        const restarts = statuses.reduce((sum, s) => sum + (getNumber(s, ['restartCount']) ?? 0), 0);
        const last = statuses
          .map((s) => getString(s, ['lastState', 'terminated', 'finishedAt']))
          .filter((t): t is string => t !== undefined)
          .map((t) => Date.parse(t))
          .sort((a, b) => b - a)[0];
        return restarts > 0 && last !== undefined
          ? `${restarts} (${humanDuration(now - last)} ago)`
          : String(restarts);
      },
    },
    ageColumn,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => getString(o, ['status', 'podIP']) ?? '<none>' },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: (o) => getString(o, ['spec', 'nodeName']) ?? '<none>',
    },
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(o, ['status', 'readyReplicas'])}/${num(o, ['spec', 'replicas'])}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(o, ['status', 'updatedReplicas']) },
    { name: 'Available', type: 'integer', cell: (o) => num(o, ['status', 'availableReplicas']) },
    ageColumn,
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: (o) =>
        getObjects(o, ['spec', 'template', 'spec', 'containers'])
          .map((c) => String(c.image))
          .join(','),
    },
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: (o) => formatRequirements(requirementsOf(getObject(o, ['spec', 'selector']))),
    },
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(o, ['spec', 'replicas']) },
    { name: 'Current', type: 'integer', cell: (o) => num(o, ['status', 'replicas']) },
    { name: 'Ready', type: 'integer', cell: (o) => num(o, ['status', 'readyReplicas']) },
    ageColumn,
  ],
  Service: [
    name,
    { name: 'Type', type: 'string', cell: (o) => getString(o, ['spec', 'type']) ?? 'ClusterIP' },
    { name: 'Cluster-IP', type: 'string', cell: (o) => getString(o, ['spec', 'clusterIP']) ?? '<none>' },
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    {
      name: 'Port(s)',
      type: 'string',
      cell: (o) =>
        getObjects(o, ['spec', 'ports'])
          .map((p) => `${String(p.port)}/${String(p.protocol ?? 'TCP')}`)
          .join(',') || '<none>',
    },
    ageColumn,
  ],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: (o) => getString(o, ['status', 'phase']) ?? '' },
    ageColumn,
  ],
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: (o, now) => humanDuration(now - Date.parse(String(getString(o, ['lastTimestamp'])))),
    },
    { name: 'Type', type: 'string', cell: (o) => getString(o, ['type']) ?? '' },
    { name: 'Reason', type: 'string', cell: (o) => getString(o, ['reason']) ?? '' },
    {
      name: 'Object',
      type: 'string',
      cell: (o) =>
        `${String(getString(o, ['involvedObject', 'kind'])).toLowerCase()}/${String(getString(o, ['involvedObject', 'name']))}`,
    },
    { name: 'Message', type: 'string', cell: (o) => getString(o, ['message']) ?? '' },
  ],
};

/** True when the client asked for server-side printing (kubectl get without -o). */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => part.includes('as=Table') && part.includes('g=meta.k8s.io'));
}

/** A meta.k8s.io/v1 Table of objects, the rows carrying each object's metadata as kubectl expects. */
export function toTable(
  resource: ResourceType,
  objects: JsonObject[],
  resourceVersion: string,
  nowMs: number,
  withColumns = true,
): JsonObject {
  const columns = COLUMNS[resource.kind] ?? [name, ageColumn];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: !withColumns
      ? null
      : columns.map((c) => ({
          name: c.name,
          type: c.type,
          format: c === name ? 'name' : '',
          description: c.name,
          priority: c.priority ?? 0,
        })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, nowMs)),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: getObject(o, ['metadata']),
      },
    })),
  };
}
