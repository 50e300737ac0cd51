import { ref } from '../../kube/kinds.js';
import { ActionFailure } from '../../runtime/errors.js';
import {
  emptyResult,
  revisionOf,
  syncObject,
  waitReady,
  type DeployContext,
  type DeployResult,
} from '../deploy-context.js';

/**
 * `rolling`: every object of the set applied (server-side, manager `prodline`) with the new digest and
 * the release annotations, then all Deployments waited for together. Objects that already carry the
 * same manifest hash are not written; a set where some Deployments have the new digest and some do
 * not is an interrupted earlier run, reported and completed.
 */
export async function deployRolling(
  ctx: DeployContext,
  result: DeployResult = emptyResult(),
): Promise<DeployResult> {
  const set = ctx.manifests;
  if (!set) throw new ActionFailure('strategy rolling, action deploy: no manifests to deploy');
  // Services first: a Deployment's pods should have their Service when they turn ready.
  const ordered = [...set.objects].sort((a, b) => rank(a.object.kind) - rank(b.object.kind));
  const lives = await Promise.all(
    ordered.map(({ object }) =>
      ctx.client.get(ref(object.kind as 'Deployment', ctx.namespace, object.metadata.name)),
    ),
  );
  noteInterrupted(ctx, lives, result);
  // Services (rank 0) before Deployments (rank 1); within a rank the applies go out together, so 16
  // Deployments cost one round trip of latency, not sixteen.
  for (const wave of [0, 1, 2]) {
    const synced = await Promise.all(
      ordered.map(({ object }, i) =>
        rank(object.kind) === wave ? syncObject(ctx, object, result, { live: lives[i] ?? null }) : undefined,
      ),
    );
    for (const [i, { object }] of ordered.entries()) {
      if (rank(object.kind) !== wave || object.kind !== 'Deployment') continue;
      result.workloads.push({
        kind: 'Deployment',
        name: object.metadata.name,
        namespace: ctx.namespace,
        role: 'stable',
      });
      result.previousDigest ??= synced[i]?.previousDigest;
    }
  }
  const names = set.deployments.map((d) => d.object.metadata.name);
  await waitReady(ctx, names, result.workloads);
  result.digest = ctx.release.digest;
  result.service ??= set.services[0]?.object.metadata.name;
  if (names[0])
    result.revision = revisionOf(await ctx.client.get(ref('Deployment', ctx.namespace, names[0])));
  return result;
}

function rank(kind: string): number {
  return kind === 'Service' ? 0 : kind === 'Deployment' ? 1 : 2;
}

function noteInterrupted(ctx: DeployContext, lives: (unknown | undefined)[], result: DeployResult): void {
  const digests = lives
    .map((l) => l as { kind?: string; metadata?: { annotations?: Record<string, string> } } | undefined)
    .filter((l) => l?.kind === 'Deployment')
    .map((l) => l?.metadata?.annotations?.['prodline.dev/digest']);
  if (digests.includes(ctx.release.digest) && digests.some((d) => d !== ctx.release.digest))
    result.notes.push(
      `An earlier run of this deploy stopped half-way (some Deployments already had ${ctx.release.digest}, others not): this run completed it.`,
    );
}
