import { NetworkError, send, type HttpResponse } from '../runtime/http.js';
import { isRetryableStatus, NO_RETRY, parseRetryAfter } from '../runtime/retry.js';
import { DeliveryError } from './delivery-error.js';
import type { SlackMessage } from './slack-message.js';

/** Where a bot-mode message lives: post it once, then update it with these. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

/** The incoming-webhook client, reduced to what notify needs. */
export interface SlackWebhookClient {
  /** Posts a new message (webhooks cannot update one). */
  send(message: SlackMessage, timeoutMs: number): Promise<void>;
}

/** The Web API client (bot token), reduced to what notify needs. */
export interface SlackBotClient {
  postMessage(channel: string, message: SlackMessage, timeoutMs: number): Promise<SlackMessageRef>;
  updateMessage(ref: SlackMessageRef, message: SlackMessage, timeoutMs: number): Promise<SlackMessageRef>;
}

/** What each error code Slack can answer means for the person reading the log. */
const SLACK_ERRORS: Record<string, string> = {
  invalid_payload: 'Slack rejected the message as malformed (a bug in prodline: please report it)',
  invalid_blocks: 'Slack rejected the message blocks (a bug in prodline: please report it)',
  invalid_blocks_format: 'Slack rejected the message blocks (a bug in prodline: please report it)',
  msg_too_long: 'Slack found the message too long (a bug in prodline: please report it)',
  no_text: 'Slack received an empty message (a bug in prodline: please report it)',
  action_prohibited: "the Slack workspace's admin does not allow this webhook to post",
  channel_not_found:
    'the Slack channel does not exist or the app cannot see it: check slack-channel, or create a new webhook',
  channel_is_archived: 'the Slack channel is archived: unarchive it or point notify at another channel',
  is_archived: 'the Slack channel is archived: unarchive it or point notify at another channel',
  not_in_channel: 'the Slack app is not in the channel: invite it with /invite @<app> in that channel',
  no_service: 'the Slack webhook was disabled or removed: create a new one and update slack-webhook-url',
  invalid_auth: 'Slack did not accept slack-token: check the secret (a bot token starts with xoxb-)',
  not_authed: 'Slack received no token: check slack-token',
  token_revoked: 'the Slack token was revoked: issue a new one and update the secret',
  account_inactive: 'the Slack token belongs to a deactivated app or user: issue a new token',
  missing_scope: 'the Slack token lacks the chat:write scope: add it to the app and reinstall it',
  message_not_found: 'the Slack message to update no longer exists',
  cant_update_message: 'Slack refused to update that message (it was not posted by this app)',
  rollup_error: 'Slack had an internal error',
};

/** A sentence for a Slack error code, with the code kept for searching. */
export function describeSlackError(code: string): string {
  const meaning = SLACK_ERRORS[code];
  return meaning ? `${meaning} [${code}]` : `Slack answered ${code}`;
}

/** Slack webhook answers: 2xx is delivered; 429 and 5xx retry; the rest are final, each explained. */
export function webhookAnswerError(status: number, body: string, retryAfter: string | null): DeliveryError {
  const code = body.trim().slice(0, 80);
  const message = /^[a-z_]+$/.test(code) ? describeSlackError(code) : `Slack answered HTTP ${status}`;
  return new DeliveryError(
    `${message} (HTTP ${status})`,
    isRetryableStatus(status),
    parseRetryAfter(retryAfter),
    status,
  );
}

/**
 * The incoming-webhook client, over the runtime's HTTP layer (proxies, timeouts). One try per call: the
 * retry engine around it decides, from the classified error, whether another is safe.
 */
export function createSlackWebhookClient(url: string): SlackWebhookClient {
  return {
    async send(message, timeoutMs) {
      const body = { text: message.text, blocks: message.blocks };
      const response = await post(url, {}, body, timeoutMs, 'the Slack webhook', false);
      if (response.status >= 200 && response.status < 300) return;
      throw webhookAnswerError(
        response.status,
        response.body.toString('utf8'),
        response.headers['retry-after'] ?? null,
      );
    },
  };
}

/**
 * The Web API client (bot token) over the runtime's HTTP layer: `chat.postMessage` and `chat.update`
 * as JSON. Slack answers HTTP 200 with `{ok: false, error}` for most failures and 429 with Retry-After
 * when rate limiting; both are classified here. The token travels only in the Authorization header.
 */
export function createSlackBotClient(token: string, apiUrl: string): SlackBotClient {
  const call = async (method: string, body: Record<string, unknown>, timeoutMs: number) => {
    const url = `${apiUrl.replace(/\/*$/, '/')}${method}`;
    const auth = { authorization: `Bearer ${token}` };
    const response = await post(url, auth, body, timeoutMs, 'the Slack API', method === 'chat.update');
    if (response.status === 429)
      throw new DeliveryError(
        'Slack is rate limiting this app (HTTP 429)',
        true,
        parseRetryAfter(response.headers['retry-after']) ?? 1_000,
        429,
      );
    if (response.status !== 200)
      throw new DeliveryError(
        `Slack answered HTTP ${response.status}`,
        isRetryableStatus(response.status),
        parseRetryAfter(response.headers['retry-after']),
        response.status,
      );
    let answer: { ok?: boolean; error?: string; channel?: string; ts?: string };
    try {
      answer = JSON.parse(response.body.toString('utf8')) as typeof answer;
    } catch {
      throw new DeliveryError('Slack answered something that is not JSON', true);
    }
    if (answer.ok !== true) {
      const code = answer.error ?? 'unknown_error';
      throw new DeliveryError(
        describeSlackError(code),
        code === 'ratelimited' || code === 'internal_error' || code === 'fatal_error',
      );
    }
    return answer;
  };
  return {
    async postMessage(channel, message, timeoutMs) {
      const answer = await call(
        'chat.postMessage',
        { channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false },
        timeoutMs,
      );
      if (!answer.ts || !answer.channel)
        throw new DeliveryError('Slack accepted the message but did not say where it is', false);
      return { channel: answer.channel, ts: answer.ts };
    },
    async updateMessage(ref, message, timeoutMs) {
      const answer = await call(
        'chat.update',
        { channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks },
        timeoutMs,
      );
      return { channel: answer.channel ?? ref.channel, ts: answer.ts ?? ref.ts };
    },
  };
}

/** One JSON POST; a network failure says only what happened (the URL may be a secret). */
async function post(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  who: string,
  repeatable: boolean,
): Promise<HttpResponse> {
  try {
    return await send(
      {
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
      },
      { timeoutMs, retry: NO_RETRY },
    );
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    const proxy = error.proxy ? ` through the proxy ${error.proxy}` : '';
    // A connection that never opened delivered nothing, so a retry cannot post twice; after that,
    // only a call that is safe to repeat (an update) is retried.
    throw new DeliveryError(
      `could not reach ${who}${proxy} (${error.connectFailed ? 'connection failed' : 'network error or timeout'})`,
      error.connectFailed || (repeatable && error.retryable),
    );
  }
}
