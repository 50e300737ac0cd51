import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PRESET_CHECKS, renderPlan } from '../../src/analysis/analysis-checks.js';
import {
  runAnalysis,
  type AnalysisResult,
  type AnalysisSettings,
} from '../../src/analysis/analysis-engine.js';
import { sendTransport } from '../../src/analysis/http-transport.js';
import { PrometheusClient } from '../../src/analysis/prometheus-client.js';
import { runningTestbedEnv } from '../testbed/testbed.js';
import { median, reportRow } from './bench-row.js';

/**
 * Decision latency: the exporter steps an existing canary series' 5xx ratio over the threshold (1% →
 * 50%, threshold 5%); how long until a rollback decision? prodline's engine (interval 1 s, rate window
 * 10 s, consecutive-failure-limit 1) beside a Flagger-default-like loop (interval 60 s, window 1 m,
 * threshold 1) on the same Prometheus (scrape interval 1 s, the testbed's).
 *
 *   npm run testbed -- start prometheus
 *   npx tsx scripts/bench/decision-latency.ts [--quick]
 *
 * --quick: 5 prodline trials and one Flagger-like trial stepped at mid-interval (< 2 min). Without it:
 * 15 trials and 3 Flagger-like trials stepped at random phases of its interval.
 */
const quick = process.argv.includes('--quick');
const env = runningTestbedEnv() ?? (process.env as Record<string, string>);
if (!env.PROMETHEUS_URL || !env.METRICS_EXPORTER_URL) {
  console.error('needs the testbed: npm run testbed -- start prometheus');
  process.exit(2);
}
const service = `bench-${randomBytes(3).toString('hex')}`;
const prometheus = new PrometheusClient(sendTransport(), { url: env.PROMETHEUS_URL, timeoutMs: 5_000 });

async function series(method: 'PUT' | 'PATCH', track: string, errorRatio: number): Promise<void> {
  const response = await fetch(`${env.METRICS_EXPORTER_URL}/control/series`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ service, track, rps: 200, errorRatio }),
  });
  if (!response.ok) throw new Error(`exporter ${method}: ${response.status} ${await response.text()}`);
}

function check(track: string, window: string) {
  const values = { service, namespace: 'default', canary: track, stable: 'stable', window };
  return renderPlan({ checks: [PRESET_CHECKS['error-rate']] }, values).checks;
}

const base = {
  failureLimit: 0,
  consecutiveFailureLimit: 1,
  consecutiveErrorLimit: 4,
  minRequests: 0,
  noData: 'fail' as const,
};
const fast: AnalysisSettings = { ...base, intervalMs: 1_000, durationMs: 600_000 };
const flaggerLike: AnalysisSettings = { ...base, intervalMs: 60_000, durationMs: 3_600_000 };

/** Starts an analysis, waits `stepAfterMs` past its pre-flight round, steps the ratio, times the decision. */
async function trial(
  track: string,
  settings: AnalysisSettings,
  window: string,
  stepAfterMs: number,
): Promise<number> {
  let firstSample: () => void = () => {};
  const preflight = new Promise<void>((resolve) => (firstSample = resolve));
  const analysis: Promise<AnalysisResult> = runAnalysis({
    checks: check(track, window),
    settings,
    prometheus,
    onSample: (sample) => {
      if (sample.index === 0 && sample.outcome !== 'pass')
        throw new Error(`${track} is not healthy before the step`);
      firstSample();
    },
  });
  await preflight;
  await sleep(stepAfterMs);
  await series('PATCH', track, 0.5);
  const stepped = performance.now();
  const result = await analysis;
  const decided = performance.now();
  if (result.outcome !== 'failed') throw new Error(`${track}: expected a failure, got ${result.outcome}`);
  return (decided - stepped) / 1000;
}

async function main(): Promise<void> {
  const trials = quick ? 5 : 15;
  const flaggerTrials = quick ? 1 : 3;
  const tracks = Array.from({ length: trials }, (_, i) => `c${i}`);
  const flaggerTracks = Array.from({ length: flaggerTrials }, (_, i) => `f${i}`);
  // Every series exists (and is warm: a full window old) before any step, as a running canary's is.
  for (const track of [...tracks, ...flaggerTracks]) await series('PUT', track, 0.01);
  const warm = `sum(rate(http_requests_total{service="${service}",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="${service}"}[1m]))`;
  const deadline = Date.now() + 90_000;
  while (((await prometheus.query(warm)).samples[0]?.value ?? NaN) < 0.005) {
    if (Date.now() > deadline) throw new Error('the series never showed in Prometheus');
    await sleep(500);
  }
  await sleep(11_000); // a full 10 s window of history for the 1 s engine's rate
  console.log(
    `decision latency: 5xx ratio 1% → 50%, threshold 5%, Prometheus scrape interval 1 s${quick ? ' (quick)' : ''}`,
  );
  // The Flagger-like loop runs beside prodline's trials; its step lands at a phase of its 60 s interval.
  const flagger = (async () => {
    const results: number[] = [];
    for (const track of flaggerTracks)
      results.push(await trial(track, flaggerLike, '1m', quick ? 30_000 : Math.random() * 60_000));
    return results;
  })();
  const ours: number[] = [];
  for (const track of tracks) ours.push(await trial(track, fast, '10s', Math.random() * 1_000));
  const theirs = await flagger;
  await fetch(`${env.METRICS_EXPORTER_URL}/control/series/${service}`, { method: 'DELETE' });
  const fmt = (v: number[]) => v.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `prodline     interval 1 s, limit 1:   median ${median(ours).toFixed(2)} s   (trials: ${fmt(ours)})`,
  );
  console.log(
    `Flagger-like interval 60 s, threshold 1: median ${median(theirs).toFixed(2)} s   (trials: ${fmt(theirs)})`,
  );
  console.log(
    `ratio: ${(median(theirs) / median(ours)).toFixed(1)}× faster; target median ≤ 3 s: ${median(ours) <= 3 ? 'met' : 'NOT met'}`,
  );
  reportRow({
    row: 'decision latency, 5xx ratio stepped over the threshold (scrape 1 s)',
    measured: `median ${median(ours).toFixed(2)} s vs ${median(theirs).toFixed(2)} s (${(median(theirs) / median(ours)).toFixed(1)}× faster)`,
    against: 'Flagger-default-like loop (60 s interval, threshold 1), same Prometheus',
    target: 'median ≤ 3 s',
    met: median(ours) <= 3,
  });
  if (median(ours) > 3) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
