export const id = 146;
export const ids = [146];
export const modules = {

/***/ 8146:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verifyRelease: () => (/* binding */ verifyRelease)
});

// EXTERNAL MODULE: ./src/kube/kinds.ts
var kinds = __webpack_require__(3154);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/deploy/annotations.ts

/** Rollback memory and bookkeeping on the objects themselves (DESIGN.md: no outside store). */
const ANNOTATIONS = {
    digest: 'prodline.dev/digest',
    previousDigest: 'prodline.dev/previous-digest',
    runUrl: 'prodline.dev/run-url',
    commit: 'prodline.dev/commit',
    changeCause: 'kubernetes.io/change-cause',
    /** Hash of the manifest as prodline applied it: the same hash again means nothing to write. */
    manifestHash: 'prodline.dev/manifest-hash',
    /** The stable object a derived one (canary, colour) was made from, so promote can apply it exactly. */
    source: 'prodline.dev/source',
    /** On derived objects: the name of the stable Deployment or Service they belong to. */
    stable: 'prodline.dev/stable',
    /** On a blue-green Deployment: the Service that routes to it. */
    service: 'prodline.dev/service',
    /**
     * On a canary routed through Gateway API: the HTTPRoute whose backendRef weights canary-deploy set, so
     * verify-rollout (which has no traffic-router input) rolls back and promotes through the route too.
     */
    httpRoute: 'prodline.dev/http-route',
};
const LABELS = { track: 'prodline.dev/track', colour: 'prodline.dev/colour' };
/** A stable hash of an object (keys sorted), over what the user's manifest says plus the digest. */
function manifestHash(object) {
    return (0,external_node_crypto_.createHash)('sha256').update(canonical(object)).digest('hex').slice(0, 32);
}
function canonical(value) {
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object')
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
            .join(',')}}`;
    return JSON.stringify(value);
}
/** Returns a copy of `object` with the release annotations and the manifest hash set. */
function annotate(object, record, extra = {}) {
    const copy = structuredClone(object);
    const hash = manifestHash(copy);
    const annotations = {
        ...(copy.metadata.annotations ?? {}),
        ...extra,
        [ANNOTATIONS.manifestHash]: hash,
    };
    if (record) {
        annotations[ANNOTATIONS.digest] = record.digest;
        if (record.previousDigest)
            annotations[ANNOTATIONS.previousDigest] = record.previousDigest;
        if (record.runUrl)
            annotations[ANNOTATIONS.runUrl] = record.runUrl;
        if (record.commit)
            annotations[ANNOTATIONS.commit] = record.commit;
        if (record.changeCause && copy.kind === 'Deployment')
            annotations[ANNOTATIONS.changeCause] = record.changeCause;
    }
    copy.metadata.annotations = annotations;
    return copy;
}
/** An annotation of a live object. */
function annotationOf(object, name) {
    return object?.metadata.annotations?.[name];
}
/** The digest a live Deployment serves: its annotation, else the digest in its first pinned image. */
function servedDigest(object) {
    const annotated = annotationOf(object, ANNOTATIONS.digest);
    if (annotated)
        return annotated;
    const containers = object?.spec?.template?.spec
        ?.containers ?? [];
    for (const c of containers) {
        const match = /@(sha256:[0-9a-f]{64})$/.exec(c.image ?? '');
        if (match)
            return match[1];
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/kube/rollout-status.ts
/**
 * Rollout status with `kubectl rollout status` semantics, as a pure function of a Deployment, so the
 * canary-deploy waiter and verify-rollout read a rollout the same way (and the same way kubectl does).
 */
/** Evaluates a Deployment exactly as kubectl's DeploymentStatusViewer does. */
function rolloutStatus(deployment) {
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

;// CONCATENATED MODULE: ./src/kube/rollout-waiter.ts



/** Thrown when some rollouts failed or the overall time limit passed; carries every result. */
class RolloutFailed extends errors/* ActionFailure */.dR {
    results;
    constructor(message, results) {
        super(message);
        this.results = results;
    }
}
/**
 * Waits for several Deployments at once, with one overall time limit (not one per object, as
 * k8s-deploy does): one LIST per namespace (or the caller's, `initial`), then a WATCH from the list's resourceVersion; a watch that
 * ends is resumed from the last resourceVersion seen, and a 410 Gone (history compacted) re-lists.
 * Resolves when all are rolled out; throws RolloutFailed as soon as one exceeds its progress deadline,
 * or when the time is up, naming each one still waiting and why (kubectl's wording).
 */
async function waitForRollouts(client, deployments, options) {
    const latest = new Map();
    const key = (d) => `${d.namespace}/${d.name}`;
    const wanted = new Set(deployments.map(key));
    const namespaces = [...new Set(deployments.map((d) => d.namespace))];
    const handles = new Set();
    let stopped = false;
    let finish = () => undefined;
    const finished = new Promise((resolve, reject) => {
        finish = (error) => {
            // Settled: no watch is (re)opened from here on, not even one whose LIST already answered it all.
            stopped = true;
            if (error)
                reject(error);
            else
                resolve();
        };
    });
    const results = () => deployments.map((d) => ({
        ...d,
        status: latest.get(key(d)) ?? {
            state: 'progressing',
            message: `Waiting for deployment "${d.name}" to exist...`,
        },
    }));
    const observe = (object) => {
        const k = `${object.metadata.namespace}/${object.metadata.name}`;
        if (!wanted.has(k))
            return;
        const status = rolloutStatus(object);
        if (latest.get(k)?.message !== status.message)
            options.onProgress?.(status.message);
        latest.set(k, status);
        const all = results();
        if (all.some((r) => r.status.state === 'failed'))
            finish(new RolloutFailed(failureMessage(all, 'a rollout failed'), all));
        else if (all.every((r) => r.status.state === 'done'))
            finish();
    };
    const follow = async (namespace) => {
        let resourceVersion = '';
        const initial = options.initial?.get(namespace);
        if (initial) {
            for (const item of initial.items)
                observe(item);
            resourceVersion = initial.resourceVersion;
        }
        while (!stopped) {
            if (!resourceVersion) {
                const list = await client.list(kinds/* KINDS */.GW.Deployment.apiVersion, 'Deployment', namespace);
                for (const item of list.items)
                    observe(item);
                resourceVersion = list.resourceVersion;
            }
            if (stopped)
                return;
            let gone = false;
            const handle = await client.watch((0,kinds/* ref */.KR)('Deployment', namespace, ''), (0,kinds/* collectionPath */.yb)('Deployment', namespace), 
            // The server ends each watch after at most 30 s and we resume it, so a watch that a proxy or load
            // balancer silently stalls costs 30 s, never the whole timeout (client-go renews its watches too).
            { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: '30' }, (type, object) => {
                if (type === 'ERROR') {
                    // 410 Gone: the history we would resume from was compacted; start again from a list.
                    if (object.code === 410)
                        gone = true;
                    return;
                }
                const o = object;
                if (o.metadata?.resourceVersion)
                    resourceVersion = o.metadata.resourceVersion;
                if (type === 'ADDED' || type === 'MODIFIED')
                    observe(o);
            });
            // Finished while this watch was opening: close it, or the process would never exit.
            if (stopped)
                handle.abort();
            handles.add(handle);
            await handle.done;
            handles.delete(handle);
            if (gone)
                resourceVersion = '';
        }
    };
    const timer = setTimeout(() => {
        const all = results();
        finish(new RolloutFailed(failureMessage(all, `not rolled out within ${Math.round(options.timeoutMs / 1000)}s`), all));
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', () => finish(new RolloutFailed('Deployments: the wait was stopped', results())));
    for (const namespace of namespaces)
        follow(namespace).catch((error) => finish(error));
    try {
        await finished;
        return results();
    }
    finally {
        stopped = true;
        clearTimeout(timer);
        for (const handle of handles)
            handle.abort();
    }
}
function failureMessage(results, why) {
    const lines = results
        .filter((r) => r.status.state !== 'done')
        .map((r) => `  - ${r.namespace}/${r.name}: ${r.status.message}`);
    return `Deployments ${why}:\n${lines.join('\n')}\nLook at the pods (kubectl -n ${results[0]?.namespace ?? 'NAMESPACE'} get pods; kubectl describe deployment NAME) for crash loops, image pull errors or readiness failures`;
}

;// CONCATENATED MODULE: ./src/deploy/deploy-context.ts




/** Starts an empty result. */
function emptyResult() {
    return { workloads: [], changes: [], notes: [] };
}
/**
 * Applies `desired` unless the live object already carries the same manifest hash (then nothing is
 * written: an idempotent re-run makes zero writes). Release annotations get the previous digest from the
 * live object (kept from its own annotation when the live object already serves this digest).
 */
async function syncObject(ctx, desired, result, options = {}) {
    const live = options.live === undefined ? await ctx.client.get((0,kinds/* refOf */.H8)(desired)) : (options.live ?? undefined);
    const liveDigest = desired.kind === 'Deployment' ? servedDigest(live) : annotationOf(live, ANNOTATIONS.digest);
    const digest = ctx.release.digest;
    const previousDigest = liveDigest === digest ? annotationOf(live, ANNOTATIONS.previousDigest) : liveDigest;
    const releaseRecord = options.record === false ? undefined : { ...ctx.release, previousDigest };
    const target = annotate(desired, releaseRecord, options.extra);
    const name = `${desired.kind}/${desired.metadata.name}`;
    if (live &&
        annotationOf(live, ANNOTATIONS.manifestHash) === target.metadata.annotations?.[ANNOTATIONS.manifestHash]) {
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
    ctx.logger.info(`applied ${name}${desired.kind === 'Deployment' ? ` (${liveDigest ?? 'new'} → ${digest})` : ''}`);
    return { applied, changed: true, previousDigest };
}
/** Deletes an object, recording it; nothing is recorded when it was already gone. */
async function removeObject(ctx, object, result) {
    const apiVersion = object.kind === 'Deployment' ? 'apps/v1' : 'v1';
    const gone = await ctx.client.delete((0,kinds/* refOf */.H8)({ apiVersion, kind: object.kind, metadata: { name: object.name, namespace: ctx.namespace } }));
    if (gone) {
        record(ctx, result, { object: `${object.kind}/${object.name}`, action: 'deleted' });
        ctx.logger.info(`deleted ${object.kind}/${object.name}`);
    }
}
/** Waits for the named Deployments together, under the deploy's one time limit. */
async function waitReady(ctx, names, written) {
    if (names.length === 0)
        return;
    ctx.logger.info(`waiting for ${names.join(', ')} to roll out`);
    try {
        await waitForRollouts(ctx.client, names.map((name) => ({ namespace: ctx.namespace, name })), { timeoutMs: ctx.timeoutMs, onProgress: (m) => ctx.logger.info(m) });
    }
    catch (error) {
        if (written?.length && error instanceof errors/* ActionFailure */.dR)
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
class RolloutIncomplete extends errors/* ActionFailure */.dR {
    workloads;
    constructor(message, workloads) {
        super(message);
        this.workloads = workloads;
    }
}
/** A manifest object without prodline's bookkeeping, as JSON for the `source` annotation. */
function sourceOf(object) {
    return JSON.stringify(object);
}
/** The revision a Deployment reached (the controller's annotation). */
function revisionOf(object) {
    return object?.metadata.annotations?.['deployment.kubernetes.io/revision'];
}
/** Records a change in the result and in the run's journal. */
function record(ctx, result, change) {
    result.changes.push(change);
    ctx.journal?.push(change);
}

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
            [ANNOTATIONS.stable]: stable.metadata.name,
            [ANNOTATIONS.source]: JSON.stringify(stable),
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
        const entries = Object.entries(selector).filter(([k]) => k !== LABELS.colour && k !== LABELS.track);
        return entries.length > 0 && entries.every(([k, v]) => podLabels[k] === v);
    });
}
/** A live object reduced to what one would apply (no status, server-set metadata or bookkeeping). */
function applicableCopy(live) {
    const annotations = { ...(live.metadata.annotations ?? {}) };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    delete annotations[ANNOTATIONS.manifestHash];
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
    const text = derived.metadata.annotations?.[ANNOTATIONS.source];
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
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
function routeWeights(route, service) {
    const rule = (route.spec?.rules ?? []).find((r) => (r.backendRefs ?? []).some((b) => b.name === service));
    return Object.fromEntries((rule?.backendRefs ?? []).map((b) => [b.name, b.weight ?? 1]));
}
/**
 * Why the route does not send all of `stable`'s traffic to `stable` (undefined when it does): in every
 * rule that routes to `stable`, no other backend named `canary` may take a share (a backendRef without a
 * weight counts 1, as Gateway API says) and `stable` must have a non-zero weight. Pure.
 */
function notBackToStable(route, stable, canary) {
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
    const canaryService = serviceSelecting(service, [LABELS.track, 'canary'], canaryServiceName(service.metadata.name));
    await syncObject(ctx, canaryService, result, { record: false });
    const weighted = weightRoute(applicableCopy(route), service.metadata.name, canaryServiceName(service.metadata.name), ctx.canaryWeight);
    // prodline takes the route's rules over (weights are its job now): forced, as the route was written by another tool.
    await syncObject(ctx, weighted, result, { live: route, record: false, force: true });
}
/** Restores `<service>` = 100 and removes the canary backend from the HTTPRoute. */
async function restoreRoute(ctx, service, result) {
    const route = await liveRoute(ctx, service);
    const restored = weightRoute(applicableCopy(route), service, canaryServiceName(service), undefined);
    await syncObject(ctx, restored, result, { live: route, record: false, force: true });
}
/**
 * The HTTPRoute read back after an abort or a promote: its weights towards `service` (for the report),
 * and what is wrong when the canary Service still takes a share or the stable one none.
 */
async function readBackRoute(ctx, service) {
    const name = ctx.httpRoute;
    const route = await ctx.client.get((0,kinds/* ref */.KR)('HTTPRoute', ctx.namespace, name));
    if (!route)
        return { weights: {}, problem: `HTTPRoute ${name} is gone` };
    const problem = notBackToStable(route, service, canaryServiceName(service));
    return { weights: routeWeights(route, service), problem: problem && `HTTPRoute ${name}: ${problem}` };
}

;// CONCATENATED MODULE: ./src/deploy/strategies/blue-green.ts






const other = (c) => (c === 'blue' ? 'green' : 'blue');
/** The colour a Service routes to (its selector's `prodline.dev/colour`), if any. */
function activeColour(service) {
    const value = service?.spec?.selector?.[LABELS.colour];
    return value === 'blue' || value === 'green' ? value : undefined;
}
function colourDeployment(object, colour, service) {
    return derivedDeployment(object, {
        name: `${object.metadata.name}-${colour}`,
        label: [LABELS.colour, colour],
        extra: { [ANNOTATIONS.service]: service },
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
    const result = emptyResult();
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
            result.previousDigest ??= servedDigest(activeDeployment);
            result.canary ??= name;
            result.workloads.push({
                kind: 'Deployment',
                name: `${object.metadata.name}-${active}`,
                namespace: ctx.namespace,
                role: active,
            });
        }
        await syncObject(ctx, colourDeployment(object, colour, service.metadata.name), result);
        targets.push(name);
        result.workloads.push({ kind: 'Deployment', name, namespace: ctx.namespace, role: colour });
        result.service ??= service.metadata.name;
    }
    await waitReady(ctx, targets);
    // Only now, with the new colour ready, does a first release get its Service.
    for (const p of pending)
        await syncObject(ctx, serviceSelecting(p.service, [LABELS.colour, p.colour]), result, { record: true });
    result.digest = ctx.release.digest;
    result.nextStep = result.canary
        ? `${result.canary} runs ${ctx.release.digest} and is ready, without traffic. Check it, then run this step again with action: promote to switch the Service ${result.service}, or action: abort to delete it.`
        : `The Service ${result.service} serves ${ctx.release.digest}. The next deploy goes to the idle colour.`;
    return result;
}
/** The blue-green pairs of the namespace: each Service with a colour, its active and idle Deployments. */
async function colourPairs(ctx) {
    const deployments = (await ctx.client.list('apps/v1', 'Deployment', ctx.namespace, LABELS.colour)).items;
    const services = [
        ...new Set(deployments.map((d) => annotationOf(d, ANNOTATIONS.service)).filter((s) => !!s)),
    ];
    const pairs = [];
    for (const name of services) {
        const service = await ctx.client.get((0,kinds/* ref */.KR)('Service', ctx.namespace, name));
        const active = activeColour(service);
        if (!service || !active)
            continue;
        const of = (c) => deployments.find((d) => annotationOf(d, ANNOTATIONS.service) === name && d.metadata.labels?.[LABELS.colour] === c);
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
    const switched = serviceSelecting(applicableCopy(service), [LABELS.colour, to]);
    const pctx = { ...ctx, release: { ...ctx.release, digest: digest ?? ctx.release.digest } };
    await syncObject(pctx, switched, result, { live: service });
    record(ctx, result, { object: `Service/${service.metadata.name}`, action: 'switched', to });
}
/**
 * `blue-green`, promote: the Service switches to the idle colour only if that colour is rolled out and
 * ready; the previous colour is kept for an instant switch back (`keep-previous`) or deleted.
 */
async function promoteBlueGreen(ctx) {
    const result = emptyResult();
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
        if (servedDigest(idle) === annotationOf(pair.service, ANNOTATIONS.previousDigest)) {
            result.notes.push(`Service ${pair.service.metadata.name} was already promoted to ${pair.active}; ${idle.metadata.name} is the previous colour.`);
            result.digest ??= servedDigest(pair.activeDeployment);
            result.previousDigest ??= servedDigest(idle);
            if (!ctx.keepPrevious)
                await removeObject(ctx, { kind: 'Deployment', name: idle.metadata.name }, result);
            continue;
        }
        await waitReady(ctx, [idle.metadata.name]);
        const status = rolloutStatus((await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, idle.metadata.name))));
        if (status.state !== 'done')
            throw new errors/* ActionFailure */.dR(`${idle.metadata.name} is not ready (${status.message}): the Service was not switched`);
        const digest = servedDigest(idle);
        result.previousDigest ??= servedDigest(pair.activeDeployment);
        result.digest ??= digest;
        await switchService(ctx, pair.service, pair.idle, digest, result);
        result.workloads.push({
            kind: 'Deployment',
            name: idle.metadata.name,
            namespace: ctx.namespace,
            role: pair.idle,
        });
        if (pair.activeDeployment && !ctx.keepPrevious)
            await removeObject(ctx, { kind: 'Deployment', name: pair.activeDeployment.metadata.name }, result);
        result.revision ??= revisionOf(idle);
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
    const result = emptyResult();
    for (const pair of await colourPairs(ctx)) {
        result.service ??= pair.service.metadata.name;
        const idle = pair.idleDeployment;
        if (!idle) {
            result.notes.push(`Service ${pair.service.metadata.name}: no idle colour, nothing to abort.`);
            continue;
        }
        const previous = annotationOf(pair.service, ANNOTATIONS.previousDigest);
        if (previous && servedDigest(idle) === previous) {
            await waitReady(ctx, [idle.metadata.name]);
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
            await removeObject(ctx, { kind: 'Deployment', name: idle.metadata.name }, result);
            result.digest ??= servedDigest(pair.activeDeployment);
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
async function deployRolling(ctx, result = emptyResult()) {
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
        const synced = await Promise.all(ordered.map(({ object }, i) => rank(object.kind) === wave ? syncObject(ctx, object, result, { live: lives[i] ?? null }) : undefined));
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
    await waitReady(ctx, names, result.workloads);
    result.digest = ctx.release.digest;
    result.service ??= set.services[0]?.object.metadata.name;
    if (names[0])
        result.revision = revisionOf(await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, names[0])));
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

;// CONCATENATED MODULE: ./src/deploy/strategies/canary.ts







const TRACK = [LABELS.track, 'canary'];
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
    const result = emptyResult();
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
                throw new errors/* ActionFailure */.dR(`traffic-router gateway-api: no Service in the manifests selects the pods of ${name}; add it, it is needed to route to the canary`);
            await routeCanary(ctx, service, result);
        }
    }
    await waitReady(ctx, canaries, result.workloads);
    result.digest = ctx.release.digest;
    result.canary = canaries[0];
    result.nextStep = `Watch the canary (verify-rollout), then run this step again with action: promote to roll ${ctx.release.digest} out to ${set.deployments.map((d) => d.object.metadata.name).join(', ')}, or action: abort to delete the canary.`;
    return result;
}
async function liveCanaries(ctx) {
    return (await ctx.client.list('apps/v1', 'Deployment', ctx.namespace, `${LABELS.track}=canary`)).items;
}
/**
 * `canary`, promote: `<name>` gets the canary's digest (the stable manifest remembered on the canary,
 * applied as a rolling deploy would), the rollout of `<name>` is waited for, and only then are the
 * route weights restored and `<name>-canary` deleted. A promote interrupted after the stable apply is
 * completed by the next run (the apply is then a no-op).
 */
async function promoteCanary(ctx) {
    const result = emptyResult();
    const canaries = await liveCanaries(ctx);
    if (canaries.length === 0) {
        result.notes.push(`No canary in namespace ${ctx.namespace}: nothing to promote (already promoted or aborted?).`);
        return result;
    }
    const stableNames = [];
    for (const canary of canaries) {
        const source = sourceObject(canary);
        const stableName = annotationOf(canary, ANNOTATIONS.stable);
        const digest = annotationOf(canary, ANNOTATIONS.digest);
        if (!source || !stableName || !digest)
            throw new errors/* ActionFailure */.dR(`Deployment ${canary.metadata.name} carries no prodline source annotations: it was not made by prodline; delete it by hand if it is stale`);
        const pctx = { ...ctx, release: { ...ctx.release, digest } };
        const stable = await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, stableName));
        if (stable && annotationOf(stable, ANNOTATIONS.digest) === digest)
            result.notes.push(`${stableName} already had ${digest}: an earlier promote was interrupted; this run completed it.`);
        const synced = await syncObject(pctx, source, result, { live: stable ?? null });
        result.previousDigest ??= synced.previousDigest;
        result.digest ??= digest;
        stableNames.push(stableName);
        result.workloads.push({ kind: 'Deployment', name: stableName, namespace: ctx.namespace, role: 'stable' });
    }
    // The canary keeps serving until the stable Deployment has fully rolled out (k8s-deploy#240).
    await waitReady(ctx, stableNames);
    for (const canary of canaries)
        await dropCanary(ctx, canary, result);
    result.revision = revisionOf(await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, stableNames[0])));
    result.nextStep = `Promoted: ${stableNames.join(', ')} serve ${result.digest}. To go back, deploy the previous digest ${result.previousDigest ?? '(none recorded)'}.`;
    return result;
}
/** `canary`, abort: route weights back to the stable Service, then `<name>-canary` deleted; `<name>` untouched. */
async function abortCanary(ctx) {
    const result = emptyResult();
    const canaries = await liveCanaries(ctx);
    if (canaries.length === 0)
        result.notes.push(`No canary in namespace ${ctx.namespace}: nothing to abort.`);
    for (const canary of canaries) {
        const stableName = annotationOf(canary, ANNOTATIONS.stable) ?? canary.metadata.name.replace(/-canary$/, '');
        const stable = await ctx.client.get((0,kinds/* ref */.KR)('Deployment', ctx.namespace, stableName));
        result.digest ??= servedDigest(stable);
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
        const serviceName = annotationOf(canary, ANNOTATIONS.service);
        if (serviceName)
            await restoreRoute(ctx, serviceName, result);
        else if (source)
            ctx.logger.warning(`${canary.metadata.name}: no Service recorded; the HTTPRoute was not changed`);
        if (serviceName)
            await removeObject(ctx, { kind: 'Service', name: canaryServiceName(serviceName) }, result);
    }
    await removeObject(ctx, { kind: 'Deployment', name: canary.metadata.name }, result);
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

;// CONCATENATED MODULE: ./src/deploy/remedy.ts







/**
 * The strategy a set of live Deployments was released with, read from canary-deploy's labels: a
 * `prodline.dev/track: canary` Deployment means canary, a `prodline.dev/colour` one blue-green, else
 * rolling. verify-rollout needs no strategy input: the cluster says.
 */
function strategyOf(deployments) {
    if (deployments.some(isCanary))
        return 'canary';
    if (deployments.some((d) => d.metadata.labels?.[LABELS.colour]))
        return 'blue-green';
    return 'rolling';
}
/** A canary Deployment of canary-deploy's (`prodline.dev/track: canary`). */
function isCanary(deployment) {
    return deployment.metadata.labels?.[LABELS.track] === 'canary';
}
/** The distinct values of one annotation over the canaries among `deployments`. */
function canaryAnnotations(deployments, annotation) {
    const values = deployments.filter(isCanary).map((c) => annotationOf(c, annotation));
    return [...new Set(values.filter((v) => !!v))];
}
/**
 * The strategy and the traffic router of live Deployments: a canary whose Deployment names an HTTPRoute
 * (`prodline.dev/http-route`, written by canary-deploy with `traffic-router: gateway-api`) is rolled back
 * and promoted through that route, so the route never keeps a share for a backend that is gone.
 */
function releaseOf(deployments) {
    const strategy = strategyOf(deployments);
    const routes = canaryAnnotations(deployments, ANNOTATIONS.httpRoute);
    if (routes.length > 1)
        throw new errors/* ActionFailure */.dR(`the canaries ${deployments
            .filter(isCanary)
            .map((c) => c.metadata.name)
            .join(', ')} are routed through different HTTPRoutes (${routes.join(', ')}): verify the workloads of one route at a time`);
    if (strategy !== 'canary' || routes.length === 0)
        return { strategy, trafficRouter: 'pods', services: [] };
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
async function withRouteOfOlderCanary(client, namespace, release, deployments) {
    if (release.strategy !== 'canary' || release.trafficRouter === 'gateway-api')
        return release;
    const routed = [];
    for (const service of canaryAnnotations(deployments, ANNOTATIONS.service)) {
        const canaryService = await client.get((0,kinds/* ref */.KR)('Service', namespace, canaryServiceName(service)));
        const selector = canaryService?.spec?.selector;
        if (selector?.[LABELS.track] === 'canary')
            routed.push(service);
    }
    if (routed.length === 0)
        return release;
    const { apiVersion } = kinds/* KINDS */.GW.HTTPRoute;
    const routes = (await client.list(apiVersion, 'HTTPRoute', namespace)).items.filter((r) => routed.some((service) => routesTo(r, canaryServiceName(service))));
    if (routes.length !== 1)
        return release;
    return { ...release, trafficRouter: 'gateway-api', httpRoute: routes[0].metadata.name, services: routed };
}
/** `canary`, `blue-green`, `rolling`, or `canary through HTTPRoute web`. */
function describeRelease(release) {
    return release.trafficRouter === 'gateway-api'
        ? `${release.strategy} through HTTPRoute ${release.httpRoute}`
        : release.strategy;
}
/**
 * After an abort or a promote of a gateway canary: the HTTPRoute read back. Every stable Service must get
 * all its traffic again and its canary Service none; `lines` say what the route holds, `problems` what
 * is wrong (then the remedy did not verify). Nothing to check for other releases.
 */
async function verifyRouting(ctx, release) {
    if (release.trafficRouter !== 'gateway-api')
        return { lines: [], problems: [] };
    const lines = [];
    const problems = release.services.length === 0
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
        if (problem)
            problems.push(problem);
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
async function rollBack(ctx, strategy, deployments) {
    if (strategy !== 'rolling')
        return runStrategy(strategy, 'abort', ctx);
    const result = emptyResult();
    for (const live of deployments) {
        const previous = annotationOf(live, ANNOTATIONS.previousDigest);
        const current = servedDigest(live);
        if (!previous || !current)
            throw new errors/* ActionFailure */.dR(`Deployment ${live.metadata.name} has no ${ANNOTATIONS.previousDigest} annotation: there is no earlier release to roll back to (a first release?); fix forward or delete it by hand`);
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
async function promote(ctx, strategy) {
    if (strategy === 'rolling')
        return undefined;
    return runStrategy(strategy, 'promote', ctx);
}
/**
 * The live Deployment as an apply body with `from` replaced by `to` in every image, and without the
 * server's fields (status, resourceVersion, managed fields), so server-side apply takes it as ours.
 */
function withDigest(live, from, to) {
    const spec = structuredClone(live.spec ?? {});
    for (const c of [
        ...(spec.template?.spec?.containers ?? []),
        ...(spec.template?.spec?.initContainers ?? []),
    ])
        if (c.image?.endsWith(`@${from}`))
            c.image = `${c.image.slice(0, -from.length)}${to}`;
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
        spec: spec,
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/runtime/proxy.ts
/**
 * Which proxy a request goes through, by the conventions self-hosted runners behind a corporate proxy
 * use: `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http ones (either case), and `NO_PROXY` for the
 * hosts that bypass it. Unlike `@actions/http-client`, loopback hosts are not special: a proxy on the
 * same machine is a legitimate setup, and `NO_PROXY` says what bypasses it.
 */
/** The proxy URL to use for `target`, or undefined for a direct connection. */
function proxy_proxyFor(target, env) {
    const https = target.protocol === 'https:';
    const raw = https ? pick(env, 'https_proxy') : pick(env, 'http_proxy');
    if (!raw)
        return undefined;
    if (bypasses(target, pick(env, 'no_proxy') ?? ''))
        return undefined;
    try {
        // A proxy written without a scheme ("proxy.corp:3128") is an HTTP proxy, as curl reads it.
        return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    }
    catch {
        return undefined;
    }
}
/** The proxy as it may be written in a log: scheme, host and port, never its credentials. */
function describeProxy(proxy) {
    return `${proxy.protocol}//${proxy.host}`;
}
/**
 * NO_PROXY: a comma- or space-separated list of `*`, host names (matching the host and its
 * subdomains; a leading dot or `*.` means the same), IP addresses, and `host:port` entries.
 */
function bypasses(target, noProxy) {
    const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    for (const entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
        if (entry === '*')
            return true;
        const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase().replace(/^\[|\]$/g, ''));
        const name = match[1].replace(/^\*?\./, '');
        if (match[2] && match[2] !== port)
            continue;
        if (host === name || host.endsWith(`.${name}`))
            return true;
    }
    return false;
}
function pick(env, lowerName) {
    const value = env[lowerName] ?? env[lowerName.toUpperCase()];
    return value && value.trim() !== '' ? value.trim() : undefined;
}

// EXTERNAL MODULE: ./src/runtime/retry.ts
var retry = __webpack_require__(6390);
;// CONCATENATED MODULE: ./src/runtime/http.ts




/** A network failure, a time-out or a refusing proxy: no answer from the service itself. */
class NetworkError extends retry/* CallFailure */.Rk {
    proxy;
    connectFailed;
    constructor(message, retryable, 
    /** The proxy the request went through, when it did (for messages; no credentials). */
    proxy, 
    /** The connection never opened, so the service received nothing: safe to retry any request. */
    connectFailed = false) {
        super(message, retryable);
        this.proxy = proxy;
        this.connectFailed = connectFailed;
    }
}
/** An answer worth retrying (408, 429, 5xx), carried through the retry engine. */
class RetryableStatus extends retry/* CallFailure */.Rk {
    response;
    constructor(message, response, retryAfterMs) {
        super(message, true, retryAfterMs, response.status);
        this.response = response;
    }
}
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/**
 * Sends a request, retrying network errors and 408/429/5xx answers (honouring `Retry-After`) when the
 * request is safe to repeat; other statuses are returned, for the caller knows what a 401 or 404 means.
 * A retryable status that is still failing when retries run out is returned too, so the caller words it.
 */
async function send(request, options = {}) {
    const what = `${request.method} ${describeUrl(new URL(request.url))}`;
    const idempotent = options.idempotent ?? IDEMPOTENT.has(request.method);
    try {
        const { value } = await (0,retry/* withRetry */.bD)(what, async ({ remainingMs }) => {
            const response = await exchange(request, {
                ...options,
                timeoutMs: Math.min(options.timeoutMs ?? 30_000, remainingMs),
            });
            if ((0,retry/* isRetryableStatus */.PS)(response.status))
                throw new RetryableStatus(`${what} answered ${response.status}`, response, (0,retry/* parseRetryAfter */.mu)(response.headers['retry-after']));
            return response;
        }, {
            policy: options.retry,
            deadline: options.deadline,
            clock: options.clock,
            classify: (error) => {
                const verdict = (0,retry/* classifyFailure */.XE)(error);
                // What the service never received or rejected unprocessed (429) is safe to send again, whatever the method.
                if (idempotent || !verdict.retryable)
                    return verdict;
                const unprocessed = (error instanceof NetworkError && error.connectFailed) ||
                    (error instanceof RetryableStatus && error.status === 429);
                return unprocessed ? verdict : { retryable: false };
            },
            onRetry: (error, delay, attempt) => options.onRetry?.(`${error.message}; retry ${attempt} in ${delay} ms`),
        });
        return value;
    }
    catch (error) {
        if (error instanceof RetryableStatus)
            return error.response;
        throw error;
    }
}
/** One exchange, no retry. Network errors become a NetworkError naming the host (and the proxy, if any). */
async function exchange(request, options = {}) {
    const url = new URL(request.url);
    const proxy = proxy_proxyFor(url, options.proxyEnv ?? process.env);
    const { request: undiciRequest } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
    const timeoutMs = Math.max(1, options.timeoutMs ?? 30_000);
    const headers = { ...(request.headers ?? {}) };
    const body = request.body;
    if (body !== undefined)
        headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : body.size);
    try {
        const answer = await undiciRequest(url, {
            method: request.method,
            headers,
            body: body === undefined || typeof body === 'string' || Buffer.isBuffer(body)
                ? body
                : (0,external_node_fs_.createReadStream)(body.file),
            dispatcher: await dispatcherFor(proxy, options.ca),
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            signal: AbortSignal.timeout(timeoutMs),
        });
        const bytes = Buffer.from(await answer.body.arrayBuffer());
        const flat = {};
        for (const [name, value] of Object.entries(answer.headers))
            if (value !== undefined)
                flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        return { status: answer.statusCode, headers: flat, body: bytes };
    }
    catch (error) {
        throw networkError(error, request.method, url, proxy, timeoutMs);
    }
}
/** True for errors that mean "this is not TLS" or "this certificate is not trusted": retrying won't help. */
function isTlsProblem(error) {
    const { code, message } = errorParts(error);
    return (/SSL|TLS|CERT|certificate|wrong version number|self.signed|EPROTO/i.test(`${code} ${message}`) &&
        code !== 'ECONNRESET');
}
/** `origin` + path: no query (upload URLs carry state tokens, token URLs carry scopes). */
function describeUrl(url) {
    return `${url.origin}${url.pathname}`;
}
function networkError(error, method, url, proxy, timeoutMs) {
    const { code, message } = errorParts(error);
    const where = `${method} ${describeUrl(url)}`;
    const via = proxy ? describeProxy(proxy) : undefined;
    if (via && /Proxy response \((\d+)\)/.test(message)) {
        const status = /Proxy response \((\d+)\)/.exec(message)?.[1];
        const why = status === '407'
            ? 'asked for credentials it was not given or refused them (407)'
            : `refused the connection (${status})`;
        return new NetworkError(`${where}: the proxy ${via} ${why}; check HTTPS_PROXY / HTTP_PROXY (credentials go in the URL) or add the host to NO_PROXY`, false, via);
    }
    const timedOut = /timeout|aborted/i.test(`${code} ${message}`);
    const detail = timedOut ? `no answer within ${timeoutMs} ms` : message || code;
    const through = via ? ` (through the proxy ${via})` : '';
    // TLS and certificate problems are configuration, not transient: retrying will not fix them.
    const connectFailed = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT/.test(code);
    return new NetworkError(`${where}${through}: ${detail}`, !isTlsProblem(error), via, connectFailed);
}
function errorParts(error) {
    if (typeof error !== 'object' || error === null)
        return { code: '', message: String(error) };
    const { code, message, cause } = error;
    // undici wraps the socket's error (ECONNREFUSED, certificate errors) as the cause of "fetch failed"-like errors.
    const inner = cause && typeof cause === 'object' ? errorParts(cause) : { code: '', message: '' };
    return {
        code: String(code ?? '') || inner.code,
        message: [typeof message === 'string' ? message : '', inner.message].filter(Boolean).join(': '),
    };
}
const dispatchers = new Map();
/** One connection pool per (proxy, CA set): keep-alive across a client's calls, distinct trust kept apart. */
function dispatcherFor(proxy, ca) {
    const key = `${proxy?.href ?? ''}\n${(ca ?? []).join('\n')}`;
    let dispatcher = dispatchers.get(key);
    if (!dispatcher) {
        dispatcher = (async () => {
            const { Agent, ProxyAgent } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
            const tls = ca && ca.length > 0 ? { ca: [...external_node_tls_.rootCertificates, ...ca] } : {};
            // undici reads user:password from the proxy URL and sends them as Proxy-Authorization.
            return proxy ? new ProxyAgent({ uri: proxy.href, requestTls: tls }) : new Agent({ connect: tls });
        })();
        dispatchers.set(key, dispatcher);
    }
    return dispatcher;
}
/**
 * A `fetch` for SDKs that take one (Octokit): the same proxy rules, CAs and error wording as `send`,
 * one request per call (retries stay with the caller's engine).
 */
function layerFetch(options = {}) {
    const layered = async (input, init) => {
        const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
        const proxy = proxyFor(url, options.proxyEnv ?? process.env);
        const { fetch: undiciFetch } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
        try {
            const dispatcher = await dispatcherFor(proxy, options.ca);
            return (await undiciFetch(url, { ...init, dispatcher }));
        }
        catch (error) {
            throw networkError(error, init?.method ?? 'GET', url, proxy, options.timeoutMs ?? 30_000);
        }
    };
    return layered;
}

;// CONCATENATED MODULE: ./src/analysis/http-transport.ts



/** Network failure or timeout: no HTTP answer at all. */
class TransportError extends errors/* ActionFailure */.dR {
    untrusted;
    constructor(message, 
    /** The server's certificate is not trusted (or it does not speak TLS): a CA to configure, not an outage. */
    untrusted = false) {
        super(message);
        this.untrusted = untrusted;
    }
}
/**
 * The transport over the runtime's `send` (one attempt; `ca` for a private server). Every status is
 * returned, 5xx included, so callers classify it; only the absence of an answer throws.
 */
function sendTransport(options = {}) {
    return {
        async request({ method, url, headers, timeoutMs }) {
            try {
                const response = await send({ method, url, headers }, { ca: options.ca ? [options.ca] : undefined, timeoutMs, retry: retry/* NO_RETRY */.PE });
                return { status: response.status, headers: response.headers, body: response.body.toString('utf8') };
            }
            catch (error) {
                if (error instanceof NetworkError)
                    throw new TransportError(error.message, isTlsProblem(error));
                throw error;
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/analysis/alertmanager-client.ts


/** Alertmanager did not answer usefully: counted like a Prometheus error, never read as "no alerts". */
class AlertmanagerUnavailable extends errors/* ActionFailure */.dR {
    constructor(message) {
        super(message);
    }
}
/** Whether one alert satisfies every matcher of a set (Alertmanager's semantics: regexes are anchored). */
function matchesSet(labels, set) {
    return set.every((m) => {
        const value = labels[m.name] ?? '';
        switch (m.operator) {
            case '=':
                return value === m.value;
            case '!=':
                return value !== m.value;
            case '=~':
                return new RegExp(`^(?:${m.value})$`).test(value);
            case '!~':
                return !new RegExp(`^(?:${m.value})$`).test(value);
        }
    });
}
/** The alerts matching any of the matcher sets (`abort-on-alerts` lines are alternatives). */
function matchingAlerts(alerts, sets) {
    return alerts.filter((alert) => sets.some((set) => matchesSet(alert.labels, set)));
}
/** One line per alert for the log and the reason: `HighErrorRate{service="web",severity="critical"}`. */
function describeAlert(alert) {
    const { alertname = 'alert', ...rest } = alert.labels;
    const labels = Object.entries(rest)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
    const summary = alert.annotations.summary ? `: ${alert.annotations.summary}` : '';
    return `${alertname}{${labels}}${summary}`;
}
/** Reads the active (not silenced, not inhibited) alerts from Alertmanager's v2 API. */
class AlertmanagerClient {
    transport;
    timeoutMs;
    base;
    constructor(transport, url, timeoutMs = 5_000) {
        this.transport = transport;
        this.timeoutMs = timeoutMs;
        this.base = url.replace(/\/+$/, '');
    }
    async firing() {
        const url = `${this.base}/api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=false`;
        let response;
        try {
            response = await this.transport.request({
                method: 'GET',
                url,
                headers: { Accept: 'application/json' },
                timeoutMs: this.timeoutMs,
            });
        }
        catch (error) {
            if (error instanceof TransportError)
                throw new AlertmanagerUnavailable(`Alertmanager did not answer: ${error.message}`);
            throw error;
        }
        if (response.status !== 200)
            throw new AlertmanagerUnavailable(`Alertmanager answered ${response.status}`);
        let list;
        try {
            list = JSON.parse(response.body);
        }
        catch {
            throw new AlertmanagerUnavailable('Alertmanager answered something that is not JSON');
        }
        if (!Array.isArray(list))
            throw new AlertmanagerUnavailable('Alertmanager answered something that is not a list');
        return list
            .filter((a) => (a.status?.state ?? 'active') === 'active')
            .map((a) => ({ labels: a.labels ?? {}, annotations: a.annotations ?? {}, startsAt: a.startsAt }));
    }
}

;// CONCATENATED MODULE: ./src/analysis/query-template.ts

const TEMPLATE_VARIABLES = [
    'service',
    'namespace',
    'canary',
    'stable',
    'window',
];
/**
 * Fills `{{name}}` placeholders (spaces allowed inside the braces). An unknown name is refused rather
 * than left in place, so `{{serivce}}` fails before the first query instead of matching nothing.
 */
function renderQuery(template, values) {
    return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_whole, name) => {
        if (!TEMPLATE_VARIABLES.includes(name))
            throw new errors/* InvalidValue */.h6(`{{${name}}} is not a template variable`, TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', '));
        return values[name];
    });
}
/** A PromQL duration for an interval in ms: whole seconds, at least `minSeconds` (a rate needs two scrapes). */
function promDuration(ms, minSeconds = 10) {
    const seconds = Math.max(minSeconds, Math.ceil(ms / 1000));
    return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

;// CONCATENATED MODULE: ./src/analysis/analysis-checks.ts


const CANARY = 'service="{{service}}",namespace="{{namespace}}",track="{{canary}}"';
/** The presets, in the same form users write, so the summary can print them for copying. */
const PRESET_CHECKS = {
    'error-rate': {
        name: 'error-rate',
        query: `sum(rate(http_requests_total{${CANARY},code=~"5.."}[{{window}}])) / sum(rate(http_requests_total{${CANARY}}[{{window}}]))`,
        max: 0.05,
    },
    'latency-p99': {
        name: 'latency-p99',
        query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${CANARY}}[{{window}}])))`,
        max: 0.5,
    },
};
/** The canary's request count over the window: what `min-requests` compares with. */
const PRESET_REQUESTS = `sum(increase(http_requests_total{${CANARY}}[{{window}}]))`;
const ACCEPTED = 'a YAML document `checks: [{name, query, max | min | baseline with max-ratio / max-delta}]` (optionally `requests: <PromQL>`), or preset names';
const FIELDS = ['name', 'query', 'max', 'min', 'baseline', 'max-ratio', 'max-delta'];
/** The plan for the `analysis` input: presets expanded, or the YAML parsed and checked field by field. */
async function planAnalysis(spec) {
    if (spec.kind === 'presets')
        return { checks: spec.presets.map((p) => ({ ...PRESET_CHECKS[p] })), requests: PRESET_REQUESTS };
    // YAML's parser is loaded only when the analysis is YAML (the action's entry chunk stays small).
    const { parse } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    let document;
    try {
        document = parse(spec.text);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1('analysis', `the YAML does not parse (${error.message.split('\n')[0]})`, ACCEPTED);
    }
    const root = Array.isArray(document) ? { checks: document } : document;
    if (typeof root !== 'object' || root === null || !Array.isArray(root.checks))
        throw new errors/* ConfigurationError */.j1('analysis', 'there is no list of checks', ACCEPTED);
    const { checks, requests } = root;
    if (checks.length === 0)
        throw new errors/* ConfigurationError */.j1('analysis', 'the list of checks is empty', ACCEPTED);
    if (requests !== undefined && typeof requests !== 'string')
        throw new errors/* ConfigurationError */.j1('analysis', '`requests` must be a PromQL string', ACCEPTED);
    const parsed = checks.map((entry, index) => parseCheck(entry, index));
    const names = parsed.map((c) => c.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate)
        throw new errors/* ConfigurationError */.j1('analysis', `two checks are named "${duplicate}"`, 'unique check names');
    return { checks: parsed, requests };
}
function parseCheck(entry, index) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        throw new errors/* ConfigurationError */.j1('analysis', `check ${index + 1} is not a mapping`, ACCEPTED);
    const record = entry;
    const name = typeof record.name === 'string' && record.name.trim() ? record.name.trim() : `check ${index + 1}`;
    const fail = (problem) => {
        throw new errors/* ConfigurationError */.j1('analysis', `check "${name}": ${problem}`, ACCEPTED);
    };
    if (typeof record.name !== 'string' || !record.name.trim())
        fail('`name` is missing');
    const unknown = Object.keys(record).filter((k) => !FIELDS.includes(k));
    if (unknown.length > 0)
        fail(`unknown field(s) ${unknown.map((k) => `\`${k}\``).join(', ')} (fields: ${FIELDS.join(', ')})`);
    if (typeof record.query !== 'string' || !record.query.trim())
        fail('`query` is missing');
    const number = (field) => {
        const value = record[field];
        if (value === undefined)
            return undefined;
        if (typeof value !== 'number' || !Number.isFinite(value))
            fail(`\`${field}\` must be a number, got ${JSON.stringify(value)}`);
        return value;
    };
    const check = {
        name,
        query: String(record.query).trim(),
        max: number('max'),
        min: number('min'),
        baseline: typeof record.baseline === 'string' ? record.baseline.trim() : undefined,
        maxRatio: number('max-ratio'),
        maxDelta: number('max-delta'),
    };
    if (record.baseline !== undefined && typeof record.baseline !== 'string')
        fail('`baseline` must be a PromQL string');
    if (check.baseline === undefined && (check.maxRatio !== undefined || check.maxDelta !== undefined))
        fail('`max-ratio` and `max-delta` need a `baseline` query');
    if (check.baseline !== undefined && check.maxRatio === undefined && check.maxDelta === undefined)
        fail('a `baseline` needs `max-ratio` and/or `max-delta`');
    if (check.maxRatio !== undefined && check.maxRatio <= 0)
        fail('`max-ratio` must be above 0');
    if (check.max === undefined && check.min === undefined && check.baseline === undefined)
        fail('it has no threshold: give `max`, `min`, or a `baseline` with `max-ratio` / `max-delta`');
    if (check.max !== undefined && check.min !== undefined && check.min > check.max)
        fail('`min` is above `max`');
    return check;
}
/** Fills every query of the plan; an unknown `{{variable}}` is a ConfigurationError naming the check. */
function renderPlan(plan, values) {
    const render = (check, field, template) => {
        try {
            return renderQuery(template, values);
        }
        catch (error) {
            if (error instanceof errors/* InvalidValue */.h6)
                throw new errors/* ConfigurationError */.j1('analysis', `check "${check}", \`${field}\`: ${error.problem}`, error.accepted);
            throw error;
        }
    };
    return {
        checks: plan.checks.map((c) => ({
            ...c,
            template: c.query,
            baselineTemplate: c.baseline,
            query: render(c.name, 'query', c.query),
            baseline: c.baseline === undefined ? undefined : render(c.name, 'baseline', c.baseline),
        })),
        requests: plan.requests === undefined ? undefined : render('requests', 'requests', plan.requests),
    };
}
/** The plan as the YAML a user would write (presets printed so they can be copied and tuned). */
function planToYaml(plan) {
    const q = (text) => `'${text.replace(/'/g, "''")}'`;
    const lines = ['checks:'];
    for (const c of plan.checks) {
        lines.push(`  - name: ${c.name}`, `    query: ${q(c.query)}`);
        if (c.max !== undefined)
            lines.push(`    max: ${c.max}`);
        if (c.min !== undefined)
            lines.push(`    min: ${c.min}`);
        if (c.baseline !== undefined)
            lines.push(`    baseline: ${q(c.baseline)}`);
        if (c.maxRatio !== undefined)
            lines.push(`    max-ratio: ${c.maxRatio}`);
        if (c.maxDelta !== undefined)
            lines.push(`    max-delta: ${c.maxDelta}`);
    }
    if (plan.requests !== undefined)
        lines.push(`requests: ${q(plan.requests)}`);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/analysis/prometheus-client.ts


/** Prometheus refused the query itself (400/422 `bad_data`): a typo or wrong PromQL, never transient. */
class BadQueryError extends errors/* ActionFailure */.dR {
    query;
    detail;
    constructor(query, detail) {
        super(`Prometheus refused the query: ${detail}`);
        this.query = query;
        this.detail = detail;
    }
}
/** Prometheus could not answer (5xx, timeout, network, garbled body): counted as an analysis error. */
class PrometheusUnavailable extends errors/* ActionFailure */.dR {
    constructor(message) {
        super(message);
    }
}
/** A small Prometheus HTTP API client: instant queries only, which is all the analysis needs. */
class PrometheusClient {
    transport;
    timeoutMs;
    base;
    headers;
    constructor(transport, target, timeoutMs = target.timeoutMs ?? 10_000) {
        this.transport = transport;
        this.timeoutMs = timeoutMs;
        this.base = target.url.replace(/\/+$/, '');
        this.headers = { Accept: 'application/json' };
        if (target.token)
            this.headers.Authorization = `Bearer ${target.token}`;
        else if (target.username !== undefined)
            this.headers.Authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
    }
    /** The URL an instant query is sent to (what the report shows as "the query as sent"). */
    queryUrl(query, time) {
        const params = new URLSearchParams({ query });
        if (time !== undefined)
            params.set('time', String(time));
        return `${this.base}/api/v1/query?${params.toString()}`;
    }
    /** Runs an instant query; throws BadQueryError or PrometheusUnavailable, nothing else. */
    async query(query, time) {
        let response;
        try {
            response = await this.transport.request({
                method: 'GET',
                url: this.queryUrl(query, time),
                headers: this.headers,
                timeoutMs: this.timeoutMs,
            });
        }
        catch (error) {
            if (error instanceof TransportError)
                throw new PrometheusUnavailable(`Prometheus did not answer: ${error.message}${error.untrusted ? '; its certificate is not trusted: give prometheus-ca the CA certificate that signed it (PEM content or a path)' : ''}`);
            throw error;
        }
        let answer;
        try {
            answer = JSON.parse(response.body);
        }
        catch {
            answer = undefined;
        }
        if ((response.status === 400 || response.status === 422) && answer?.errorType === 'bad_data')
            throw new BadQueryError(query, answer.error ?? 'bad_data');
        if (response.status === 401 || response.status === 403)
            throw new PrometheusUnavailable(`Prometheus answered ${response.status}: check prometheus-token or the basic-auth inputs`);
        if (response.status !== 200 || answer?.status !== 'success')
            throw new PrometheusUnavailable(`Prometheus answered ${response.status}${answer?.error ? `: ${answer.error}` : ''}`);
        return parseResult(query, answer.data);
    }
}
function parseResult(query, data) {
    const type = data?.resultType;
    const result = data?.result;
    if (type === 'scalar' && Array.isArray(result)) {
        return { samples: [{ labels: {}, value: Number(result[1]) }], time: Number(result[0]) };
    }
    if (type === 'vector' && Array.isArray(result)) {
        const samples = result.map((r) => ({
            labels: r.metric ?? {},
            value: Number(r.value?.[1]),
        }));
        return { samples, time: result[0]?.value?.[0] };
    }
    // A range vector (`foo[5m]` without a function) is a mistake in the query, not an outage.
    if (type === 'matrix' || type === 'string')
        throw new BadQueryError(query, `it returns a ${type}; an analysis query must return an instant vector or a scalar`);
    throw new PrometheusUnavailable(`Prometheus answered a malformed result (${String(type)})`);
}

// EXTERNAL MODULE: ./src/analysis/sample-judgement.ts
var sample_judgement = __webpack_require__(2408);
;// CONCATENATED MODULE: ./src/analysis/analysis-engine.ts



const realClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
async function ask(prometheus, check, query) {
    try {
        return { values: (await prometheus.query(query)).samples.map((s) => s.value) };
    }
    catch (error) {
        if (error instanceof BadQueryError)
            throw new errors/* ConfigurationError */.j1('analysis', `check "${check}": ${error.message} (query as sent: ${query})`, 'PromQL that Prometheus accepts and that returns an instant vector or scalar');
        if (error instanceof PrometheusUnavailable)
            return { error: error.message };
        throw error;
    }
}
/** One round: every query of every check, at once. */
async function takeSample(run, index, at) {
    const { settings, prometheus } = run;
    const [requestsAnswer, ...answers] = await Promise.all([
        run.requests === undefined ? undefined : ask(prometheus, 'requests', run.requests),
        ...run.checks.map(async (check) => ({
            canary: await ask(prometheus, check.name, check.query),
            baseline: check.baseline === undefined ? undefined : await ask(prometheus, check.name, check.baseline),
        })),
    ]);
    const checks = run.checks.map((check, i) => {
        const { canary, baseline } = answers[i];
        const base = { check: check.name, query: check.query, baselineQuery: check.baseline };
        const failed = [canary, baseline].find((a) => a !== undefined && 'error' in a);
        if (failed)
            return { ...base, outcome: 'error', message: failed.error };
        const value = (0,sample_judgement/* representative */.wz)(canary.values, check);
        const stable = baseline && 'values' in baseline ? (0,sample_judgement/* representative */.wz)(baseline.values, { max: 0 }) : undefined;
        return { ...base, value, baseline: stable, ...(0,sample_judgement/* judgeCheck */.GE)(check, value, stable, settings.noData) };
    });
    const record = { index, at: new Date(at).toISOString(), outcome: 'pass', checks };
    if (requestsAnswer && 'values' in requestsAnswer)
        record.requests = (0,sample_judgement/* representative */.wz)(requestsAnswer.values, { max: 0 }) ?? 0;
    const outcomes = checks.map((c) => c.outcome);
    if (outcomes.includes('error') || (requestsAnswer && 'error' in requestsAnswer)) {
        record.outcome = 'error';
        if (requestsAnswer && 'error' in requestsAnswer)
            record.note = `requests query: ${requestsAnswer.error}`;
    }
    else if (record.requests !== undefined && record.requests < settings.minRequests) {
        // Low traffic is not evidence either way: never a pass, and not a failure of the canary.
        record.outcome = 'inconclusive';
        record.note = `${Math.floor(record.requests)} requests, below min-requests ${settings.minRequests}`;
    }
    else if (outcomes.includes('fail'))
        record.outcome = 'fail';
    else if (outcomes.includes('inconclusive'))
        record.outcome = 'inconclusive';
    return record;
}
function firstFailure(sample) {
    return sample.checks.find((c) => c.outcome === 'fail');
}
/**
 * Runs the analysis: every query once at the start (so a typo or unknown metric fails in seconds, as a
 * ConfigurationError naming the check), then a sample every interval for `count` samples (or
 * `duration / interval`). It stops as soon as the outcome is certain. Never a silent pass: errors and
 * inconclusive samples are never counted as passes, and an analysis with no passing sample does not pass.
 */
async function runAnalysis(run) {
    const clock = run.clock ?? realClock;
    const { settings } = run;
    const started = clock.now();
    const samples = [];
    const finish = (outcome, reason) => ({
        outcome,
        reason,
        samples,
        elapsedMs: clock.now() - started,
    });
    const preflight = await takeSample(run, 0, started);
    samples.push(preflight);
    run.onSample?.(preflight);
    const total = settings.count ?? Math.max(1, Math.floor(settings.durationMs / settings.intervalMs));
    let failures = 0;
    let consecutiveFailures = 0;
    let consecutiveErrors = preflight.outcome === 'error' ? 1 : 0;
    let passes = 0;
    let inconclusive = 0;
    for (let index = 1; index <= total; index++) {
        // Scheduled from the start, so slow queries do not stretch the analysis.
        await clock.sleep(Math.max(0, started + index * settings.intervalMs - clock.now()));
        const abort = await run.abortCheck?.();
        if (abort)
            return finish('aborted', abort);
        const sample = await takeSample(run, index, clock.now());
        samples.push(sample);
        run.onSample?.(sample);
        switch (sample.outcome) {
            case 'error':
                consecutiveErrors++;
                if (consecutiveErrors >= settings.consecutiveErrorLimit)
                    return finish('failed', {
                        code: 'prometheus-errors',
                        message: `Prometheus failed ${consecutiveErrors} times in a row (consecutive-error-limit ${settings.consecutiveErrorLimit}): ${sample.note ?? sample.checks.find((c) => c.outcome === 'error')?.message ?? ''}`,
                    });
                break;
            case 'fail': {
                consecutiveErrors = 0;
                failures++;
                consecutiveFailures++;
                const check = firstFailure(sample);
                if (consecutiveFailures >= settings.consecutiveFailureLimit)
                    return finish('failed', {
                        code: check.check,
                        message: `${check.check}: ${check.message} in ${consecutiveFailures} consecutive sample(s) (consecutive-failure-limit ${settings.consecutiveFailureLimit})`,
                    });
                if (failures > settings.failureLimit)
                    return finish('failed', {
                        code: check.check,
                        message: `${check.check}: ${check.message}; ${failures} failed samples, more than failure-limit ${settings.failureLimit}`,
                    });
                break;
            }
            case 'inconclusive':
                consecutiveErrors = 0;
                inconclusive++;
                break;
            case 'pass':
                consecutiveErrors = 0;
                consecutiveFailures = 0;
                passes++;
                break;
        }
    }
    const judged = samples.length - 1;
    if (passes === 0 && samples.slice(1).every((s) => s.outcome === 'error'))
        return finish('failed', {
            code: 'prometheus-errors',
            message: `no sample of ${judged} got an answer from Prometheus; an analysis without evidence does not pass`,
        });
    if (passes === 0 || inconclusive >= passes)
        return finish('inconclusive', {
            code: 'inconclusive',
            message: `${inconclusive} of ${judged} samples inconclusive, ${passes} passed (low traffic or no data): not enough evidence to promote`,
        });
    return finish('passed', {
        code: 'analysis-passed',
        message: `${passes} of ${judged} samples passed, ${failures} failed (failure-limit ${settings.failureLimit})`,
    });
}

;// CONCATENATED MODULE: ./src/analysis/health-checks.ts

/** One request judged: status first, then the body pattern; a timeout or refused connection is a failure. */
async function probe(transport, check, timeoutMs) {
    try {
        const response = await transport.request({ method: 'GET', url: check.url, timeoutMs });
        if (response.status !== check.expectedStatus)
            return {
                url: check.url,
                ok: false,
                message: `answered ${response.status}, expected ${check.expectedStatus}`,
            };
        if (check.bodyPattern !== undefined && !new RegExp(check.bodyPattern).test(response.body))
            return { url: check.url, ok: false, message: `body does not match /${check.bodyPattern}/` };
        return { url: check.url, ok: true, message: `${response.status}` };
    }
    catch (error) {
        if (error instanceof TransportError)
            return { url: check.url, ok: false, message: `no answer: ${error.message}` };
        throw error;
    }
}
/**
 * Every URL must succeed `successes` times in a row (a failure starts its count again); rounds run
 * every interval, all URLs at once, until all have their streak or the deadline passes.
 */
async function runHealthChecks(checks, transport, settings, clock) {
    const streak = new Map(checks.map((c) => [c.url, 0]));
    const last = new Map();
    const attempts = [];
    const started = clock.now();
    for (let round = 0;; round++) {
        const pending = checks.filter((c) => (streak.get(c.url) ?? 0) < settings.successes);
        if (pending.length === 0)
            return { ok: true, attempts };
        // Rounds are scheduled from the start (slow answers do not stretch the interval); a round that would
        // start at or past the deadline is not started, so no request is sent after it.
        const roundAt = Math.max(clock.now(), started + round * settings.intervalMs);
        if (roundAt - started >= settings.deadlineMs) {
            const failing = pending.map((c) => `${c.url}: ${last.get(c.url)?.message ?? 'not tried'} (${streak.get(c.url)}/${settings.successes} in a row)`);
            return {
                ok: false,
                attempts,
                reason: { code: 'health-check', message: `health check failed: ${failing.join('; ')}` },
            };
        }
        if (round > 0)
            await clock.sleep(Math.max(0, roundAt - clock.now()));
        for (const attempt of await Promise.all(pending.map((c) => probe(transport, c, settings.timeoutMs)))) {
            attempts.push(attempt);
            last.set(attempt.url, attempt);
            streak.set(attempt.url, attempt.ok ? (streak.get(attempt.url) ?? 0) + 1 : 0);
        }
    }
}

;// CONCATENATED MODULE: ./src/analysis/live-deployments.ts

/**
 * The live Deployments named (or selected), found with one LIST per namespace rather than a GET per
 * name: the rollout waiter then watches from that LIST, so finding them costs no extra request. A
 * missing one is an ActionFailure naming it.
 */
async function resolveDeployments(client, options) {
    if (options.selector) {
        const list = await client.list('apps/v1', 'Deployment', options.namespace, options.selector);
        if (list.items.length === 0)
            throw new errors/* ActionFailure */.dR(`No Deployment in namespace ${options.namespace} matches selector ${options.selector}`);
        return { lives: list.items, lists: new Map([[options.namespace, list]]) };
    }
    const byNamespace = new Map();
    for (const w of options.workloads) {
        const namespace = w.namespace ?? options.namespace;
        byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), w.name]);
    }
    const found = await Promise.all([...byNamespace].map(([namespace, names]) => listDeployments(client, namespace, names)));
    const lives = found.flatMap((f) => f.lives);
    for (const w of options.workloads) {
        const namespace = w.namespace ?? options.namespace;
        if (!lives.some((l) => l.metadata.name === w.name && (l.metadata.namespace ?? namespace) === namespace))
            throw new errors/* ActionFailure */.dR(`Deployment ${w.name} does not exist in namespace ${namespace}`);
    }
    return { lives, lists: new Map(found.flatMap((f) => [...f.lists])) };
}
/** The named Deployments of one namespace that exist, in the order named, from one LIST. */
async function listDeployments(client, namespace, names) {
    const list = await client.list('apps/v1', 'Deployment', namespace);
    const lives = names
        .map((name) => list.items.find((d) => d.metadata.name === name))
        .filter((d) => !!d)
        .map((d) => ({ ...d, metadata: { ...d.metadata, namespace: d.metadata.namespace ?? namespace } }));
    return { lives, lists: new Map([[namespace, list]]) };
}

;// CONCATENATED MODULE: ./src/analysis/log-redaction.ts
/**
 * Redaction of container log lines before they reach a job log or summary. Services print credentials
 * far more often than they should (connection strings at start-up, tokens in error messages), and a
 * crash report is exactly where they turn up; the runner's masker only knows the secrets it was given.
 */
const RULES = [
    // user:password@ in any URL (postgres://app:pw@db, https://u:p@host).
    [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, '$1:***@'],
    // Authorization headers and bearer tokens.
    [/\b(authorization\s*[:=]\s*)(bearer|basic|token)?\s*[^\s,;]+/gi, '$1$2 ***'],
    [/\bbearer\s+[a-z0-9._~+/=-]{8,}/gi, 'Bearer ***'],
    // key=value / key: value pairs whose key says secret.
    [
        /\b([a-z0-9_.-]*(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[a-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
        '$1$3***',
    ],
    // Well-known token shapes: AWS access keys, GitHub tokens, JWTs, Slack tokens.
    [/\bAKIA[0-9A-Z]{16}\b/g, '***'],
    [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, '***'],
    [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, '***'],
    [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, '***'],
];
/** One log line with credentials replaced by `***`; `known` adds exact values to hide (e.g. inputs). */
function redactLine(line, known = []) {
    let out = line;
    for (const value of known)
        if (value.length >= 4)
            out = out.split(value).join('***');
    for (const [pattern, replacement] of RULES)
        out = out.replace(pattern, replacement);
    return out;
}
/** The last `count` lines of a log, redacted, without the trailing empty line a log ends with. */
function lastLogLines(text, count, known = []) {
    const lines = text.replace(/\n$/, '').split('\n');
    return (text === '' ? [] : lines.slice(-count)).map((line) => redactLine(line, known));
}

;// CONCATENATED MODULE: ./src/analysis/pod-diagnosis.ts
/** Waiting reasons that will not go away by waiting for the progress deadline. */
const FATAL_WAITING = [
    'CrashLoopBackOff',
    'ErrImagePull',
    'ImagePullBackOff',
    'CreateContainerConfigError',
    'InvalidImageName',
];
/**
 * The failures of one pod, pure over its status: fatal waiting reasons, an OOM kill (current or last
 * state), and more restarts than `maxRestarts`. One entry per container, the most telling reason first
 * (an OOM kill explains a CrashLoopBackOff, so it wins over it).
 */
function diagnosePod(pod, maxRestarts) {
    const name = pod.metadata?.name ?? '(unnamed)';
    const statuses = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
    ];
    const failures = [];
    for (const status of statuses) {
        const failure = diagnoseContainer(status, maxRestarts);
        if (failure)
            failures.push({ pod: name, container: status.name, restarts: status.restartCount, ...failure });
    }
    return failures;
}
function diagnoseContainer(status, maxRestarts) {
    const waiting = status.state?.waiting;
    const oom = [status.state?.terminated, status.lastState?.terminated].find((t) => t?.reason === 'OOMKilled');
    if (oom)
        return {
            reason: 'OOMKilled',
            message: `killed for using more memory than its limit (exit code ${oom.exitCode}); raise resources.limits.memory or fix the leak`,
        };
    const reason = waiting?.reason;
    if (reason && FATAL_WAITING.includes(reason))
        return { reason, message: waiting?.message ?? explain(reason) };
    if (status.restartCount > maxRestarts)
        return {
            reason: 'TooManyRestarts',
            message: `restarted ${status.restartCount} times (max-restarts is ${maxRestarts})${status.lastState?.terminated ? `; last exit code ${status.lastState.terminated.exitCode} (${status.lastState.terminated.reason ?? 'unknown'})` : ''}`,
        };
    return undefined;
}
function explain(reason) {
    switch (reason) {
        case 'CrashLoopBackOff':
            return 'the container keeps exiting; its last log lines say why';
        case 'ErrImagePull':
        case 'ImagePullBackOff':
        case 'InvalidImageName':
            return 'the image cannot be pulled: check the reference, that it was pushed, and the pull secret';
        case 'CreateContainerConfigError':
            return 'a ConfigMap or Secret the container refers to is missing, or a key in it';
        default:
            return reason;
    }
}
/** The recent events of one pod as short lines, newest last (`Warning BackOff: …`). */
function describeEvents(events, pod, limit = 5) {
    const time = (e) => new Date(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? 0).getTime();
    return events
        .filter((e) => e.involvedObject?.kind === 'Pod' && e.involvedObject.name === pod)
        .sort((a, b) => time(a) - time(b))
        .slice(-limit)
        .map((e) => `${e.type ?? 'Normal'} ${e.reason ?? ''}: ${e.message ?? ''}${(e.count ?? 1) > 1 ? ` (×${e.count})` : ''}`);
}
/** One failure as the lines an on-call engineer reads first. */
function formatPodFailure(failure) {
    return [
        `pod ${failure.pod}, container ${failure.container}: ${failure.reason} — ${failure.message}`,
        ...(failure.events ?? []).map((line) => `  event: ${line}`),
        ...(failure.logs ?? []).map((line) => `  log: ${line}`),
    ];
}

;// CONCATENATED MODULE: ./src/analysis/rollout-watch.ts




const LOG_LINES = 10;
/**
 * Waits for every Deployment at once (the one waiter: LIST + WATCH, one overall timeout) while a pod
 * WATCH diagnoses their pods: the first fatal pod state (crash loop, pull error, OOM, config error, too
 * many restarts) ends the wait at once, long before the progress deadline, with its events and last log
 * lines (redacted). One WATCH of pods per namespace (it starts with the current pods), never a polling loop.
 */
async function watchRollout(client, deployments, options) {
    const stop = new AbortController();
    let podFailure;
    const pods = watchPods(client, deployments, options.maxRestarts, stop.signal)
        .then((failures) => {
        if (failures.length === 0)
            return;
        podFailure = failures;
        stop.abort();
    })
        .catch(() => undefined);
    try {
        await waitForRollouts(client, [...deployments], {
            timeoutMs: options.timeoutMs,
            onProgress: options.onProgress,
            signal: stop.signal,
            initial: options.initial,
        });
    }
    catch (error) {
        if (!(error instanceof RolloutFailed))
            throw error;
        if (!podFailure) {
            stop.abort();
            const deadline = error.results.some((r) => /ProgressDeadlineExceeded|exceeded its progress/.test(r.status.message));
            return {
                failure: { code: deadline ? 'progress-deadline' : 'rollout-timeout', message: error.message },
                pods: [],
            };
        }
    }
    finally {
        stop.abort();
    }
    await pods;
    if (!podFailure)
        return { pods: [] };
    const namespace = deployments[0].namespace;
    const detailed = await Promise.all(podFailure.map((f) => withDetails(client, namespace, f, options.secrets)));
    const first = detailed[0];
    return {
        failure: {
            code: first.reason,
            message: `pod ${first.pod}, container ${first.container}: ${first.reason} — ${first.message}`,
        },
        pods: detailed.flatMap(formatPodFailure),
    };
}
const matches = (pod, labels) => Object.entries(labels).every(([k, v]) => pod.metadata?.labels?.[k] === v);
const imagesKey = (images) => [...images].sort().join('\n');
/** True when the pod is one of `d`'s and runs its current template's images. */
function isCurrentPodOf(pod, d) {
    if (d.namespace !== pod.metadata?.namespace || !matches(pod, d.matchLabels))
        return false;
    return !d.images || imagesKey((pod.spec?.containers ?? []).map((c) => c.image)) === imagesKey(d.images);
}
/** Resolves with the failures of the first failing pod; never resolves when none fails before `signal`. */
async function watchPods(client, deployments, maxRestarts, signal) {
    const namespaces = [...new Set(deployments.map((d) => d.namespace))];
    return new Promise((resolve, reject) => {
        // Stopped without a failure (the rollouts finished first): nothing to report.
        signal.addEventListener('abort', () => resolve([]));
        const inspect = (pod) => {
            if (!deployments.some((d) => isCurrentPodOf(pod, d)))
                return;
            const failures = diagnosePod(pod, maxRestarts);
            if (failures.length > 0)
                resolve(failures);
        };
        const follow = async (namespace) => {
            // Without a resourceVersion the server first sends every pod as ADDED (a consistent read, as a LIST
            // is), then the changes: one request where LIST + WATCH take two. A watch that ends is resumed from
            // the last resourceVersion seen; after a 410 it starts again from the current state (a pod looked
            // at twice is harmless). No 30 s renewal here: a stalled pod watch only delays fail-fast, while
            // the Deployment watch (renewed every 30 s) and the overall timeout still decide.
            let resourceVersion;
            while (!signal.aborted) {
                let gone = false;
                const handle = await client.watch({ apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespace }, `/api/v1/namespaces/${namespace}/pods`, { ...(resourceVersion ? { resourceVersion } : {}), allowWatchBookmarks: true }, (type, object) => {
                    if (type === 'ERROR') {
                        if (object.code === 410)
                            gone = true;
                        return;
                    }
                    const o = object;
                    if (o.metadata?.resourceVersion)
                        resourceVersion = o.metadata.resourceVersion;
                    if (type === 'ADDED' || type === 'MODIFIED')
                        inspect(o);
                });
                const abort = () => handle.abort();
                // Stopped while the watch was opening: the listener below would never fire, so close it now.
                if (signal.aborted)
                    abort();
                signal.addEventListener('abort', abort);
                await handle.done;
                signal.removeEventListener('abort', abort);
                if (gone)
                    resourceVersion = undefined;
            }
        };
        for (const namespace of namespaces)
            follow(namespace).catch(reject);
    });
}
/** Adds the pod's recent events and its last log lines (the previous run's for a crash). */
async function withDetails(client, namespace, failure, secrets = []) {
    const [events, logs] = await Promise.all([
        client
            .list('v1', 'Event', namespace)
            .then((list) => describeEvents(list.items, failure.pod))
            .catch(() => []),
        failure.reason === 'ErrImagePull' || failure.reason === 'ImagePullBackOff'
            ? Promise.resolve([])
            : readLog(client, namespace, failure, secrets),
    ]);
    return { ...failure, events, logs };
}
async function readLog(client, namespace, failure, secrets) {
    // A crashed container's reason is in the run before the restart; a first run has no previous log.
    for (const previous of failure.restarts > 0 ? [true, false] : [false]) {
        try {
            const text = await client.podLog(namespace, failure.pod, failure.container, {
                tailLines: LOG_LINES,
                previous,
            });
            if (text)
                return lastLogLines(text, LOG_LINES, secrets);
        }
        catch (error) {
            if (!(error instanceof errors/* ActionFailure */.dR))
                throw error;
        }
    }
    return [];
}

;// CONCATENATED MODULE: ./src/analysis/verdict.ts
const VERDICTS = (/* unused pure expression or super */ null && (['promoted', 'rolled-back', 'frozen', 'awaiting-approval', 'failed']));
/**
 * The verdict, pure. An inconclusive or aborted analysis is a failure: nothing is promoted without
 * evidence. A rollback that did not verify is `failed` (the cluster needs a person), and says so.
 */
function decide(findings, remedy) {
    const analysisFailure = findings.analysis && findings.analysis.outcome !== 'passed' ? findings.analysis.reason : undefined;
    const failure = findings.failure ?? analysisFailure;
    if (!failure) {
        if (!remedy.autoPromote)
            return {
                verdict: 'awaiting-approval',
                reason: {
                    code: 'awaiting-approval',
                    message: 'verified; auto-promote is false, so promotion waits for a person',
                },
                success: true,
            };
        if (remedy.promotionVerified === false)
            return {
                verdict: 'failed',
                reason: {
                    code: 'promotion-not-verified',
                    message: 'the release verified, but the promotion did not roll out',
                },
                success: false,
            };
        return {
            verdict: 'promoted',
            reason: findings.analysis?.reason ?? { code: 'verified', message: 'rolled out and verified' },
            success: true,
        };
    }
    switch (remedy.onFailure) {
        case 'rollback':
            return remedy.rollbackVerified === false
                ? {
                    verdict: 'failed',
                    reason: {
                        code: failure.code,
                        message: `${failure.message}; the ROLLBACK DID NOT VERIFY: look at the cluster now`,
                    },
                    success: false,
                }
                : { verdict: 'rolled-back', reason: failure, success: false };
        case 'freeze':
            return {
                verdict: 'frozen',
                reason: {
                    code: failure.code,
                    message: `${failure.message}; on-failure is freeze: NOTHING WAS ROLLED BACK, the release is still live`,
                },
                success: false,
            };
        case 'none':
            return { verdict: 'failed', reason: failure, success: false };
    }
}

;// CONCATENATED MODULE: ./src/analysis/verify.ts












const HEALTH_TIMEOUT_MS = 5_000;
/**
 * verify-rollout end to end: rollout watched (pods diagnosed for fail-fast) → health checks →
 * Prometheus analysis with Alertmanager abort → decision → rollback or promotion through canary-deploy's
 * strategies, each itself verified with the same rollout rules.
 */
async function verifyRelease(client, options, logger, transport = sendTransport()) {
    const started = Date.now();
    const remaining = () => Math.max(1_000, options.timeoutMs - (Date.now() - started));
    const { lives, lists } = await resolveDeployments(client, options);
    let release = releaseOf(lives);
    const strategy = release.strategy;
    const secrets = [options.prometheus?.token, options.prometheus?.password].filter((s) => !!s);
    logger.info(`verifying ${lives.map((d) => d.metadata.name).join(', ')} (${describeRelease(release)}) in ${options.namespace}`);
    const rollout = await watchRollout(client, lives.map(watched), {
        timeoutMs: options.timeoutMs,
        maxRestarts: options.maxRestarts,
        onProgress: (m) => logger.info(m),
        secrets,
        initial: lists,
    });
    let failure = rollout.failure;
    if (!failure && options.healthChecks.length > 0) {
        const health = await runHealthChecks(options.healthChecks, transport, healthSettings(options, remaining()), realClock);
        failure = health.reason;
    }
    let analysis;
    let plan;
    if (!failure && options.analysis && options.prometheus) {
        const planned = await planAnalysis(options.analysis);
        plan = planToYaml(planned);
        const stable = lives.find((d) => !isCanary(d)) ?? lives[0];
        const rendered = renderPlan(planned, {
            service: stable.metadata.labels?.app ?? stable.metadata.name.replace(/-(canary|blue|green)$/, ''),
            namespace: options.namespace,
            canary: strategy === 'canary' ? 'canary' : 'stable',
            stable: 'stable',
            window: promDuration(options.intervalMs),
        });
        const { url, token, username, password, ca } = options.prometheus;
        const prometheus = new PrometheusClient(ca ? sendTransport({ ca }) : transport, {
            url,
            token,
            username,
            password,
        });
        analysis = await runAnalysis({
            checks: rendered.checks,
            requests: rendered.requests,
            settings: options,
            prometheus,
            abortCheck: alertCheck(options, transport),
            onSample: (s) => logger.info(`sample ${s.index}: ${s.outcome}${s.note ? ` (${s.note})` : ''}`),
        });
    }
    const notes = [];
    const failed = failure ?? (analysis && analysis.outcome !== 'passed' ? analysis.reason : undefined);
    const remedies = failed ? options.onFailure === 'rollback' : options.autoPromote;
    if (remedies)
        release = await withRouteOfOlderCanary(client, options.namespace, release, lives);
    const ctx = deployContext(client, options, release, logger, remaining());
    let rollbackVerified;
    let promotionVerified;
    let rolledBackTo;
    const pods = [...rollout.pods];
    // A rollback or a promotion is itself verified with the same rollout rules (and pod fail-fast), and a
    // gateway canary's HTTPRoute is read back.
    const verifyRemedy = async (result) => {
        const again = await listDeployments(client, options.namespace, result.workloads.map((w) => w.name));
        const check = await watchRollout(client, again.lives.map(watched), {
            timeoutMs: remaining(),
            maxRestarts: options.maxRestarts,
            secrets,
            initial: again.lists,
        });
        const routing = await verifyRouting(ctx, release);
        return {
            verified: !check.failure && routing.problems.length === 0,
            problems: [check.failure?.message, ...routing.problems].filter(Boolean).join('; '),
            pods: check.pods,
            routing: routing.lines,
        };
    };
    if (failed && options.onFailure === 'rollback') {
        try {
            const result = await rollBack(ctx, strategy, lives);
            rolledBackTo = result.digest;
            const remedy = await verifyRemedy(result);
            rollbackVerified = remedy.verified;
            pods.push(...remedy.pods);
            notes.push(rollbackVerified
                ? `Rolled back (${describeRelease(release)}): ${result.workloads.map((w) => w.name).join(', ')} ready again${rolledBackTo ? ` on ${rolledBackTo}` : ''}.`
                : `Rolled back (${describeRelease(release)}), but the rollback did not verify: ${remedy.problems}`, ...remedy.routing);
        }
        catch (error) {
            if (!(error instanceof errors/* ActionFailure */.dR))
                throw error;
            rollbackVerified = false;
            notes.push(`The rollback failed: ${error.message}`);
        }
    }
    else if (failed && options.onFailure === 'freeze') {
        notes.push('on-failure is freeze: NOTHING was changed in the cluster; the failing release is still live.');
    }
    else if (!failed && options.autoPromote) {
        const result = await promote(ctx, strategy);
        if (result) {
            const remedy = await verifyRemedy(result);
            promotionVerified = remedy.verified;
            notes.push(promotionVerified
                ? `Promoted (${describeRelease(release)}): ${result.workloads.map((w) => w.name).join(', ')} serve ${result.digest ?? 'the release'}.`
                : `Promoted (${describeRelease(release)}), but the promotion did not verify: ${remedy.problems}`, ...remedy.routing);
        }
    }
    const decision = decide({ failure, analysis }, { onFailure: options.onFailure, autoPromote: options.autoPromote, rollbackVerified, promotionVerified });
    return { decision, analysis, plan, pods, rolledBackTo, notes };
}
function watched(live) {
    const spec = live.spec;
    return {
        namespace: live.metadata.namespace ?? 'default',
        name: live.metadata.name,
        matchLabels: spec?.selector?.matchLabels ?? {},
        images: (spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
    };
}
function healthSettings(options, deadlineMs) {
    return {
        successes: options.healthSuccesses,
        intervalMs: options.healthIntervalMs,
        timeoutMs: HEALTH_TIMEOUT_MS,
        deadlineMs,
    };
}
/** Before each sample: a firing alert that matches aborts; an unreachable Alertmanager is a warning. */
function alertCheck(options, transport) {
    if (!options.alertmanagerUrl || options.abortOnAlerts.length === 0)
        return undefined;
    const alertmanager = new AlertmanagerClient(transport, options.alertmanagerUrl);
    return async () => {
        try {
            const firing = matchingAlerts(await alertmanager.firing(), options.abortOnAlerts);
            if (firing.length === 0)
                return undefined;
            return { code: 'alert-firing', message: `alert firing: ${firing.map(describeAlert).join('; ')}` };
        }
        catch (error) {
            if (error instanceof AlertmanagerUnavailable)
                return undefined;
            throw error;
        }
    };
}
function deployContext(client, options, release, logger, timeoutMs) {
    return {
        client,
        namespace: options.namespace,
        logger,
        release: options.release,
        canaryWeight: 0,
        // As canary-deploy routed the release: a gateway canary is aborted and promoted through its HTTPRoute.
        trafficRouter: release.trafficRouter,
        httpRoute: release.httpRoute,
        keepPrevious: true,
        timeoutMs,
    };
}


/***/ }),

/***/ 3154:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GW: () => (/* binding */ KINDS),
/* harmony export */   H8: () => (/* binding */ refOf),
/* harmony export */   KR: () => (/* binding */ ref),
/* harmony export */   KU: () => (/* binding */ resourceOf),
/* harmony export */   yb: () => (/* binding */ collectionPath)
/* harmony export */ });
/* unused harmony export isSupportedKind */
/** The kinds prodline deploys, with their API version and resource plural (as RBAC rules name them). */
const KINDS = {
    Deployment: { apiVersion: 'apps/v1', resource: 'deployments' },
    Service: { apiVersion: 'v1', resource: 'services' },
    HTTPRoute: { apiVersion: 'gateway.networking.k8s.io/v1', resource: 'httproutes' },
};
/** True for the kinds canary-deploy knows how to deploy. */
function isSupportedKind(kind) {
    return Object.hasOwn(KINDS, kind);
}
/** The resource plural of a kind (`Deployment` → `deployments`); a lower-cased plural for others. */
function resourceOf(kind) {
    return isSupportedKind(kind) ? KINDS[kind].resource : `${kind.toLowerCase()}s`;
}
/** The reference of an object, for calls and messages. */
function refOf(object) {
    return {
        apiVersion: object.apiVersion,
        kind: object.kind,
        resource: resourceOf(object.kind),
        namespace: object.metadata.namespace,
        name: object.metadata.name,
    };
}
/** The reference of a named object of a supported kind. */
function ref(kind, namespace, name) {
    return { apiVersion: KINDS[kind].apiVersion, kind, resource: KINDS[kind].resource, namespace, name };
}
/** The API collection path of a kind in a namespace, for watches. */
function collectionPath(kind, namespace) {
    const { apiVersion, resource } = KINDS[kind];
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    return `${base}/namespaces/${namespace}/${resource}`;
}


/***/ })

};
