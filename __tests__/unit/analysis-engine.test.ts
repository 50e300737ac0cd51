import type { RenderedCheck } from '../../src/analysis/analysis-checks.js';
import { runAnalysis, type AnalysisSettings, type EngineClock } from '../../src/analysis/analysis-engine.js';
import {
  BadQueryError,
  PrometheusUnavailable,
  type QueryResult,
} from '../../src/analysis/prometheus-client.js';
import { ConfigurationError } from '../../src/runtime/errors.js';

/** A clock that only moves when the engine sleeps: a 10-minute analysis runs in milliseconds. */
function fakeClock(): EngineClock & { slept: number[] } {
  let now = 1_700_000_000_000;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

type Step = number | 'none' | 'down' | 'nan';
/** Prometheus answering the canary query with the given sequence (the first is the pre-flight). */
function scripted(steps: Step[], requests: number[] = []) {
  let i = 0;
  let r = 0;
  const sent: string[] = [];
  return {
    sent,
    async query(query: string): Promise<QueryResult> {
      sent.push(query);
      if (query === 'requests')
        return { samples: [{ labels: {}, value: requests[Math.min(r++, requests.length - 1)] ?? 1000 }] };
      if (query === 'baseline') return { samples: [{ labels: {}, value: 0.02 }] };
      const step = steps[Math.min(i++, steps.length - 1)];
      if (step === 'down') throw new PrometheusUnavailable('Prometheus answered 503');
      if (step === 'none') return { samples: [] };
      return { samples: [{ labels: {}, value: step === 'nan' ? NaN : step }] };
    },
  };
}

const check: RenderedCheck = { name: 'error-rate', query: 'q', template: 'q', max: 0.05 };
const settings = (over: Partial<AnalysisSettings> = {}): AnalysisSettings => ({
  intervalMs: 30_000,
  durationMs: 300_000,
  failureLimit: 2,
  consecutiveFailureLimit: 2,
  consecutiveErrorLimit: 4,
  minRequests: 20,
  noData: 'fail',
  ...over,
});

describe('analysis engine', () => {
  test.each<[string, Step[], Partial<AnalysisSettings>, string, string, number]>([
    ['a good canary passes after every sample', [0.01], { count: 5 }, 'passed', 'analysis-passed', 5],
    ['two failures in a row fail at the second', [0, 0.07, 0.08], { count: 10 }, 'failed', 'error-rate', 2],
    [
      'failure-limit counts in total',
      [0, 0.07, 0, 0.07, 0, 0.07],
      { count: 10, failureLimit: 2 },
      'failed',
      'error-rate',
      5,
    ],
    [
      'consecutive-failure-limit 1 fails at the first',
      [0, 0.07],
      { count: 10, consecutiveFailureLimit: 1 },
      'failed',
      'error-rate',
      1,
    ],
    ['no data fails closed by default', ['none'], { count: 5 }, 'failed', 'error-rate', 2],
    ['NaN (0/0) is no data', ['nan'], { count: 5 }, 'failed', 'error-rate', 2],
    ['no-data: pass passes', ['none'], { count: 3, noData: 'pass' }, 'passed', 'analysis-passed', 3],
    [
      'no-data: inconclusive is inconclusive',
      ['none'],
      { count: 3, noData: 'inconclusive' },
      'inconclusive',
      'inconclusive',
      3,
    ],
    [
      'Prometheus down: errors counted, then failed',
      ['down'],
      { count: 10 },
      'failed',
      'prometheus-errors',
      3,
    ],
    [
      'errors below the limit are still never a pass',
      ['down'],
      { count: 2, consecutiveErrorLimit: 5 },
      'failed',
      'prometheus-errors',
      2,
    ],
    [
      'an answer resets the error count',
      [0, 'down', 'down', 0.01, 'down', 'down', 0.01],
      { count: 6, consecutiveErrorLimit: 3 },
      'passed',
      'analysis-passed',
      6,
    ],
    ['duration / interval gives the count', [0.01], { durationMs: 120_000 }, 'passed', 'analysis-passed', 4],
  ])('%s', async (_name, steps, over, outcome, code, judged) => {
    const result = await runAnalysis({
      checks: [check],
      settings: settings(over),
      prometheus: scripted(steps),
      clock: fakeClock(),
    });
    expect(result.outcome).toBe(outcome);
    expect(result.reason.code).toBe(code);
    expect(result.samples.length - 1).toBe(judged);
  });

  test('every query is sent once before the first interval (pre-flight)', async () => {
    const clock = fakeClock();
    const prometheus = scripted([0.01]);
    await runAnalysis({
      checks: [{ ...check, baseline: 'baseline', maxRatio: 1.5 }],
      requests: 'requests',
      settings: settings({ count: 1 }),
      prometheus,
      clock,
    });
    expect(prometheus.sent.slice(0, 3).sort()).toEqual(['baseline', 'q', 'requests']);
    expect(clock.slept[0]).toBe(30_000);
  });

  test('a query Prometheus refuses is a ConfigurationError naming the check, before any interval', async () => {
    const clock = fakeClock();
    const prometheus = {
      query: async (q: string): Promise<QueryResult> => {
        throw new BadQueryError(q, 'parse error at char 5: unexpected identifier');
      },
    };
    const run = runAnalysis({ checks: [check], settings: settings(), prometheus, clock });
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(/check "error-rate": Prometheus refused the query: parse error/);
    expect(clock.slept).toEqual([]);
  });

  test('below min-requests a sample is inconclusive, even with a perfect value', async () => {
    const result = await runAnalysis({
      checks: [check],
      requests: 'requests',
      settings: settings({ count: 3 }),
      prometheus: scripted([0], [5]),
      clock: fakeClock(),
    });
    expect(result.outcome).toBe('inconclusive');
    expect(result.samples[1]).toMatchObject({
      outcome: 'inconclusive',
      requests: 5,
      note: '5 requests, below min-requests 20',
    });
  });

  test('baseline comparison: canary ≤ baseline × max-ratio + max-delta', async () => {
    const compared = { ...check, max: undefined, baseline: 'baseline', maxRatio: 1.5, maxDelta: 0.01 };
    // allowed = 0.02 × 1.5 + 0.01 = 0.04
    const good = await runAnalysis({
      checks: [compared],
      settings: settings({ count: 2 }),
      prometheus: scripted([0.039]),
      clock: fakeClock(),
    });
    expect(good.outcome).toBe('passed');
    const bad = await runAnalysis({
      checks: [compared],
      settings: settings({ count: 2 }),
      prometheus: scripted([0.041]),
      clock: fakeClock(),
    });
    expect(bad.outcome).toBe('failed');
    expect(bad.samples[1].checks[0]).toMatchObject({
      outcome: 'fail',
      value: 0.041,
      baseline: 0.02,
      baselineQuery: 'baseline',
    });
  });

  test('an abort reason (a firing alert) stops the analysis before the next sample', async () => {
    let asked = 0;
    const result = await runAnalysis({
      checks: [check],
      settings: settings({ count: 10 }),
      prometheus: scripted([0.01]),
      clock: fakeClock(),
      abortCheck: async () =>
        ++asked === 3 ? { code: 'alert-firing', message: 'HighErrorRate is firing' } : undefined,
    });
    expect(result).toMatchObject({ outcome: 'aborted', reason: { code: 'alert-firing' } });
    expect(result.samples.length - 1).toBe(2);
  });

  test('the report keeps the query as sent and the value of every sample', async () => {
    const result = await runAnalysis({
      checks: [check],
      settings: settings({ count: 2 }),
      prometheus: scripted([0.01, 0.02, 0.03]),
      clock: fakeClock(),
    });
    expect(result.samples.map((s) => s.checks[0].value)).toEqual([0.01, 0.02, 0.03]);
    expect(result.samples[2].checks[0]).toMatchObject({
      query: 'q',
      outcome: 'pass',
      message: '0.03 within ≤ 0.05',
    });
  });
});
