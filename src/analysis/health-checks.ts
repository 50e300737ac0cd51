import type { EngineClock, Reason } from './analysis-engine.js';
import type { HealthCheck } from './health-url.js';
import { TransportError, type HttpTransport } from './http-transport.js';

export interface HealthSettings {
  /** Consecutive successes each URL needs (`health-successes`). */
  successes: number;
  /** Time between rounds (`health-interval`). */
  intervalMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Give up after this long overall. */
  deadlineMs: number;
}

export interface HealthAttempt {
  url: string;
  ok: boolean;
  message: string;
}

export interface HealthResult {
  ok: boolean;
  reason?: Reason;
  attempts: HealthAttempt[];
}

/** One request judged: status first, then the body pattern; a timeout or refused connection is a failure. */
export async function probe(
  transport: HttpTransport,
  check: HealthCheck,
  timeoutMs: number,
): Promise<HealthAttempt> {
  try {
    const response = await transport.request({ method: 'GET', url: check.url, timeoutMs });
    if (response.status !== check.expectedStatus)
      return {
        url: check.url,
        ok: false,
        message: `answered ${response.status}, expected ${check.expectedStatus}`,
      };
    if (check.bodyPattern !== undefined && !new RegExp(check.bodyPattern).test(response.body))
      return { url: check.url, ok: false, message: `body does not match /${check.bodyPattern}/` };
    return { url: check.url, ok: true, message: `${response.status}` };
  } catch (error) {
    if (error instanceof TransportError)
      return { url: check.url, ok: false, message: `no answer: ${error.message}` };
    throw error;
  }
}

/**
 * Every URL must succeed `successes` times in a row (a failure starts its count again); rounds run
 * every interval, all URLs at once, until all have their streak or the deadline passes.
 */
export async function runHealthChecks(
  checks: readonly HealthCheck[],
  transport: HttpTransport,
  settings: HealthSettings,
  clock: EngineClock,
): Promise<HealthResult> {
  const streak = new Map(checks.map((c) => [c.url, 0]));
  const last = new Map<string, HealthAttempt>();
  const attempts: HealthAttempt[] = [];
  const started = clock.now();
  for (let round = 0; ; round++) {
    const pending = checks.filter((c) => (streak.get(c.url) ?? 0) < settings.successes);
    if (pending.length === 0) return { ok: true, attempts };
    // Rounds are scheduled from the start (slow answers do not stretch the interval); a round that would
    // start at or past the deadline is not started, so no request is sent after it.
    const roundAt = Math.max(clock.now(), started + round * settings.intervalMs);
    if (roundAt - started >= settings.deadlineMs) {
      const failing = pending.map(
        (c) =>
          `${c.url}: ${last.get(c.url)?.message ?? 'not tried'} (${streak.get(c.url)}/${settings.successes} in a row)`,
      );
      return {
        ok: false,
        attempts,
        reason: { code: 'health-check', message: `health check failed: ${failing.join('; ')}` },
      };
    }
    if (round > 0) await clock.sleep(Math.max(0, roundAt - clock.now()));
    for (const attempt of await Promise.all(pending.map((c) => probe(transport, c, settings.timeoutMs)))) {
      attempts.push(attempt);
      last.set(attempt.url, attempt);
      streak.set(attempt.url, attempt.ok ? (streak.get(attempt.url) ?? 0) + 1 : 0);
    }
  }
}
