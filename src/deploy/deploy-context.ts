import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import { refOf } from '../kube/kinds.js';
import { waitForRollouts } from '../kube/rollout-waiter.js';
import { ActionFailure } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import { annotate, annotationOf, ANNOTATIONS, servedDigest, type ReleaseRecord } from './annotations.js';
import type { ManifestSet } from './manifest-set.js';

/** Everything a strategy needs: the cluster, the release and the knobs of the strategy. */
export interface DeployContext {
  client: KubeClient;
  namespace: string;
  logger: Logger;
  /** The digest deployed and where it came from (previous digests are read from the cluster). */
  release: Omit<ReleaseRecord, 'previousDigest'>;
  /** The checked, pinned manifests (absent for promote/abort without manifests). */
  manifests?: ManifestSet;
  canaryWeight: number;
  trafficRouter: 'pods' | 'gateway-api';
  httpRoute?: string;
  keepPrevious: boolean;
  timeoutMs: number;
  /** Every change made, also when a step fails half-way (the failure report lists them). */
  journal?: Change[];
}

/** A workload for verify-rollout (the `workloads` output). */
export interface Workload {
  kind: 'Deployment';
  name: string;
  namespace: string;
  role: 'stable' | 'canary' | 'blue' | 'green';
}

/** One change (or deliberate non-change) made to the cluster, for the summary. */
export interface Change {
  object: string;
  action: 'applied' | 'unchanged' | 'deleted' | 'switched' | 'absent';
  from?: string;
  to?: string;
}

/** What a strategy did. */
export interface DeployResult {
  digest?: string;
  previousDigest?: string;
  workloads: Workload[];
  canary?: string;
  service?: string;
  revision?: string;
  changes: Change[];
  /** Plain sentences for the summary: first releases, interrupted runs completed, … */
  notes: string[];
  /** The exact next step for the engineer. */
  nextStep?: string;
}

/** Starts an empty result. */
export function emptyResult(): DeployResult {
  return { workloads: [], changes: [], notes: [] };
}

/**
 * Applies `desired` unless the live object already carries the same manifest hash (then nothing is
 * written: an idempotent re-run makes zero writes). Release annotations get the previous digest from the
 * live object (kept from its own annotation when the live object already serves this digest).
 */
export async function syncObject(
  ctx: DeployContext,
  desired: KubeObject,
  result: DeployResult,
  options: {
    live?: KubeObject | null;
    record?: boolean;
    extra?: Record<string, string>;
    force?: boolean;
  } = {},
): Promise<{ applied: KubeObject; changed: boolean; previousDigest?: string }> {
  const live =
    options.live === undefined ? await ctx.client.get(refOf(desired)) : (options.live ?? undefined);
  const liveDigest =
    desired.kind === 'Deployment' ? servedDigest(live) : annotationOf(live, ANNOTATIONS.digest);
  const digest = ctx.release.digest;
  const previousDigest = liveDigest === digest ? annotationOf(live, ANNOTATIONS.previousDigest) : liveDigest;
  const releaseRecord = options.record === false ? undefined : { ...ctx.release, previousDigest };
  const target = annotate(desired, releaseRecord, options.extra);
  const name = `${desired.kind}/${desired.metadata.name}`;
  if (
    live &&
    annotationOf(live, ANNOTATIONS.manifestHash) === target.metadata.annotations?.[ANNOTATIONS.manifestHash]
  ) {
    record(ctx, result, { object: name, action: 'unchanged', from: liveDigest, to: liveDigest });
    return { applied: live, changed: false, previousDigest };
  }
  const applied = await ctx.client.apply(target, { force: options.force });
  record(ctx, result, {
    object: name,
    action: 'applied',
    from: liveDigest,
    to: desired.kind === 'Deployment' ? digest : undefined,
  });
  ctx.logger.info(
    `applied ${name}${desired.kind === 'Deployment' ? ` (${liveDigest ?? 'new'} → ${digest})` : ''}`,
  );
  return { applied, changed: true, previousDigest };
}

/** Deletes an object, recording it; nothing is recorded when it was already gone. */
export async function removeObject(
  ctx: DeployContext,
  object: { kind: 'Deployment' | 'Service'; name: string },
  result: DeployResult,
): Promise<void> {
  const apiVersion = object.kind === 'Deployment' ? 'apps/v1' : 'v1';
  const gone = await ctx.client.delete(
    refOf({ apiVersion, kind: object.kind, metadata: { name: object.name, namespace: ctx.namespace } }),
  );
  if (gone) {
    record(ctx, result, { object: `${object.kind}/${object.name}`, action: 'deleted' });
    ctx.logger.info(`deleted ${object.kind}/${object.name}`);
  }
}

/** Waits for the named Deployments together, under the deploy's one time limit. */
export async function waitReady(ctx: DeployContext, names: string[], written?: Workload[]): Promise<void> {
  if (names.length === 0) return;
  ctx.logger.info(`waiting for ${names.join(', ')} to roll out`);
  try {
    await waitForRollouts(
      ctx.client,
      names.map((name) => ({ namespace: ctx.namespace, name })),
      { timeoutMs: ctx.timeoutMs, onProgress: (m) => ctx.logger.info(m) },
    );
  } catch (error) {
    if (written?.length && error instanceof ActionFailure)
      throw new RolloutIncomplete(error.message, [...written]);
    throw error;
  }
}

/**
 * The release was written but its rollout did not complete (a crash loop, the API gone during the
 * wait). The failure carries the workloads written, so the step still outputs them and verify-rollout
 * can decide and roll back (deploy.yml runs it after such a failure): otherwise a canary would be left
 * serving, unverified, with nothing after it in the pipeline to remove it.
 */
export class RolloutIncomplete extends ActionFailure {
  constructor(
    message: string,
    readonly workloads: Workload[],
  ) {
    super(message);
  }
}

/** A manifest object without prodline's bookkeeping, as JSON for the `source` annotation. */
export function sourceOf(object: KubeObject): string {
  return JSON.stringify(object);
}

/** The revision a Deployment reached (the controller's annotation). */
export function revisionOf(object: KubeObject | undefined): string | undefined {
  return object?.metadata.annotations?.['deployment.kubernetes.io/revision'];
}

/** Records a change in the result and in the run's journal. */
export function record(ctx: DeployContext, result: DeployResult, change: Change): void {
  result.changes.push(change);
  ctx.journal?.push(change);
}
