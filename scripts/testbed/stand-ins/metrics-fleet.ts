import {
  histogramSamples,
  type HistogramValue,
  type Labels,
  type MetricFamily,
  type Sample,
} from './metrics-exposition.js';
import type { SeriesConfig } from './metrics-series.js';

/**
 * The simulated fleet behind the metrics exporter: counters that advance with real time from each
 * series' configured rates. Nothing ticks in the background; each scrape (or config change) first
 * accumulates what happened since the last one, so `rate()` matches the configuration exactly.
 * Pure apart from the clock, which is injected.
 */

/** Bucket bounds of `http_request_duration_seconds` (the Prometheus client libraries' defaults). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
/** z-score of the 99th percentile of a standard normal distribution. */
const Z99 = 2.3263478740408408;

/** A series' config and its counters so far (whole numbers, as exposed). */
export interface SeriesSnapshot {
  config: SeriesConfig;
  totals: { requests: number; errors: number; restarts: number };
}

interface SeriesState {
  config: SeriesConfig;
  lastMs: number;
  /** Accumulated (fractional) requests per status code; exposed floored, so they only ever grow. */
  byCode: Map<number, number>;
  buckets: number[];
  sum: number;
  count: number;
  /** Accumulated restarts per pod index. */
  restarts: number[];
}

/** The fleet of simulated (service, track) series. */
export class Fleet {
  private readonly series = new Map<string, SeriesState>();

  /** @param clock milliseconds since the epoch (injected so tests control time). */
  constructor(private readonly clock: () => number = Date.now) {}

  /** The current config of a series, if it exists. */
  get(service: string, track: string): SeriesConfig | undefined {
    return this.series.get(key(service, track))?.config;
  }

  /**
   * Creates a series or changes its config. Counters keep their values: what elapsed so far is
   * accounted at the old rates first, and the new rates apply from now on. Returns true when created.
   */
  upsert(config: SeriesConfig): boolean {
    const now = this.clock();
    const existing = this.series.get(key(config.service, config.track));
    if (existing) {
      advance(existing, now);
      existing.config = config;
      existing.byCode.set(config.errorCode, existing.byCode.get(config.errorCode) ?? 0);
      return false;
    }
    this.series.set(key(config.service, config.track), {
      config,
      lastMs: now,
      // Both codes exist from the start, so an error rate of 0 is a 0 in Prometheus, not "no data".
      byCode: new Map([
        [200, 0],
        [config.errorCode, 0],
      ]),
      buckets: LATENCY_BUCKETS.map(() => 0),
      sum: 0,
      count: 0,
      restarts: [],
    });
    return true;
  }

  /** Removes one track of a service, or every track when `track` is undefined; returns how many went. */
  remove(service: string, track?: string): number {
    const doomed = [...this.series.values()].filter(
      (s) => s.config.service === service && (track === undefined || s.config.track === track),
    );
    for (const state of doomed) this.series.delete(key(state.config.service, state.config.track));
    return doomed.length;
  }

  /** Removes every series. */
  reset(): void {
    this.series.clear();
  }

  /** Every series with its totals, sorted by service then track. */
  list(): SeriesSnapshot[] {
    const now = this.clock();
    return this.sorted().map((state) => {
      advance(state, now);
      const errors = [...state.byCode].filter(([code]) => code !== 200).reduce((n, [, v]) => n + v, 0);
      return {
        config: state.config,
        totals: {
          requests: Math.floor(state.count),
          errors: Math.floor(errors),
          restarts: state.restarts.slice(0, state.config.pods).reduce((n, r) => n + Math.floor(r), 0),
        },
      };
    });
  }

  /** The metric families as of now (advancing every counter first). */
  families(): MetricFamily[] {
    const now = this.clock();
    const states = this.sorted();
    for (const state of states) advance(state, now);
    const pods = states.flatMap((state) =>
      state.config.pods === 0
        ? []
        : Array.from({ length: state.config.pods }, (_, index) => ({
            state,
            index,
            labels: podLabels(state, index),
          })),
    );
    const podSamples = (name: string, value: (p: (typeof pods)[number]) => number): Sample[] =>
      pods.map((pod) => ({ name, labels: pod.labels, value: value(pod) }));
    return [
      {
        name: 'http_requests_total',
        help: 'HTTP requests served, by status code (simulated).',
        type: 'counter',
        samples: states.flatMap((state) =>
          [...state.byCode]
            .sort(([a], [b]) => a - b)
            .map(([code, value]) => ({
              name: 'http_requests_total',
              labels: { ...httpLabels(state.config), code: String(code) },
              value: Math.floor(value),
            })),
        ),
      },
      {
        name: 'http_request_duration_seconds',
        help: 'HTTP request latency (simulated, log-normal).',
        type: 'histogram',
        samples: histogramSamples('http_request_duration_seconds', states.map(histogramValue)),
      },
      {
        name: 'kube_pod_container_status_restarts_total',
        help: 'Container restarts per pod (simulated, kube-state-metrics style).',
        type: 'counter',
        samples: podSamples('kube_pod_container_status_restarts_total', (p) =>
          Math.floor(p.state.restarts[p.index] ?? 0),
        ),
      },
      {
        name: 'kube_pod_container_status_waiting_reason',
        help: 'Set to 1 while a container waits for this reason (simulated, kube-state-metrics style).',
        type: 'gauge',
        samples: pods
          .filter((p) => p.state.config.waitingReason !== null)
          .map((p) => ({
            name: 'kube_pod_container_status_waiting_reason',
            labels: { ...p.labels, reason: p.state.config.waitingReason ?? '' },
            value: 1,
          })),
      },
      {
        name: 'container_memory_working_set_bytes',
        help: 'Working-set memory per container (simulated, cAdvisor style).',
        type: 'gauge',
        samples: podSamples('container_memory_working_set_bytes', (p) => p.state.config.memoryBytes),
      },
      {
        name: 'container_spec_memory_limit_bytes',
        help: 'Memory limit per container (simulated, cAdvisor style).',
        type: 'gauge',
        samples: podSamples('container_spec_memory_limit_bytes', (p) => p.state.config.memoryLimitBytes),
      },
    ];
  }

  private sorted(): SeriesState[] {
    return [...this.series.values()].sort(
      (a, b) =>
        a.config.service.localeCompare(b.config.service) || a.config.track.localeCompare(b.config.track),
    );
  }
}

/** Share of a log-normal latency distribution (median, p99 in ms) at or below `seconds`. */
export function latencyCdf(seconds: number, medianMs: number, p99Ms: number): number {
  const median = medianMs / 1000;
  const sigma = Math.log(p99Ms / medianMs) / Z99;
  if (sigma === 0) return seconds >= median ? 1 : 0;
  return normalCdf(Math.log(seconds / median) / sigma);
}

/** Mean of that log-normal distribution, in seconds (what `_sum / _count` tends to). */
export function latencyMean(medianMs: number, p99Ms: number): number {
  const sigma = Math.log(p99Ms / medianMs) / Z99;
  return (medianMs / 1000) * Math.exp((sigma * sigma) / 2);
}

/** Standard normal CDF through erf (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

function advance(state: SeriesState, now: number): void {
  const seconds = Math.max(0, now - state.lastMs) / 1000;
  state.lastMs = Math.max(now, state.lastMs);
  const c = state.config;
  const requests = c.rps * seconds;
  const errors = requests * c.errorRatio;
  state.byCode.set(200, (state.byCode.get(200) ?? 0) + requests - errors);
  state.byCode.set(c.errorCode, (state.byCode.get(c.errorCode) ?? 0) + errors);
  LATENCY_BUCKETS.forEach((bound, i) => {
    state.buckets[i] += requests * latencyCdf(bound, c.latencyMs, c.latencyP99Ms);
  });
  state.sum += requests * latencyMean(c.latencyMs, c.latencyP99Ms);
  state.count += requests;
  for (let pod = 0; pod < c.pods; pod++)
    state.restarts[pod] = (state.restarts[pod] ?? 0) + (c.restartsPerMinute * seconds) / 60;
}

function histogramValue(state: SeriesState): HistogramValue {
  const count = Math.floor(state.count);
  // Floors of cumulative sums could only break ordering through rounding; clamp so they never do.
  const counts = state.buckets.map((b) => Math.min(Math.floor(b), count));
  for (let i = counts.length - 2; i >= 0; i--) counts[i] = Math.min(counts[i], counts[i + 1]);
  return {
    labels: httpLabels(state.config),
    buckets: LATENCY_BUCKETS.map((bound, i) => [bound, counts[i]] as const),
    sum: state.sum,
    count,
  };
}

function httpLabels(config: SeriesConfig): Labels {
  return { namespace: config.namespace, service: config.service, track: config.track };
}

function podLabels(state: SeriesState, index: number): Labels {
  const { namespace, service, track } = state.config;
  return { namespace, pod: `${service}-${track}-${index}`, container: service, service, track };
}

function key(service: string, track: string): string {
  return `${service}/${track}`;
}
