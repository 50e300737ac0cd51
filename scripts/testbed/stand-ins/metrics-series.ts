/**
 * The configuration of one simulated (service, track) of the exporter's fleet, and its validation.
 * Pure: JSON in, a checked config (or a `SeriesInputError` saying what is wrong) out.
 */

/** Waiting reasons a simulated pod can report (as kube-state-metrics would). */
export const WAITING_REASONS = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'ContainerCreating',
] as const;
export type WaitingReason = (typeof WAITING_REASONS)[number];

/** How one (service, track) behaves. Counters advance from these rates with real time. */
export interface SeriesConfig {
  /** `service` label, e.g. `web` (a DNS label, as Kubernetes names are). */
  service: string;
  /** `track` label, e.g. `stable` or `canary`. */
  track: string;
  /** `namespace` label. */
  namespace: string;
  /** Requests per second, all codes together. */
  rps: number;
  /** Fraction of requests (0–1) answered with `errorCode`; the rest answer 200. */
  errorRatio: number;
  /** HTTP status counted for errors (400–599). */
  errorCode: number;
  /** Median latency in milliseconds (latencies are log-normal). */
  latencyMs: number;
  /** 99th-percentile latency in milliseconds (≥ the median). */
  latencyP99Ms: number;
  /** Number of simulated pods (each gets the pod-level metrics). */
  pods: number;
  /** Working-set memory per pod, bytes. */
  memoryBytes: number;
  /** Memory limit per pod, bytes. */
  memoryLimitBytes: number;
  /** Container restarts per pod per minute. */
  restartsPerMinute: number;
  /** When set, every pod reports this waiting reason (e.g. CrashLoopBackOff). */
  waitingReason: WaitingReason | null;
}

/** A bad control request: the message says which field is wrong and what is accepted. */
export class SeriesInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeriesInputError';
  }
}

const MIB = 1024 * 1024;
/** Defaults for the fields a new series leaves out (service and track are always required). */
export const SERIES_DEFAULTS: Omit<SeriesConfig, 'service' | 'track'> = {
  namespace: 'default',
  rps: 10,
  errorRatio: 0,
  errorCode: 500,
  latencyMs: 50,
  latencyP99Ms: 150,
  pods: 1,
  memoryBytes: 64 * MIB,
  memoryLimitBytes: 256 * MIB,
  restartsPerMinute: 0,
  waitingReason: null,
};
/** When a request sets `latencyMs` but not `latencyP99Ms`, the p99 is this multiple of the median. */
export const DEFAULT_P99_FACTOR = 3;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
type NumberField = Exclude<keyof SeriesConfig, 'service' | 'track' | 'namespace' | 'waitingReason'>;
interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** The minimum is exclusive (the value must be greater). */
  above?: boolean;
}
const NUMBER_RULES: Record<NumberField, NumberRule> = {
  rps: { min: 0, max: 100_000 },
  errorRatio: { min: 0, max: 1 },
  errorCode: { min: 400, max: 599, integer: true },
  latencyMs: { min: 0, max: 600_000, above: true },
  latencyP99Ms: { min: 0, max: 600_000, above: true },
  pods: { min: 0, max: 1_000, integer: true },
  memoryBytes: { min: 0, max: 2 ** 50, integer: true },
  memoryLimitBytes: { min: 0, max: 2 ** 50, integer: true, above: true },
  restartsPerMinute: { min: 0, max: 600 },
};
const KNOWN_FIELDS = new Set<string>([
  'service',
  'track',
  'namespace',
  'waitingReason',
  ...Object.keys(NUMBER_RULES),
]);

/**
 * Checks a control request body. With `base` (the series' current config, for a partial update) the
 * fields left out keep their values; without it they take `SERIES_DEFAULTS`. Unknown fields are refused,
 * so a typo (`errorRate`) fails instead of silently doing nothing.
 */
export function parseSeriesInput(body: unknown, base?: SeriesConfig): SeriesConfig {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SeriesInputError(
      'the body must be a JSON object like {"service":"web","track":"canary","rps":10}',
    );
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0)
    throw new SeriesInputError(
      `unknown field(s) ${unknown.map((k) => `'${k}'`).join(', ')}; accepted: ${[...KNOWN_FIELDS].join(', ')}`,
    );
  const identity = {
    service: dnsLabel(input, 'service', base?.service),
    track: dnsLabel(input, 'track', base?.track),
    namespace: dnsLabel(input, 'namespace', base?.namespace ?? SERIES_DEFAULTS.namespace),
  };
  // identity first so it leads when the config is listed as JSON, and last so it wins.
  const config: SeriesConfig = { ...identity, ...SERIES_DEFAULTS, ...base, ...identity };
  for (const field of Object.keys(NUMBER_RULES) as NumberField[]) {
    if (input[field] !== undefined) config[field] = checkNumber(field, input[field]);
  }
  if (input.latencyMs !== undefined && input.latencyP99Ms === undefined)
    config.latencyP99Ms = Math.min(config.latencyMs * DEFAULT_P99_FACTOR, NUMBER_RULES.latencyP99Ms.max);
  if (config.latencyP99Ms < config.latencyMs)
    throw new SeriesInputError(
      `latencyP99Ms (${config.latencyP99Ms}) must be at least latencyMs (${config.latencyMs}), the median`,
    );
  if (input.waitingReason !== undefined) config.waitingReason = checkWaitingReason(input.waitingReason);
  return config;
}

function dnsLabel(input: Record<string, unknown>, field: string, fallback: string | undefined): string {
  const value = input[field] ?? fallback;
  if (value === undefined) throw new SeriesInputError(`'${field}' is required (a name such as "web")`);
  if (typeof value !== 'string' || !DNS_LABEL.test(value))
    throw new SeriesInputError(
      `'${field}' must be a lowercase DNS label (letters, digits, '-', at most 63 characters), got ${JSON.stringify(value)}`,
    );
  return value;
}

function checkNumber(field: NumberField, value: unknown): number {
  const rule = NUMBER_RULES[field];
  const range = `${rule.above ? `greater than ${rule.min}` : `from ${rule.min}`} up to ${rule.max}`;
  const kind = rule.integer ? 'an integer' : 'a number';
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (rule.integer === true && !Number.isInteger(value)) ||
    value < rule.min ||
    (rule.above === true && value === rule.min) ||
    value > rule.max
  )
    throw new SeriesInputError(`'${field}' must be ${kind} ${range}, got ${JSON.stringify(value)}`);
  return value;
}

function checkWaitingReason(value: unknown): WaitingReason | null {
  if (value === null) return null;
  const reason = WAITING_REASONS.find((r) => r === value);
  if (!reason)
    throw new SeriesInputError(
      `'waitingReason' must be null or one of ${WAITING_REASONS.join(', ')}, got ${JSON.stringify(value)}`,
    );
  return reason;
}
