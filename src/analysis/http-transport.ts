import { send, TransientHttpError } from '../image/registry/http.js';

/**
 * The one seam between the analysis clients (Prometheus, Alertmanager, health checks) and HTTP. The
 * clients count errors themselves (an error is a sample outcome, not something to retry away), so the
 * transport makes exactly one attempt. When the runtime's HTTP layer lands, only `sendTransport` changes.
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
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * The transport over today's shared `send` (one attempt; `ca` for a private server). Every status is
 * returned, 5xx included, so callers classify it; only the absence of an answer throws.
 */
export function sendTransport(options: { ca?: string } = {}): HttpTransport {
  return {
    async request({ method, url, headers, timeoutMs }) {
      try {
        const response = await send(
          { method, url, headers },
          { ca: options.ca, timeoutMs, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } },
        );
        return { status: response.status, headers: response.headers, body: response.body.toString('utf8') };
      } catch (error) {
        // `send` turns 5xx into TransientHttpError; give the status back rather than an exception.
        if (error instanceof TransientHttpError && error.status !== undefined)
          return { status: error.status, headers: {}, body: error.message };
        throw new TransportError(error instanceof Error ? error.message : String(error));
      }
    },
  };
}
