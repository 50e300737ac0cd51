import type { KubeObject } from '../../kube/kube-client.js';
import { ref } from '../../kube/kinds.js';
import { ActionFailure } from '../../runtime/errors.js';
import { LABELS } from '../annotations.js';
import { syncObject, type DeployContext, type DeployResult } from '../deploy-context.js';
import { applicableCopy, serviceSelecting } from './derived-objects.js';
import { notBackToStable, routesTo, routeWeights, weightRoute } from './route-weights.js';

/** `web` → `web-canary`: the Service that selects only the canary's pods. */
export function canaryServiceName(service: string): string {
  return `${service}-canary`;
}

async function liveRoute(ctx: DeployContext, service: string): Promise<KubeObject> {
  const name = ctx.httpRoute as string;
  const route = await ctx.client.get(ref('HTTPRoute', ctx.namespace, name));
  if (!route)
    throw new ActionFailure(
      `HTTPRoute ${name} was not found in namespace ${ctx.namespace}: create it (or fix the http-route input) before a gateway-api canary`,
    );
  if (!routesTo(route, service))
    throw new ActionFailure(
      `HTTPRoute ${name} has no rule with a backendRef to the Service ${service}: add one, so the canary can take a share of its traffic`,
    );
  return route;
}

/**
 * Gateway API canary: a `<service>-canary` Service selecting the canary's pods, then the HTTPRoute's
 * backendRefs weighted `<service>` = 100 − weight, `<service>-canary` = weight. The Service goes first:
 * a route pointing at a Service that does not exist yet would drop that share of requests.
 */
export async function routeCanary(
  ctx: DeployContext,
  service: KubeObject,
  result: DeployResult,
): Promise<void> {
  const route = await liveRoute(ctx, service.metadata.name);
  const canaryService = serviceSelecting(
    service,
    [LABELS.track, 'canary'],
    canaryServiceName(service.metadata.name),
  );
  await syncObject(ctx, canaryService, result, { record: false });
  const weighted = weightRoute(
    applicableCopy(route),
    service.metadata.name,
    canaryServiceName(service.metadata.name),
    ctx.canaryWeight,
  );
  // prodline takes the route's rules over (weights are its job now): forced, as the route was written by another tool.
  await syncObject(ctx, weighted, result, { live: route, record: false, force: true });
}

/** Restores `<service>` = 100 and removes the canary backend from the HTTPRoute. */
export async function restoreRoute(ctx: DeployContext, service: string, result: DeployResult): Promise<void> {
  const route = await liveRoute(ctx, service);
  const restored = weightRoute(applicableCopy(route), service, canaryServiceName(service), undefined);
  await syncObject(ctx, restored, result, { live: route, record: false, force: true });
}

/**
 * The HTTPRoute read back after an abort or a promote: its weights towards `service` (for the report),
 * and what is wrong when the canary Service still takes a share or the stable one none.
 */
export async function readBackRoute(
  ctx: DeployContext,
  service: string,
): Promise<{ weights: Record<string, number>; problem?: string }> {
  const name = ctx.httpRoute as string;
  const route = await ctx.client.get(ref('HTTPRoute', ctx.namespace, name));
  if (!route) return { weights: {}, problem: `HTTPRoute ${name} is gone` };
  const problem = notBackToStable(route, service, canaryServiceName(service));
  return { weights: routeWeights(route, service), problem: problem && `HTTPRoute ${name}: ${problem}` };
}
