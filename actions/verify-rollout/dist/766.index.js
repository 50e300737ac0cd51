export const id = 766;
export const ids = [766];
export const modules = {

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
