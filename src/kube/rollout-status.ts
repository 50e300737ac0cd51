/**
 * Rollout status with `kubectl rollout status` semantics, as a pure function of a Deployment, so the
 * canary-deploy waiter and verify-rollout read a rollout the same way (and the same way kubectl does).
 */

/** The parts of a Deployment the verdict reads (client-node's V1Deployment fits). */
export interface DeploymentLike {
  metadata?: { name?: string; namespace?: string; generation?: number };
  spec?: { replicas?: number; paused?: boolean };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** Where a rollout stands. `failed` is final (the progress deadline passed); `done` is final too. */
export interface RolloutStatus {
  state: 'progressing' | 'done' | 'failed';
  /** kubectl's wording, e.g. `Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...`. */
  message: string;
}

/** Evaluates a Deployment exactly as kubectl's DeploymentStatusViewer does. */
export function rolloutStatus(deployment: DeploymentLike): RolloutStatus {
  const name = deployment.metadata?.name ?? '?';
  const status = deployment.status ?? {};
  const generation = deployment.metadata?.generation ?? 0;
  // Until the controller has seen the latest spec, every other counter describes the old one.
  if ((status.observedGeneration ?? 0) < generation)
    return { state: 'progressing', message: `Waiting for deployment spec update to be observed...` };
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return { state: 'failed', message: `deployment "${name}" exceeded its progress deadline` };
  const wanted = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < wanted)
    return {
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${wanted} new replicas have been updated...`,
    };
  if (total > updated)
    return {
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`,
    };
  if (available < updated)
    return {
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  return { state: 'done', message: `deployment "${name}" successfully rolled out` };
}
