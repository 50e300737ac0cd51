import { DeliveryError } from '../../src/notify/delivery-error.js';
import {
  parseRetryAfter,
  retryDelay,
  withRetry as retryEngine,
  type Clock,
  type RetryPolicy,
} from '../../src/runtime/retry.js';

/** The engine as notify calls it: the operation is told the time left. */
const withRetry = <T>(operation: (remainingMs: number) => Promise<T>, policy: RetryPolicy, clock: Clock) =>
  retryEngine('deliver', ({ remainingMs }) => operation(remainingMs), { policy, clock });

/** A clock that advances only when slept on, recording every wait. */
function fakeClock(): Clock & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    random: () => 0.5,
    sleep: async (ms) => void (waits.push(ms), (now += ms)),
  };
}

const POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000, budgetMs: 30_000 };

/** An operation that fails with the given errors, then succeeds. */
function failing(...errors: DeliveryError[]) {
  let calls = 0;
  const operation = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'done';
  };
  return { operation, calls: () => calls };
}

test('Retry-After is honoured exactly, in seconds or as an HTTP date', async () => {
  expect(parseRetryAfter('3')).toBe(3_000);
  expect(parseRetryAfter('0.5')).toBe(500);
  expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(
    10_000,
  );
  expect(parseRetryAfter('soon')).toBeUndefined();
  expect(parseRetryAfter(null)).toBeUndefined();
  const clock = fakeClock();
  const { operation } = failing(new DeliveryError('429', true, 7_000, 429));
  await expect(withRetry(operation, POLICY, clock)).resolves.toEqual({ value: 'done', attempts: 2 });
  expect(clock.waits).toEqual([7_000]);
});

test('5xx and network errors back off exponentially (with jitter) until success', async () => {
  const clock = fakeClock();
  const { operation } = failing(
    new DeliveryError('500', true, undefined, 500),
    new DeliveryError('502', true, undefined, 502),
    new DeliveryError('reset', true),
  );
  await expect(withRetry(operation, POLICY, clock)).resolves.toEqual({ value: 'done', attempts: 4 });
  expect(clock.waits).toEqual([375, 750, 1_500]);
  expect(retryDelay(10, POLICY, { ...clock, random: () => 0 })).toBe(4_000);
});

test('a final answer (4xx) is not retried', async () => {
  const clock = fakeClock();
  const { operation, calls } = failing(new DeliveryError('channel_not_found', false, undefined, 404));
  await expect(withRetry(operation, POLICY, clock)).rejects.toThrow(/after 1 attempt; not retried/);
  expect(calls()).toBe(1);
});

test('attempts and total time are bounded', async () => {
  const clock = fakeClock();
  const always = failing(...Array.from({ length: 10 }, () => new DeliveryError('500', true, undefined, 500)));
  await expect(withRetry(always.operation, POLICY, clock)).rejects.toThrow(
    /after 5 attempts; no attempts left/,
  );
  const slow = fakeClock();
  const limited = failing(new DeliveryError('429', true, 60_000, 429));
  await expect(withRetry(limited.operation, POLICY, slow)).rejects.toThrow(/would pass the 30s time limit/);
  expect(slow.waits).toEqual([]);
});

test('the operation is told how much time is left, for its own timeout', async () => {
  const clock = fakeClock();
  const seen: number[] = [];
  let calls = 0;
  await withRetry(
    async (remaining) => {
      seen.push(remaining);
      if (calls++ === 0) throw new DeliveryError('429', true, 10_000, 429);
      return 1;
    },
    POLICY,
    clock,
  );
  expect(seen).toEqual([30_000, 20_000]);
});
