export const id = 861;
export const ids = [861,766];
export const modules = {

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


/***/ }),

/***/ 5861:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KubeClient: () => (/* binding */ KubeClient)
});

// UNUSED EXPORTS: FIELD_MANAGER, isTransient

// EXTERNAL MODULE: ./src/runtime/retry.ts
var retry = __webpack_require__(6390);
;// CONCATENATED MODULE: ./src/kube/built-in-resources.ts
/**
 * Resources every Kubernetes cluster serves under these exact names (core and apps are not optional and
 * their plurals never change). client-node's object API would otherwise GET the discovery document of
 * the API group before its first call for a kind — and once per concurrent call until the first answer
 * is cached, so 64 parallel reads cost 64 discovery requests. Custom resources (HTTPRoute) still go
 * through discovery: the CRD may be missing or served at another version, and discovery says so.
 */
const BUILT_IN = {
    'v1/Pod': { name: 'pods', namespaced: true },
    'v1/Event': { name: 'events', namespaced: true },
    'v1/Service': { name: 'services', namespaced: true },
    'v1/Namespace': { name: 'namespaces', namespaced: false },
    'apps/v1/Deployment': { name: 'deployments', namespaced: true },
    'apps/v1/ReplicaSet': { name: 'replicasets', namespaced: true },
};
/** The resource of a built-in kind, as discovery would describe it; undefined for other kinds. */
function builtInResource(apiVersion, kind) {
    const known = BUILT_IN[`${apiVersion}/${kind}`];
    return known && { ...known, kind, singularName: kind.toLowerCase(), verbs: [] };
}
/** client-node's object API, answering built-in kinds without a discovery request. */
function objectApiFor(k8s, config) {
    class BuiltInAwareObjectApi extends k8s.KubernetesObjectApi {
        /** As KubernetesObjectApi.makeApiClient: the kubeconfig context's namespace is the default. */
        static forConfig(kc) {
            const api = kc.makeApiClient(BuiltInAwareObjectApi);
            api.setDefaultNamespace(kc);
            return api;
        }
        async resource(apiVersion, kind, options) {
            return builtInResource(apiVersion, kind) ?? super.resource(apiVersion, kind, options);
        }
    }
    return BuiltInAwareObjectApi.forConfig(config);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
;// CONCATENATED MODULE: ./src/kube/kube-config.ts


/**
 * Loads the kubeconfig the way kubectl finds it: `KUBECONFIG` (a list of files, merged), else
 * `~/.kube/config`, else the in-cluster service account. Exec credential plugins (the EKS, GKE and AKS
 * login actions write them) are run by client-node when a request needs a token. Imported on demand:
 * client-node costs ~175 ms and ~36 MiB to load.
 */
async function loadKubeConfig(access) {
    const k8s = await __webpack_require__.e(/* import() */ 543).then(__webpack_require__.bind(__webpack_require__, 5543));
    const kc = new k8s.KubeConfig();
    const files = (access.kubeconfigPath ?? '').split(external_node_path_.delimiter).filter(Boolean);
    if (files.length === 0)
        kc.loadFromDefault();
    for (const [i, file] of files.entries()) {
        if (i === 0)
            kc.loadFromFile(file);
        else {
            // KUBECONFIG lists files to merge, the first one winning (as kubectl merges them).
            const more = new k8s.KubeConfig();
            more.loadFromFile(file);
            kc.mergeConfig(more, true);
        }
    }
    if (kc.getContexts().length === 0 || !kc.getCurrentCluster())
        throw new errors/* ActionFailure */.dR('No Kubernetes cluster configured: no kubeconfig at $KUBECONFIG or ~/.kube/config and not running in a cluster. Add your cloud login step (aws eks update-kubeconfig, google-github-actions/get-gke-credentials, azure/aks-set-context) or azure/k8s-set-context before this one');
    if (access.context) {
        if (!kc.getContextObject(access.context))
            throw new errors/* ActionFailure */.dR(`The kubeconfig has no context ${(0,errors/* describe */.q0)(access.context)} (it has: ${kc
                .getContexts()
                .map((c) => c.name)
                .join(', ')}). Fix the context input, or leave it empty for the current context`);
        kc.setCurrentContext(access.context);
    }
    return kc;
}

// EXTERNAL MODULE: ./src/kube/kube-errors.ts
var kube_errors = __webpack_require__(2766);
// EXTERNAL MODULE: ./src/kube/kinds.ts
var kinds = __webpack_require__(3154);
;// CONCATENATED MODULE: ./src/kube/kube-client.ts





/** The field manager of every server-side apply prodline makes (DESIGN.md). */
const FIELD_MANAGER = 'prodline';
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
]);
/** 429, 5xx and dropped connections are worth another attempt; everything else is an answer. */
function isTransient(error) {
    const e = error;
    if (typeof e?.code === 'number')
        return e.code === 429 || e.code >= 500;
    if (typeof e?.code === 'string' && TRANSIENT_CODES.has(e.code))
        return true;
    if (typeof e?.cause?.code === 'string' && TRANSIENT_CODES.has(e.cause.code))
        return true;
    return e?.type === 'system' || /socket hang up|ECONNRESET|network/i.test(e?.message ?? '');
}
/** For the retry engine: transient failures are retried, after the API server's Retry-After when it sends one. */
function classifyKubeFailure(error) {
    if (!isTransient(error))
        return { retryable: false };
    const headers = error.headers;
    return { retryable: true, retryAfterMs: (0,retry/* parseRetryAfter */.mu)(headers?.['retry-after']) };
}
function statusBody(error) {
    const body = error.body;
    if (typeof body === 'string') {
        try {
            return JSON.parse(body);
        }
        catch {
            return undefined;
        }
    }
    return typeof body === 'object' && body !== null ? body : undefined;
}
/**
 * The one Kubernetes client of prodline: get, list, server-side apply, delete and watch, each through
 * `call`, the single seam where retries (reads, and applies, which are safe to repeat) and the
 * translation of API errors into messages for people happen.
 */
class KubeClient {
    config;
    objects;
    options;
    constructor(config, objects, options) {
        this.config = config;
        this.objects = objects;
        this.options = options;
    }
    /** Loads the kubeconfig (see loadKubeConfig) and makes a client; imports client-node on demand. */
    static async connect(access, options = {}) {
        const config = await loadKubeConfig(access);
        const k8s = await __webpack_require__.e(/* import() */ 543).then(__webpack_require__.bind(__webpack_require__, 5543));
        return new KubeClient(config, objectApiFor(k8s, config), options);
    }
    /** The namespace of the kubeconfig's current context, if it names one. */
    contextNamespace() {
        return this.config.getContextObject(this.config.getCurrentContext())?.namespace;
    }
    /** Reads an object; undefined when it does not exist. */
    async get(ref) {
        try {
            return (await this.call('get', ref, () => this.objects.read({
                apiVersion: ref.apiVersion,
                kind: ref.kind,
                metadata: { name: ref.name ?? '', namespace: ref.namespace },
            })));
        }
        catch (error) {
            // A missing object is an answer; a missing namespace is not (the server's message says which).
            if (error instanceof kube_errors.KubeApiError &&
                error.status === 404 &&
                !/^namespaces? "/.test(error.kubeStatus?.message ?? ''))
                return undefined;
            throw error;
        }
    }
    /** Lists a kind in a namespace (optionally by label selector), with the list's resourceVersion. */
    async list(apiVersion, kind, namespace, labelSelector) {
        const ref = { apiVersion, kind, resource: (0,kinds/* resourceOf */.KU)(kind), namespace };
        const list = await this.call('list', ref, () => this.objects.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector));
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
    }
    /** Server-side apply with field manager `prodline`; `force` takes fields over from other managers. */
    async apply(object, options = {}) {
        return (await this.call('patch', (0,kinds/* refOf */.H8)(object), () => this.objects.patch(object, undefined, undefined, FIELD_MANAGER, options.force ?? false, 'application/apply-patch+yaml')));
    }
    /** Deletes an object (its ReplicaSets and pods follow in the background); false when it was already gone. */
    async delete(ref) {
        try {
            await this.call('delete', ref, () => this.objects.delete({
                apiVersion: ref.apiVersion,
                kind: ref.kind,
                metadata: { name: ref.name ?? '', namespace: ref.namespace },
            }, undefined, undefined, undefined, undefined, 'Background'));
            return true;
        }
        catch (error) {
            // A retried delete whose first attempt went through answers 404: the object is gone either way.
            if (error instanceof kube_errors.KubeApiError && error.status === 404)
                return false;
            throw error;
        }
    }
    /**
     * The last `tailLines` lines of a container's log (`previous`: the run before the last restart, where a
     * crash loop's reason is). Through the same seam as every other call, so it is retried and explained.
     */
    async podLog(namespace, pod, container, options) {
        const k8s = await __webpack_require__.e(/* import() */ 543).then(__webpack_require__.bind(__webpack_require__, 5543));
        const core = this.config.makeApiClient(k8s.CoreV1Api);
        const ref = { apiVersion: 'v1', kind: 'Pod', resource: 'pods/log', namespace, name: pod };
        return this.call('get', ref, () => core.readNamespacedPodLog({
            name: pod,
            namespace,
            container,
            tailLines: options.tailLines,
            previous: options.previous,
        }));
    }
    /** Opens a watch on `path` (an API collection path) from `resourceVersion`; events arrive in order. */
    async watch(ref, path, params, onEvent) {
        const k8s = await __webpack_require__.e(/* import() */ 543).then(__webpack_require__.bind(__webpack_require__, 5543));
        let settle = () => undefined;
        const done = new Promise((resolve) => {
            settle = () => resolve();
        });
        const controller = await this.call('watch', ref, () => new k8s.Watch(this.config).watch(path, params, (type, object) => onEvent(type, object), (error) => settle(error)));
        return { done, abort: () => controller.abort() };
    }
    /**
     * The seam: every request goes through here. Reads, watches, applies and deletes are safe to repeat,
     * so all are retried on 429/5xx/connection resets; failures become KubeApiError messages.
     */
    async call(verb, ref, request) {
        try {
            const { value } = await (0,retry/* withRetry */.bD)(`${verb} ${ref.kind}${ref.name ? ` ${ref.name}` : ''}`, ({ number }) => {
                this.options.onRequest?.(verb, ref, number);
                return request();
            }, {
                deadline: this.options.deadline,
                classify: classifyKubeFailure,
                onRetry: (error, delayMs, attempt) => this.options.onRetry?.(`${verb} ${ref.kind} ${ref.name ?? ''}: ${describeFailure(error)}; attempt ${attempt + 1} in ${delayMs} ms`),
            });
            return value;
        }
        catch (error) {
            const code = error.code;
            throw (0,kube_errors/* explainApiError */.c)(verb, ref, typeof code === 'number' ? code : undefined, statusBody(error), describeFailure(error));
        }
    }
}
function describeFailure(error) {
    const code = error.code;
    const body = statusBody(error);
    if (typeof code === 'number')
        return `HTTP ${code}${body?.message ? ` ${body.message}` : ''}`;
    return error instanceof Error ? error.message : String(error);
}


/***/ }),

/***/ 2766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KubeApiError: () => (/* binding */ KubeApiError),
/* harmony export */   c: () => (/* binding */ explainApiError)
/* harmony export */ });
/* unused harmony export describeRef */
/* harmony import */ var _runtime_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9541);

/**
 * An API call that failed, with a message for the on-call engineer: object, verb, what the server said
 * and what to do about it.
 */
class KubeApiError extends _runtime_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionFailure */ .dR {
    status;
    verb;
    ref;
    kubeStatus;
    constructor(message, status, verb, ref, kubeStatus) {
        super(message);
        this.status = status;
        this.verb = verb;
        this.ref = ref;
        this.kubeStatus = kubeStatus;
    }
}
/** `deployments "web" in namespace "prod"` */
function describeRef(ref) {
    const name = ref.name ? ` "${ref.name}"` : '';
    return `${ref.kind}${name}${ref.namespace ? ` in namespace "${ref.namespace}"` : ''}`;
}
function apiGroup(apiVersion) {
    return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}
/** The server's conflict message names the manager(s) and fields: `conflict with "kubectl-edit" using apps/v1: .spec.replicas`. */
function conflictHint(message, body) {
    const managers = [...message.matchAll(/conflicts? with "([^"]+)"/g)].map((m) => m[1]);
    const fromCauses = (body?.details?.causes ?? []).map((c) => c.field).filter((f) => !!f);
    const fields = fromCauses.length
        ? fromCauses
        : [...message.matchAll(/using \S+: (\.\S+)/g)].map((m) => m[1]);
    const who = managers.length
        ? `field manager ${[...new Set(managers)].map((m) => `"${m}"`).join(', ')}`
        : 'another field manager';
    const what = fields.length ? ` owns ${fields.join(', ')}` : ' owns fields prodline applies';
    return `${who}${what}. Either stop changing these fields outside prodline (kubectl scale/edit, an autoscaler, another tool's manifests), or, if that writer is gone, hand them to prodline once: kubectl apply --server-side --force-conflicts --field-manager=prodline -f <manifest>`;
}
/**
 * Turns a failed call into a KubeApiError whose message names the object, the verb and the fix:
 * 403 → the RBAC rule missing (`verb resource in namespace`), 404 of the namespace, 409 conflicts with
 * the other field manager and its fields, 422 with the field causes.
 */
function explainApiError(verb, ref, status, body, fallback) {
    const what = `${verb} ${describeRef(ref)}`;
    const said = body?.message ?? fallback;
    const group = apiGroup(ref.apiVersion);
    let fix;
    switch (status) {
        case 401:
            fix =
                'the credentials were refused: check the kubeconfig (or the cloud login step before this one), and that its token has not expired';
            break;
        case 403:
            fix = `the RBAC rule missing is: ${verb} ${ref.resource}${group ? `.${group}` : ''} in namespace ${ref.namespace ?? '(cluster scope)'} — grant it to the deploying identity with a Role and RoleBinding (verbs: [${verb}], apiGroups: ["${group}"], resources: ["${ref.resource}"])`;
            break;
        case 404:
            fix = /namespaces? "[^"]+" not found/.test(said)
                ? `the namespace "${ref.namespace}" does not exist: create it, or fix the namespace input`
                : `it does not exist: check the name${ref.namespace ? ` and the namespace "${ref.namespace}"` : ''}`;
            break;
        case 409:
            fix =
                /conflict/i.test(said) && /manager|apply/i.test(said)
                    ? conflictHint(said, body)
                    : 'it was changed concurrently: run again';
            break;
        case 422: {
            const causes = (body?.details?.causes ?? []).map((c) => `${c.field ?? '?'}: ${c.message ?? c.reason ?? ''}`);
            fix = `the server refused the object as invalid${causes.length ? `: ${causes.join('; ')}` : ''} — fix the manifest`;
            break;
        }
        case 429:
            fix =
                'the API server kept throttling after every retry: try again later, or ask the cluster admins about API priority and fairness';
            break;
        default:
            fix =
                status && status >= 500
                    ? 'the API server failed even after retries: check the cluster health, then run again (re-running is safe)'
                    : 'check the cluster address and the network from the runner, then run again (re-running is safe)';
    }
    return new KubeApiError(`Kubernetes: could not ${what}: ${said}. ${capitalise(fix)}.`, status, verb, ref, body);
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}


/***/ })

};
