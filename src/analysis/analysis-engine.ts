import { ConfigurationError } from '../runtime/errors.js';
import type { RenderedCheck } from './analysis-checks.js';
import { BadQueryError, PrometheusUnavailable, type QueryResult } from './prometheus-client.js';
import { judgeCheck, representative, type CheckOutcome, type NoDataPolicy } from './sample-judgement.js';

/** What the engine needs from Prometheus (PrometheusClient, or a plain function in tests). */
export interface QueryRunner {
  query(query: string): Promise<QueryResult>;
}

/** Time, injected: tests run a ten-minute analysis in milliseconds. */
export interface EngineClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: EngineClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The analysis inputs, named as in action.yml. */
export interface AnalysisSettings {
  intervalMs: number;
  durationMs: number;
  /** A fixed number of samples (wins over duration). */
  count?: number;
  /** Failed samples tolerated in total; one more fails the analysis (Argo's failureLimit). */
  failureLimit: number;
  consecutiveFailureLimit: number;
  consecutiveErrorLimit: number;
  minRequests: number;
  noData: NoDataPolicy;
}

/** One check in one sample, with the queries exactly as sent. */
export interface CheckRecord {
  check: string;
  outcome: CheckOutcome;
  message: string;
  value?: number;
  baseline?: number;
  query: string;
  baselineQuery?: string;
}

export type SampleOutcome = CheckOutcome;

export interface SampleRecord {
  /** 0 is the pre-flight round (sent at once, not judged); samples count from 1. */
  index: number;
  at: string;
  outcome: SampleOutcome;
  requests?: number;
  note?: string;
  checks: CheckRecord[];
}

export interface Reason {
  code: string;
  message: string;
}

export interface AnalysisResult {
  outcome: 'passed' | 'failed' | 'inconclusive' | 'aborted';
  reason: Reason;
  samples: SampleRecord[];
  elapsedMs: number;
}

export interface AnalysisRun {
  checks: RenderedCheck[];
  /** Rendered request-count query for min-requests. */
  requests?: string;
  settings: AnalysisSettings;
  prometheus: QueryRunner;
  clock?: EngineClock;
  /** Asked before each sample (alerts, a failing pod): a reason aborts the analysis at once. */
  abortCheck?: () => Promise<Reason | undefined>;
  onSample?: (sample: SampleRecord) => void;
}

type Answer = { values: number[] } | { error: string };

async function ask(prometheus: QueryRunner, check: string, query: string): Promise<Answer> {
  try {
    return { values: (await prometheus.query(query)).samples.map((s) => s.value) };
  } catch (error) {
    if (error instanceof BadQueryError)
      throw new ConfigurationError(
        'analysis',
        `check "${check}": ${error.message} (query as sent: ${query})`,
        'PromQL that Prometheus accepts and that returns an instant vector or scalar',
      );
    if (error instanceof PrometheusUnavailable) return { error: error.message };
    throw error;
  }
}

/** One round: every query of every check, at once. */
async function takeSample(run: AnalysisRun, index: number, at: number): Promise<SampleRecord> {
  const { settings, prometheus } = run;
  const [requestsAnswer, ...answers] = await Promise.all([
    run.requests === undefined ? undefined : ask(prometheus, 'requests', run.requests),
    ...run.checks.map(async (check) => ({
      canary: await ask(prometheus, check.name, check.query),
      baseline: check.baseline === undefined ? undefined : await ask(prometheus, check.name, check.baseline),
    })),
  ]);
  const checks: CheckRecord[] = run.checks.map((check, i) => {
    const { canary, baseline } = answers[i];
    const base = { check: check.name, query: check.query, baselineQuery: check.baseline };
    const failed = [canary, baseline].find((a): a is { error: string } => a !== undefined && 'error' in a);
    if (failed) return { ...base, outcome: 'error', message: failed.error };
    const value = representative((canary as { values: number[] }).values, check);
    const stable = baseline && 'values' in baseline ? representative(baseline.values, { max: 0 }) : undefined;
    return { ...base, value, baseline: stable, ...judgeCheck(check, value, stable, settings.noData) };
  });
  const record: SampleRecord = { index, at: new Date(at).toISOString(), outcome: 'pass', checks };
  if (requestsAnswer && 'values' in requestsAnswer)
    record.requests = representative(requestsAnswer.values, { max: 0 }) ?? 0;
  const outcomes = checks.map((c) => c.outcome);
  if (outcomes.includes('error') || (requestsAnswer && 'error' in requestsAnswer)) {
    record.outcome = 'error';
    if (requestsAnswer && 'error' in requestsAnswer) record.note = `requests query: ${requestsAnswer.error}`;
  } else if (record.requests !== undefined && record.requests < settings.minRequests) {
    // Low traffic is not evidence either way: never a pass, and not a failure of the canary.
    record.outcome = 'inconclusive';
    record.note = `${Math.floor(record.requests)} requests, below min-requests ${settings.minRequests}`;
  } else if (outcomes.includes('fail')) record.outcome = 'fail';
  else if (outcomes.includes('inconclusive')) record.outcome = 'inconclusive';
  return record;
}

function firstFailure(sample: SampleRecord): CheckRecord | undefined {
  return sample.checks.find((c) => c.outcome === 'fail');
}

/**
 * Runs the analysis: every query once at the start (so a typo or unknown metric fails in seconds, as a
 * ConfigurationError naming the check), then a sample every interval for `count` samples (or
 * `duration / interval`). It stops as soon as the outcome is certain. Never a silent pass: errors and
 * inconclusive samples are never counted as passes, and an analysis with no passing sample does not pass.
 */
export async function runAnalysis(run: AnalysisRun): Promise<AnalysisResult> {
  const clock = run.clock ?? realClock;
  const { settings } = run;
  const started = clock.now();
  const samples: SampleRecord[] = [];
  const finish = (outcome: AnalysisResult['outcome'], reason: Reason): AnalysisResult => ({
    outcome,
    reason,
    samples,
    elapsedMs: clock.now() - started,
  });
  const preflight = await takeSample(run, 0, started);
  samples.push(preflight);
  run.onSample?.(preflight);
  const total = settings.count ?? Math.max(1, Math.floor(settings.durationMs / settings.intervalMs));
  let failures = 0;
  let consecutiveFailures = 0;
  let consecutiveErrors = preflight.outcome === 'error' ? 1 : 0;
  let passes = 0;
  let inconclusive = 0;
  for (let index = 1; index <= total; index++) {
    // Scheduled from the start, so slow queries do not stretch the analysis.
    await clock.sleep(Math.max(0, started + index * settings.intervalMs - clock.now()));
    const abort = await run.abortCheck?.();
    if (abort) return finish('aborted', abort);
    const sample = await takeSample(run, index, clock.now());
    samples.push(sample);
    run.onSample?.(sample);
    switch (sample.outcome) {
      case 'error':
        consecutiveErrors++;
        if (consecutiveErrors >= settings.consecutiveErrorLimit)
          return finish('failed', {
            code: 'prometheus-errors',
            message: `Prometheus failed ${consecutiveErrors} times in a row (consecutive-error-limit ${settings.consecutiveErrorLimit}): ${sample.note ?? sample.checks.find((c) => c.outcome === 'error')?.message ?? ''}`,
          });
        break;
      case 'fail': {
        consecutiveErrors = 0;
        failures++;
        consecutiveFailures++;
        const check = firstFailure(sample) as CheckRecord;
        if (consecutiveFailures >= settings.consecutiveFailureLimit)
          return finish('failed', {
            code: check.check,
            message: `${check.check}: ${check.message} in ${consecutiveFailures} consecutive sample(s) (consecutive-failure-limit ${settings.consecutiveFailureLimit})`,
          });
        if (failures > settings.failureLimit)
          return finish('failed', {
            code: check.check,
            message: `${check.check}: ${check.message}; ${failures} failed samples, more than failure-limit ${settings.failureLimit}`,
          });
        break;
      }
      case 'inconclusive':
        consecutiveErrors = 0;
        inconclusive++;
        break;
      case 'pass':
        consecutiveErrors = 0;
        consecutiveFailures = 0;
        passes++;
        break;
    }
  }
  const judged = samples.length - 1;
  if (passes === 0 && samples.slice(1).every((s) => s.outcome === 'error'))
    return finish('failed', {
      code: 'prometheus-errors',
      message: `no sample of ${judged} got an answer from Prometheus; an analysis without evidence does not pass`,
    });
  if (passes === 0 || inconclusive >= passes)
    return finish('inconclusive', {
      code: 'inconclusive',
      message: `${inconclusive} of ${judged} samples inconclusive, ${passes} passed (low traffic or no data): not enough evidence to promote`,
    });
  return finish('passed', {
    code: 'analysis-passed',
    message: `${passes} of ${judged} samples passed, ${failures} failed (failure-limit ${settings.failureLimit})`,
  });
}
