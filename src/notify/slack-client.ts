import { DeliveryError, isRetryableStatus, parseRetryAfter } from './retry.js';
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
 * Builds the webhook client from `@slack/webhook`, loaded on demand. Its own retries are off (ours
 * honour Retry-After); a wrapped fetch keeps the answer's Retry-After, which the library drops.
 */
export async function createSlackWebhookClient(url: string): Promise<SlackWebhookClient> {
  const { IncomingWebhook } = await import('@slack/webhook');
  let retryAfter: string | null = null;
  const fetchWithHeaders: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    retryAfter = response.headers.get('retry-after');
    return response;
  };
  return {
    async send(message, timeoutMs) {
      const webhook = new IncomingWebhook(url, {
        fetch: fetchWithHeaders,
        timeout: timeoutMs,
        retryConfig: { retries: 0 },
      });
      retryAfter = null;
      try {
        await webhook.send({ text: message.text, blocks: message.blocks });
      } catch (error) {
        const failure = error as { code?: string; statusCode?: number; body?: string };
        if (failure.code === 'slack_webhook_http_error' && failure.statusCode !== undefined)
          throw webhookAnswerError(failure.statusCode, failure.body ?? '', retryAfter);
        // The library's own message may quote the URL, which is a secret: say only what happened.
        throw new DeliveryError('could not reach the Slack webhook (network error or timeout)', true);
      }
    },
  };
}

/** Converts `@slack/web-api` failures into classified DeliveryErrors. */
export function webApiError(error: unknown): DeliveryError {
  const failure = error as {
    code?: string;
    data?: { error?: string };
    retryAfter?: number;
    statusCode?: number;
    headers?: Record<string, string>;
  };
  switch (failure.code) {
    case 'slack_webapi_platform_error': {
      const code = failure.data?.error ?? 'unknown_error';
      return new DeliveryError(
        describeSlackError(code),
        code === 'ratelimited' || code === 'internal_error' || code === 'fatal_error',
      );
    }
    case 'slack_webapi_rate_limited_error':
      return new DeliveryError(
        'Slack is rate limiting this app (HTTP 429)',
        true,
        (failure.retryAfter ?? 1) * 1_000,
        429,
      );
    case 'slack_webapi_http_error': {
      const status = failure.statusCode ?? 0;
      return new DeliveryError(
        `Slack answered HTTP ${status}`,
        isRetryableStatus(status),
        parseRetryAfter(failure.headers?.['retry-after']),
        status,
      );
    }
    default:
      return new DeliveryError('could not reach the Slack API (network error or timeout)', true);
  }
}

/**
 * Builds the bot client from `@slack/web-api`, loaded on demand: no retries of its own (ours honour
 * Retry-After within the time budget), rate limits rejected to us, and its logger silenced so nothing
 * it prints can carry the token.
 */
export async function createSlackBotClient(token: string, apiUrl: string): Promise<SlackBotClient> {
  const { WebClient, LogLevel } = await import('@slack/web-api');
  const silent = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: () => {},
    setLevel: () => {},
    getLevel: () => LogLevel.ERROR,
    setName: () => {},
  };
  const client = (timeoutMs: number) =>
    new WebClient(token, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: timeoutMs,
      logger: silent,
    });
  return {
    async postMessage(channel, message, timeoutMs) {
      try {
        const answer = await client(timeoutMs).chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        if (!answer.ts || !answer.channel)
          throw new DeliveryError('Slack accepted the message but did not say where it is', false);
        return { channel: answer.channel, ts: answer.ts };
      } catch (error) {
        throw error instanceof DeliveryError ? error : webApiError(error);
      }
    },
    async updateMessage(ref, message, timeoutMs) {
      try {
        const answer = await client(timeoutMs).chat.update({
          channel: ref.channel,
          ts: ref.ts,
          text: message.text,
          blocks: message.blocks,
        });
        return { channel: answer.channel ?? ref.channel, ts: answer.ts ?? ref.ts };
      } catch (error) {
        throw webApiError(error);
      }
    },
  };
}
