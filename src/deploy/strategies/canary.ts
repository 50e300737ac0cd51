import type { KubeObject } from '../../kube/kube-client.js';
import { ref } from '../../kube/kinds.js';
import { ActionFailure } from '../../runtime/errors.js';
import { annotationOf, ANNOTATIONS, LABELS, servedDigest } from '../annotations.js';
import {
  emptyResult,
  removeObject,
  revisionOf,
  syncObject,
  waitReady,
  type DeployContext,
  type DeployResult,
} from '../deploy-context.js';
import { deployRolling } from './rolling.js';
import { canaryReplicas, derivedDeployment, serviceFor, sourceObject } from './derived-objects.js';
import { canaryServiceName, restoreRoute, routeCanary } from './canary-gateway.js';

const TRACK: [string, string] = [LABELS.track, 'canary'];

/**
 * `canary`, deploy: for each Deployment `<name>` of the set, `<name>-canary` with the new digest, the
 * same labels plus `prodline.dev/track: canary` (selector too) and `max(1, round(replicas × weight/100))`
 * replicas; `<name>` is not touched. With `traffic-router: gateway-api` also a `<name>-canary` Service and
 * the HTTPRoute's weights. A Deployment with no stable version yet (first release) is deployed straight
 * as a stable, verified rollout, and the summary says so.
 */
export async function deployCanary(ctx: DeployContext): Promise<DeployResult> {
  const set = ctx.manifests;
  if (!set) throw new ActionFailure('strategy canary, action deploy: no manifests to deploy');
  const result = emptyResult();
  const stables = await Promise.all(
    set.deployments.map((d) => ctx.client.get(ref('Deployment', ctx.namespace, d.object.metadata.name))),
  );
  if (stables.every((s) => s === undefined)) {
    result.notes.push(
      `First release: nothing was deployed here yet, so ${set.deployments.map((d) => d.object.metadata.name).join(', ')} went straight to a stable, verified rollout (no canary). The next deploy will be a canary.`,
    );
    return deployRolling(ctx, result);
  }
  const canaries: string[] = [];
  for (const [i, { object }] of set.deployments.entries()) {
    const stable = stables[i];
    const name = object.metadata.name;
    if (!stable)
      throw new ActionFailure(
        `strategy canary: Deployment ${name} has no stable version yet while the others have: deploy it once with strategy rolling`,
      );
    const replicas = canaryReplicas((stable.spec as { replicas?: number }).replicas ?? 1, ctx.canaryWeight);
    const service = serviceFor(
      object,
      set.services.map((s) => s.object),
    );
    result.service ??= service?.metadata.name;
    const extra = {
      ...(service ? { [ANNOTATIONS.service]: service.metadata.name } : {}),
      ...(ctx.trafficRouter === 'gateway-api' && ctx.httpRoute
        ? { [ANNOTATIONS.httpRoute]: ctx.httpRoute }
        : {}),
    };
    const canary = derivedDeployment(object, { name: `${name}-canary`, label: TRACK, replicas, extra });
    await syncObject(ctx, canary, result);
    result.previousDigest ??= servedDigest(stable);
    result.workloads.push({ kind: 'Deployment', name, namespace: ctx.namespace, role: 'stable' });
    result.workloads.push({
      kind: 'Deployment',
      name: `${name}-canary`,
      namespace: ctx.namespace,
      role: 'canary',
    });
    canaries.push(`${name}-canary`);
    if (ctx.trafficRouter === 'gateway-api') {
      if (!service)
        throw new ActionFailure(
          `traffic-router gateway-api: no Service in the manifests selects the pods of ${name}; add it, it is needed to route to the canary`,
        );
      await routeCanary(ctx, service, result);
    }
  }
  await waitReady(ctx, canaries, result.workloads);
  result.digest = ctx.release.digest;
  result.canary = canaries[0];
  result.nextStep = `Watch the canary (verify-rollout), then run this step again with action: promote to roll ${ctx.release.digest} out to ${set.deployments.map((d) => d.object.metadata.name).join(', ')}, or action: abort to delete the canary.`;
  return result;
}

async function liveCanaries(ctx: DeployContext): Promise<KubeObject[]> {
  return (await ctx.client.list('apps/v1', 'Deployment', ctx.namespace, `${LABELS.track}=canary`)).items;
}

/**
 * `canary`, promote: `<name>` gets the canary's digest (the stable manifest remembered on the canary,
 * applied as a rolling deploy would), the rollout of `<name>` is waited for, and only then are the
 * route weights restored and `<name>-canary` deleted. A promote interrupted after the stable apply is
 * completed by the next run (the apply is then a no-op).
 */
export async function promoteCanary(ctx: DeployContext): Promise<DeployResult> {
  const result = emptyResult();
  const canaries = await liveCanaries(ctx);
  if (canaries.length === 0) {
    result.notes.push(
      `No canary in namespace ${ctx.namespace}: nothing to promote (already promoted or aborted?).`,
    );
    return result;
  }
  const stableNames: string[] = [];
  for (const canary of canaries) {
    const source = sourceObject(canary);
    const stableName = annotationOf(canary, ANNOTATIONS.stable);
    const digest = annotationOf(canary, ANNOTATIONS.digest);
    if (!source || !stableName || !digest)
      throw new ActionFailure(
        `Deployment ${canary.metadata.name} carries no prodline source annotations: it was not made by prodline; delete it by hand if it is stale`,
      );
    const pctx = { ...ctx, release: { ...ctx.release, digest } };
    const stable = await ctx.client.get(ref('Deployment', ctx.namespace, stableName));
    if (stable && annotationOf(stable, ANNOTATIONS.digest) === digest)
      result.notes.push(
        `${stableName} already had ${digest}: an earlier promote was interrupted; this run completed it.`,
      );
    const synced = await syncObject(pctx, source, result, { live: stable ?? null });
    result.previousDigest ??= synced.previousDigest;
    result.digest ??= digest;
    stableNames.push(stableName);
    result.workloads.push({ kind: 'Deployment', name: stableName, namespace: ctx.namespace, role: 'stable' });
  }
  // The canary keeps serving until the stable Deployment has fully rolled out (k8s-deploy#240).
  await waitReady(ctx, stableNames);
  for (const canary of canaries) await dropCanary(ctx, canary, result);
  result.revision = revisionOf(await ctx.client.get(ref('Deployment', ctx.namespace, stableNames[0])));
  result.nextStep = `Promoted: ${stableNames.join(', ')} serve ${result.digest}. To go back, deploy the previous digest ${result.previousDigest ?? '(none recorded)'}.`;
  return result;
}

/** `canary`, abort: route weights back to the stable Service, then `<name>-canary` deleted; `<name>` untouched. */
export async function abortCanary(ctx: DeployContext): Promise<DeployResult> {
  const result = emptyResult();
  const canaries = await liveCanaries(ctx);
  if (canaries.length === 0) result.notes.push(`No canary in namespace ${ctx.namespace}: nothing to abort.`);
  for (const canary of canaries) {
    const stableName =
      annotationOf(canary, ANNOTATIONS.stable) ?? canary.metadata.name.replace(/-canary$/, '');
    const stable = await ctx.client.get(ref('Deployment', ctx.namespace, stableName));
    result.digest ??= servedDigest(stable);
    result.workloads.push({ kind: 'Deployment', name: stableName, namespace: ctx.namespace, role: 'stable' });
    await dropCanary(ctx, canary, result);
  }
  result.nextStep = canaries.length
    ? `Aborted: the canary is gone and ${result.workloads.map((w) => w.name).join(', ')} keep serving ${result.digest ?? 'the previous digest'}.`
    : undefined;
  return result;
}

async function dropCanary(ctx: DeployContext, canary: KubeObject, result: DeployResult): Promise<void> {
  if (ctx.trafficRouter === 'gateway-api') {
    const source = sourceObject(canary);
    const serviceName = annotationOf(canary, ANNOTATIONS.service);
    if (serviceName) await restoreRoute(ctx, serviceName, result);
    else if (source)
      ctx.logger.warning(`${canary.metadata.name}: no Service recorded; the HTTPRoute was not changed`);
    if (serviceName)
      await removeObject(ctx, { kind: 'Service', name: canaryServiceName(serviceName) }, result);
  }
  await removeObject(ctx, { kind: 'Deployment', name: canary.metadata.name }, result);
}
