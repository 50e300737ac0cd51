import { pathToFileURL } from 'node:url';
import { answer, listen, readBody, runAsProcess, type Started } from './http-stand-in.js';

/**
 * A stand-in for Slack that answers as Slack does. Incoming webhooks (`POST /services/...`): 200 with
 * the plain text `ok`, or 400 `invalid_payload` / `invalid_blocks` / `no_text` when the message is bad.
 * Web API (`POST /api/chat.postMessage`, `/api/chat.update`): HTTP 200 with `{ok, channel, ts}` or
 * `{ok: false, error}`; `chat.update` wants the channel's ID and refuses a name (`channel_not_found`).
 * Block Kit limits are enforced as Slack enforces them. Any answer can be
 * scripted (400, 404 `channel_not_found`, 410 `channel_is_archived`, 429 with Retry-After, 500, ...).
 */

export type SlackRoute = 'webhook' | 'chat.postMessage' | 'chat.update';

export interface RecordedSlackRequest {
  route: SlackRoute | 'unknown';
  path: string;
  contentType?: string;
  authorization?: string;
  /** The message fields as parsed (form fields or JSON), `blocks` decoded. */
  body: Record<string, unknown>;
  raw: string;
  status: number;
  /** What Slack's answer said: `ok`, or the error code. */
  outcome: string;
}

/** An answer to give instead of the normal one, for one request on a route. */
export interface ScriptedSlackAnswer {
  route: SlackRoute;
  /** HTTP status (webhooks use HTTP codes; the Web API answers 200 except for 429 and outages). */
  status?: number;
  /** Webhook: the plain-text body; Web API: the `error` code of an `{ok: false}` answer. */
  error?: string;
  retryAfterSeconds?: number;
}

export interface StoredSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  /** How many times chat.update changed it. */
  updates: number;
  via: 'webhook' | 'api';
}

export interface SlackStandIn extends Started {
  requests: RecordedSlackRequest[];
  messages: StoredSlackMessage[];
  script(...answers: ScriptedSlackAnswer[]): void;
  /** Drops answers still queued. */
  clearScript(): void;
  /** The incoming webhook URL for a channel. */
  webhookUrl(channel?: string): string;
  /** The Web API root to give the client (`slackApiUrl`). */
  apiUrl: string;
}

/** Checks a message against Block Kit's limits; returns Slack's error code, or undefined when valid. */
export function slackMessageError(body: Record<string, unknown>): string | undefined {
  const text = body.text;
  const blocks = body.blocks;
  if ((typeof text !== 'string' || text === '') && !Array.isArray(blocks)) return 'no_text';
  if (typeof text === 'string' && text.length > 40_000) return 'msg_too_long';
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks as Record<string, unknown>[]) {
    const ok =
      block.type === 'header'
        ? textOk(block.text, 150, 'plain_text')
        : block.type === 'section'
          ? (block.text === undefined || textOk(block.text, 3000)) &&
            (block.fields === undefined ||
              (Array.isArray(block.fields) &&
                block.fields.length <= 10 &&
                block.fields.every((f) => textOk(f, 2000)))) &&
            (block.text !== undefined || block.fields !== undefined)
          : block.type === 'context'
            ? Array.isArray(block.elements) &&
              block.elements.length >= 1 &&
              block.elements.length <= 10 &&
              block.elements.every((e) => textOk(e, 3000))
            : block.type === 'divider';
    if (!ok) return 'invalid_blocks';
  }
  return undefined;
}

function textOk(value: unknown, max: number, type?: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const object = value as Record<string, unknown>;
  if (object.type !== 'mrkdwn' && object.type !== 'plain_text') return false;
  if (type && object.type !== type) return false;
  return typeof object.text === 'string' && object.text.length >= 1 && object.text.length <= max;
}

/** Starts the Slack stand-in on 127.0.0.1. `token`, when set, is the only bot token accepted. */
export async function startSlack(options: { port?: number; token?: string } = {}): Promise<SlackStandIn> {
  const requests: RecordedSlackRequest[] = [];
  const messages: StoredSlackMessage[] = [];
  const scripted: ScriptedSlackAnswer[] = [];
  let clock = 1_712_000_000;
  const nextTs = () => `${clock++}.000100`;
  // Slack answers with channel IDs even when the request named the channel.
  const channelId = (name: string) =>
    isChannelId(name)
      ? name
      : `C${Buffer.from(name.replace(/^#/, '')).toString('hex').toUpperCase().slice(0, 10).padEnd(8, '0')}`;

  const started = await listen(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(request);
    const contentType = request.headers['content-type'];
    const route: RecordedSlackRequest['route'] = url.pathname.startsWith('/services/')
      ? 'webhook'
      : url.pathname === '/api/chat.postMessage'
        ? 'chat.postMessage'
        : url.pathname === '/api/chat.update'
          ? 'chat.update'
          : 'unknown';
    const record: RecordedSlackRequest = {
      route,
      path: url.pathname,
      contentType,
      authorization: request.headers.authorization,
      body: {},
      raw,
      status: 0,
      outcome: '',
    };
    requests.push(record);
    const reply = (status: number, outcome: string, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      record.outcome = outcome;
      answer(response, status, body, headers);
    };
    if (request.method !== 'POST' || route === 'unknown') return reply(404, 'not_found', 'not_found');

    const body = parseBody(raw, contentType);
    if (!body)
      return route === 'webhook'
        ? reply(400, 'invalid_payload', 'invalid_payload')
        : reply(200, 'invalid_arguments', { ok: false, error: 'invalid_arguments' });
    record.body = body;
    const index = scripted.findIndex((s) => s.route === route);
    const fault = index >= 0 ? scripted.splice(index, 1)[0] : undefined;
    const retryHeaders: Record<string, string> =
      fault?.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};

    if (route === 'webhook') {
      if (fault) return reply(fault.status ?? 400, fault.error ?? 'error', fault.error ?? '', retryHeaders);
      const problem = slackMessageError(body);
      if (problem) return reply(400, problem, problem);
      const channel = channelId(decodeURIComponent(url.pathname.split('/')[2] ?? 'webhook'));
      messages.push({
        channel,
        ts: nextTs(),
        text: String(body.text ?? ''),
        blocks: (body.blocks as unknown[] | undefined) ?? [],
        updates: 0,
        via: 'webhook',
      });
      return reply(200, 'ok', 'ok');
    }

    if (fault) {
      if (fault.status && fault.status !== 200)
        return reply(
          fault.status,
          fault.error ?? `http_${fault.status}`,
          fault.status === 429 ? '' : { ok: false, error: fault.error ?? 'internal_error' },
          retryHeaders,
        );
      return reply(200, fault.error ?? 'error', { ok: false, error: fault.error ?? 'internal_error' });
    }
    const token =
      /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ??
      (typeof body.token === 'string' ? body.token : undefined);
    if (!token) return reply(200, 'not_authed', { ok: false, error: 'not_authed' });
    if (options.token !== undefined && token !== options.token)
      return reply(200, 'invalid_auth', { ok: false, error: 'invalid_auth' });
    if (typeof body.channel !== 'string' || body.channel === '')
      return reply(200, 'channel_not_found', { ok: false, error: 'channel_not_found' });
    // chat.postMessage takes a name (#deploys) and answers with the ID; chat.update takes only the ID
    // and answers channel_not_found to a name, as Slack does.
    if (route === 'chat.update' && !isChannelId(body.channel))
      return reply(200, 'channel_not_found', { ok: false, error: 'channel_not_found' });
    const problem = slackMessageError(body);
    if (problem) return reply(200, problem, { ok: false, error: problem });
    const channel = channelId(body.channel);
    if (route === 'chat.postMessage') {
      const message: StoredSlackMessage = {
        channel,
        ts: nextTs(),
        text: String(body.text ?? ''),
        blocks: (body.blocks as unknown[] | undefined) ?? [],
        updates: 0,
        via: 'api',
      };
      messages.push(message);
      return reply(200, 'ok', {
        ok: true,
        channel,
        ts: message.ts,
        message: { type: 'message', text: message.text, ts: message.ts },
      });
    }
    const message = messages.find((m) => m.via === 'api' && m.ts === body.ts && m.channel === channel);
    if (!message) return reply(200, 'message_not_found', { ok: false, error: 'message_not_found' });
    message.text = String(body.text ?? '');
    message.blocks = (body.blocks as unknown[] | undefined) ?? [];
    message.updates++;
    return reply(200, 'ok', { ok: true, channel, ts: message.ts, text: message.text });
  }, options.port);

  return {
    ...started,
    requests,
    messages,
    apiUrl: `${started.url}/api/`,
    webhookUrl: (channel = 'deploys') =>
      `${started.url}/services/${encodeURIComponent(channel)}/B0STANDIN/secret${Math.abs(hash(channel))}`,
    script: (...answers) => scripted.push(...answers),
    clearScript: () => void scripted.splice(0),
  };
}

// Web API calls come form-encoded (with `blocks` as a JSON string) or as JSON; webhooks as JSON.
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> | undefined {
  try {
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
      if (typeof fields.blocks === 'string') fields.blocks = JSON.parse(fields.blocks);
      return fields;
    }
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A Slack conversation ID (C… public, G… private, D… direct), as opposed to a `#name`. */
function isChannelId(channel: string): boolean {
  return /^[CGD][A-Z0-9]{6,}$/.test(channel);
}

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) | 0;
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void runAsProcess(
    (port) => startSlack({ port }),
    (url) => ({ SLACK_STAND_IN_URL: url, SLACK_STAND_IN_API_URL: `${url}/api/` }),
  );
}
