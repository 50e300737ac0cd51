import { ActionFailure } from '../runtime/errors.js';
import { isTlsProblem, NetworkError, send } from '../runtime/http.js';
import { NO_RETRY } from '../runtime/retry.js';

/**
 * The one seam between the analysis clients (Prometheus, Alertmanager, health checks) and HTTP. The
 * clients count errors themselves (an error is a sample outcome, not something to retry away), so the
 * transport makes exactly one attempt, through the runtime's HTTP layer (proxies, CAs, timeouts).
 */
export interface HttpTransport {
  request(request: TransportRequest): Promise<TransportResponse>;
}

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Network failure or timeout: no HTTP answer at all. */
export class TransportError extends ActionFailure {
  constructor(
    message: string,
    /** The server's certificate is not trusted (or it does not speak TLS): a CA to configure, not an outage. */
    readonly untrusted = false,
  ) {
    super(message);
  }
}

/**
 * The transport over the runtime's `send` (one attempt; `ca` for a private server). Every status is
 * returned, 5xx included, so callers classify it; only the absence of an answer throws.
 */
export function sendTransport(options: { ca?: string } = {}): HttpTransport {
  return {
    async request({ method, url, headers, timeoutMs }) {
      try {
        const response = await send(
          { method, url, headers },
          { ca: options.ca ? [options.ca] : undefined, timeoutMs, retry: NO_RETRY },
        );
        return { status: response.status, headers: response.headers, body: response.body.toString('utf8') };
      } catch (error) {
        if (error instanceof NetworkError) throw new TransportError(error.message, isTlsProblem(error));
        throw error;
      }
    },
  };
}
