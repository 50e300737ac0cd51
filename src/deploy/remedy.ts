import type { KubeObject } from '../kube/kube-client.js';
import { ActionFailure } from '../runtime/errors.js';
import { annotationOf, ANNOTATIONS, LABELS, servedDigest } from './annotations.js';
import { emptyResult, syncObject, type DeployContext, type DeployResult } from './deploy-context.js';
import { runStrategy, type StrategyName } from './strategies/index.js';

/**
 * The strategy a set of live Deployments was released with, read from canary-deploy's labels: a
 * `prodline.dev/track: canary` Deployment means canary, a `prodline.dev/colour` one blue-green, else
 * rolling. verify-rollout needs no strategy input: the cluster says.
 */
export function strategyOf(deployments: readonly KubeObject[]): StrategyName {
  if (deployments.some((d) => d.metadata.labels?.[LABELS.track] === 'canary')) return 'canary';
  if (deployments.some((d) => d.metadata.labels?.[LABELS.colour])) return 'blue-green';
  return 'rolling';
}

/**
 * Rolls a failed release back through canary-deploy's own steps: canary → abort (canary deleted,
 * stable untouched), blue-green → abort (idle colour deleted, or the Service switched back). A rolling
 * release is re-applied with the digest in `prodline.dev/previous-digest`; without one there is nothing
 * to go back to, and that is an ActionFailure (a person must decide).
 */
export async function rollBack(
  ctx: DeployContext,
  strategy: StrategyName,
  deployments: readonly KubeObject[],
): Promise<DeployResult> {
  if (strategy !== 'rolling') return runStrategy(strategy, 'abort', ctx);
  const result = emptyResult();
  for (const live of deployments) {
    const previous = annotationOf(live, ANNOTATIONS.previousDigest);
    const current = servedDigest(live);
    if (!previous || !current)
      throw new ActionFailure(
        `Deployment ${live.metadata.name} has no ${ANNOTATIONS.previousDigest} annotation: there is no earlier release to roll back to (a first release?); fix forward or delete it by hand`,
      );
    const desired = withDigest(live, current, previous);
    await syncObject({ ...ctx, release: { ...ctx.release, digest: previous } }, desired, result, { live });
    result.digest ??= previous;
    result.workloads.push({
      kind: 'Deployment',
      name: live.metadata.name,
      namespace: ctx.namespace,
      role: 'stable',
    });
  }
  return result;
}

/** Promotes a verified release (canary → promote, blue-green → switch); a rolling release already is. */
export async function promote(ctx: DeployContext, strategy: StrategyName): Promise<DeployResult | undefined> {
  if (strategy === 'rolling') return undefined;
  return runStrategy(strategy, 'promote', ctx);
}

/**
 * The live Deployment as an apply body with `from` replaced by `to` in every image, and without the
 * server's fields (status, resourceVersion, managed fields), so server-side apply takes it as ours.
 */
function withDigest(live: KubeObject, from: string, to: string): KubeObject {
  const spec = structuredClone(live.spec ?? {}) as {
    template?: { spec?: { containers?: { image?: string }[]; initContainers?: { image?: string }[] } };
  };
  for (const c of [
    ...(spec.template?.spec?.containers ?? []),
    ...(spec.template?.spec?.initContainers ?? []),
  ])
    if (c.image?.endsWith(`@${from}`)) c.image = `${c.image.slice(0, -from.length)}${to}`;
  const annotations = { ...(live.metadata.annotations ?? {}) };
  delete annotations['deployment.kubernetes.io/revision'];
  delete annotations[ANNOTATIONS.manifestHash];
  return {
    apiVersion: live.apiVersion ?? 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: live.metadata.name,
      namespace: live.metadata.namespace,
      labels: live.metadata.labels,
      annotations,
    },
    spec: spec as Record<string, unknown>,
  };
}
