export const id = 29;
export const ids = [29];
export const modules = {

/***/ 29:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  signOrVerify: () => (/* binding */ signOrVerify)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
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
function proxyFor(target, env) {
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

;// CONCATENATED MODULE: ./src/runtime/retry.ts

const systemClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
};
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };
/** One attempt only: for probes whose failure is itself the answer. */
const NO_RETRY = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
/** A point in time after which no new attempt starts: the overall time cap of an action's network work. */
class Deadline {
    totalMs;
    clock;
    at;
    constructor(totalMs, clock = systemClock) {
        this.totalMs = totalMs;
        this.clock = clock;
        this.at = clock.now() + totalMs;
    }
    /** Milliseconds left (0 when past). */
    remaining() {
        return Math.max(0, this.at - this.clock.now());
    }
    expired() {
        return this.remaining() === 0;
    }
}
/** The overall time cap ran out; says what was being attempted and the last error. */
class DeadlineExceeded extends errors/* ActionFailure */.dR {
    constructor(what, totalMs, cause) {
        super(`${what}: gave up after the overall time cap of ${Math.round(totalMs / 1000)}s` +
            (cause instanceof Error ? ` (last error: ${cause.message})` : ''));
        this.name = 'DeadlineExceeded';
    }
}
/**
 * A failed call, classified: may it be retried, and after how long does the other side ask. HTTP
 * layers, clients and SDK adapters throw these; anything else reaching the engine is not retried.
 */
class CallFailure extends errors/* ActionFailure */.dR {
    retryable;
    retryAfterMs;
    status;
    constructor(message, 
    /** 408, 429, 5xx and network errors are worth retrying; other answers are final. */
    retryable, 
    /** What the other side asked for (`Retry-After`), in milliseconds. */
    retryAfterMs, 
    /** The HTTP status, when there was an answer. */
    status) {
        super(message);
        this.retryable = retryable;
        this.retryAfterMs = retryAfterMs;
        this.status = status;
        this.name = 'CallFailure';
    }
}
/** HTTP status → worth retrying? 408 (timeout), 429 (rate limited) and 5xx are; other answers are final. */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/** `Retry-After` as seconds or an HTTP date → milliseconds (undefined when absent or unreadable). */
function parseRetryAfter(value, now = Date.now()) {
    if (value === null || value === undefined || value.trim() === '')
        return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text))
        return Math.round(Number(text) * 1_000);
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** The wait before retry number `retry` (1-based): Retry-After when given, else backoff with jitter. */
function retryDelay(retry, policy, clock = systemClock, retryAfterMs) {
    if (retryAfterMs !== undefined)
        return retryAfterMs;
    const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
    // Half fixed, half random: spreads retries of concurrent jobs without ever waiting zero.
    return Math.round(exponential / 2 + (clock.random() * exponential) / 2);
}
/** The default classification: a CallFailure says for itself; anything else (a bug) is not retried. */
function classifyFailure(error) {
    if (error instanceof CallFailure)
        return { retryable: error.retryable, retryAfterMs: error.retryAfterMs };
    return { retryable: false };
}
/**
 * Runs `operation` until it succeeds, fails with a final error, runs out of attempts, or the next wait
 * would end past the time budget. Returns the value and the attempts it took. A classified failure is
 * rethrown with the attempt count and the reason for stopping appended to its message.
 */
async function withRetry(what, operation, options = {}) {
    const policy = options.policy ?? DEFAULT_RETRY;
    const clock = options.clock ?? systemClock;
    const classify = options.classify ?? classifyFailure;
    const budget = policy.budgetMs !== undefined ? new Deadline(policy.budgetMs, clock) : (options.deadline ?? undefined);
    const deadlines = [budget, options.deadline].filter((d) => d !== undefined);
    const remaining = () => Math.min(Infinity, ...deadlines.map((d) => d.remaining()));
    for (let attempt = 1;; attempt++) {
        const left = remaining();
        if (left === 0) {
            const cap = deadlines.find((d) => d.expired());
            throw new DeadlineExceeded(what, cap.totalMs);
        }
        try {
            const value = await operation({ number: attempt, remainingMs: left });
            return { value, attempts: attempt };
        }
        catch (error) {
            const verdict = classify(error);
            if (!verdict.retryable)
                throw annotate(error, attempt, 'not retried: the answer is final');
            if (attempt >= policy.attempts)
                throw policy.attempts === 1 ? error : annotate(error, attempt, 'no attempts left');
            const delay = retryDelay(attempt, policy, clock, verdict.retryAfterMs);
            if (delay >= remaining()) {
                const cap = deadlines.reduce((a, b) => (a.remaining() <= b.remaining() ? a : b));
                throw annotate(error, attempt, `the next try (in ${Math.ceil(delay / 1000)}s) would pass the ${Math.round(cap.totalMs / 1000)}s time limit`);
            }
            options.onRetry?.(error, delay, attempt);
            await clock.sleep(delay);
        }
    }
}
/** Appends the attempt count to a classified failure's message; other errors pass untouched. */
function annotate(error, attempts, why) {
    if (!(error instanceof CallFailure))
        return error;
    error.message = `${error.message} (after ${attempts} attempt${attempts === 1 ? '' : 's'}; ${why})`;
    return error;
}

;// CONCATENATED MODULE: ./src/runtime/http.ts




/** A network failure, a time-out or a refusing proxy: no answer from the service itself. */
class NetworkError extends CallFailure {
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
class RetryableStatus extends CallFailure {
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
        const { value } = await withRetry(what, async ({ remainingMs }) => {
            const response = await exchange(request, {
                ...options,
                timeoutMs: Math.min(options.timeoutMs ?? 30_000, remainingMs),
            });
            if (isRetryableStatus(response.status))
                throw new RetryableStatus(`${what} answered ${response.status}`, response, parseRetryAfter(response.headers['retry-after']));
            return response;
        }, {
            policy: options.retry,
            deadline: options.deadline,
            clock: options.clock,
            classify: (error) => {
                const verdict = classifyFailure(error);
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
    const proxy = proxyFor(url, options.proxyEnv ?? process.env);
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

;// CONCATENATED MODULE: ./src/image/registry/challenge.ts
/**
 * Parses `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`): one
 * challenge, quoted (with backslash escapes) or token parameter values. Other schemes are undefined.
 */
function parseChallenge(header) {
    const match = header ? /^\s*(\w+)\s*(.*)$/s.exec(header) : null;
    if (!match)
        return undefined;
    const scheme = match[1].toLowerCase();
    if (scheme !== 'basic' && scheme !== 'bearer')
        return undefined;
    const params = {};
    const param = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
    for (let m = param.exec(match[2]); m; m = param.exec(match[2]))
        params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    const challenge = { scheme };
    for (const key of ['realm', 'service', 'scope'])
        if (params[key] !== undefined)
            challenge[key] = params[key];
    return challenge;
}
/** `Authorization: Basic …` for a user and password. */
function basicAuthorization(credentials) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

;// CONCATENATED MODULE: ./src/image/registry/digest.ts

/** `sha256:<hex>` of some bytes, as registries name blobs and manifests. */
function sha256Digest(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
/** The referrers tag schema's tag for a subject digest: `sha256:abc…` → `sha256-abc…`. */
function digestTag(digest) {
    return digest.replace(':', '-');
}

;// CONCATENATED MODULE: ./src/image/registry/media-types.ts
/** Media types the registry client sends and recognises. */
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
/**
 * Every manifest type, always sent in `Accept`: distribution answers an OCI manifest requested without
 * an OCI type with 404 MANIFEST_UNKNOWN, as if it did not exist.
 */
const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST].join(', ');

;// CONCATENATED MODULE: ./src/image/registry/client.ts






/** A registry call that cannot go on: refused, unreachable, or an answer that cannot be trusted. */
class RegistryError extends errors/* ActionFailure */.dR {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/**
 * The one OCI distribution client: manifests (always with OCI and Docker types in `Accept`), blobs
 * (file bodies streamed), digests checked on every GET by digest, and authentication as docker does it —
 * nothing sent until the registry challenges, then Basic or the bearer-token flow (GHCR, Docker Hub,
 * distribution's `auth.token`), one token per scope. Plain HTTP only for loopback registries that do not
 * speak TLS. Every request goes through the runtime's HTTP layer (proxies, CAs, retries).
 */
class RegistryClient {
    options;
    base;
    authorization;
    tokens = new Map();
    host;
    constructor(options) {
        this.options = options;
        this.host = options.registry === 'docker.io' ? 'registry-1.docker.io' : options.registry;
    }
    /** Where this client talks to, e.g. `https://ghcr.io`. */
    async baseUrl() {
        if (this.base)
            return this.base;
        const secure = `https://${this.host}`;
        try {
            await send({ method: 'GET', url: `${secure}/v2/` }, { ...this.options, retry: NO_RETRY });
            this.base = secure;
        }
        catch (error) {
            // Docker treats a loopback registry that does not speak TLS ("wrong version number") as plain HTTP.
            if (!isLoopback(this.host) || !isNotTls(error))
                throw this.unreachable(error);
            this.base = `http://${this.host}`;
        }
        return this.base;
    }
    /** A manifest by tag or digest; `undefined` when the registry has none (404). */
    async getManifest(repository, reference) {
        const response = await this.request(repository, {
            method: 'GET',
            path: `/manifests/${reference}`,
            headers: { accept: MANIFEST_ACCEPT },
        });
        if (response.status === 404)
            return undefined;
        this.expect(response, [200], `fetching the manifest ${repository}:${reference}`);
        const digest = sha256Digest(response.body);
        if (reference.startsWith('sha256:') && digest !== reference)
            throw new RegistryError(`the registry answered ${repository}@${reference} with content whose digest is ${digest}; refusing it`);
        return {
            digest,
            mediaType: (response.headers['content-type'] ?? '').split(';')[0],
            bytes: response.body,
        };
    }
    /** The digest the registry reports for a manifest (HEAD), or undefined when it has none. */
    async headManifest(repository, reference) {
        const response = await this.request(repository, {
            method: 'HEAD',
            path: `/manifests/${reference}`,
            headers: { accept: MANIFEST_ACCEPT },
        });
        if (response.status === 404)
            return undefined;
        this.expect(response, [200], `looking up the manifest ${repository}:${reference}`);
        return response.headers['docker-content-digest'];
    }
    /** Stores a manifest under a tag or its digest; returns its digest and the raw answer's headers. */
    async putManifest(repository, reference, bytes, mediaType) {
        const response = await this.request(repository, {
            method: 'PUT',
            path: `/manifests/${reference}`,
            headers: { 'content-type': mediaType },
            body: bytes,
        });
        this.expect(response, [200, 201], `storing the manifest ${repository}:${reference}`);
        return { digest: sha256Digest(bytes), headers: response.headers };
    }
    /** A blob's bytes, checked against its digest. */
    async getBlob(repository, digest) {
        const response = await this.request(repository, { method: 'GET', path: `/blobs/${digest}` });
        this.expect(response, [200], `fetching the blob ${repository}@${digest}`);
        if (sha256Digest(response.body) !== digest)
            throw new RegistryError(`the blob ${repository}@${digest} does not match its digest; refusing it`);
        return response.body;
    }
    /** Uploads bytes as a blob unless the registry has it already; returns its digest. */
    async putBlob(repository, data) {
        const digest = sha256Digest(data);
        await this.uploadBlob(repository, digest, data);
        return digest;
    }
    /**
     * Uploads a blob whose digest is known (a file is streamed) unless the registry has it already:
     * monolithic POST + PUT. Retrying the POST is safe: it only opens an upload session, and an abandoned
     * session holds nothing (registries expire them).
     */
    async uploadBlob(repository, digest, body) {
        const head = await this.request(repository, { method: 'HEAD', path: `/blobs/${digest}` });
        if (head.status === 200)
            return;
        const start = await this.request(repository, { method: 'POST', path: '/blobs/uploads/' }, true);
        this.expect(start, [202], `starting a blob upload to ${repository}`);
        const location = start.headers.location;
        if (!location)
            throw new RegistryError(`the registry started an upload to ${repository} without a Location`);
        // Location may be relative and already carries the upload state in its query.
        const url = new URL(location, await this.baseUrl());
        url.searchParams.set('digest', digest);
        const put = await this.request(repository, {
            method: 'PUT',
            url: url.toString(),
            headers: { 'content-type': 'application/octet-stream' },
            body,
        });
        this.expect(put, [201], `uploading the blob ${digest} to ${repository}`);
    }
    /**
     * A registry call with authentication: on 401 the challenge says how to authenticate (Basic, or a
     * bearer token from the realm it names), and the call is repeated once with it.
     */
    async request(repository, call, idempotent) {
        const url = call.url ?? `${await this.baseUrl()}/v2/${repository}${call.path ?? ''}`;
        const attempt = () => this.send({
            method: call.method,
            url,
            headers: { ...call.headers, ...(this.authorization ? { authorization: this.authorization } : {}) },
            body: call.body,
        }, idempotent);
        const first = await attempt();
        if (first.status !== 401)
            return first;
        await this.authenticate(repository, first);
        const second = await attempt();
        if (second.status === 401 && this.options.credentials)
            throw this.refused(second.status);
        return second;
    }
    /** Throws a RegistryError naming the operation when the status is not one of those expected. */
    expect(response, statuses, what) {
        if (statuses.includes(response.status))
            return;
        const detail = registryErrorDetail(response.body);
        const hint = response.status === 401 || response.status === 403
            ? ` (the credentials were refused or lack the needed rights: ${this.options.push ? 'push rights are needed to push or sign' : 'pull rights are needed'})`
            : '';
        throw new RegistryError(`${what} on ${this.options.registry}: the registry answered ${response.status}${detail ? ` ${detail}` : ''}${hint}`, response.status);
    }
    async send(request, idempotent) {
        try {
            return await send(request, { ...this.options, idempotent });
        }
        catch (error) {
            throw this.unreachable(error);
        }
    }
    async authenticate(repository, unauthorised) {
        const challenge = parseChallenge(unauthorised.headers['www-authenticate']);
        const credentials = this.options.credentials;
        if (challenge?.scheme === 'basic') {
            if (!credentials)
                throw this.noCredentials();
            this.authorization = basicAuthorization(credentials);
            return;
        }
        if (challenge?.scheme !== 'bearer' || !challenge.realm)
            throw new RegistryError(`${this.options.registry} refused the request (401) without saying how to authenticate`, 401);
        const scope = `repository:${repository}:${this.options.push ? 'pull,push' : 'pull'}`;
        const cached = this.tokens.get(scope);
        if (cached && `Bearer ${cached}` !== this.authorization) {
            this.authorization = `Bearer ${cached}`;
            return;
        }
        const realm = new URL(challenge.realm);
        if (challenge.service)
            realm.searchParams.set('service', challenge.service);
        realm.searchParams.set('scope', scope);
        const service = `${realm.origin}${realm.pathname}`;
        const response = await this.send({
            method: 'GET',
            url: realm.toString(),
            headers: credentials ? { authorization: basicAuthorization(credentials) } : {},
        });
        if (response.status === 401 || response.status === 403) {
            if (!credentials)
                throw this.noCredentials();
            throw this.refused(response.status, `The token service of ${this.options.registry} (${service}) refused the credentials given for ${repository}.`);
        }
        this.expect(response, [200], `getting a registry token from ${service}`);
        let token;
        try {
            const body = JSON.parse(response.body.toString('utf8'));
            token = body.token ?? body.access_token;
        }
        catch {
            token = undefined;
        }
        if (!token)
            throw new RegistryError(`the token service ${realm.origin} answered without a token`);
        this.tokens.set(scope, token);
        this.authorization = `Bearer ${token}`;
    }
    /** The credentials were refused: by the registry itself (Basic) or by its token service. */
    refused(status, detail = '') {
        const user = this.options.credentials?.username ?? '';
        return new RegistryError(`The registry ${this.options.registry} refused the credentials of user '${user}' (HTTP ${status}). Nothing was pushed. ${detail ? `${detail} ` : ''}` +
            `Check the username/password inputs, or that a login step (docker/login-action) ran for ${this.options.registry} and that the token may ${this.options.push ? 'push to' : 'read'} this repository.`, status);
    }
    noCredentials() {
        return new RegistryError(`${this.options.registry} needs a login and none was found: give the username and password inputs, or run a login step (docker/login-action) before this one`, 401);
    }
    unreachable(error) {
        if (!(error instanceof NetworkError))
            return error;
        const tls = /certificate|self.signed|unable to verify|CERT_/i.test(error.message)
            ? ` The registry's TLS certificate is not trusted: give its CA with the registry-ca input (if it uses a private CA, give its certificate file as registry-ca), or put it in <DOCKER_CONFIG>/certs.d/${this.options.registry}/ca.crt.`
            : '';
        const what = tls ? `TLS to the registry failed (${error.message})` : error.message;
        return new RegistryError(`Cannot reach the registry ${this.options.registry}: ${what}.${tls}`);
    }
}
function isLoopback(host) {
    return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
}
function isNotTls(error) {
    const text = error instanceof Error ? error.message : String(error);
    return /EPROTO|wrong version number|packet length too long|ECONNRESET|other side closed|http request to an https/i.test(text);
}
/** The `errors[0]` code and message of a distribution error body, shortened. */
function registryErrorDetail(body) {
    try {
        const parsed = JSON.parse(body.toString('utf8'));
        const first = parsed.errors?.[0];
        if (first)
            return `${first.code ?? ''} ${first.message ?? ''}`.trim().slice(0, 200);
    }
    catch {
        // not JSON: say nothing rather than dump a page of HTML
    }
    return '';
}

;// CONCATENATED MODULE: ./src/image/registry/docker-config.ts



/** The Docker config could not be used: the user's file, named, never a bug in prodline. */
class DockerConfigError extends errors/* ActionFailure */.dR {
}
/** The keys a login step may have written for a registry host (`ghcr.io`, `https://ghcr.io`, Docker Hub's URL). */
function hostKeys(host) {
    const keys = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
    if (host === 'docker.io' || host === 'registry-1.docker.io' || host === 'index.docker.io')
        keys.push('https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io');
    return keys;
}
/**
 * Credentials for a registry from the Docker config a login step wrote (`$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`), as docker itself resolves them: the credential helper configured for the
 * host (`credHelpers`), else the store (`credsStore`), each run as `docker-credential-<name> get`; then
 * the `auths` entry. Undefined when nothing is there for the host. A config that cannot be read or
 * parsed is reported naming the file (its content is never quoted: it holds credentials).
 */
async function dockerConfigCredentials(host, configDir, runner) {
    if (!configDir)
        return undefined;
    const file = (0,external_node_path_.join)(configDir, 'config.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return undefined;
    let config;
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (error) {
        const why = error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${error.message})`;
        throw new DockerConfigError(`The Docker config ${file} ${why}. Fix or remove it (a login step such as docker/login-action writes it), or give the username and password inputs.`);
    }
    if (typeof config !== 'object' || config === null)
        throw new DockerConfigError(`The Docker config ${file} is not a JSON object. Fix or remove it.`);
    const keys = hostKeys(host);
    const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean) ?? config.credsStore;
    if (helper) {
        const fromHelper = await helperCredentials(helper, host, runner);
        if (fromHelper)
            return fromHelper;
    }
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (!keys.includes(key) || typeof entry !== 'object' || entry === null)
            continue;
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0)
                return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
        if (entry.username && entry.password)
            return { username: entry.username, password: entry.password };
        // An identity token is used as a refresh token with the `<token>` user, as docker does.
        if (entry.identitytoken)
            return { username: '<token>', password: entry.identitytoken };
    }
    return undefined;
}
async function helperCredentials(helper, host, runner) {
    const result = await runner.run(`docker-credential-${helper}`, ['get'], { input: host, timeoutMs: 30_000 });
    // "credentials not found" (exit 1) or a missing helper (127): docker then falls back to auths too.
    if (result.exitCode !== 0)
        return undefined;
    try {
        const answer = JSON.parse(result.stdout);
        if (answer.Username && answer.Secret)
            return { username: answer.Username, password: answer.Secret };
    }
    catch {
        // A helper that answers something else has nothing for us.
    }
    return undefined;
}
/**
 * Every CA docker itself would trust for a registry, plus the one given as an input: the `registry-ca`
 * file, `<config dir>/certs.d/<host>/*.crt` and `/etc/docker/certs.d/<host>/*.crt`, as PEM texts.
 */
function registryTrust(host, configDir, registryCaFile) {
    const pems = [];
    if (registryCaFile) {
        try {
            pems.push((0,external_node_fs_.readFileSync)(registryCaFile, 'utf8'));
        }
        catch (error) {
            throw new errors/* ActionFailure */.dR(`registry-ca: ${registryCaFile} could not be read (${error.message})`);
        }
    }
    const dirs = [...(configDir ? [(0,external_node_path_.join)(configDir, 'certs.d', host)] : []), (0,external_node_path_.join)('/etc/docker/certs.d', host)];
    for (const dir of dirs) {
        if (!(0,external_node_fs_.existsSync)(dir))
            continue;
        for (const name of (0,external_node_fs_.readdirSync)(dir))
            if (name.endsWith('.crt'))
                pems.push((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, name), 'utf8'));
    }
    return pems;
}

// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/runtime/command-runner.ts

/** Keeps at most this much of each stream: build logs can be huge; their tail is what people read. */
const MAX_KEPT = 8 * 1024 * 1024;
/**
 * The real runner: `child_process.spawn` without a shell. A missing binary resolves with exit 127, a
 * binary that cannot be started (not executable, a path too long) with 126.
 * Not `@actions/exec`: it cannot kill on a timeout (exit 124), rejects instead of answering 127 for a
 * missing binary, and keeps whole outputs in memory where build logs need a bounded tail.
 */
const spawnRunner = {
    run(file, args, options = {}) {
        return new Promise((resolve) => {
            // As a shell answers: 127 for a binary that is not there, 126 for one that cannot be started.
            const cannotStart = (error, stdout = '', stderr = '') => resolve({
                exitCode: error.code === 'ENOENT' ? 127 : 126,
                stdout,
                stderr: `${stderr}${error.message}`,
            });
            let child;
            try {
                child = (0,external_node_child_process_.spawn)(file, [...args], {
                    env: { ...process.env, ...options.env },
                    cwd: options.cwd,
                    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
                });
            }
            catch (error) {
                // Some failures are thrown at once rather than emitted (a path too long: ENAMETOOLONG).
                cannotStart(error);
                return;
            }
            let stdout = '';
            let stderr = '';
            let timedOut = false;
            const split = (stream) => {
                let partial = '';
                return (chunk) => {
                    const text = chunk.toString();
                    if (stream === 'stdout')
                        stdout = keepTail(stdout + text);
                    else
                        stderr = keepTail(stderr + text);
                    if (!options.onLine)
                        return;
                    const lines = (partial + text).split('\n');
                    partial = lines.pop() ?? '';
                    for (const line of lines)
                        options.onLine(line.replace(/\r$/, ''));
                };
            };
            child.stdout?.on('data', split('stdout'));
            child.stderr?.on('data', split('stderr'));
            if (options.input !== undefined)
                child.stdin?.end(options.input);
            const timer = options.timeoutMs === undefined
                ? undefined
                : setTimeout(() => {
                    timedOut = true;
                    child.kill('SIGKILL');
                }, options.timeoutMs);
            const abandon = () => child.kill('SIGKILL');
            if (options.signal?.aborted)
                abandon();
            options.signal?.addEventListener('abort', abandon, { once: true });
            const settled = () => {
                clearTimeout(timer);
                options.signal?.removeEventListener('abort', abandon);
            };
            child.once('error', (error) => {
                settled();
                cannotStart(error, stdout, stderr);
            });
            child.once('close', (code, signal) => {
                settled();
                resolve({ exitCode: timedOut ? 124 : (code ?? (signal ? 128 : 1)), stdout, stderr });
            });
        });
    },
};
function keepTail(text) {
    return text.length > MAX_KEPT ? text.slice(text.length - MAX_KEPT) : text;
}
/** The last `count` non-empty lines of some output, for error messages. */
function lastLines(text, count) {
    return text
        .split('\n')
        .map((line) => line.trimEnd())
        .filter(Boolean)
        .slice(-count)
        .join('\n');
}

;// CONCATENATED MODULE: ./src/sign/cosign-key.ts


/** Why a key could not be loaded; the message never contains key material or the password. */
class KeyError extends errors/* ActionFailure */.dR {
    constructor(message) {
        super(message);
    }
}
const ENCRYPTED_TYPES = ['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY'];
/**
 * Loads a signing key: cosign's `ENCRYPTED SIGSTORE PRIVATE KEY` / `ENCRYPTED COSIGN PRIVATE KEY`
 * (with its password, which may be empty, as `cosign generate-key-pair` allows), or an unencrypted PEM
 * `EC PRIVATE KEY` / `PRIVATE KEY`. Only ECDSA P-256 keys are accepted (what cosign generates and what
 * the signature formats here declare).
 */
async function loadSigningKey(pem, password) {
    const block = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
    if (!block)
        throw new KeyError('the key is not a PEM block (BEGIN/END lines missing or mismatched)');
    const [, type, body] = block;
    let privateKey;
    if (ENCRYPTED_TYPES.includes(type)) {
        const der = await decryptCosignKey(Buffer.from(body.replace(/\s+/g, ''), 'base64'), password ?? '');
        privateKey = (0,external_node_crypto_.createPrivateKey)({ key: der, format: 'der', type: 'pkcs8' });
    }
    else {
        try {
            privateKey = (0,external_node_crypto_.createPrivateKey)({ key: block[0], format: 'pem' });
        }
        catch {
            throw new KeyError(`the ${type} PEM block could not be read as a private key`);
        }
    }
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
        throw new KeyError(`the key is ${privateKey.asymmetricKeyType} ${privateKey.asymmetricKeyDetails?.namedCurve ?? ''}, but only ECDSA P-256 keys are supported (cosign generate-key-pair makes those)`.replace(/\s+,/, ','));
    const publicKeyPem = (0,external_node_crypto_.createPublicKey)(privateKey).export({ format: 'pem', type: 'spki' }).toString();
    return { privateKey, publicKeyPem };
}
/** Opens cosign's scrypt + secretbox envelope; returns the PKCS#8 DER it seals. */
async function decryptCosignKey(envelopeBytes, password) {
    let envelope;
    try {
        envelope = JSON.parse(envelopeBytes.toString('utf8'));
    }
    catch {
        throw new KeyError('the encrypted key does not hold the JSON envelope cosign writes');
    }
    if (envelope.kdf?.name !== 'scrypt' || envelope.cipher?.name !== 'nacl/secretbox')
        throw new KeyError(`the encrypted key uses ${envelope.kdf?.name}/${envelope.cipher?.name}; only scrypt + nacl/secretbox (cosign's format) is supported`);
    const { N, r, p } = envelope.kdf.params;
    const salt = Buffer.from(envelope.kdf.salt, 'base64');
    const nonce = Buffer.from(envelope.cipher.nonce, 'base64');
    const ciphertext = Buffer.from(envelope.ciphertext, 'base64');
    // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly cosign's default, which it refuses.
    const key = await new Promise((resolve, reject) => (0,external_node_crypto_.scrypt)(password, salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, derived) => error
        ? reject(new KeyError(`scrypt failed on the key's parameters: ${error.message}`))
        : resolve(derived)));
    const { default: nacl } = await __webpack_require__.e(/* import() */ 668).then(__webpack_require__.t.bind(__webpack_require__, 668, 23));
    const opened = nacl.secretbox.open(new Uint8Array(ciphertext), new Uint8Array(nonce), new Uint8Array(key));
    if (!opened)
        throw new KeyError('the key could not be decrypted: the key-password is wrong (or the key is damaged)');
    return Buffer.from(opened);
}
/**
 * Seals a PKCS#8 DER private key the way `cosign generate-key-pair` does, returning the PEM. Used by tests
 * to make keys in cosign's format; the parameters are cosign's defaults.
 */
async function encryptCosignKey(pkcs8Der, password, type = 'ENCRYPTED SIGSTORE PRIVATE KEY') {
    const { randomBytes } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7598, 23));
    const { default: nacl } = await __webpack_require__.e(/* import() */ 668).then(__webpack_require__.t.bind(__webpack_require__, 668, 23));
    const params = { N: 32768, r: 8, p: 1 };
    const salt = randomBytes(32);
    const nonce = randomBytes(24);
    const key = await new Promise((resolve, reject) => scrypt(password, salt, 32, { ...params, maxmem: 256 * params.N * params.r }, (error, derived) => error ? reject(error) : resolve(derived)));
    const sealed = nacl.secretbox(new Uint8Array(pkcs8Der), new Uint8Array(nonce), new Uint8Array(key));
    const envelope = {
        kdf: { name: 'scrypt', params, salt: salt.toString('base64') },
        cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
        ciphertext: Buffer.from(sealed).toString('base64'),
    };
    const body = Buffer.from(JSON.stringify(envelope))
        .toString('base64')
        .replace(/.{1,64}/g, '$&\n');
    return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

;// CONCATENATED MODULE: ./src/sign/oidc.ts


/** A token refused or unavailable; the message never contains a token. */
class OidcError extends errors/* ActionFailure */.dR {
    constructor(message) {
        super(message);
    }
}
/**
 * Requests an OIDC token for `audience` from the Actions token endpoint, retrying 429/5xx and network
 * errors. Never interactive: without an endpoint there is no token. The token is handed to `mask`
 * the moment it is parsed, before anything else can log it (as `core.getIDToken` does).
 */
async function requestIdToken(request, audience, mask, options = {}) {
    const url = new URL(request.url);
    url.searchParams.set('audience', audience);
    const response = await send({
        method: 'GET',
        url: url.toString(),
        headers: { authorization: `Bearer ${request.token}`, accept: 'application/json' },
    }, options);
    if (response.status !== 200)
        throw new OidcError(`the Actions OIDC token endpoint answered ${response.status}; check that the job has 'permissions: id-token: write'`);
    let value;
    try {
        value = JSON.parse(response.body.toString('utf8')).value;
    }
    catch {
        value = undefined;
    }
    if (typeof value === 'string' && value !== '')
        mask(value);
    if (typeof value !== 'string' || value.split('.').length !== 3)
        throw new OidcError('the Actions OIDC token endpoint answered without a token');
    return value;
}
/** The claims of a JWT (not verified: Fulcio verifies the token; we only read who it names). */
function tokenClaims(token) {
    try {
        return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
}

;// CONCATENATED MODULE: ./src/sign/classic-format.ts

/** Layer media type of cosign's classic signatures. */
const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
/** The annotations cosign puts on each signature layer. */
const CLASSIC_ANNOTATIONS = {
    signature: 'dev.cosignproject.cosign/signature',
    certificate: 'dev.sigstore.cosign/certificate',
    chain: 'dev.sigstore.cosign/chain',
    bundle: 'dev.sigstore.cosign/bundle',
    timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
};
/**
 * Turns a message-signature Sigstore bundle over `payload` into the annotations cosign v2 writes:
 * signature, certificate + chain (keyless), the Rekor bundle (SET + logged entry) and the RFC 3161
 * timestamp when there is one.
 */
function classicAnnotations(bundle) {
    if (!bundle.messageSignature)
        throw new Error('a classic signature needs a message-signature bundle');
    const material = bundle.verificationMaterial;
    const annotations = {
        [CLASSIC_ANNOTATIONS.signature]: bundle.messageSignature.signature,
    };
    const certificates = material.x509CertificateChain?.certificates.map((c) => c.rawBytes) ??
        (material.certificate ? [material.certificate.rawBytes] : []);
    if (certificates.length > 0) {
        annotations[CLASSIC_ANNOTATIONS.certificate] = toPem(certificates[0]);
        annotations[CLASSIC_ANNOTATIONS.chain] = certificates.slice(1).map(toPem).join('');
    }
    const entry = material.tlogEntries[0];
    if (entry?.inclusionPromise) {
        const rekorBundle = {
            SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
            Payload: {
                body: entry.canonicalizedBody,
                integratedTime: Number(entry.integratedTime),
                logIndex: Number(entry.logIndex),
                logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
            },
        };
        annotations[CLASSIC_ANNOTATIONS.bundle] = JSON.stringify(rekorBundle);
    }
    const timestamp = material.timestampVerificationData?.rfc3161Timestamps?.[0];
    if (timestamp)
        annotations[CLASSIC_ANNOTATIONS.timestamp] = JSON.stringify({
            SignedRFC3161Timestamp: timestamp.signedTimestamp,
        });
    return annotations;
}
/**
 * Rebuilds a verifiable Sigstore bundle (v0.1: Rekor inclusion promise, no proof) from a classic
 * signature, so classic and bundle signatures go through one verifier. Returns the reason when the
 * layer lacks what verification needs.
 */
function bundleFromClassic(signature) {
    const a = signature.annotations;
    const sig = a[CLASSIC_ANNOTATIONS.signature];
    if (!sig)
        return 'the signature layer has no signature annotation';
    const rekorText = a[CLASSIC_ANNOTATIONS.bundle];
    if (!rekorText)
        return 'the signature has no transparency log entry (dev.sigstore.cosign/bundle)';
    let rekor;
    let body;
    try {
        rekor = JSON.parse(rekorText);
        body = JSON.parse(Buffer.from(rekor.Payload.body, 'base64').toString('utf8'));
    }
    catch {
        return 'the transparency log entry annotation is not valid JSON';
    }
    const certificate = a[CLASSIC_ANNOTATIONS.certificate];
    const chain = certificate ? [certificate, ...splitPem(a[CLASSIC_ANNOTATIONS.chain] ?? '')] : [];
    const timestamps = [];
    if (a[CLASSIC_ANNOTATIONS.timestamp]) {
        try {
            const parsed = JSON.parse(a[CLASSIC_ANNOTATIONS.timestamp]);
            if (parsed.SignedRFC3161Timestamp)
                timestamps.push({ signedTimestamp: parsed.SignedRFC3161Timestamp });
        }
        catch {
            return 'the RFC 3161 timestamp annotation is not valid JSON';
        }
    }
    return {
        mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
        verificationMaterial: {
            ...(chain.length > 0
                ? { x509CertificateChain: { certificates: chain.map((pem) => ({ rawBytes: pemToBase64(pem) })) } }
                : { publicKey: { hint: '' } }),
            tlogEntries: [
                {
                    logIndex: String(rekor.Payload.logIndex),
                    logId: { keyId: Buffer.from(rekor.Payload.logID, 'hex').toString('base64') },
                    kindVersion: { kind: body.kind ?? 'hashedrekord', version: body.apiVersion ?? '0.0.1' },
                    integratedTime: String(rekor.Payload.integratedTime),
                    inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
                    canonicalizedBody: rekor.Payload.body,
                },
            ],
            timestampVerificationData: { rfc3161Timestamps: timestamps },
        },
        messageSignature: {
            messageDigest: {
                algorithm: 'SHA2_256',
                digest: (0,external_node_crypto_.createHash)('sha256').update(signature.payload).digest('base64'),
            },
            signature: sig,
        },
    };
}
function toPem(base64Der) {
    return new external_node_crypto_.X509Certificate(Buffer.from(base64Der, 'base64')).toString();
}
function splitPem(text) {
    return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
}
function pemToBase64(pem) {
    return pem
        .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
        .replace(/\s+/g, '')
        .trim();
}

;// CONCATENATED MODULE: ./src/sign/in-toto.ts
/** The predicate type cosign v3 uses for an image signature stored as a Sigstore bundle. */
const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The in-toto statement cosign v3 signs (in a DSSE envelope) to sign an image digest. */
function signatureStatement(name, digest) {
    const [algorithm, hex] = digest.split(':');
    const statement = {
        _type: IN_TOTO_STATEMENT_V1,
        subject: [{ name, digest: { [algorithm]: hex } }],
        predicateType: COSIGN_SIGN_PREDICATE,
        predicate: {},
    };
    return Buffer.from(JSON.stringify(statement));
}
/** The digests (`sha256:<hex>`) an in-toto statement names as its subjects, and its predicate type. */
function statementSubjects(payload) {
    try {
        const statement = JSON.parse(payload.toString('utf8'));
        if (!Array.isArray(statement.subject))
            return undefined;
        const digests = statement.subject.flatMap((subject) => Object.entries(subject.digest ?? {}).map(([algorithm, hex]) => `${algorithm}:${hex}`));
        return { digests, predicateType: statement.predicateType };
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/sign/simple-signing.ts
/** cosign's simple-signing payload type (the `critical.type` value). */
const SIMPLE_SIGNING_TYPE = 'cosign container image signature';
/**
 * The payload cosign v2 signs for an image: exactly the bytes Go's encoding/json writes for cosign's
 * struct (field order critical → identity, image, type; then optional; no spaces). `dockerReference` is
 * the repository without tag or digest.
 */
function simpleSigningPayload(dockerReference, digest) {
    const payload = {
        critical: {
            identity: { 'docker-reference': dockerReference },
            image: { 'docker-manifest-digest': digest },
            type: SIMPLE_SIGNING_TYPE,
        },
        optional: null,
    };
    return Buffer.from(JSON.stringify(payload));
}
/** Parses a simple-signing payload; `undefined` when it is not one. */
function parseSimpleSigningPayload(bytes) {
    try {
        const parsed = JSON.parse(bytes.toString('utf8'));
        if (typeof parsed?.critical?.image?.['docker-manifest-digest'] !== 'string')
            return undefined;
        return parsed;
    }
    catch {
        return undefined;
    }
}
/** The repository name as cosign writes it in `docker-reference` (go-containerregistry's spelling). */
function dockerReference(registry, repository) {
    return `${registry === 'docker.io' ? 'index.docker.io' : registry}/${repository}`;
}

;// CONCATENATED MODULE: ./src/sign/sigstore-signer.ts



// @sigstore/sign's own retries are off: the runtime's engine repeats each service call instead, which is
// safe — a new Fulcio certificate, Rekor answering 409 with the existing entry (fetchOnConflict), and a
// stateless TSA — and keeps backoff, the time cap and the attempt count the same as everywhere else.
const SIGSTORE_RETRY = { retries: 0 };
const SIGSTORE_ATTEMPTS = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4_000 };
/**
 * Signs with Sigstore: Fulcio (keyless) or the given key, Rekor, and the TSA when configured. The
 * library is loaded on demand, so a bad input never pays for it. Everything fails within the deadline.
 */
async function signWithSigstore(identity, services, request, deadline) {
    const sigstore = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(310), __webpack_require__.e(463), __webpack_require__.e(179)]).then(__webpack_require__.bind(__webpack_require__, 5179));
    const { bundleToJSON } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(40)]).then(__webpack_require__.bind(__webpack_require__, 1040));
    const fetchOptions = { retry: SIGSTORE_RETRY, timeout: Math.min(30_000, deadline.remaining()) };
    const retried = async (what, call) => (await withRetry(what, call, { policy: SIGSTORE_ATTEMPTS, deadline, classify: classifySigstoreFailure }))
        .value;
    // Each service call is retried on its own, so an outage of one does not use up the others' attempts.
    const signer = identity.kind === 'keyless'
        ? retriedSigner(new sigstore.FulcioSigner({
            fulcioBaseURL: services.fulcioUrl,
            identityProvider: { getToken: identity.idToken },
            ...fetchOptions,
        }), (call) => retried('getting a signing certificate from Fulcio', call))
        : keySigner(identity.key);
    const witness = (inner, what) => ({
        testify: (content, publicKey) => retried(what, () => inner.testify(content, publicKey)),
    });
    const witnesses = [
        witness(new sigstore.RekorWitness({ rekorBaseURL: services.rekorUrl, fetchOnConflict: true, ...fetchOptions }), 'recording the signature in Rekor'),
        ...(services.tsaUrl
            ? [
                witness(new sigstore.TSAWitness({ tsaBaseURL: services.tsaUrl, ...fetchOptions }), 'timestamping with the TSA'),
            ]
            : []),
    ];
    const result = {};
    const work = async () => {
        if (request.classicPayload) {
            const data = request.classicPayload;
            const bundle = await new sigstore.MessageSignatureBundleBuilder({ signer, witnesses }).create({ data });
            result.message = bundleToJSON(bundle);
        }
        if (request.statement) {
            const data = request.statement;
            const bundle = await new sigstore.DSSEBundleBuilder({ signer, witnesses }).create({
                data,
                type: IN_TOTO_PAYLOAD_TYPE,
            });
            result.dsse = bundleToJSON(bundle);
        }
        return result;
    };
    return withDeadline(work(), deadline, 'signing with Sigstore (Fulcio, Rekor, TSA)');
}
/** A signer whose every certificate request goes through the retry engine. */
function retriedSigner(inner, retry) {
    return { sign: (data) => retry(() => inner.sign(data)) };
}
/** A Signer over the user's own key; the hint names the key as sigstore-js does (SHA-256 of its SPKI). */
function keySigner(key) {
    const hint = (0,external_node_crypto_.createHash)('sha256')
        .update(Buffer.from(key.publicKeyPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'))
        .digest('base64');
    return {
        sign: async (data) => ({
            signature: (0,external_node_crypto_.sign)('sha256', data, key.privateKey),
            key: { $case: 'publicKey', publicKey: key.publicKeyPem, hint },
        }),
    };
}
/**
 * @sigstore/sign wraps a service's failure in an error whose cause is an HTTPError (with its status) or
 * the fetch's network error: 408/429/5xx and network errors are worth another try; a 4xx is final.
 */
function classifySigstoreFailure(error) {
    const cause = error.cause;
    if (typeof cause !== 'object' || cause === null)
        return { retryable: false };
    const status = cause.statusCode;
    if (typeof status === 'number')
        return { retryable: isRetryableStatus(status) };
    const code = String(cause.code ?? '');
    return {
        retryable: /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE|ERR_SOCKET)/.test(code),
    };
}
/** Rejects when the deadline passes first (the pending request is abandoned, the process moves on). */
function withDeadline(work, deadline, what) {
    let timer;
    const expiry = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new DeadlineExceeded(what, deadline.totalMs)), deadline.remaining());
    });
    return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

;// CONCATENATED MODULE: ./src/image/registry/referrers.ts


/**
 * The referrers of a subject digest: from the OCI 1.1 referrers API when the registry has one, else from
 * the referrers tag schema (an index tagged `sha256-<hex>`), as cosign v3 and oras do. Optionally only
 * those of one artifact type.
 */
async function listReferrers(client, repository, subject, artifactType) {
    const api = await client.request(repository, {
        method: 'GET',
        path: `/referrers/${subject}`,
        headers: { accept: OCI_INDEX },
    });
    let manifests;
    if (api.status === 200 && (api.headers['content-type'] ?? '').startsWith(OCI_INDEX)) {
        manifests = JSON.parse(api.body.toString('utf8')).manifests ?? [];
    }
    else {
        if (api.status !== 404)
            client.expect(api, [200, 404], `listing the referrers of ${repository}@${subject}`);
        manifests = (await readTagIndex(client, repository, subject))?.manifests ?? [];
    }
    return artifactType ? manifests.filter((m) => m.artifactType === artifactType) : manifests;
}
/**
 * Records a referrer pushed with a `subject`. A registry with the referrers API says so with the
 * `OCI-Subject` header on the manifest PUT; otherwise the `sha256-<hex>` tag index is read, the
 * descriptor appended (never replacing others) and written back. Idempotent: running it again after a
 * partial write completes the index.
 */
async function recordReferrer(client, repository, subject, referrer, putHeaders) {
    if (putHeaders['oci-subject'] === subject)
        return 'api';
    const existing = await readTagIndex(client, repository, subject);
    const manifests = existing?.manifests ?? [];
    if (!manifests.some((m) => m.digest === referrer.digest))
        manifests.push(referrer);
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests };
    await client.putManifest(repository, digestTag(subject), Buffer.from(JSON.stringify(index)), OCI_INDEX);
    return 'tag';
}
async function readTagIndex(client, repository, subject) {
    const fetched = await client.getManifest(repository, digestTag(subject));
    if (!fetched)
        return undefined;
    const parsed = JSON.parse(fetched.bytes.toString('utf8'));
    return Array.isArray(parsed.manifests) ? parsed : undefined;
}

;// CONCATENATED MODULE: ./src/sign/signature-store.ts




const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const BUNDLE_MEDIA_PREFIX = 'application/vnd.dev.sigstore.bundle';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
/** `sha256-<hex>.sig`: cosign's classic signature tag for an image digest. */
function classicTag(digest) {
    return `${digestTag(digest)}.sig`;
}
/**
 * Appends a classic signature to the image's `sha256-<hex>.sig` manifest (created when absent). Existing
 * signatures are kept, never replaced; the same signature is not added twice, so re-running after a
 * partial write (blob uploaded, tag not moved) simply completes it.
 */
async function appendClassicSignature(client, repository, digest, signature) {
    const tag = classicTag(digest);
    const existing = await readClassicManifest(client, repository, digest);
    const layers = existing?.layers ?? [];
    const payloadDigest = await client.putBlob(repository, signature.payload);
    const layer = {
        mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
        size: signature.payload.byteLength,
        digest: payloadDigest,
        annotations: signature.annotations,
    };
    const sig = signature.annotations['dev.cosignproject.cosign/signature'];
    if (!layers.some((l) => l.annotations?.['dev.cosignproject.cosign/signature'] === sig))
        layers.push(layer);
    // The config lists each layer as a diff id, as go-containerregistry (and so cosign) writes it.
    const config = Buffer.from(JSON.stringify({
        architecture: '',
        created: '0001-01-01T00:00:00Z',
        history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
        os: '',
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
        config: {},
    }));
    const configDigest = await client.putBlob(repository, config);
    const manifest = {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, size: config.byteLength, digest: configDigest },
        layers,
    };
    const { digest: manifestDigest } = await client.putManifest(repository, tag, Buffer.from(JSON.stringify(manifest)), OCI_MANIFEST);
    return { ref: `${repository}:${tag}`, manifestDigest };
}
/** Every classic signature stored for a digest (an empty list when there is no `.sig` tag). */
async function readClassicSignatures(client, repository, digest) {
    const manifest = await readClassicManifest(client, repository, digest);
    const signatures = [];
    for (const layer of manifest?.layers ?? []) {
        if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE)
            continue;
        signatures.push({
            payload: await client.getBlob(repository, layer.digest),
            annotations: layer.annotations ?? {},
        });
    }
    return signatures;
}
async function readClassicManifest(client, repository, digest) {
    const fetched = await client.getManifest(repository, classicTag(digest));
    return fetched ? JSON.parse(fetched.bytes.toString('utf8')) : undefined;
}
/**
 * Stores a Sigstore bundle as an OCI referrer of the image, as cosign v3 does: the bundle as the one
 * layer of an artifact manifest (empty config, `subject` = the image), then recorded in the referrers
 * index (the API when the registry has one, else the `sha256-<hex>` tag).
 */
async function attachBundle(client, repository, subject, bundleJson, annotations) {
    const empty = Buffer.from('{}');
    const [emptyDigest, bundleDigest] = await Promise.all([
        client.putBlob(repository, empty),
        client.putBlob(repository, bundleJson),
    ]);
    const manifest = {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: BUNDLE_V03_MEDIA_TYPE,
        config: { mediaType: OCI_EMPTY, digest: emptyDigest, size: 2 },
        layers: [
            {
                mediaType: BUNDLE_V03_MEDIA_TYPE,
                digest: bundleDigest,
                size: bundleJson.byteLength,
                annotations: { 'org.opencontainers.image.title': `${digestTag(bundleDigest)}.sigstore.json` },
            },
        ],
        subject,
        annotations,
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const manifestDigest = sha256Digest(bytes);
    const { headers } = await client.putManifest(repository, manifestDigest, bytes, OCI_MANIFEST);
    await recordReferrer(client, repository, subject.digest, {
        mediaType: OCI_MANIFEST,
        digest: manifestDigest,
        size: bytes.byteLength,
        artifactType: BUNDLE_V03_MEDIA_TYPE,
        annotations,
    }, headers);
    return { ref: `${repository}@${manifestDigest}`, manifestDigest };
}
/** Every Sigstore bundle attached to a digest as a referrer, with the referrer manifest's digest. */
async function readBundles(client, repository, digest) {
    const referrers = (await listReferrers(client, repository, digest)).filter((d) => d.artifactType?.startsWith(BUNDLE_MEDIA_PREFIX));
    const bundles = [];
    for (const referrer of referrers) {
        const fetched = await client.getManifest(repository, referrer.digest);
        if (!fetched)
            continue;
        const manifest = JSON.parse(fetched.bytes.toString('utf8'));
        const layer = manifest.layers?.find((l) => l.mediaType.startsWith(BUNDLE_MEDIA_PREFIX));
        if (!layer)
            continue;
        bundles.push({ manifestDigest: referrer.digest, bundle: await client.getBlob(repository, layer.digest) });
    }
    return bundles;
}

;// CONCATENATED MODULE: ./src/sign/sign-image.ts





/**
 * Signs a digest and stores the signature in the requested formats: a Sigstore bundle v0.3 (DSSE over
 * cosign v3's in-toto statement) as an OCI referrer, and/or cosign v2's classic simple-signing
 * signature appended to the `.sig` tag.
 */
async function signImage(options) {
    const { client, subject, formats } = options;
    const name = dockerReference(subject.registry, subject.repository);
    const classicPayload = formats.includes('classic') ? simpleSigningPayload(name, subject.digest) : undefined;
    const statement = formats.includes('bundle') ? signatureStatement(name, subject.digest) : undefined;
    const signed = await signWithSigstore(options.identity, options.services, { classicPayload, statement }, options.deadline);
    const stored = [];
    if (signed.dsse) {
        const at = await attachBundle(client, subject.repository, { digest: subject.digest, mediaType: subject.mediaType, size: subject.size }, Buffer.from(JSON.stringify(signed.dsse)), {
            'dev.sigstore.bundle.content': 'dsse-envelope',
            'dev.sigstore.bundle.predicateType': COSIGN_SIGN_PREDICATE,
            'org.opencontainers.image.created': new Date().toISOString(),
        });
        stored.push({ format: 'bundle', ref: `${subject.registry}/${at.ref}` });
    }
    if (signed.message && classicPayload) {
        const at = await appendClassicSignature(client, subject.repository, subject.digest, {
            payload: classicPayload,
            annotations: classicAnnotations(signed.message),
        });
        stored.push({ format: 'classic', ref: `${subject.registry}/${at.ref}` });
    }
    const bundle = (signed.dsse ?? signed.message);
    const material = bundle.verificationMaterial;
    return {
        bundle,
        stored,
        rekorLogIndex: material.tlogEntries[0]?.logIndex,
        certificate: material.x509CertificateChain?.certificates[0]?.rawBytes ?? material.certificate?.rawBytes,
    };
}

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
        request: { fetch: layerFetch(transport) },
    });
}

;// CONCATENATED MODULE: ./src/sign/provenance.ts



const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
/** A provenance attestation the GitHub API refused; the message never contains the token. */
/** GitHub did not store the attestation; the message says what to fix. */
class AttestationError extends CallFailure {
    constructor(message, retryable = false, status) {
        super(message, retryable, undefined, status);
    }
}
/**
 * The in-toto statement of a GitHub build-provenance attestation (SLSA v1, the build type that
 * actions/attest-build-provenance uses), derived from the OIDC token's claims as that action does: they
 * are what GitHub vouched for, unlike environment variables.
 */
function provenanceStatement(name, digest, claims, serverUrl) {
    const text = (key) => (typeof claims[key] === 'string' ? claims[key] : '');
    const workflowRef = text('workflow_ref');
    const at = workflowRef.indexOf('@');
    const repository = text('repository');
    const [algorithm, hex] = digest.split(':');
    const statement = {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name, digest: { [algorithm]: hex } }],
        predicateType: SLSA_PROVENANCE_V1,
        predicate: {
            buildDefinition: {
                buildType: BUILD_TYPE,
                externalParameters: {
                    workflow: {
                        ref: at >= 0 ? workflowRef.slice(at + 1) : text('ref'),
                        repository: `${serverUrl}/${repository}`,
                        path: at >= 0 ? workflowRef.slice(repository.length + 1, at) : '',
                    },
                },
                internalParameters: {
                    github: {
                        event_name: text('event_name'),
                        repository_id: text('repository_id'),
                        repository_owner_id: text('repository_owner_id'),
                        runner_environment: text('runner_environment'),
                    },
                },
                resolvedDependencies: [
                    { uri: `git+${serverUrl}/${repository}@${text('ref')}`, digest: { gitCommit: text('sha') } },
                ],
            },
            runDetails: {
                builder: { id: `${serverUrl}/${text('job_workflow_ref')}` },
                metadata: {
                    invocationId: `${serverUrl}/${repository}/actions/runs/${text('run_id')}/attempts/${text('run_attempt')}`,
                },
            },
        },
    };
    return Buffer.from(JSON.stringify(statement));
}
/**
 * Stores an attestation bundle with GitHub (`POST /repos/{owner}/{repo}/attestations`), where
 * `gh attestation verify` finds it. Returns the attestation id.
 */
async function uploadAttestation(options) {
    const octokit = await gitHubRestClient(options.token, options.apiUrl);
    const [owner, repo] = options.repository.split('/');
    const { value: id } = await withRetry('storing the provenance attestation with GitHub', async () => {
        try {
            const answer = await octokit.request('POST /repos/{owner}/{repo}/attestations', {
                owner,
                repo,
                bundle: options.bundle,
                request: {
                    signal: AbortSignal.timeout(Math.max(1, Math.min(30_000, options.deadline.remaining()))),
                },
            });
            return answer.data.id;
        }
        catch (error) {
            throw attestationFailure(error);
        }
    }, {
        deadline: options.deadline,
        onRetry: (error, delay) => options.onRetry?.(`${error.message}; retrying in ${delay} ms`),
    });
    return String(id ?? '');
}
/**
 * Creating an attestation is not idempotent, so only what GitHub never processed is retried: a
 * connection that never opened, or a 429. Everything else is final and says what to fix.
 */
function attestationFailure(error) {
    const cause = error.cause;
    if (cause instanceof NetworkError)
        return new AttestationError(`could not reach GitHub to store the attestation (${cause.message})`, cause.connectFailed);
    const status = error.status;
    if (status === 429)
        return new AttestationError('GitHub is rate limiting the attestations API (429)', true, 429);
    return new AttestationError(`GitHub refused the provenance attestation (${String(status ?? 'no answer')}): the job needs 'permissions: attestations: write' (and id-token: write), and github-token must be the job's token`, false, typeof status === 'number' ? status : undefined);
}

;// CONCATENATED MODULE: ./src/actions/sign-image/provenance-step.ts





/** A SLSA build-provenance attestation, signed keyless, stored with GitHub (and in the registry if asked). */
async function attestProvenance(inputs, work) {
    const { image } = inputs;
    const repository = inputs.github.repository ??
        (typeof work.claims.repository === 'string' ? work.claims.repository : undefined);
    if (!inputs.githubToken || !repository)
        throw new errors/* ActionFailure */.dR('attest-provenance: no GitHub token or repository to store the attestation with (github-token defaults to the job token; GITHUB_REPOSITORY must be set)');
    const statement = provenanceStatement(dockerReference(image.registry, image.repository), work.digest, work.claims, inputs.github.serverUrl);
    const { dsse } = await signWithSigstore(work.identity, { fulcioUrl: inputs.fulcioUrl, rekorUrl: inputs.rekorUrl, tsaUrl: inputs.tsaUrl }, { statement }, work.deadline);
    const id = await uploadAttestation({
        apiUrl: inputs.githubApiUrl,
        repository,
        token: inputs.githubToken,
        bundle: dsse,
        deadline: work.deadline,
        onRetry: (message) => work.logger.warning(`GitHub attestations API: ${message}`),
    });
    work.logger.info(`stored the build-provenance attestation with GitHub (id ${id})`);
    if (!inputs.pushProvenance)
        return { id };
    const stored = await attachBundle(work.client, image.repository, { digest: work.digest, mediaType: work.manifest.mediaType, size: work.manifest.bytes.byteLength }, Buffer.from(JSON.stringify(dsse)), {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': SLSA_PROVENANCE_V1,
        'org.opencontainers.image.created': new Date().toISOString(),
    });
    work.logger.info(`pushed the provenance attestation to ${image.registry}/${stored.ref}`);
    return { id, ref: `${image.registry}/${stored.ref}` };
}

;// CONCATENATED MODULE: ./src/sign/verify-bundle.ts



class SignatureRejected extends errors/* ActionFailure */.dR {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
/**
 * The trust material: the trusted root (a file, or the public-good root through Sigstore's TUF
 * repository when none is given) and, for key-based verification, the public key whatever the bundle's
 * key hint says (cosign does not rely on hints either).
 */
async function loadTrustMaterial(trustedRootFile, publicKeyPem, cacheDir) {
    const { TrustedRoot } = await __webpack_require__.e(/* import() */ 654).then(__webpack_require__.t.bind(__webpack_require__, 9654, 23));
    const { toTrustMaterial } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(463), __webpack_require__.e(187)]).then(__webpack_require__.bind(__webpack_require__, 4187));
    const root = trustedRootFile
        ? readTrustedRoot(trustedRootFile, TrustedRoot)
        : await publicGoodRoot(cacheDir);
    if (!publicKeyPem)
        return toTrustMaterial(root, () => {
            throw new SignatureRejected('wrong-key', 'it was signed with a key, but a keyless signer (certificate identity) is required');
        });
    const publicKey = (0,external_node_crypto_.createPublicKey)(publicKeyPem);
    return toTrustMaterial(root, () => ({ publicKey, validFor: () => true }));
}
/** The trusted root could not be read or fetched; says what to do about it. */
class TrustedRootError extends errors/* ActionFailure */.dR {
    constructor(message) {
        super(message);
    }
}
function readTrustedRoot(file, TrustedRoot) {
    try {
        return TrustedRoot.fromJSON(JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8')));
    }
    catch (error) {
        throw new TrustedRootError(`trusted-root: ${file} could not be read as a Sigstore trusted root JSON (${error.message})`);
    }
}
/** The public-good root through Sigstore's TUF repository (online; cached under `cacheDir`). */
async function publicGoodRoot(cacheDir) {
    const { getTrustedRoot } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(310), __webpack_require__.e(694)]).then(__webpack_require__.bind(__webpack_require__, 4423));
    try {
        return await getTrustedRoot({ cachePath: cacheDir, retry: 2, timeout: 15_000 });
    }
    catch (error) {
        throw new TrustedRootError(`could not fetch the public-good Sigstore trusted root from Sigstore's TUF repository (${error.message}); for a private or offline Sigstore instance give trusted-root`);
    }
}
/**
 * Verifies one Sigstore bundle against the trust material and the signer policy. `message` is the
 * signed content of a message-signature bundle (a DSSE bundle carries its own payload). Throws
 * SignatureRejected with the reason a person can act on.
 */
async function verifyBundle(json, message, trust, policy) {
    const { bundleFromJSON } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(40)]).then(__webpack_require__.bind(__webpack_require__, 1040));
    const { Verifier, toSignedEntity } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(463), __webpack_require__.e(187)]).then(__webpack_require__.bind(__webpack_require__, 4187));
    let bundle;
    try {
        bundle = bundleFromJSON(json);
    }
    catch (error) {
        throw new SignatureRejected('malformed', `the bundle is malformed (${error.message})`);
    }
    const material = json.verificationMaterial;
    const keyless = Boolean(material.x509CertificateChain || material.certificate);
    if (policy.publicKeyPem && keyless)
        throw new SignatureRejected('wrong-key', 'it was signed keyless (with a certificate), but a signature by the given public key is required');
    const verifier = new Verifier(trust, {
        tlogThreshold: 1,
        ctlogThreshold: keyless ? 1 : 0,
        timestampThreshold: 1,
    });
    let signer;
    try {
        signer = verifier.verify(toSignedEntity(bundle, message), keyless && policy.certificateIdentity
            ? {
                subjectAlternativeName: policy.certificateIdentity,
                extensions: { issuer: policy.certificateOidcIssuer },
            }
            : keyless
                ? { extensions: { issuer: policy.certificateOidcIssuer } }
                : undefined);
    }
    catch (error) {
        throw rejection(error, policy, json);
    }
    const identity = signer.identity?.subjectAlternativeName ?? 'key';
    if (keyless &&
        policy.certificateIdentityRegexp &&
        !new RegExp(policy.certificateIdentityRegexp).test(identity))
        throw new SignatureRejected('wrong-identity', `signed by ${identity}, which does not match the required pattern ${policy.certificateIdentityRegexp}`);
    return {
        identity,
        issuer: signer.identity?.extensions?.issuer,
        rekorLogIndex: material.tlogEntries[0]?.logIndex,
    };
}
function rejection(error, policy, json) {
    if (error instanceof SignatureRejected)
        return error;
    const code = error.code ?? '';
    const message = error.message;
    if (code === 'UNTRUSTED_SIGNER_ERROR') {
        const actual = certificateIdentity(json);
        return new SignatureRejected('wrong-identity', `signed by ${actual ?? 'another identity'}, but ${policy.certificateIdentity ?? policy.certificateIdentityRegexp ?? 'another signer'} (issuer ${policy.certificateOidcIssuer}) is required (${message})`);
    }
    if (code === 'CERTIFICATE_ERROR' || code === 'TIMESTAMP_ERROR' || /TLOG_INCLUSION|TLOG_ERROR/.test(code))
        return new SignatureRejected('untrusted', `it does not chain to the trusted root: ${message} (is trusted-root the root of the Sigstore instance that signed it?)`);
    if (policy.publicKeyPem &&
        (code === 'SIGNATURE_ERROR' || code === 'PUBLIC_KEY_ERROR' || /public key/i.test(message)))
        return new SignatureRejected('wrong-key', `it does not verify with the given public key: signed by another key, or altered (${message})`);
    return new SignatureRejected('bad-signature', `the signature does not match the signed content: it was altered or corrupted (${code || 'error'}: ${message})`);
}
/** The SAN of the bundle's leaf certificate, for messages. */
function certificateIdentity(json) {
    const raw = json.verificationMaterial.x509CertificateChain?.certificates[0]?.rawBytes ??
        json.verificationMaterial.certificate?.rawBytes;
    if (!raw)
        return undefined;
    try {
        const san = new external_node_crypto_.X509Certificate(Buffer.from(raw, 'base64')).subjectAltName ?? '';
        return san.replace(/^(URI|email):/, '');
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/sign/verify-image.ts






/** No signature verified; `rejections` says what was found and why each failed (empty: none found). */
class NoValidSignature extends errors/* ActionFailure */.dR {
    image;
    rejections;
    constructor(image, rejections, formats) {
        super(rejections.length === 0
            ? `${image} has no signature: looked for ${formats.map(describeFormat).join(' and ')}. Was it signed, and pushed to this registry and repository?`
            : `${image} has no valid signature: ${rejections.length} found, none acceptable:\n` +
                rejections.map((r) => `  - ${r.format} signature at ${r.where}: ${r.reason}`).join('\n'));
        this.image = image;
        this.rejections = rejections;
    }
}
function describeFormat(format) {
    return format === 'bundle' ? 'Sigstore bundle referrers' : 'the cosign tag sha256-<hex>.sig';
}
/**
 * Finds the image's signatures in the requested formats and verifies each against the policy; returns
 * the first that verifies, or throws NoValidSignature listing every rejection. Used by sign-image's
 * verify mode, its check right after signing, and canary-deploy's signature gate.
 */
async function verifyImageSignatures(options) {
    const { client, repository, digest, trust, policy } = options;
    const rejections = [];
    if (options.formats.includes('bundle')) {
        for (const { manifestDigest, bundle } of await readBundles(client, repository, digest)) {
            const where = `${repository}@${manifestDigest}`;
            try {
                const json = JSON.parse(bundle.toString('utf8'));
                const signer = await verifyBundle(json, undefined, trust, policy);
                checkStatement(json, digest);
                return { signer, format: 'bundle', signatureRef: where };
            }
            catch (error) {
                rejections.push(toRejection('bundle', where, error));
            }
        }
    }
    if (options.formats.includes('classic')) {
        const where = `${repository}:${classicTag(digest)}`;
        for (const signature of await readClassicSignatures(client, repository, digest)) {
            try {
                const json = bundleFromClassic(signature);
                if (typeof json === 'string')
                    throw new SignatureRejected('malformed', json);
                const signer = await verifyBundle(json, signature.payload, trust, policy);
                const payload = parseSimpleSigningPayload(signature.payload);
                if (!payload)
                    throw new SignatureRejected('malformed', 'the signed payload is not a simple-signing payload');
                const signed = payload.critical.image['docker-manifest-digest'];
                if (signed !== digest)
                    throw otherDigest(signed, digest);
                return { signer, format: 'classic', signatureRef: where };
            }
            catch (error) {
                rejections.push(toRejection('classic', where, error));
            }
        }
    }
    throw new NoValidSignature(options.image, rejections, options.formats);
}
/** A DSSE bundle must carry an in-toto statement whose subject is this digest. */
function checkStatement(json, digest) {
    const envelope = json.dsseEnvelope;
    if (!envelope)
        throw new SignatureRejected('malformed', 'the bundle holds a message signature, not the in-toto statement cosign signs for images');
    if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
        throw new SignatureRejected('malformed', `the bundle's payload type is ${envelope.payloadType}, not in-toto`);
    const subjects = statementSubjects(Buffer.from(envelope.payload, 'base64'));
    if (!subjects)
        throw new SignatureRejected('malformed', 'the signed statement is not an in-toto statement');
    // cosign v3 stores attestations (provenance, SBOMs) as the same referrer type: they are not signatures.
    if (subjects.predicateType !== COSIGN_SIGN_PREDICATE)
        throw new SignatureRejected('malformed', `it is an attestation (${subjects.predicateType ?? 'no predicate type'}), not an image signature (${COSIGN_SIGN_PREDICATE})`);
    if (!subjects.digests.includes(digest))
        throw otherDigest(subjects.digests.join(', ') || 'none', digest);
}
function otherDigest(signed, digest) {
    return new SignatureRejected('other-digest', `it is a valid signature, but for another image (${signed}), not ${digest}: a signature copied from another image`);
}
function toRejection(format, where, error) {
    if (error instanceof SignatureRejected)
        return { format, where, kind: error.kind, reason: error.message };
    if (error instanceof SyntaxError)
        return { format, where, kind: 'malformed', reason: `not valid JSON (${error.message})` };
    throw error;
}

;// CONCATENATED MODULE: ./src/sign/signature-gate.ts



/**
 * The deploy gate: verifies that `registry/repository@digest` carries a valid signature by the given
 * identity (keyless identity + issuer, or public key), in any of `formats`. Shared by sign-image's
 * verify mode and canary-deploy's signature gate; throws NoValidSignature (with every reason) when
 * none verifies.
 */
async function verifySignedDigest(options) {
    const publicKeyPem = readPublicKey(options.identity.publicKey);
    const policy = {
        certificateIdentity: options.identity.certificateIdentity,
        certificateIdentityRegexp: options.identity.certificateIdentityRegexp,
        certificateOidcIssuer: options.identity.certificateOidcIssuer,
        publicKeyPem,
    };
    const trust = await loadTrustMaterial(options.identity.trustedRoot, publicKeyPem, options.cacheDir);
    const verification = await verifyImageSignatures({
        client: options.client,
        repository: options.repository,
        digest: options.digest,
        image: `${options.registry}/${options.repository}@${options.digest}`,
        formats: options.formats,
        trust,
        policy,
    });
    return { verification, policy };
}
/** `public-key` is PEM content, or a path to a PEM file. */
function readPublicKey(value) {
    if (!value)
        return undefined;
    if (value.includes('-----BEGIN'))
        return value;
    try {
        return (0,external_node_fs_.readFileSync)(value, 'utf8');
    }
    catch {
        throw new TrustedRootError(`public-key: ${value} is neither PEM content nor a readable file`);
    }
}

;// CONCATENATED MODULE: ./src/actions/sign-image/summary.ts
const PUBLIC_GOOD_REKOR = 'https://rekor.sigstore.dev';
/**
 * The exact `cosign verify` commands for what was written: cosign v3 reads the bundle referrer by default;
 * cosign v2 reads the classic `.sig` tag. Private Sigstore instances need their trusted root (v3) or
 * Rekor URL (v2).
 */
function cosignCommands(subject, formats, policy, inputs) {
    const who = policy.publicKeyPem
        ? ['--key cosign.pub']
        : [
            policy.certificateIdentity
                ? `--certificate-identity '${policy.certificateIdentity}'`
                : `--certificate-identity-regexp '${policy.certificateIdentityRegexp ?? ''}'`,
            `--certificate-oidc-issuer '${policy.certificateOidcIssuer}'`,
        ];
    const commands = [];
    if (formats.includes('bundle'))
        commands.push([
            'cosign verify',
            ...who,
            ...(inputs.identity.trustedRoot ? ['--trusted-root trusted-root.json'] : []),
            subject,
        ].join(' '));
    if (formats.includes('classic'))
        commands.push([
            'cosign verify',
            ...who,
            ...(inputs.rekorUrl !== PUBLIC_GOOD_REKOR ? [`--rekor-url '${inputs.rekorUrl}'`] : []),
            subject,
            '  # cosign v2 (classic .sig format)',
        ].join(' '));
    return commands;
}
/** The job summary after signing: what, by whom, where, and how to check it. */
function signSummary(subject, stored, signer, policy, commands) {
    return [
        '### Image signed',
        '',
        `| | |`,
        `|---|---|`,
        `| image | \`${subject}\` |`,
        `| signer | \`${signer}\`${policy.publicKeyPem ? '' : ` (issuer \`${policy.certificateOidcIssuer}\`)`} |`,
        ...stored.map((s) => `| ${s.format === 'bundle' ? 'bundle (cosign v3)' : 'classic (cosign v2)'} | \`${s.ref}\` |`),
        '',
        'Verified right after signing. To check it yourself:',
        '',
        '```sh',
        ...commands,
        '```',
        ...(policy.publicKeyPem
            ? []
            : [
                '',
                'Deploy gates must verify against this identity. Inside a reusable workflow it is the reusable workflow (`job_workflow_ref`), not the calling workflow.',
            ]),
    ].join('\n');
}
/** The job summary of verify mode. */
function verifySummary(subject, verification, policy) {
    return [
        '### Image signature verified',
        '',
        `| | |`,
        `|---|---|`,
        `| image | \`${subject}\` |`,
        `| signer | \`${verification.signer.identity}\`${policy.publicKeyPem ? '' : ` (issuer \`${verification.signer.issuer ?? policy.certificateOidcIssuer}\`)`} |`,
        `| format | ${verification.format} |`,
        `| signature | \`${verification.signatureRef}\` |`,
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/actions/sign-image/sign-or-verify.ts


















/** Sign a digest (keyless or with a key) and verify what was written, or only verify (a deploy gate). */
async function signOrVerify(inputs, context) {
    try {
        return await runChecked(inputs, context);
    }
    catch (error) {
        if (error instanceof errors/* ActionFailure */.dR)
            throw error;
        // Sigstore's and Node's own failures become one plain message; bugs keep their stack.
        const message = expectedFailure(error);
        if (message)
            throw new errors/* ActionFailure */.dR(message);
        throw error;
    }
}
async function runChecked(inputs, { logger, summary }) {
    const deadline = new Deadline(inputs.timeoutMs);
    // A bad key or password fails before any network call.
    const signingKey = inputs.mode === 'sign' && inputs.key !== undefined
        ? await loadSigningKey(inputs.key, inputs.keyPassword)
        : undefined;
    const { image } = inputs;
    const credentials = inputs.username && inputs.password
        ? { username: inputs.username, password: inputs.password }
        : await dockerConfigCredentials(image.registry, inputs.dockerConfigDir, spawnRunner);
    const client = new RegistryClient({
        registry: image.registry,
        credentials,
        ca: registryTrust(image.registry, inputs.dockerConfigDir, inputs.registryCa),
        push: inputs.mode === 'sign',
        deadline,
        onRetry: (message) => logger.warning(`registry: ${message}`),
    });
    const reference = image.digest ?? image.tag;
    const manifest = await client.getManifest(image.repository, reference);
    if (!manifest)
        throw new errors/* ActionFailure */.dR(`${(0,image_reference/* formatReference */.FH)(image)} was not found in the registry: check the repository and ${image.digest ? 'digest' : 'tag'}, and that it was pushed`);
    const digest = manifest.digest;
    const subject = `${(0,image_reference/* repositoryName */.aR)(image)}@${digest}`;
    if (!image.digest)
        logger.info(`resolved the tag ${image.tag} to ${digest} through the registry`);
    const formats = inputs.format === 'both' ? ['bundle', 'classic'] : [inputs.format];
    const cacheDir = (0,external_node_path_.join)(inputs.github.tempDir ?? (0,external_node_os_.tmpdir)(), 'prodline-sigstore');
    (0,external_node_fs_.mkdirSync)(cacheDir, { recursive: true });
    if (inputs.mode === 'verify') {
        const { verification, policy } = await verifySignedDigest({
            client,
            registry: image.registry,
            repository: image.repository,
            digest,
            identity: inputs.identity,
            formats,
            cacheDir,
        });
        logger.info(`${subject}: ${verification.format} signature by ${verification.signer.identity} verified`);
        summary.append(verifySummary(subject, verification, policy));
        return {
            digest,
            'signature-ref': verification.signatureRef,
            'bundle-path': undefined,
            'certificate-identity': verification.signer.identity,
            'rekor-log-index': verification.signer.rekorLogIndex,
            verified: true,
        };
    }
    let identity;
    let policy;
    let claims = {};
    if (signingKey) {
        const key = signingKey;
        identity = { kind: 'key', key };
        policy = { certificateOidcIssuer: inputs.identity.certificateOidcIssuer, publicKeyPem: key.publicKeyPem };
    }
    else {
        const request = inputs.idTokenRequest;
        let token;
        identity = {
            kind: 'keyless',
            idToken: async () => {
                token ??= await requestIdToken(request, 'sigstore', (secret) => logger.mask(secret), {
                    deadline,
                    onRetry: (message) => logger.warning(`OIDC token endpoint: ${message.replace(/\?.*$/, '')}`),
                });
                claims = tokenClaims(token);
                return token;
            },
        };
        policy = { certificateOidcIssuer: inputs.identity.certificateOidcIssuer };
    }
    logger.info(`signing ${subject} (${formats.join(' + ')}, ${identity.kind === 'key' ? 'with a key' : 'keyless'})`);
    const result = await signImage({
        client,
        subject: {
            registry: image.registry,
            repository: image.repository,
            digest,
            mediaType: manifest.mediaType,
            size: manifest.bytes.byteLength,
        },
        formats,
        identity,
        services: { fulcioUrl: inputs.fulcioUrl, rekorUrl: inputs.rekorUrl, tsaUrl: inputs.tsaUrl },
        deadline,
    });
    for (const stored of result.stored)
        logger.info(`stored the ${stored.format} signature at ${stored.ref}`);
    const bundlePath = (0,external_node_path_.join)(inputs.github.tempDir ?? (0,external_node_os_.tmpdir)(), `${digest.replace(':', '-')}.sigstore.json`);
    (0,external_node_fs_.writeFileSync)(bundlePath, `${JSON.stringify(result.bundle, null, 2)}\n`);
    if (identity.kind === 'keyless')
        policy = keylessPolicy(inputs, claims, result.certificate);
    const trust = await loadTrustMaterial(inputs.identity.trustedRoot, policy.publicKeyPem, cacheDir);
    let signer;
    for (const format of formats) {
        // Every format written must verify on its own: a deploy gate may accept only one of them.
        const verification = await verifyImageSignatures({
            client,
            repository: image.repository,
            digest,
            image: subject,
            formats: [format],
            trust,
            policy,
        });
        signer = verification.signer;
        logger.info(`verified the ${format} signature just written (signer ${signer.identity})`);
    }
    const attestation = inputs.attestProvenance && identity.kind === 'keyless'
        ? await attestProvenance(inputs, { client, identity, claims, digest, manifest, deadline, logger })
        : undefined;
    const commands = cosignCommands(subject, formats, policy, inputs);
    summary.append(signSummary(subject, result.stored, signer?.identity ?? 'key', policy, commands));
    if (attestation)
        summary.append(`\nBuild provenance attested (GitHub attestation ${attestation.id || '(no id)'})${attestation.ref ? `, also stored at \`${attestation.ref}\`` : ''}. Check it with \`gh attestation verify oci://${subject} --repo ${inputs.github.repository ?? '<owner>/<repo>'}\`.`);
    return {
        digest,
        'signature-ref': result.stored.map((s) => s.ref).join('\n'),
        'bundle-path': bundlePath,
        'certificate-identity': signer?.identity ?? 'key',
        'rekor-log-index': result.rekorLogIndex,
        verified: true,
    };
}
/**
 * The identity to verify right after keyless signing: the one asked for, else the one the token names
 * (GitHub: `https://github.com/<job_workflow_ref>`, the reusable workflow when inside one), which must
 * also be the certificate's.
 */
function keylessPolicy(inputs, claims, certificate) {
    const issuer = typeof claims.iss === 'string' ? claims.iss : inputs.identity.certificateOidcIssuer;
    if (inputs.identity.certificateIdentity || inputs.identity.certificateIdentityRegexp)
        return { ...inputs.identity, certificateOidcIssuer: issuer, publicKeyPem: undefined };
    const san = certificate
        ? new external_node_crypto_.X509Certificate(Buffer.from(certificate, 'base64')).subjectAltName?.replace(/^(URI|email):/, '')
        : undefined;
    const fromToken = typeof claims.job_workflow_ref === 'string' ? `https://github.com/${claims.job_workflow_ref}` : undefined;
    const identity = fromToken ?? san;
    if (!identity)
        throw new errors/* ActionFailure */.dR('the signing certificate names no identity; cannot verify the signature just made');
    if (san && san !== identity)
        throw new errors/* ActionFailure */.dR(`Fulcio certified ${san}, but the OIDC token names ${identity}: the Sigstore instance does not map GitHub tokens as expected`);
    return { certificateIdentity: identity, certificateOidcIssuer: issuer };
}
/** Which Sigstore service an error code of @sigstore/sign points at, in words for the log. */
const SIGSTORE_SERVICES = [
    ['CA_', 'Fulcio (the certificate authority, fulcio-url)'],
    ['TLOG_', 'Rekor (the transparency log, rekor-url)'],
    ['TSA_', 'the timestamp authority (tsa-url)'],
    ['IDENTITY_TOKEN_', 'the Actions OIDC token endpoint (id-token: write)'],
];
/** The message to report for a failure that is an outcome, not a bug; undefined for a bug. */
function expectedFailure(error) {
    // Node's own errors may come from another realm (a test VM), so check the shape, not instanceof Error.
    if (typeof error !== 'object' || error === null)
        return undefined;
    const { code, message } = error;
    if (typeof message !== 'string')
        return undefined;
    const text = String(code ?? '');
    // @sigstore/sign's errors carry codes such as CA_CREATE_SIGNING_CERTIFICATE_ERROR or TLOG_CREATE_ENTRY_ERROR.
    const service = SIGSTORE_SERVICES.find(([prefix]) => text.startsWith(prefix))?.[1];
    if (service)
        return `Sigstore refused or failed the request (${text}): ${service} did not do its part: ${message}${causeText(error)}`;
    if (/CERT|SSL|TLS/.test(text))
        return `TLS to the registry failed (${message}): if it uses a private CA, give its certificate file as registry-ca`;
    return undefined;
}
function causeText(error) {
    const cause = error.cause;
    return cause instanceof Error ? ` (${cause.message})` : '';
}


/***/ })

};
