export const id = 651;
export const ids = [651];
export const modules = {

/***/ 46651:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStrategy: () => (/* binding */ runStrategy)
});

// UNUSED EXPORTS: STRATEGY_STEPS

// EXTERNAL MODULE: ./src/kube/kinds.ts
var kinds = __webpack_require__(13154);
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

// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
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
 * k8s-deploy does): one LIST per namespace, then a WATCH from the list's resourceVersion; a watch that
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
        finish = (error) => (error ? reject(error) : resolve());
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
        while (!stopped) {
            if (!resourceVersion) {
                const list = await client.list(kinds/* KINDS */.GW.Deployment.apiVersion, 'Deployment', namespace);
                for (const item of list.items)
                    observe(item);
                resourceVersion = list.resourceVersion;
            }
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
async function waitReady(ctx, names) {
    if (names.length === 0)
        return;
    ctx.logger.info(`waiting for ${names.join(', ')} to roll out`);
    await waitForRollouts(ctx.client, names.map((name) => ({ namespace: ctx.namespace, name })), { timeoutMs: ctx.timeoutMs, onProgress: (m) => ctx.logger.info(m) });
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
    await waitReady(ctx, names);
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
        const extra = service ? { [ANNOTATIONS.service]: service.metadata.name } : undefined;
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
    await waitReady(ctx, canaries);
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


/***/ }),

/***/ 13154:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GW: () => (/* binding */ KINDS),
/* harmony export */   H8: () => (/* binding */ refOf),
/* harmony export */   KR: () => (/* binding */ ref),
/* harmony export */   KU: () => (/* binding */ resourceOf),
/* harmony export */   yb: () => (/* binding */ collectionPath),
/* harmony export */   z6: () => (/* binding */ isSupportedKind)
/* harmony export */ });
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
