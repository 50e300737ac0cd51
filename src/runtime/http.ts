import { createReadStream } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { describeProxy, proxyFor, type ProxyEnv } from './proxy.js';
import {
  CallFailure,
  classifyFailure,
  isRetryableStatus,
  parseRetryAfter,
  withRetry,
  type Clock,
  type Deadline,
  type RetryPolicy,
} from './retry.js';

/**
 * The one HTTP layer: every outbound call prodline makes itself (registries, OIDC, Sigstore, Slack,
 * webhooks, GitHub, Prometheus, Kubernetes) goes through here, so proxies, extra CAs and timeouts behave
 * the same everywhere. Built on undici (already in every bundle through @actions/http-client), loaded
 * on demand so a bad input never pays for it.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** A request body: bytes, text, or a file streamed with its length (image layers can be gigabytes). */
export type HttpBody = Buffer | string | { file: string; size: number };

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: HttpBody;
}

/** One exchange's answer, body fully read. */
export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

/** How requests travel: trust, time limits and the proxy environment. */
export interface TransportOptions {
  /** PEM CA certificates to trust besides the system roots (a private registry's CA). */
  ca?: string[];
  /** Per-attempt time limit (ms), headers and body included. */
  timeoutMs?: number;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from; the process environment by default. */
  proxyEnv?: ProxyEnv;
}

export interface HttpOptions extends TransportOptions {
  retry?: RetryPolicy;
  /** The overall cap shared with other calls. */
  deadline?: Deadline;
  clock?: Clock;
  /**
   * Whether the request may be repeated after a failure whose effect is unknown. GET, HEAD, PUT and
   * DELETE are idempotent by HTTP's definition; a POST is retried only when the caller says the API
   * makes it safe (an idempotency key, or a check for what the failed call may have created).
   */
  idempotent?: boolean;
  /** Told before each retry (a log line; never includes headers or query strings). */
  onRetry?: (message: string) => void;
}

/** A network failure, a time-out or a refusing proxy: no answer from the service itself. */
export class NetworkError extends CallFailure {
  constructor(
    message: string,
    retryable: boolean,
    /** The proxy the request went through, when it did (for messages; no credentials). */
    readonly proxy?: string,
    /** The connection never opened, so the service received nothing: safe to retry any request. */
    readonly connectFailed = false,
  ) {
    super(message, retryable);
  }
}

/** An answer worth retrying (408, 429, 5xx), carried through the retry engine. */
export class RetryableStatus extends CallFailure {
  constructor(
    message: string,
    readonly response: HttpResponse,
    retryAfterMs: number | undefined,
  ) {
    super(message, true, retryAfterMs, response.status);
  }
}

const IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE']);

/**
 * Sends a request, retrying network errors and 408/429/5xx answers (honouring `Retry-After`) when the
 * request is safe to repeat; other statuses are returned, for the caller knows what a 401 or 404 means.
 * A retryable status that is still failing when retries run out is returned too, so the caller words it.
 */
export async function send(request: HttpRequest, options: HttpOptions = {}): Promise<HttpResponse> {
  const what = `${request.method} ${describeUrl(new URL(request.url))}`;
  const idempotent = options.idempotent ?? IDEMPOTENT.has(request.method);
  try {
    const { value } = await withRetry(
      what,
      async ({ remainingMs }) => {
        const response = await exchange(request, {
          ...options,
          timeoutMs: Math.min(options.timeoutMs ?? 30_000, remainingMs),
        });
        if (isRetryableStatus(response.status))
          throw new RetryableStatus(
            `${what} answered ${response.status}`,
            response,
            parseRetryAfter(response.headers['retry-after']),
          );
        return response;
      },
      {
        policy: options.retry,
        deadline: options.deadline,
        clock: options.clock,
        classify: (error) => {
          const verdict = classifyFailure(error);
          // What the service never received or rejected unprocessed (429) is safe to send again, whatever the method.
          if (idempotent || !verdict.retryable) return verdict;
          const unprocessed =
            (error instanceof NetworkError && error.connectFailed) ||
            (error instanceof RetryableStatus && error.status === 429);
          return unprocessed ? verdict : { retryable: false };
        },
        onRetry: (error, delay, attempt) =>
          options.onRetry?.(`${(error as Error).message}; retry ${attempt} in ${delay} ms`),
      },
    );
    return value;
  } catch (error) {
    if (error instanceof RetryableStatus) return error.response;
    throw error;
  }
}

/** One exchange, no retry. Network errors become a NetworkError naming the host (and the proxy, if any). */
export async function exchange(request: HttpRequest, options: TransportOptions = {}): Promise<HttpResponse> {
  const url = new URL(request.url);
  const proxy = proxyFor(url, options.proxyEnv ?? process.env);
  const { request: undiciRequest } = await import('undici');
  const timeoutMs = Math.max(1, options.timeoutMs ?? 30_000);
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  const body = request.body;
  if (body !== undefined)
    headers['content-length'] = String(
      typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : body.size,
    );
  try {
    const answer = await undiciRequest(url, {
      method: request.method,
      headers,
      body:
        body === undefined || typeof body === 'string' || Buffer.isBuffer(body)
          ? body
          : createReadStream(body.file),
      dispatcher: await dispatcherFor(proxy, options.ca),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers))
      if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return { status: answer.statusCode, headers: flat, body: bytes };
  } catch (error) {
    throw networkError(error, request.method, url, proxy, timeoutMs);
  }
}

/** True for errors that mean "this is not TLS" or "this certificate is not trusted": retrying won't help. */
export function isTlsProblem(error: unknown): boolean {
  const { code, message } = errorParts(error);
  return (
    /SSL|TLS|CERT|certificate|wrong version number|self.signed|EPROTO/i.test(`${code} ${message}`) &&
    code !== 'ECONNRESET'
  );
}

/** `origin` + path: no query (upload URLs carry state tokens, token URLs carry scopes). */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function networkError(
  error: unknown,
  method: string,
  url: URL,
  proxy: URL | undefined,
  timeoutMs: number,
): NetworkError {
  const { code, message } = errorParts(error);
  const where = `${method} ${describeUrl(url)}`;
  const via = proxy ? describeProxy(proxy) : undefined;
  if (via && /Proxy response \((\d+)\)/.test(message)) {
    const status = /Proxy response \((\d+)\)/.exec(message)?.[1];
    const why =
      status === '407'
        ? 'asked for credentials it was not given or refused them (407)'
        : `refused the connection (${status})`;
    return new NetworkError(
      `${where}: the proxy ${via} ${why}; check HTTPS_PROXY / HTTP_PROXY (credentials go in the URL) or add the host to NO_PROXY`,
      false,
      via,
    );
  }
  const timedOut = /timeout|aborted/i.test(`${code} ${message}`);
  const detail = timedOut ? `no answer within ${timeoutMs} ms` : message || code;
  const through = via ? ` (through the proxy ${via})` : '';
  // TLS and certificate problems are configuration, not transient: retrying will not fix them.
  const connectFailed = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT/.test(code);
  return new NetworkError(`${where}${through}: ${detail}`, !isTlsProblem(error), via, connectFailed);
}

function errorParts(error: unknown): { code: string; message: string } {
  if (typeof error !== 'object' || error === null) return { code: '', message: String(error) };
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  // undici wraps the socket's error (ECONNREFUSED, certificate errors) as the cause of "fetch failed"-like errors.
  const inner = cause && typeof cause === 'object' ? errorParts(cause) : { code: '', message: '' };
  return {
    code: String(code ?? '') || inner.code,
    message: [typeof message === 'string' ? message : '', inner.message].filter(Boolean).join(': '),
  };
}

const dispatchers = new Map<string, Promise<Dispatcher>>();

/** One connection pool per (proxy, CA set): keep-alive across a client's calls, distinct trust kept apart. */
function dispatcherFor(proxy: URL | undefined, ca: string[] | undefined): Promise<Dispatcher> {
  const key = `${proxy?.href ?? ''}\n${(ca ?? []).join('\n')}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    dispatcher = (async () => {
      const { Agent, ProxyAgent } = await import('undici');
      const tls = ca && ca.length > 0 ? { ca: [...rootCertificates, ...ca] } : {};
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
export function layerFetch(options: TransportOptions = {}): typeof fetch {
  const layered = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const proxy = proxyFor(url, options.proxyEnv ?? process.env);
    const { fetch: undiciFetch } = await import('undici');
    try {
      const dispatcher = await dispatcherFor(proxy, options.ca);
      return (await undiciFetch(url, { ...(init as object), dispatcher })) as unknown as Response;
    } catch (error) {
      throw networkError(error, init?.method ?? 'GET', url, proxy, options.timeoutMs ?? 30_000);
    }
  };
  return layered as typeof fetch;
}
