import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import { KINDS, ref } from '../kube/kinds.js';
import { ActionFailure } from '../runtime/errors.js';
import { annotationOf, ANNOTATIONS, LABELS, servedDigest } from './annotations.js';
import { emptyResult, syncObject, type DeployContext, type DeployResult } from './deploy-context.js';
import { canaryServiceName, readBackRoute } from './strategies/canary-gateway.js';
import { routesTo } from './strategies/route-weights.js';
import { runStrategy, type StrategyName } from './strategies/index.js';

/**
 * The strategy a set of live Deployments was released with, read from canary-deploy's labels: a
 * `prodline.dev/track: canary` Deployment means canary, a `prodline.dev/colour` one blue-green, else
 * rolling. verify-rollout needs no strategy input: the cluster says.
 */
export function strategyOf(deployments: readonly KubeObject[]): StrategyName {
  if (deployments.some(isCanary)) return 'canary';
  if (deployments.some((d) => d.metadata.labels?.[LABELS.colour])) return 'blue-green';
  return 'rolling';
}

/** A canary Deployment of canary-deploy's (`prodline.dev/track: canary`). */
export function isCanary(deployment: KubeObject): boolean {
  return deployment.metadata.labels?.[LABELS.track] === 'canary';
}

/** The distinct values of one annotation over the canaries among `deployments`. */
function canaryAnnotations(deployments: readonly KubeObject[], annotation: string): string[] {
  const values = deployments.filter(isCanary).map((c) => annotationOf(c, annotation));
  return [...new Set(values.filter((v): v is string => !!v))];
}

/** How a live release was made, read from what canary-deploy left on its Deployments. */
export interface LiveRelease {
  strategy: StrategyName;
  /** `gateway-api` when a canary carries `prodline.dev/http-route`: its share of traffic is route weights. */
  trafficRouter: 'pods' | 'gateway-api';
  httpRoute?: string;
  /** The stable Services the canaries' route weights were split from (`prodline.dev/service`). */
  services: string[];
}

/**
 * The strategy and the traffic router of live Deployments: a canary whose Deployment names an HTTPRoute
 * (`prodline.dev/http-route`, written by canary-deploy with `traffic-router: gateway-api`) is rolled back
 * and promoted through that route, so the route never keeps a share for a backend that is gone.
 */
export function releaseOf(deployments: readonly KubeObject[]): LiveRelease {
  const strategy = strategyOf(deployments);
  const routes = canaryAnnotations(deployments, ANNOTATIONS.httpRoute);
  if (routes.length > 1)
    throw new ActionFailure(
      `the canaries ${deployments
        .filter(isCanary)
        .map((c) => c.metadata.name)
        .join(
          ', ',
        )} are routed through different HTTPRoutes (${routes.join(', ')}): verify the workloads of one route at a time`,
    );
  if (strategy !== 'canary' || routes.length === 0) return { strategy, trafficRouter: 'pods', services: [] };
  const services = canaryAnnotations(deployments, ANNOTATIONS.service);
  return { strategy, trafficRouter: 'gateway-api', httpRoute: routes[0], services };
}

/**
 * A canary deployed before canary-deploy recorded `prodline.dev/http-route` carries no route name, but
 * what it left still tells: a `<service>-canary` Service selecting the canary's pods exists only for a
 * Gateway API canary, and its route is the one HTTPRoute that sends traffic to that Service. Asked only
 * before a remedy (so verifying costs no extra request); anything unclear leaves the release as it was
 * read (the summary says which routing the remedy used).
 */
export async function withRouteOfOlderCanary(
  client: KubeClient,
  namespace: string,
  release: LiveRelease,
  deployments: readonly KubeObject[],
): Promise<LiveRelease> {
  if (release.strategy !== 'canary' || release.trafficRouter === 'gateway-api') return release;
  const routed: string[] = [];
  for (const service of canaryAnnotations(deployments, ANNOTATIONS.service)) {
    const canaryService = await client.get(ref('Service', namespace, canaryServiceName(service)));
    const selector = (canaryService?.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (selector?.[LABELS.track] === 'canary') routed.push(service);
  }
  if (routed.length === 0) return release;
  const { apiVersion } = KINDS.HTTPRoute;
  const routes = (await client.list(apiVersion, 'HTTPRoute', namespace)).items.filter((r) =>
    routed.some((service) => routesTo(r, canaryServiceName(service))),
  );
  if (routes.length !== 1) return release;
  return { ...release, trafficRouter: 'gateway-api', httpRoute: routes[0].metadata.name, services: routed };
}

/** `canary`, `blue-green`, `rolling`, or `canary through HTTPRoute web`. */
export function describeRelease(release: LiveRelease): string {
  return release.trafficRouter === 'gateway-api'
    ? `${release.strategy} through HTTPRoute ${release.httpRoute}`
    : release.strategy;
}

/**
 * After an abort or a promote of a gateway canary: the HTTPRoute read back. Every stable Service must get
 * all its traffic again and its canary Service none; `lines` say what the route holds, `problems` what
 * is wrong (then the remedy did not verify). Nothing to check for other releases.
 */
export async function verifyRouting(
  ctx: DeployContext,
  release: LiveRelease,
): Promise<{ lines: string[]; problems: string[] }> {
  if (release.trafficRouter !== 'gateway-api') return { lines: [], problems: [] };
  const lines: string[] = [];
  const problems: string[] =
    release.services.length === 0
      ? [
          `the canary records no Service (${ANNOTATIONS.service}), so HTTPRoute ${release.httpRoute} was neither restored nor checked: look at its weights now`,
        ]
      : [];
  for (const service of release.services) {
    const { weights, problem } = await readBackRoute(ctx, service);
    const shown = Object.entries(weights)
      .map(([name, weight]) => `${name} ${weight}`)
      .join(', ');
    lines.push(`HTTPRoute ${release.httpRoute} read back: ${shown || 'no backend'}`);
    if (problem) problems.push(problem);
  }
  return { lines, problems };
}

/**
 * Rolls a failed release back through canary-deploy's own steps: canary → abort (canary deleted,
 * stable untouched; through a Gateway API route, the weights go back to the stable Service first and
 * only then are the canary Service and Deployment deleted, so no request is sent to a missing backend), blue-green → abort (idle colour deleted, or the Service switched back). A rolling
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
