import type { KubeObject } from '../../kube/kube-client.js';

type BackendRef = {
  name: string;
  kind?: string;
  group?: string;
  port?: number;
  weight?: number;
  [k: string]: unknown;
};
type Rule = { backendRefs?: BackendRef[]; [k: string]: unknown };

/**
 * The HTTPRoute with its traffic split: in every rule that sends traffic to `stable`, `stable` gets
 * 100 − weight and `canary` gets weight (added next to it, same port); with `weight` undefined the canary
 * backend is removed and `stable` is back at 100. Pure; other rules and backends are left alone.
 */
export function weightRoute(
  route: KubeObject,
  stable: string,
  canary: string,
  weight: number | undefined,
): KubeObject {
  const copy = structuredClone(route);
  const spec = (copy.spec ?? {}) as { rules?: Rule[] };
  for (const rule of spec.rules ?? []) {
    const refs = rule.backendRefs ?? [];
    const stableRef = refs.find((r) => r.name === stable && (r.kind ?? 'Service') === 'Service');
    if (!stableRef) continue;
    const others = refs.filter((r) => r !== stableRef && r.name !== canary);
    stableRef.weight = weight === undefined ? 100 : 100 - weight;
    rule.backendRefs =
      weight === undefined
        ? [stableRef, ...others]
        : [stableRef, { ...stableRef, name: canary, weight }, ...others];
  }
  return copy;
}

/** True when some rule of the route sends traffic to `service`. */
export function routesTo(route: KubeObject, service: string): boolean {
  return ((route.spec as { rules?: Rule[] } | undefined)?.rules ?? []).some((r) =>
    (r.backendRefs ?? []).some((b) => b.name === service),
  );
}

/** The weight of each backend named in the route's first rule that routes to `service`. */
export function routeWeights(route: KubeObject, service: string): Record<string, number> {
  const rule = ((route.spec as { rules?: Rule[] } | undefined)?.rules ?? []).find((r) =>
    (r.backendRefs ?? []).some((b) => b.name === service),
  );
  return Object.fromEntries((rule?.backendRefs ?? []).map((b) => [b.name, b.weight ?? 1]));
}

/**
 * Why the route does not send all of `stable`'s traffic to `stable` (undefined when it does): in every
 * rule that routes to `stable`, no other backend named `canary` may take a share (a backendRef without a
 * weight counts 1, as Gateway API says) and `stable` must have a non-zero weight. Pure.
 */
export function notBackToStable(route: KubeObject, stable: string, canary: string): string | undefined {
  const rules = ((route.spec as { rules?: Rule[] } | undefined)?.rules ?? []).filter((r) =>
    (r.backendRefs ?? []).some((b) => b.name === stable),
  );
  if (rules.length === 0) return `no rule routes to ${stable}`;
  for (const rule of rules) {
    const refs = rule.backendRefs ?? [];
    const share = refs.filter((b) => b.name === canary).reduce((sum, b) => sum + (b.weight ?? 1), 0);
    if (share > 0) return `${canary} still has weight ${share}`;
    if (refs.filter((b) => b.name === stable).every((b) => (b.weight ?? 1) === 0))
      return `${stable} has weight 0`;
  }
  return undefined;
}
