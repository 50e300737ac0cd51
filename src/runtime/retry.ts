/** How often and how long to retry a call that failed transiently. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  attempts: number;
  /** Delay before the first retry (ms); doubled each time, with full jitter. */
  baseDelayMs: number;
  /** Longest single delay (ms). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 4_000 };

/** A point in time after which no new attempt starts: the overall time cap of an action. */
export class Deadline {
  readonly at: number;
  constructor(
    readonly totalMs: number,
    now = Date.now(),
  ) {
    this.at = now + totalMs;
  }
  /** Milliseconds left (0 when past). */
  remaining(): number {
    return Math.max(0, this.at - Date.now());
  }
  expired(): boolean {
    return this.remaining() === 0;
  }
}

/** Thrown when the overall time cap ran out; says what was being attempted. */
export class DeadlineExceeded extends Error {
  constructor(what: string, totalMs: number, cause?: unknown) {
    super(
      `${what}: gave up after the overall time cap of ${Math.round(totalMs / 1000)}s` +
        (cause instanceof Error ? ` (last error: ${cause.message})` : ''),
    );
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error is thrown, the attempts are used up or the
 * deadline passes. Delays grow exponentially with full jitter, so many runners retrying the same
 * service do not hammer it in lockstep.
 */
export async function withRetry<T>(
  what: string,
  attempt: (attemptNumber: number) => Promise<T>,
  options: {
    policy?: RetryPolicy;
    deadline?: Deadline;
    retryable: (error: unknown) => boolean;
    onRetry?: (error: unknown, attemptNumber: number, delayMs: number) => void;
  },
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  for (let n = 1; ; n++) {
    if (options.deadline?.expired()) throw new DeadlineExceeded(what, options.deadline.totalMs);
    try {
      return await attempt(n);
    } catch (error) {
      if (!options.retryable(error) || n >= policy.attempts) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      if (options.deadline && options.deadline.remaining() <= delay)
        throw new DeadlineExceeded(what, options.deadline.totalMs, error);
      options.onRetry?.(error, n, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
