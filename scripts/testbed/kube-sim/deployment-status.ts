import { clone, getNumber, getObject, getObjects, type JsonObject } from './json.js';
import {
  progressDeadlineExceeded,
  rolloutComplete,
  rolloutProgressed,
  type RolloutCounts,
} from './rollout.js';

/** What the status of one Deployment is computed from. */
export interface StatusInput {
  deployment: JsonObject;
  /** Every ReplicaSet the Deployment controls (with their current status). */
  replicaSets: JsonObject[];
  /** The name of the ReplicaSet for the current template ('' when none exists yet). */
  newName: string;
  desired: number;
  maxUnavailable: number;
  /** The new ReplicaSet was created in this sync. */
  createdNew: boolean;
  nowMs: number;
  /** `nowMs` as a metav1.Time. */
  timestamp: string;
}

const count = (rs: JsonObject, field: string): number => getNumber(rs, ['status', field]) ?? 0;

/**
 * The Deployment status the controller writes: counters summed over its ReplicaSets, the Available
 * condition, and the Progressing condition with the controller's rules (NewReplicaSetCreated,
 * ReplicaSetUpdated on any progress, NewReplicaSetAvailable when complete, ProgressDeadlineExceeded
 * once `progressDeadlineSeconds` pass without progress). `timedOut` is true when that happened now.
 */
export function deploymentStatus(input: StatusInput): { status: JsonObject; timedOut: boolean } {
  const { deployment, replicaSets, newName, desired, timestamp } = input;
  const fresh = replicaSets.find((rs) => getObject(rs, ['metadata']).name === newName);
  const before = getObject(deployment, ['status']);
  const counts: RolloutCounts = {
    replicas: replicaSets.reduce((s, rs) => s + count(rs, 'replicas'), 0),
    updatedReplicas: fresh ? count(fresh, 'replicas') : 0,
    readyReplicas: replicaSets.reduce((s, rs) => s + count(rs, 'readyReplicas'), 0),
    availableReplicas: replicaSets.reduce((s, rs) => s + count(rs, 'availableReplicas'), 0),
  };
  const previous: RolloutCounts = {
    replicas: getNumber(before, ['replicas']) ?? 0,
    updatedReplicas: getNumber(before, ['updatedReplicas']) ?? 0,
    readyReplicas: getNumber(before, ['readyReplicas']) ?? 0,
    availableReplicas: getNumber(before, ['availableReplicas']) ?? 0,
  };
  // Copies: the stored object's conditions must not change under the caller's comparison.
  const conditions = getObjects(before, ['conditions']).map((c) => clone(c));
  const set = (type: string, status: string, reason: string, message: string, touch: boolean): void => {
    const existing = conditions.find((c) => c.type === type);
    if (
      existing &&
      existing.reason === reason &&
      existing.status === status &&
      existing.message === message &&
      !touch
    )
      return;
    const next: JsonObject = {
      type,
      status,
      lastUpdateTime: touch || !existing ? timestamp : (existing.lastUpdateTime ?? timestamp),
      lastTransitionTime:
        existing && existing.status === status ? (existing.lastTransitionTime ?? timestamp) : timestamp,
      reason,
      message,
    };
    if (existing) Object.assign(existing, next);
    else conditions.push(next);
  };
  const available = counts.availableReplicas >= desired - input.maxUnavailable;
  set(
    'Available',
    available ? 'True' : 'False',
    available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
    available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
    false,
  );
  const progressing = conditions.find((c) => c.type === 'Progressing');
  const deadline = getNumber(deployment, ['spec', 'progressDeadlineSeconds']);
  let timedOut = false;
  if (getObject(deployment, ['spec']).paused === true)
    set('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', false);
  else if (input.createdNew)
    set('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${newName}"`, true);
  else if (rolloutComplete(desired, counts)) {
    if (progressing?.reason !== 'NewReplicaSetAvailable')
      set(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${newName}" has successfully progressed.`,
        true,
      );
  } else if (
    rolloutProgressed(previous, counts) ||
    progressing?.reason === 'DeploymentPaused' ||
    !progressing
  )
    set('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newName}" is progressing.`, true);
  else if (
    deadline !== undefined &&
    progressing.reason !== 'ProgressDeadlineExceeded' &&
    progressDeadlineExceeded(Date.parse(String(progressing.lastUpdateTime)), deadline, input.nowMs)
  ) {
    set(
      'Progressing',
      'False',
      'ProgressDeadlineExceeded',
      `ReplicaSet "${newName}" has timed out progressing.`,
      true,
    );
    timedOut = true;
  }
  const status: JsonObject = {
    observedGeneration: getNumber(deployment, ['metadata', 'generation']) ?? 1,
    replicas: counts.replicas,
    updatedReplicas: counts.updatedReplicas,
    readyReplicas: counts.readyReplicas,
    availableReplicas: counts.availableReplicas,
    unavailableReplicas: Math.max(0, desired - counts.availableReplicas),
    conditions: conditions.sort((a, b) => String(a.type).localeCompare(String(b.type))),
  };
  // Zero counters are omitted, as the real type serialises them.
  for (const field of [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ])
    if (status[field] === 0) delete status[field];
  return { status, timedOut };
}
