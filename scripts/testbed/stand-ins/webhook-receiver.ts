import { pathToFileURL } from 'node:url';
import { answer, listen, readBody, runAsProcess, type Started } from './http-stand-in.js';

/** A generic webhook receiver: records every delivery (headers and raw body) and answers 204, or as scripted. */

export interface RecordedDelivery {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  status: number;
}

export interface WebhookReceiver extends Started {
  deliveries: RecordedDelivery[];
  /** Queues answers for the next deliveries (status, optional Retry-After in seconds). */
  script(...answers: { status: number; retryAfterSeconds?: number }[]): void;
}

/** Starts the receiver on 127.0.0.1. */
export async function startWebhookReceiver(options: { port?: number } = {}): Promise<WebhookReceiver> {
  const deliveries: RecordedDelivery[] = [];
  const scripted: { status: number; retryAfterSeconds?: number }[] = [];
  const started = await listen(async (request, response) => {
    const raw = await readBody(request);
    const next = scripted.shift();
    const status = next?.status ?? 204;
    deliveries.push({ path: request.url ?? '/', headers: request.headers, raw, status });
    const headers: Record<string, string> =
      next?.retryAfterSeconds !== undefined ? { 'retry-after': String(next.retryAfterSeconds) } : {};
    if (status === 204) {
      response.writeHead(204, headers);
      response.end();
    } else answer(response, status, status < 400 ? 'ok' : 'error', headers);
  }, options.port);
  return { ...started, deliveries, script: (...answers) => scripted.push(...answers) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void runAsProcess(
    (port) => startWebhookReceiver({ port }),
    (url) => ({ WEBHOOK_RECEIVER_URL: url }),
  );
}
