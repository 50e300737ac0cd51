export const id = 366;
export const ids = [366];
export const modules = {

/***/ 18366:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStrategy: () => (/* binding */ runStrategy)
});

// UNUSED EXPORTS: STRATEGY_STEPS

// EXTERNAL MODULE: ./src/kube/kinds.ts
var kinds = __webpack_require__(13154);
// EXTERNAL MODULE: ./src/kube/rollout-status.ts
var rollout_status = __webpack_require__(31507);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
// EXTERNAL MODULE: ./src/deploy/annotations.ts
var deploy_annotations = __webpack_require__(13329);
// EXTERNAL MODULE: ./src/deploy/deploy-context.ts + 1 modules
var deploy_context = __webpack_require__(72346);
;// CONCATENATED MODULE: ./src/deploy/strategies/derived-objects.ts

/** Canary replicas: `max(1, round(stable × weight / 100))`, so the Service splits traffic by pods. */
function canaryReplicas(stableReplicas, weightPercent) {
    return Math.max(1, Math.round((stableReplicas * weightPercent) / 100));
}
/**
 * A copy of a Deployment under another name with one more label on the object, in its selector and on
 * its pods (`prodline.dev/track: canary`, `prodline.dev/colour: blue`), remembering the stable object it
 * came from so promote can apply exactly that.
 */
function derivedDeployment(stable, options) {
    const copy = structuredClone(stable);
    const [key, value] = options.label;
    copy.metadata = {
        ...copy.metadata,
        name: options.name,
        labels: { ...(copy.metadata.labels ?? {}), [key]: value },
        annotations: {
            ...(copy.metadata.annotations ?? {}),
            [deploy_annotations/* ANNOTATIONS */.BC.stable]: stable.metadata.name,
            [deploy_annotations/* ANNOTATIONS */.BC.source]: JSON.stringify(stable),
            ...(options.extra ?? {}),
        },
    };
    const spec = (copy.spec ?? {});
    spec.selector = { ...spec.selector, matchLabels: { ...(spec.selector?.matchLabels ?? {}), [key]: value } };
    spec.template = {
        ...spec.template,
        metadata: {
            ...spec.template?.metadata,
            labels: { ...(spec.template?.metadata?.labels ?? {}), [key]: value },
        },
    };
    if (options.replicas !== undefined)
        spec.replicas = options.replicas;
    copy.spec = spec;
    return copy;
}
/** A Service copy whose selector adds one label (the canary Service, the colour switch). */
function serviceSelecting(service, label, name = service.metadata.name) {
    const copy = structuredClone(service);
    copy.metadata = { ...copy.metadata, name };
    const spec = (copy.spec ?? {});
    spec.selector = { ...(spec.selector ?? {}), [label[0]]: label[1] };
    // Another Service gets its own cluster IP; copying the stable one's would be refused.
    if (name !== service.metadata.name) {
        delete spec.clusterIP;
        delete spec.clusterIPs;
    }
    copy.spec = spec;
    return copy;
}
/** The Service of the set whose selector picks the Deployment's pods. */
function serviceFor(deployment, services) {
    const podLabels = (deployment.spec?.template?.metadata?.labels ??
        {});
    return services.find((s) => {
        const selector = s.spec?.selector ?? {};
        const entries = Object.entries(selector).filter(([k]) => k !== deploy_annotations/* LABELS */.kg.colour && k !== deploy_annotations/* LABELS */.kg.track);
        return entries.length > 0 && entries.every(([k, v]) => podLabels[k] === v);
    });
}
/** A live object reduced to what one would apply (no status, server-set metadata or bookkeeping). */
function applicableCopy(live) {
    const annotations = { ...(live.metadata.annotations ?? {}) };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    delete annotations[deploy_annotations/* ANNOTATIONS */.BC.manifestHash];
    return {
        apiVersion: live.apiVersion,
        kind: live.kind,
        metadata: {
            name: live.metadata.name,
            namespace: live.metadata.namespace,
            ...(live.metadata.labels ? { labels: live.metadata.labels } : {}),
            annotations,
        },
        spec: structuredClone(live.spec ?? {}),
    };
}
/** The stable object a derived one was made from (its `source` annotation). */
function sourceObject(derived) {
    const text = derived.metadata.annotations?.[deploy_annotations/* ANNOTATIONS */.BC.source];
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/deploy/strategies/blue-green.ts






const other = (c) => (c === 'blue' ? 'green' : 'blue');
/** The colour a Service routes to (its selector's `prodline.dev/colour`), if any. */
function activeColour(service) {
    const value = service?.spec?.selector?.[deploy_annotations/* LABELS */.kg.colour];
    return value === 'blue' || value === 'green' ? value : undefined;
}
function colourDeployment(object, colour, service) {
    return derivedDeployment(object, {
        name: `${object.metadata.name}-${colour}`,
        label: [deploy_annotations/* LABELS */.kg.colour, colour],
        extra: { [deploy_annotations/* ANNOTATIONS */.BC.service]: service },
    });
}
/**
 * `blue-green`, deploy: the idle colour `<name>-<colour>` gets the new digest and is waited for; the
 * Service is not switched. The very first deploy makes `<name>-blue` and points the Service at it only
 * once blue is ready.
 */
async function deployBlueGreen(ctx) {
    const set = ctx.manifests;
    if (!set)
        throw new errors/* ActionFailure */.dR('strategy blue-green, action deploy: no manifests to deploy');
    const result = (0,deploy_context/* emptyResult */.$)();
    const pending = [];
    const targets = [];
    for (const { object } of set.deployments) {
        const service = serviceFor(object, set.services.map((s) => s.object));
        if (!service)
            throw new errors/* ActionFailure */.dR(`strategy blue-green: no Service in the manifests selects the pods of Deployment ${object.metadata.name}; add the Service that routes to it`);
        const live = await ctx.client.get((0,kinds/* ref */.KR)('Service', ctx.namespace, service.metadata.name));
        const active = activeColour(live);
        const colour = active ? other(active) : 'blue';
        const name = `${object.metadata.name}-${colour}`;
        if (!active) {
            result.notes.push(`First release of ${object.metadata.name}: nothing was serving yet, so ${name} was deployed, verified ready, and the Service ${service.metadata.name} pointed at it straight away.`);
            pending.push({ service, colour, deployment: name });
        }
        else {
            const activeDeployment = await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, `${object.metadata.name}-${active}`));
            result.previousDigest ??= (0,deploy_annotations/* servedDigest */.sP)(activeDeployment);
            result.canary ??= name;
            result.workloads.push({
                kind: 'Deployment',
                name: `${object.metadata.name}-${active}`,
                namespace: ctx.namespace,
                role: active,
            });
        }
        await (0,deploy_context/* syncObject */.tq)(ctx, colourDeployment(object, colour, service.metadata.name), result);
        targets.push(name);
        result.workloads.push({ kind: 'Deployment', name, namespace: ctx.namespace, role: colour });
        result.service ??= service.metadata.name;
    }
    await (0,deploy_context/* waitReady */.N9)(ctx, targets);
    // Only now, with the new colour ready, does a first release get its Service.
    for (const p of pending)
        await (0,deploy_context/* syncObject */.tq)(ctx, serviceSelecting(p.service, [deploy_annotations/* LABELS */.kg.colour, p.colour]), result, { record: true });
    result.digest = ctx.release.digest;
    result.nextStep = result.canary
        ? `${result.canary} runs ${ctx.release.digest} and is ready, without traffic. Check it, then run this step again with action: promote to switch the Service ${result.service}, or action: abort to delete it.`
        : `The Service ${result.service} serves ${ctx.release.digest}. The next deploy goes to the idle colour.`;
    return result;
}
/** The blue-green pairs of the namespace: each Service with a colour, its active and idle Deployments. */
async function colourPairs(ctx) {
    const deployments = (await ctx.client.list('apps/v1', 'Deployment', ctx.namespace, deploy_annotations/* LABELS */.kg.colour)).items;
    const services = [
        ...new Set(deployments.map((d) => (0,deploy_annotations/* annotationOf */.lW)(d, deploy_annotations/* ANNOTATIONS */.BC.service)).filter((s) => !!s)),
    ];
    const pairs = [];
    for (const name of services) {
        const service = await ctx.client.get((0,kinds/* ref */.KR)('Service', ctx.namespace, name));
        const active = activeColour(service);
        if (!service || !active)
            continue;
        const of = (c) => deployments.find((d) => (0,deploy_annotations/* annotationOf */.lW)(d, deploy_annotations/* ANNOTATIONS */.BC.service) === name && d.metadata.labels?.[deploy_annotations/* LABELS */.kg.colour] === c);
        pairs.push({
            service,
            active,
            activeDeployment: of(active),
            idle: other(active),
            idleDeployment: of(other(active)),
        });
    }
    return pairs;
}
async function switchService(ctx, service, to, digest, result) {
    const switched = serviceSelecting(applicableCopy(service), [deploy_annotations/* LABELS */.kg.colour, to]);
    const pctx = { ...ctx, release: { ...ctx.release, digest: digest ?? ctx.release.digest } };
    await (0,deploy_context/* syncObject */.tq)(pctx, switched, result, { live: service });
    (0,deploy_context/* record */.g1)(ctx, result, { object: `Service/${service.metadata.name}`, action: 'switched', to });
}
/**
 * `blue-green`, promote: the Service switches to the idle colour only if that colour is rolled out and
 * ready; the previous colour is kept for an instant switch back (`keep-previous`) or deleted.
 */
async function promoteBlueGreen(ctx) {
    const result = (0,deploy_context/* emptyResult */.$)();
    const pairs = await colourPairs(ctx);
    for (const pair of pairs) {
        const idle = pair.idleDeployment;
        result.service ??= pair.service.metadata.name;
        if (!idle) {
            result.notes.push(`Service ${pair.service.metadata.name} already routes to ${pair.active} and there is no ${pair.idle} to promote.`);
            continue;
        }
        // The idle colour serving the Service's previous digest is the colour promoted away from: this
        // promote already happened (a re-run, or one stopped before deleting it). Never switch back here.
        if ((0,deploy_annotations/* servedDigest */.sP)(idle) === (0,deploy_annotations/* annotationOf */.lW)(pair.service, deploy_annotations/* ANNOTATIONS */.BC.previousDigest)) {
            result.notes.push(`Service ${pair.service.metadata.name} was already promoted to ${pair.active}; ${idle.metadata.name} is the previous colour.`);
            result.digest ??= (0,deploy_annotations/* servedDigest */.sP)(pair.activeDeployment);
            result.previousDigest ??= (0,deploy_annotations/* servedDigest */.sP)(idle);
            if (!ctx.keepPrevious)
                await (0,deploy_context/* removeObject */.Gj)(ctx, { kind: 'Deployment', name: idle.metadata.name }, result);
            continue;
        }
        await (0,deploy_context/* waitReady */.N9)(ctx, [idle.metadata.name]);
        const status = (0,rollout_status/* rolloutStatus */.O)((await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, idle.metadata.name))));
        if (status.state !== 'done')
            throw new errors/* ActionFailure */.dR(`${idle.metadata.name} is not ready (${status.message}): the Service was not switched`);
        const digest = (0,deploy_annotations/* servedDigest */.sP)(idle);
        result.previousDigest ??= (0,deploy_annotations/* servedDigest */.sP)(pair.activeDeployment);
        result.digest ??= digest;
        await switchService(ctx, pair.service, pair.idle, digest, result);
        result.workloads.push({
            kind: 'Deployment',
            name: idle.metadata.name,
            namespace: ctx.namespace,
            role: pair.idle,
        });
        if (pair.activeDeployment && !ctx.keepPrevious)
            await (0,deploy_context/* removeObject */.Gj)(ctx, { kind: 'Deployment', name: pair.activeDeployment.metadata.name }, result);
        result.revision ??= (0,deploy_context/* revisionOf */.DT)(idle);
        result.canary ??=
            pair.activeDeployment && ctx.keepPrevious ? pair.activeDeployment.metadata.name : undefined;
    }
    if (pairs.length === 0)
        result.notes.push(`No blue-green Service in namespace ${ctx.namespace}: nothing to promote.`);
    result.nextStep = result.digest
        ? `The Service ${result.service} serves ${result.digest}.${ctx.keepPrevious ? ` Run action: abort to switch back to ${result.previousDigest ?? 'the previous colour'} at once.` : ''}`
        : undefined;
    return result;
}
/**
 * `blue-green`, abort: before promote, the idle colour (the candidate) is deleted; after promote (the
 * idle colour is the one that served before, by its digest), the Service switches back to it.
 */
async function abortBlueGreen(ctx) {
    const result = (0,deploy_context/* emptyResult */.$)();
    for (const pair of await colourPairs(ctx)) {
        result.service ??= pair.service.metadata.name;
        const idle = pair.idleDeployment;
        if (!idle) {
            result.notes.push(`Service ${pair.service.metadata.name}: no idle colour, nothing to abort.`);
            continue;
        }
        const previous = (0,deploy_annotations/* annotationOf */.lW)(pair.service, deploy_annotations/* ANNOTATIONS */.BC.previousDigest);
        if (previous && (0,deploy_annotations/* servedDigest */.sP)(idle) === previous) {
            await (0,deploy_context/* waitReady */.N9)(ctx, [idle.metadata.name]);
            await switchService(ctx, pair.service, pair.idle, previous, result);
            result.digest ??= previous;
            result.workloads.push({
                kind: 'Deployment',
                name: idle.metadata.name,
                namespace: ctx.namespace,
                role: pair.idle,
            });
            result.notes.push(`Switched the Service ${pair.service.metadata.name} back to ${idle.metadata.name} (${previous}).`);
        }
        else {
            await (0,deploy_context/* removeObject */.Gj)(ctx, { kind: 'Deployment', name: idle.metadata.name }, result);
            result.digest ??= (0,deploy_annotations/* servedDigest */.sP)(pair.activeDeployment);
            if (pair.activeDeployment)
                result.workloads.push({
                    kind: 'Deployment',
                    name: pair.activeDeployment.metadata.name,
                    namespace: ctx.namespace,
                    role: pair.active,
                });
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./src/deploy/strategies/rolling.ts



/**
 * `rolling`: every object of the set applied (server-side, manager `prodline`) with the new digest and
 * the release annotations, then all Deployments waited for together. Objects that already carry the
 * same manifest hash are not written; a set where some Deployments have the new digest and some do
 * not is an interrupted earlier run, reported and completed.
 */
async function deployRolling(ctx, result = (0,deploy_context/* emptyResult */.$)()) {
    const set = ctx.manifests;
    if (!set)
        throw new errors/* ActionFailure */.dR('strategy rolling, action deploy: no manifests to deploy');
    // Services first: a Deployment's pods should have their Service when they turn ready.
    const ordered = [...set.objects].sort((a, b) => rank(a.object.kind) - rank(b.object.kind));
    const lives = await Promise.all(ordered.map(({ object }) => ctx.client.get((0,kinds/* ref */.KR)(object.kind, ctx.namespace, object.metadata.name))));
    noteInterrupted(ctx, lives, result);
    // Services (rank 0) before Deployments (rank 1); within a rank the applies go out together, so 16
    // Deployments cost one round trip of latency, not sixteen.
    for (const wave of [0, 1, 2]) {
        const synced = await Promise.all(ordered.map(({ object }, i) => rank(object.kind) === wave ? (0,deploy_context/* syncObject */.tq)(ctx, object, result, { live: lives[i] ?? null }) : undefined));
        for (const [i, { object }] of ordered.entries()) {
            if (rank(object.kind) !== wave || object.kind !== 'Deployment')
                continue;
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
    await (0,deploy_context/* waitReady */.N9)(ctx, names, result.workloads);
    result.digest = ctx.release.digest;
    result.service ??= set.services[0]?.object.metadata.name;
    if (names[0])
        result.revision = (0,deploy_context/* revisionOf */.DT)(await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, names[0])));
    return result;
}
function rank(kind) {
    return kind === 'Service' ? 0 : kind === 'Deployment' ? 1 : 2;
}
function noteInterrupted(ctx, lives, result) {
    const digests = lives
        .map((l) => l)
        .filter((l) => l?.kind === 'Deployment')
        .map((l) => l?.metadata?.annotations?.['prodline.dev/digest']);
    if (digests.includes(ctx.release.digest) && digests.some((d) => d !== ctx.release.digest))
        result.notes.push(`An earlier run of this deploy stopped half-way (some Deployments already had ${ctx.release.digest}, others not): this run completed it.`);
}

;// CONCATENATED MODULE: ./src/deploy/strategies/route-weights.ts
/**
 * The HTTPRoute with its traffic split: in every rule that sends traffic to `stable`, `stable` gets
 * 100 − weight and `canary` gets weight (added next to it, same port); with `weight` undefined the canary
 * backend is removed and `stable` is back at 100. Pure; other rules and backends are left alone.
 */
function weightRoute(route, stable, canary, weight) {
    const copy = structuredClone(route);
    const spec = (copy.spec ?? {});
    for (const rule of spec.rules ?? []) {
        const refs = rule.backendRefs ?? [];
        const stableRef = refs.find((r) => r.name === stable && (r.kind ?? 'Service') === 'Service');
        if (!stableRef)
            continue;
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
function routesTo(route, service) {
    return (route.spec?.rules ?? []).some((r) => (r.backendRefs ?? []).some((b) => b.name === service));
}
/** The weight of each backend named in the route's first rule that routes to `service`. */
function route_weights_routeWeights(route, service) {
    const rule = (route.spec?.rules ?? []).find((r) => (r.backendRefs ?? []).some((b) => b.name === service));
    return Object.fromEntries((rule?.backendRefs ?? []).map((b) => [b.name, b.weight ?? 1]));
}
/**
 * Why the route does not send all of `stable`'s traffic to `stable` (undefined when it does): in every
 * rule that routes to `stable`, no other backend named `canary` may take a share (a backendRef without a
 * weight counts 1, as Gateway API says) and `stable` must have a non-zero weight. Pure.
 */
function route_weights_notBackToStable(route, stable, canary) {
    const rules = (route.spec?.rules ?? []).filter((r) => (r.backendRefs ?? []).some((b) => b.name === stable));
    if (rules.length === 0)
        return `no rule routes to ${stable}`;
    for (const rule of rules) {
        const refs = rule.backendRefs ?? [];
        const share = refs.filter((b) => b.name === canary).reduce((sum, b) => sum + (b.weight ?? 1), 0);
        if (share > 0)
            return `${canary} still has weight ${share}`;
        if (refs.filter((b) => b.name === stable).every((b) => (b.weight ?? 1) === 0))
            return `${stable} has weight 0`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/deploy/strategies/canary-gateway.ts






/** `web` → `web-canary`: the Service that selects only the canary's pods. */
function canaryServiceName(service) {
    return `${service}-canary`;
}
async function liveRoute(ctx, service) {
    const name = ctx.httpRoute;
    const route = await ctx.client.get((0,kinds/* ref */.KR)('HTTPRoute', ctx.namespace, name));
    if (!route)
        throw new errors/* ActionFailure */.dR(`HTTPRoute ${name} was not found in namespace ${ctx.namespace}: create it (or fix the http-route input) before a gateway-api canary`);
    if (!routesTo(route, service))
        throw new errors/* ActionFailure */.dR(`HTTPRoute ${name} has no rule with a backendRef to the Service ${service}: add one, so the canary can take a share of its traffic`);
    return route;
}
/**
 * Gateway API canary: a `<service>-canary` Service selecting the canary's pods, then the HTTPRoute's
 * backendRefs weighted `<service>` = 100 − weight, `<service>-canary` = weight. The Service goes first:
 * a route pointing at a Service that does not exist yet would drop that share of requests.
 */
async function routeCanary(ctx, service, result) {
    const route = await liveRoute(ctx, service.metadata.name);
    const canaryService = serviceSelecting(service, [deploy_annotations/* LABELS */.kg.track, 'canary'], canaryServiceName(service.metadata.name));
    await (0,deploy_context/* syncObject */.tq)(ctx, canaryService, result, { record: false });
    const weighted = weightRoute(applicableCopy(route), service.metadata.name, canaryServiceName(service.metadata.name), ctx.canaryWeight);
    // prodline takes the route's rules over (weights are its job now): forced, as the route was written by another tool.
    await (0,deploy_context/* syncObject */.tq)(ctx, weighted, result, { live: route, record: false, force: true });
}
/** Restores `<service>` = 100 and removes the canary backend from the HTTPRoute. */
async function restoreRoute(ctx, service, result) {
    const route = await liveRoute(ctx, service);
    const restored = weightRoute(applicableCopy(route), service, canaryServiceName(service), undefined);
    await (0,deploy_context/* syncObject */.tq)(ctx, restored, result, { live: route, record: false, force: true });
}
/**
 * The HTTPRoute read back after an abort or a promote: its weights towards `service` (for the report),
 * and what is wrong when the canary Service still takes a share or the stable one none.
 */
async function readBackRoute(ctx, service) {
    const name = ctx.httpRoute;
    const route = await ctx.client.get(ref('HTTPRoute', ctx.namespace, name));
    if (!route)
        return { weights: {}, problem: `HTTPRoute ${name} is gone` };
    const problem = notBackToStable(route, service, canaryServiceName(service));
    return { weights: routeWeights(route, service), problem: problem && `HTTPRoute ${name}: ${problem}` };
}

;// CONCATENATED MODULE: ./src/deploy/strategies/canary.ts







const TRACK = [deploy_annotations/* LABELS */.kg.track, 'canary'];
/**
 * `canary`, deploy: for each Deployment `<name>` of the set, `<name>-canary` with the new digest, the
 * same labels plus `prodline.dev/track: canary` (selector too) and `max(1, round(replicas × weight/100))`
 * replicas; `<name>` is not touched. With `traffic-router: gateway-api` also a `<name>-canary` Service and
 * the HTTPRoute's weights. A Deployment with no stable version yet (first release) is deployed straight
 * as a stable, verified rollout, and the summary says so.
 */
async function deployCanary(ctx) {
    const set = ctx.manifests;
    if (!set)
        throw new errors/* ActionFailure */.dR('strategy canary, action deploy: no manifests to deploy');
    const result = (0,deploy_context/* emptyResult */.$)();
    const stables = await Promise.all(set.deployments.map((d) => ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, d.object.metadata.name))));
    if (stables.every((s) => s === undefined)) {
        result.notes.push(`First release: nothing was deployed here yet, so ${set.deployments.map((d) => d.object.metadata.name).join(', ')} went straight to a stable, verified rollout (no canary). The next deploy will be a canary.`);
        return deployRolling(ctx, result);
    }
    const canaries = [];
    for (const [i, { object }] of set.deployments.entries()) {
        const stable = stables[i];
        const name = object.metadata.name;
        if (!stable)
            throw new errors/* ActionFailure */.dR(`strategy canary: Deployment ${name} has no stable version yet while the others have: deploy it once with strategy rolling`);
        const replicas = canaryReplicas(stable.spec.replicas ?? 1, ctx.canaryWeight);
        const service = serviceFor(object, set.services.map((s) => s.object));
        result.service ??= service?.metadata.name;
        const extra = {
            ...(service ? { [deploy_annotations/* ANNOTATIONS */.BC.service]: service.metadata.name } : {}),
            ...(ctx.trafficRouter === 'gateway-api' && ctx.httpRoute
                ? { [deploy_annotations/* ANNOTATIONS */.BC.httpRoute]: ctx.httpRoute }
                : {}),
        };
        const canary = derivedDeployment(object, { name: `${name}-canary`, label: TRACK, replicas, extra });
        await (0,deploy_context/* syncObject */.tq)(ctx, canary, result);
        result.previousDigest ??= (0,deploy_annotations/* servedDigest */.sP)(stable);
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
                throw new errors/* ActionFailure */.dR(`traffic-router gateway-api: no Service in the manifests selects the pods of ${name}; add it, it is needed to route to the canary`);
            await routeCanary(ctx, service, result);
        }
    }
    await (0,deploy_context/* waitReady */.N9)(ctx, canaries, result.workloads);
    result.digest = ctx.release.digest;
    result.canary = canaries[0];
    result.nextStep = `Watch the canary (verify-rollout), then run this step again with action: promote to roll ${ctx.release.digest} out to ${set.deployments.map((d) => d.object.metadata.name).join(', ')}, or action: abort to delete the canary.`;
    return result;
}
async function liveCanaries(ctx) {
    return (await ctx.client.list('apps/v1', 'Deployment', ctx.namespace, `${deploy_annotations/* LABELS */.kg.track}=canary`)).items;
}
/**
 * `canary`, promote: `<name>` gets the canary's digest (the stable manifest remembered on the canary,
 * applied as a rolling deploy would), the rollout of `<name>` is waited for, and only then are the
 * route weights restored and `<name>-canary` deleted. A promote interrupted after the stable apply is
 * completed by the next run (the apply is then a no-op).
 */
async function promoteCanary(ctx) {
    const result = (0,deploy_context/* emptyResult */.$)();
    const canaries = await liveCanaries(ctx);
    if (canaries.length === 0) {
        result.notes.push(`No canary in namespace ${ctx.namespace}: nothing to promote (already promoted or aborted?).`);
        return result;
    }
    const stableNames = [];
    for (const canary of canaries) {
        const source = sourceObject(canary);
        const stableName = (0,deploy_annotations/* annotationOf */.lW)(canary, deploy_annotations/* ANNOTATIONS */.BC.stable);
        const digest = (0,deploy_annotations/* annotationOf */.lW)(canary, deploy_annotations/* ANNOTATIONS */.BC.digest);
        if (!source || !stableName || !digest)
            throw new errors/* ActionFailure */.dR(`Deployment ${canary.metadata.name} carries no prodline source annotations: it was not made by prodline; delete it by hand if it is stale`);
        const pctx = { ...ctx, release: { ...ctx.release, digest } };
        const stable = await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, stableName));
        if (stable && (0,deploy_annotations/* annotationOf */.lW)(stable, deploy_annotations/* ANNOTATIONS */.BC.digest) === digest)
            result.notes.push(`${stableName} already had ${digest}: an earlier promote was interrupted; this run completed it.`);
        const synced = await (0,deploy_context/* syncObject */.tq)(pctx, source, result, { live: stable ?? null });
        result.previousDigest ??= synced.previousDigest;
        result.digest ??= digest;
        stableNames.push(stableName);
        result.workloads.push({ kind: 'Deployment', name: stableName, namespace: ctx.namespace, role: 'stable' });
    }
    // The canary keeps serving until the stable Deployment has fully rolled out (k8s-deploy#240).
    await (0,deploy_context/* waitReady */.N9)(ctx, stableNames);
    for (const canary of canaries)
        await dropCanary(ctx, canary, result);
    result.revision = (0,deploy_context/* revisionOf */.DT)(await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, stableNames[0])));
    result.nextStep = `Promoted: ${stableNames.join(', ')} serve ${result.digest}. To go back, deploy the previous digest ${result.previousDigest ?? '(none recorded)'}.`;
    return result;
}
/** `canary`, abort: route weights back to the stable Service, then `<name>-canary` deleted; `<name>` untouched. */
async function abortCanary(ctx) {
    const result = (0,deploy_context/* emptyResult */.$)();
    const canaries = await liveCanaries(ctx);
    if (canaries.length === 0)
        result.notes.push(`No canary in namespace ${ctx.namespace}: nothing to abort.`);
    for (const canary of canaries) {
        const stableName = (0,deploy_annotations/* annotationOf */.lW)(canary, deploy_annotations/* ANNOTATIONS */.BC.stable) ?? canary.metadata.name.replace(/-canary$/, '');
        const stable = await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, stableName));
        result.digest ??= (0,deploy_annotations/* servedDigest */.sP)(stable);
        result.workloads.push({ kind: 'Deployment', name: stableName, namespace: ctx.namespace, role: 'stable' });
        await dropCanary(ctx, canary, result);
    }
    result.nextStep = canaries.length
        ? `Aborted: the canary is gone and ${result.workloads.map((w) => w.name).join(', ')} keep serving ${result.digest ?? 'the previous digest'}.`
        : undefined;
    return result;
}
async function dropCanary(ctx, canary, result) {
    if (ctx.trafficRouter === 'gateway-api') {
        const source = sourceObject(canary);
        const serviceName = (0,deploy_annotations/* annotationOf */.lW)(canary, deploy_annotations/* ANNOTATIONS */.BC.service);
        if (serviceName)
            await restoreRoute(ctx, serviceName, result);
        else if (source)
            ctx.logger.warning(`${canary.metadata.name}: no Service recorded; the HTTPRoute was not changed`);
        if (serviceName)
            await (0,deploy_context/* removeObject */.Gj)(ctx, { kind: 'Service', name: canaryServiceName(serviceName) }, result);
    }
    await (0,deploy_context/* removeObject */.Gj)(ctx, { kind: 'Deployment', name: canary.metadata.name }, result);
}

;// CONCATENATED MODULE: ./src/deploy/strategies/index.ts




const refuse = (what) => () => Promise.reject(new errors/* ActionFailure */.dR(`strategy rolling has no ${what}: a rolling deploy is final. To go back, deploy the previous digest (prodline.dev/previous-digest on the Deployment)`));
/** Each strategy's deploy, promote and abort (one folder per strategy, as k8s-deploy has, done right). */
const STRATEGY_STEPS = {
    rolling: { deploy: (ctx) => deployRolling(ctx), promote: refuse('promote'), abort: refuse('abort') },
    canary: { deploy: deployCanary, promote: promoteCanary, abort: abortCanary },
    'blue-green': { deploy: deployBlueGreen, promote: promoteBlueGreen, abort: abortBlueGreen },
};
/** Runs `action` of `strategy`. */
function runStrategy(strategy, action, ctx) {
    return STRATEGY_STEPS[strategy][action](ctx);
}


/***/ })

};
