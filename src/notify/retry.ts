/**
 * Retries for notifications: 429 and 5xx (and network errors) are retried with exponential backoff,
 * waiting exactly what `Retry-After` asks when the receiver says; the whole thing is bounded in time
 * so a slow Slack never holds a release hostage.
 */

/** A failed delivery, classified: may it be retried, and after how long does the receiver ask. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** 429, 5xx and network errors are worth retrying; 4xx answers are not. */
    readonly retryable: boolean,
    /** What the receiver asked for (`Retry-After`), in milliseconds. */
    readonly retryAfterMs?: number,
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first backoff delay; it doubles on each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time allowed, waits included: no retry starts that would end past it. */
  budgetMs: number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'budgetMs'> = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/** Time, injectable so the policy is tested without waiting. */
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

/** HTTP status → retryable? 429 (rate limited), 408, and 5xx are; other answers are final. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
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
export function retryDelay(retry: number, policy: RetryPolicy, clock: Clock, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // Half fixed, half random: spreads retries of concurrent jobs without ever waiting zero.
  return Math.round(exponential / 2 + (clock.random() * exponential) / 2);
}

/**
 * Runs `operation` until it succeeds, fails with a final error, runs out of attempts, or the next
 * wait would end past the time budget. `operation` receives the time left, for its own timeout.
 * Returns the value and the attempts it took; rethrows the last error with the attempt count in its message.
 */
export async function withRetry<T>(
  operation: (remainingMs: number) => Promise<T>,
  policy: RetryPolicy,
  clock: Clock = systemClock,
  onRetry: (error: DeliveryError, delayMs: number, attempt: number) => void = () => undefined,
): Promise<{ value: T; attempts: number }> {
  const deadline = clock.now() + policy.budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await operation(Math.max(1, deadline - clock.now()));
      return { value, attempts: attempt };
    } catch (error) {
      const failure = asDeliveryError(error);
      if (!failure.retryable) throw withAttempts(failure, attempt, 'not retried: the answer is final');
      if (attempt >= policy.attempts) throw withAttempts(failure, attempt, 'no attempts left');
      const delay = retryDelay(attempt, policy, clock, failure.retryAfterMs);
      if (clock.now() + delay >= deadline) {
        throw withAttempts(
          failure,
          attempt,
          `the next try (in ${Math.ceil(delay / 1000)}s) would pass the ${Math.round(policy.budgetMs / 1000)}s time limit`,
        );
      }
      onRetry(failure, delay, attempt);
      await clock.sleep(delay);
    }
  }
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  // Anything else (a network failure, a timeout) is worth another try.
  return new DeliveryError(error instanceof Error ? error.message : String(error), true);
}

function withAttempts(error: DeliveryError, attempts: number, why: string): DeliveryError {
  const message = `${error.message} (after ${attempts} attempt${attempts === 1 ? '' : 's'}; ${why})`;
  return new DeliveryError(message, error.retryable, error.retryAfterMs, error.status);
}
