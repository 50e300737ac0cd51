export const id = 727;
export const ids = [727];
export const modules = {

/***/ 9727:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createDeploymentsApi: () => (/* binding */ createDeploymentsApi)
});

// UNUSED EXPORTS: gitHubError

// EXTERNAL MODULE: ./src/runtime/http.ts + 1 modules
var http = __webpack_require__(4137);
;// CONCATENATED MODULE: ./src/runtime/github-api.ts

/**
 * The one way prodline calls GitHub's REST API: `@actions/github`'s `getOctokit` (GHES base URLs, the
 * runner's user agent), loaded on demand, with requests carried by the runtime's HTTP layer so proxies
 * and NO_PROXY behave as for every other call. Octokit's logger is silenced: nothing it prints can carry
 * the token. Retries are the caller's (the runtime's engine), so Octokit makes one request per call.
 */
async function gitHubRestClient(token, apiUrl, transport = {}) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 785).then(__webpack_require__.bind(__webpack_require__, 2785));
    const quiet = () => undefined;
    return getOctokit(token, {
        baseUrl: apiUrl.replace(/\/+$/, ''),
        userAgent: 'prodline',
        log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
        request: { fetch: (0,http/* layerFetch */.Oz)(transport) },
    });
}

// EXTERNAL MODULE: ./src/runtime/retry.ts
var retry = __webpack_require__(6390);
// EXTERNAL MODULE: ./src/notify/delivery-error.ts
var delivery_error = __webpack_require__(4822);
// EXTERNAL MODULE: ./src/notify/github-deployments.ts
var github_deployments = __webpack_require__(7859);
;// CONCATENATED MODULE: ./src/notify/github-client.ts





/** What each GitHub answer means for whoever reads the log. */
function gitHubError(error, what) {
    const failure = error;
    // Octokit reports a failed fetch as status 500 with the fetch's error as the cause.
    const cause = error.cause;
    if (cause instanceof http/* NetworkError */.Dr)
        return new delivery_error/* DeliveryError */.V(`could not reach the GitHub API to ${what} (${cause.message})`, cause.retryable, undefined);
    const status = typeof failure.status === 'number' ? failure.status : undefined;
    if (status === undefined)
        return new delivery_error/* DeliveryError */.V(`could not reach the GitHub API to ${what} (network error or timeout)`, true);
    const headers = failure.response?.headers ?? {};
    const apiMessage = messageOf(failure.response?.data);
    const rateLimited = (status === 403 || status === 429) &&
        (headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0');
    if (rateLimited) {
        const reset = Number(headers['x-ratelimit-reset']);
        const waitMs = (0,retry/* parseRetryAfter */.mu)(headers['retry-after']) ??
            (Number.isFinite(reset) ? Math.max(0, reset * 1_000 - Date.now()) : undefined);
        return new delivery_error/* DeliveryError */.V(`GitHub is rate limiting this token (HTTP ${status}) while trying to ${what}`, true, waitMs, status);
    }
    const meaning = {
        401: 'GitHub did not accept github-token: check the secret',
        403: 'github-token may not write deployments: give the job `permissions: deployments: write`',
        404: 'GitHub found no such repository or deployment (or the token cannot see it): check the repository and deployment-id',
        409: 'GitHub refused the deployment because of a conflict',
        422: 'GitHub rejected the request as invalid',
    };
    const sentence = meaning[status] ?? `GitHub answered HTTP ${status}`;
    return new delivery_error/* DeliveryError */.V(`${sentence} while trying to ${what}${apiMessage ? ` ("${apiMessage}")` : ''}`, (0,retry/* isRetryableStatus */.PS)(status), (0,retry/* parseRetryAfter */.mu)(headers['retry-after']), status);
}
function messageOf(data) {
    if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string')
        return data.message.slice(0, 200);
    return undefined;
}
/**
 * The deployments API on `@actions/github`'s Octokit (runtime/github-api.ts), loaded on demand. Each method is one HTTP request with its
 * own timeout; failures become classified DeliveryErrors (retries are the caller's).
 */
async function createDeploymentsApi(target, timeoutMs) {
    const octokit = await gitHubRestClient(target.token, target.apiUrl);
    let requests = 0;
    const repo = { owner: target.owner, repo: target.repo };
    const call = async (what, run) => {
        requests++;
        try {
            return await run(AbortSignal.timeout(timeoutMs()));
        }
        catch (error) {
            throw gitHubError(error, what);
        }
    };
    return {
        requests: () => requests,
        async create(request) {
            const answer = await call('create a deployment', (signal) => octokit.rest.repos.createDeployment({
                ...repo,
                ref: request.ref,
                environment: request.environment,
                description: request.description,
                auto_merge: false,
                required_contexts: [],
                production_environment: request.productionEnvironment,
                transient_environment: request.transientEnvironment,
                payload: request.payload,
                request: { signal },
            }));
            if (!('id' in answer.data))
                throw new delivery_error/* DeliveryError */.V(`GitHub did not create the deployment: ${answer.data.message ?? 'no reason given'}`, false);
            return answer.data.id;
        },
        async createStatus(deploymentId, status) {
            await call(`post the ${status.state} status`, (signal) => octokit.rest.repos.createDeploymentStatus({
                ...repo,
                deployment_id: deploymentId,
                state: status.state,
                description: status.description,
                ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
                ...(status.logUrl ? { log_url: status.logUrl } : {}),
                request: { signal },
            }));
        },
        async listForEnvironment(environment) {
            const answer = await call('list the deployments', (signal) => octokit.rest.repos.listDeployments({ ...repo, environment, per_page: 30, request: { signal } }));
            return answer.data.map((deployment) => ({
                id: deployment.id,
                digest: digestOf(deployment.payload),
                requestId: (0,github_deployments/* requestIdOf */.Gb)(deployment.payload),
            }));
        },
    };
}
function digestOf(payload) {
    if (typeof payload === 'string') {
        try {
            return digestOf(JSON.parse(payload));
        }
        catch {
            return undefined;
        }
    }
    if (typeof payload !== 'object' || payload === null || !('prodline' in payload))
        return undefined;
    const prodline = payload.prodline;
    if (typeof prodline !== 'object' || prodline === null || !('digest' in prodline))
        return undefined;
    return typeof prodline.digest === 'string' ? prodline.digest : undefined;
}


/***/ })

};
