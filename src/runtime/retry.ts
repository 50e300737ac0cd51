import { ActionFailure } from './errors.js';

/**
 * The one retry engine: every call prodline repeats (registries, Sigstore, OIDC, Slack, GitHub,
 * webhooks, Kubernetes, Prometheus) goes through `withRetry`, so backoff, `Retry-After`, time budgets
 * and the wording of "gave up" are the same everywhere.
 */

/** Time, injectable so retry behaviour is tested without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1) for jitter. */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** How often and how long to retry a call that failed transiently. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first backoff delay (ms); it doubles on each retry, with jitter. */
  baseDelayMs: number;
  /** The longest single delay (ms), `Retry-After` aside. */
  maxDelayMs: number;
  /** Total time for this call, waits included (ms): no retry starts whose wait would end past it. */
  budgetMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };

/** One attempt only: for probes whose failure is itself the answer. */
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/** A point in time after which no new attempt starts: the overall time cap of an action's network work. */
export class Deadline {
  readonly at: number;
  constructor(
    readonly totalMs: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.at = clock.now() + totalMs;
  }
  /** Milliseconds left (0 when past). */
  remaining(): number {
    return Math.max(0, this.at - this.clock.now());
  }
  expired(): boolean {
    return this.remaining() === 0;
  }
}

/** The overall time cap ran out; says what was being attempted and the last error. */
export class DeadlineExceeded extends ActionFailure {
  constructor(what: string, totalMs: number, cause?: unknown) {
    super(
      `${what}: gave up after the overall time cap of ${Math.round(totalMs / 1000)}s` +
        (cause instanceof Error ? ` (last error: ${cause.message})` : ''),
    );
    this.name = 'DeadlineExceeded';
  }
}

/**
 * A failed call, classified: may it be retried, and after how long does the other side ask. HTTP
 * layers, clients and SDK adapters throw these; anything else reaching the engine is not retried.
 */
export class CallFailure extends ActionFailure {
  constructor(
    message: string,
    /** 408, 429, 5xx and network errors are worth retrying; other answers are final. */
    readonly retryable: boolean,
    /** What the other side asked for (`Retry-After`), in milliseconds. */
    readonly retryAfterMs?: number,
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CallFailure';
  }
}

/** HTTP status → worth retrying? 408 (timeout), 429 (rate limited) and 5xx are; other answers are final. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** `Retry-After` as seconds or an HTTP date → milliseconds (undefined when absent or unreadable). */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1_000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before retry number `retry` (1-based): Retry-After when given, else backoff with jitter. */
export function retryDelay(
  retry: number,
  policy: RetryPolicy,
  clock: Clock = systemClock,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // Half fixed, half random: spreads retries of concurrent jobs without ever waiting zero.
  return Math.round(exponential / 2 + (clock.random() * exponential) / 2);
}

/** How the engine treats a failure. */
export interface RetryVerdict {
  retryable: boolean;
  retryAfterMs?: number;
}

/** The default classification: a CallFailure says for itself; anything else (a bug) is not retried. */
export function classifyFailure(error: unknown): RetryVerdict {
  if (error instanceof CallFailure) return { retryable: error.retryable, retryAfterMs: error.retryAfterMs };
  return { retryable: false };
}

export interface RetryOptions {
  policy?: RetryPolicy;
  /** A cap shared with other calls (the action's overall time limit), on top of `policy.budgetMs`. */
  deadline?: Deadline;
  clock?: Clock;
  classify?: (error: unknown) => RetryVerdict;
  /** Told before each wait (a log line: never put headers or bodies in it). */
  onRetry?: (error: unknown, delayMs: number, attempt: number) => void;
}

/** What an attempt is told: its number and the time left, for its own timeout. */
export interface Attempt {
  number: number;
  remainingMs: number;
}

/**
 * Runs `operation` until it succeeds, fails with a final error, runs out of attempts, or the next wait
 * would end past the time budget. Returns the value and the attempts it took. A classified failure is
 * rethrown with the attempt count and the reason for stopping appended to its message.
 */
export async function withRetry<T>(
  what: string,
  operation: (attempt: Attempt) => Promise<T>,
  options: RetryOptions = {},
): Promise<{ value: T; attempts: number }> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const clock = options.clock ?? systemClock;
  const classify = options.classify ?? classifyFailure;
  const budget =
    policy.budgetMs !== undefined ? new Deadline(policy.budgetMs, clock) : (options.deadline ?? undefined);
  const deadlines = [budget, options.deadline].filter((d): d is Deadline => d !== undefined);
  const remaining = () => Math.min(Infinity, ...deadlines.map((d) => d.remaining()));
  for (let attempt = 1; ; attempt++) {
    const left = remaining();
    if (left === 0) {
      const cap = deadlines.find((d) => d.expired()) as Deadline;
      throw new DeadlineExceeded(what, cap.totalMs);
    }
    try {
      const value = await operation({ number: attempt, remainingMs: left });
      return { value, attempts: attempt };
    } catch (error) {
      const verdict = classify(error);
      if (!verdict.retryable) throw annotate(error, attempt, 'not retried: the answer is final');
      if (attempt >= policy.attempts)
        throw policy.attempts === 1 ? error : annotate(error, attempt, 'no attempts left');
      const delay = retryDelay(attempt, policy, clock, verdict.retryAfterMs);
      if (delay >= remaining()) {
        const cap = deadlines.reduce((a, b) => (a.remaining() <= b.remaining() ? a : b));
        throw annotate(
          error,
          attempt,
          `the next try (in ${Math.ceil(delay / 1000)}s) would pass the ${Math.round(cap.totalMs / 1000)}s time limit`,
        );
      }
      options.onRetry?.(error, delay, attempt);
      await clock.sleep(delay);
    }
  }
}

/** Appends the attempt count to a classified failure's message; other errors pass untouched. */
function annotate(error: unknown, attempts: number, why: string): unknown {
  if (!(error instanceof CallFailure)) return error;
  error.message = `${error.message} (after ${attempts} attempt${attempts === 1 ? '' : 's'}; ${why})`;
  return error;
}
