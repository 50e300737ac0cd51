import { createHmac, randomUUID } from 'node:crypto';
import { NetworkError, send } from '../runtime/http.js';
import { isRetryableStatus, NO_RETRY, parseRetryAfter } from '../runtime/retry.js';
import { DeliveryError } from './delivery-error.js';
import { releaseLinks, type Release } from './release.js';

/** The header carrying the body's HMAC-SHA256 (`sha256=<hex>`), in GitHub's webhook style. */
export const SIGNATURE_HEADER = 'x-prodline-signature-256';
export const EVENT_HEADER = 'x-prodline-event';
export const DELIVERY_HEADER = 'x-prodline-delivery';
export const WEBHOOK_SCHEMA = 'prodline.notify/v1';

/** The generic webhook's JSON body: the same event as Slack and GitHub get, as data. */
export interface WebhookPayload {
  schema: typeof WEBHOOK_SCHEMA;
  event: Release['event'];
  at: string;
  service: string;
  environment: string | null;
  digest: string | null;
  image: string | null;
  previousDigest: string | null;
  strategy: string | null;
  verdict: string | null;
  reason: string | null;
  environmentUrl: string | null;
  metrics: Release['metrics'];
  change: Release['change'];
  repository: string | null;
  sha: string | null;
  actor: string | null;
  links: { run: string | null; commit: string | null; diff: string | null };
  deploymentId: number | null;
  /** The release evidence document, when the pipeline gave one. */
  evidence: unknown;
}

/** Builds the webhook body (explicit nulls, so receivers see every field). */
export function buildWebhookPayload(
  release: Release,
  deploymentId?: number,
  evidence?: unknown,
): WebhookPayload {
  const links = releaseLinks(release.run);
  return {
    schema: WEBHOOK_SCHEMA,
    event: release.event,
    at: release.at,
    service: release.service,
    environment: release.environment ?? null,
    digest: release.digest ?? null,
    image: release.image ?? null,
    previousDigest: release.previousDigest ?? null,
    strategy: release.strategy ?? null,
    verdict: release.verdict ?? null,
    reason: release.reason ?? null,
    environmentUrl: release.environmentUrl ?? null,
    metrics: release.metrics,
    change: release.change,
    repository: release.run.repository ?? null,
    sha: release.run.sha ?? null,
    actor: release.run.actor ?? null,
    links: { run: links.run ?? null, commit: links.commit ?? null, diff: links.diff ?? null },
    deploymentId: deploymentId ?? null,
    evidence: evidence ?? null,
  };
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The request to send: the body as bytes are signed, plus headers (signature only with a secret). */
export function webhookRequest(
  payload: WebhookPayload,
  secret?: string,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'prodline-notify',
    [EVENT_HEADER]: payload.event,
    [DELIVERY_HEADER]: randomUUID(),
  };
  if (secret) headers[SIGNATURE_HEADER] = signBody(body, secret);
  return { body, headers };
}

/**
 * POSTs the body once through the runtime's HTTP layer. Success is any 2xx; otherwise a DeliveryError
 * saying what the receiver answered (never the URL: it may carry a secret). Retrying is safe: every
 * attempt carries the same delivery id, by which receivers drop a duplicate.
 */
export async function postOnce(
  url: string,
  request: { body: string; headers: Record<string, string> },
  timeoutMs: number,
): Promise<number> {
  let response;
  try {
    response = await send(
      { method: 'POST', url, headers: request.headers, body: request.body },
      { timeoutMs, retry: NO_RETRY },
    );
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    const why = /no answer within/.test(error.message) ? 'timed out' : 'could not connect';
    throw new DeliveryError(
      `the webhook receiver ${why}${error.proxy ? ` (through the proxy ${error.proxy})` : ''}`,
      true,
    );
  }
  const text = response.body.toString('utf8').slice(0, 200);
  if (response.status >= 200 && response.status < 300) return response.status;
  throw new DeliveryError(
    `the webhook receiver answered ${response.status}${text ? ` (${JSON.stringify(text)})` : ''}`,
    isRetryableStatus(response.status),
    parseRetryAfter(response.headers['retry-after']),
    response.status,
  );
}
