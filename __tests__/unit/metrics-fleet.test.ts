import {
  Fleet,
  LATENCY_BUCKETS,
  latencyCdf,
  latencyMean,
} from '../../scripts/testbed/stand-ins/metrics-fleet.js';
import { formatExposition, formatSample } from '../../scripts/testbed/stand-ins/metrics-exposition.js';
import { parseSeriesInput } from '../../scripts/testbed/stand-ins/metrics-series.js';

/** A fleet on a clock the test moves by hand. */
function fleetAt(startMs = 1_000_000): { fleet: Fleet; advance: (seconds: number) => void } {
  let now = startMs;
  return { fleet: new Fleet(() => now), advance: (seconds) => (now += seconds * 1000) };
}

/** `name{labels} value` lines of the current exposition, as a map from the series to its value. */
function samples(fleet: Fleet): Map<string, number> {
  const lines = fleet.families().flatMap((f) => f.samples.map(formatSample));
  return new Map(
    lines.map((line) => [
      line.slice(0, line.lastIndexOf(' ')),
      Number(line.slice(line.lastIndexOf(' ') + 1)),
    ]),
  );
}

const web = (extra: Record<string, unknown> = {}) =>
  parseSeriesInput({ service: 'web', track: 'canary', ...extra });
const ok = 'http_requests_total{namespace="default",service="web",track="canary",code="200"}';
const err = 'http_requests_total{namespace="default",service="web",track="canary",code="500"}';

describe('simulated fleet', () => {
  test('counters advance lazily from the configured rate and error ratio', () => {
    const { fleet, advance } = fleetAt();
    expect(fleet.upsert(web({ rps: 20, errorRatio: 0.25 }))).toBe(true);
    expect(samples(fleet).get(ok)).toBe(0);
    expect(samples(fleet).get(err)).toBe(0); // present from the start: 0, not "no data"
    advance(10);
    expect(samples(fleet).get(ok)).toBe(150);
    expect(samples(fleet).get(err)).toBe(50);
  });

  test('a config change keeps the counters and applies the new rates from then on', () => {
    const { fleet, advance } = fleetAt();
    fleet.upsert(web({ rps: 10 }));
    advance(5);
    expect(fleet.upsert(web({ rps: 100, errorRatio: 1, errorCode: 503 }))).toBe(false);
    advance(2);
    const now = samples(fleet);
    expect(now.get(ok)).toBe(50);
    expect(now.get(err)).toBe(0); // the old error code stays exposed, frozen
    expect(now.get(err.replace('500', '503'))).toBe(200);
    expect(fleet.list()[0].totals).toEqual({ requests: 250, errors: 200, restarts: 0 });
  });

  test('histogram buckets are cumulative, end at the count, and place the median and p99', () => {
    const { fleet, advance } = fleetAt();
    fleet.upsert(web({ rps: 1000, latencyMs: 100, latencyP99Ms: 400 }));
    advance(10);
    const now = samples(fleet);
    const bucket = (le: string) =>
      now.get(
        `http_request_duration_seconds_bucket{namespace="default",service="web",track="canary",le="${le}"}`,
      ) ?? NaN;
    const counts = LATENCY_BUCKETS.map((b) => bucket(String(b)));
    counts.forEach((count, i) => expect(count).toBeGreaterThanOrEqual(counts[i - 1] ?? 0));
    expect(bucket('+Inf')).toBe(10_000);
    expect(bucket('0.1')).toBeCloseTo(5_000, -1); // the median sits on the 0.1 s bound
    expect(bucket('0.25') / 10_000).toBeLessThan(0.99); // p99 (0.4 s) lies beyond 0.25 s …
    expect(bucket('0.5') / 10_000).toBeGreaterThan(0.99); // … and within 0.5 s
    const sum =
      now.get('http_request_duration_seconds_sum{namespace="default",service="web",track="canary"}') ?? 0;
    expect(sum / 10_000).toBeCloseTo(latencyMean(100, 400), 6);
  });

  test('log-normal latency: half below the median, 99% below the p99, a step when they are equal', () => {
    expect(latencyCdf(0.1, 100, 400)).toBeCloseTo(0.5, 6);
    expect(latencyCdf(0.4, 100, 400)).toBeCloseTo(0.99, 5);
    expect(latencyCdf(0.099, 100, 100)).toBe(0);
    expect(latencyCdf(0.1, 100, 100)).toBe(1);
    expect(latencyMean(100, 100)).toBeCloseTo(0.1, 12);
  });

  test('pods get restarts, waiting reasons and memory gauges', () => {
    const { fleet, advance } = fleetAt();
    fleet.upsert(
      web({
        pods: 2,
        restartsPerMinute: 6,
        waitingReason: 'CrashLoopBackOff',
        memoryBytes: 1000,
        memoryLimitBytes: 2000,
      }),
    );
    advance(60);
    const now = samples(fleet);
    const pod = (i: number) =>
      `namespace="default",pod="web-canary-${i}",container="web",service="web",track="canary"`;
    expect(now.get(`kube_pod_container_status_restarts_total{${pod(0)}}`)).toBe(6);
    expect(now.get(`kube_pod_container_status_restarts_total{${pod(1)}}`)).toBe(6);
    expect(now.get(`kube_pod_container_status_waiting_reason{${pod(1)},reason="CrashLoopBackOff"}`)).toBe(1);
    expect(now.get(`container_memory_working_set_bytes{${pod(0)}}`)).toBe(1000);
    expect(now.get(`container_spec_memory_limit_bytes{${pod(0)}}`)).toBe(2000);
    expect(fleet.list()[0].totals.restarts).toBe(12);
    // Scaling down drops the gone pods' series and their restarts from the totals.
    fleet.upsert(web({ pods: 1, restartsPerMinute: 6 }));
    expect(fleet.list()[0].totals.restarts).toBe(6);
    expect(samples(fleet).has(`container_memory_working_set_bytes{${pod(1)}}`)).toBe(false);
  });

  test('remove one track, a whole service, or reset; the output is sorted and stable', () => {
    const { fleet } = fleetAt();
    for (const [service, track] of [
      ['web', 'stable'],
      ['api', 'stable'],
      ['web', 'canary'],
    ])
      fleet.upsert(parseSeriesInput({ service, track }));
    expect(fleet.list().map((s) => `${s.config.service}/${s.config.track}`)).toEqual([
      'api/stable',
      'web/canary',
      'web/stable',
    ]);
    expect(formatExposition(fleet.families())).toBe(formatExposition(fleet.families()));
    expect(fleet.remove('web', 'canary')).toBe(1);
    expect(fleet.remove('web', 'canary')).toBe(0);
    expect(fleet.remove('api')).toBe(1);
    fleet.reset();
    expect(fleet.list()).toEqual([]);
    expect(fleet.families().every((f) => f.samples.length === 0)).toBe(true);
  });
});
