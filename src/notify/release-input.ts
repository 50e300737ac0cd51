import { InvalidValue } from '../runtime/errors.js';
import { describe } from '../runtime/input-reader.js';
import { parseImageReference, repositoryName } from '../image/reference.js';
import type { ChangeText, MetricRow } from './release.js';

/** Parsers for the values notify receives from other steps; each throws InvalidValue. */

export const STRATEGIES = ['rolling', 'canary', 'blue-green'] as const;
const MAX_REASON = 10_000;

function match(value: string, pattern: RegExp, accepted: string): string {
  if (!pattern.test(value)) throw new InvalidValue(`${describe(value)} is not valid`, accepted);
  return value;
}

/** A service or environment name: one line, at most 255 characters. */
export function parseName(value: string): string {
  return match(
    value,
    /^[^\r\n\t]{1,255}$/,
    'a name of at most 255 characters on one line, such as web or production',
  );
}

/** A Slack channel: `#name`, `name`, or an ID such as C0123ABCD. */
export function parseSlackChannel(value: string): string {
  return match(
    value,
    /^(?:#?[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{6,})$/,
    'a channel name (#deploys) or ID (C0123ABCD)',
  );
}

/** A Slack message timestamp, as chat.postMessage returns it. */
export function parseSlackTs(value: string): string {
  return match(
    value,
    /^\d{9,11}\.\d{6}$/,
    "a message timestamp such as 1712345678.123456 (a previous step's slack-ts output)",
  );
}

/** `owner/name`. */
export function parseRepositoryName(value: string): string {
  return match(value, /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name');
}

/** A commit SHA, branch or tag: no white space nor the characters git refuses in ref names. */
export function parseGitRef(value: string): string {
  return match(value, /^(?!.*\.\.)[^\s~^:?*[\\]{1,255}$/, 'a commit SHA, branch or tag name');
}

/** An abbreviated or full commit SHA. */
export function parseSha(value: string): string {
  return match(value, /^[0-9a-f]{7,40}$/, 'a commit SHA (7 to 40 lower-case hex digits)');
}

/**
 * verify-rollout's reason: free text, bounded so a pasted log cannot flood every message. verify-rollout
 * writes it as JSON `{code, message}`; people read the sentence, with the code after it, not the JSON.
 */
export function parseReason(value: string): string {
  if (value.length > MAX_REASON)
    throw new InvalidValue(
      `the reason is ${value.length} characters long`,
      `a text of at most ${MAX_REASON} characters`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  const { code, message } = (parsed ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message !== 'string' || !message.trim()) return value;
  return typeof code === 'string' && code ? `${message} (${code})` : message;
}

const BARE_DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
export const DIGEST_ACCEPTED =
  'a digest sha256:<64 hex digits>, or an image pinned by digest (ghcr.io/org/app@sha256:…)';

/** A bare digest or an image reference pinned by digest → the digest and, when given, the image. */
export function parseDigestInput(text: string): { digest: string; image?: string } {
  const value = text.trim();
  if (BARE_DIGEST.test(value)) return { digest: value };
  if (!value.includes('@')) throw new InvalidValue(`${describe(value)} is not a digest`, DIGEST_ACCEPTED);
  let reference;
  try {
    reference = parseImageReference(value);
  } catch (error) {
    if (error instanceof InvalidValue) throw new InvalidValue(error.problem, DIGEST_ACCEPTED);
    throw error;
  }
  if (!reference.digest)
    throw new InvalidValue(`${describe(value)} is not pinned by digest`, DIGEST_ACCEPTED);
  return { digest: reference.digest, image: repositoryName(reference) };
}

export const METRICS_ACCEPTED =
  'a JSON array of checks {"name", "value", "threshold", "passed"} or an object with such an array under "checks" (verify-rollout\'s analysis-report)';
const MAX_METRIC_ROWS = 200;

/**
 * The analysis table: verify-rollout's `analysis-report`, tolerantly read (a bare array or `{checks}`;
 * `passed` or `result: pass|fail`; numbers or strings for values and thresholds).
 */
export function parseMetrics(text: string): MetricRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InvalidValue('the value is not valid JSON', METRICS_ACCEPTED);
  }
  const rows = Array.isArray(data)
    ? data
    : isObject(data) && Array.isArray(data.checks)
      ? data.checks
      : undefined;
  if (!rows)
    throw new InvalidValue('the JSON is neither an array nor an object with "checks"', METRICS_ACCEPTED);
  if (rows.length > MAX_METRIC_ROWS)
    throw new InvalidValue(`${rows.length} checks is more than ${MAX_METRIC_ROWS}`, METRICS_ACCEPTED);
  return rows.map((row, index) => {
    if (!isObject(row) || typeof row.name !== 'string' || row.name === '')
      throw new InvalidValue(`check ${index + 1} has no "name"`, METRICS_ACCEPTED);
    return {
      name: row.name,
      value: scalar(row.value),
      threshold: scalar(row.threshold),
      passed: typeof row.passed === 'boolean' ? row.passed : passFromResult(row.result),
    };
  });
}

function passFromResult(result: unknown): boolean | undefined {
  if (typeof result !== 'string') return undefined;
  if (/^(pass|passed|success|ok)$/i.test(result)) return true;
  if (/^(fail|failed|failure)$/i.test(result)) return false;
  return undefined;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The user-written text of the triggering event (GitHub's event payload): the head commit's message,
 * the pull request's title and number, the branch. Unknown shapes yield nothing rather than failing.
 */
export function changeFromEventPayload(payload: unknown, branch: string | undefined): ChangeText {
  const event = isObject(payload) ? payload : {};
  const headCommit = isObject(event.head_commit) ? event.head_commit : undefined;
  const pullRequest = isObject(event.pull_request) ? event.pull_request : undefined;
  return {
    commitMessage: typeof headCommit?.message === 'string' ? headCommit.message : undefined,
    branch,
    pullRequestTitle: typeof pullRequest?.title === 'string' ? pullRequest.title : undefined,
    pullRequestNumber: typeof pullRequest?.number === 'number' ? pullRequest.number : undefined,
  };
}
