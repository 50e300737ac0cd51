import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { Deadline, withRetry, type RetryPolicy } from '../../runtime/retry.js';

/** One HTTP exchange's answer, body fully read. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

/** Transport options shared by every request of a client. */
export interface HttpOptions {
  /** Extra PEM CA certificates to trust besides the system roots (a private registry's CA). */
  ca?: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  retry?: RetryPolicy;
  deadline?: Deadline;
  /** Told about each retry (a debug line; never includes headers). */
  onRetry?: (message: string) => void;
}

/** A failed exchange worth retrying: 408/429/5xx or a network error. */
export class TransientHttpError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TransientHttpError';
  }
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Sends a request with bounded retries on 408/429/5xx and network errors; other statuses are returned
 * to the caller, which knows what a 401 or 404 means. Retries honour the overall deadline.
 */
export async function send(request: HttpRequest, options: HttpOptions = {}): Promise<HttpResponse> {
  return withRetry(
    `${request.method} ${redact(request.url)}`,
    async () => {
      const response = await sendOnce(request, options);
      if (RETRYABLE_STATUS(response.status))
        throw new TransientHttpError(
          `${request.method} ${redact(request.url)} answered ${response.status}`,
          response.status,
        );
      return response;
    },
    {
      policy: options.retry,
      deadline: options.deadline,
      retryable: (error) => error instanceof TransientHttpError,
      onRetry: (error, n, delay) =>
        options.onRetry?.(`${(error as Error).message}; retry ${n} in ${delay} ms`),
    },
  );
}

function sendOnce(request: HttpRequest, options: HttpOptions): Promise<HttpResponse> {
  const url = new URL(request.url);
  const https = url.protocol === 'https:';
  const timeoutMs = Math.min(options.timeoutMs ?? 30_000, options.deadline?.remaining() ?? Infinity);
  return new Promise((resolve, reject) => {
    const call = https ? httpsRequest : httpRequest;
    const req = call(
      url,
      {
        method: request.method,
        headers: {
          ...(request.headers ?? {}),
          ...(request.body ? { 'content-length': String(request.body.byteLength) } : {}),
        },
        ...(https && options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
        timeout: Math.max(1, timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(new TransientHttpError(`${describeUrl(url)}: ${error.message}`)));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      // TLS and certificate problems are configuration, not transient: retrying will not fix them.
      if (isTlsProblem(error)) reject(error);
      else reject(new TransientHttpError(`${request.method} ${describeUrl(url)}: ${error.message}`));
    });
    req.end(request.body);
  });
}

/** True for errors that mean "this is not TLS" or "this certificate is not trusted". */
export function isTlsProblem(error: NodeJS.ErrnoException): boolean {
  return (
    /SSL|TLS|CERT|certificate|wrong version number|self.signed/i.test(
      `${error.code ?? ''} ${error.message}`,
    ) && error.code !== 'ECONNRESET'
  );
}

function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** A URL without its query (upload URLs carry state tokens, token URLs carry scopes). */
function redact(url: string): string {
  return describeUrl(new URL(url));
}
