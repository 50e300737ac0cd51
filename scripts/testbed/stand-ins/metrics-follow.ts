import type { Fleet } from './metrics-fleet.js';
import { SERIES_DEFAULTS, SeriesInputError, type SeriesConfig } from './metrics-series.js';

/**
 * The exporter following kube-sim: one series per (namespace, service, track) whose pod count is the
 * ready pods of the matching Deployments, and whose error ratio and latency come from rules keyed by
 * image glob. A bad release is then visible in Prometheus as soon as its pods are ready, without a test
 * writing metrics by hand — as a real service's pods would report their own errors.
 */

/** How the pods running an image behave. Fields left out keep the healthy defaults. */
export interface ImageRule {
  /** Image pattern, `*` matching anything (`registry.local/web:bad*`). */
  image: string;
  errorRatio?: number;
  errorCode?: number;
  latencyMs?: number;
  latencyP99Ms?: number;
  /** Requests per second each ready pod serves. */
  rpsPerPod?: number;
}

/** Requests per second a ready pod serves when no rule says otherwise. */
export const DEFAULT_RPS_PER_POD = 10;

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (typeof value === 'object' && value !== null ? (value as Obj) : {});
const labelsOf = (object: unknown): Record<string, string> =>
  obj(obj(obj(object).metadata).labels) as Record<string, string>;

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** The rule for an image: the last one that matches wins (so a test can override an earlier one). */
export function ruleFor(image: string, rules: readonly ImageRule[]): ImageRule | undefined {
  for (let i = rules.length - 1; i >= 0; i--) if (glob(rules[i].image).test(image)) return rules[i];
  return undefined;
}

const isReady = (pod: unknown): boolean =>
  ((obj(obj(pod).status).conditions as unknown[] | undefined) ?? []).some(
    (c) => obj(c).type === 'Ready' && obj(c).status === 'True',
  );

/**
 * Whether a pod belongs to a Deployment: its owner ReplicaSet is `<deployment>-<pod-template-hash>`.
 * Label selectors are not enough: `web`'s selector (`app=web`) also matches the pods of `web-canary`.
 */
function ownedBy(pod: unknown, deployment: string): boolean {
  const hash = labelsOf(pod)['pod-template-hash'];
  const owners = (obj(obj(pod).metadata).ownerReferences as unknown[] | undefined) ?? [];
  return (
    hash !== undefined &&
    owners.some((o) => obj(o).kind === 'ReplicaSet' && obj(o).name === `${deployment}-${hash}`)
  );
}

/**
 * The series configs as of one LIST of Deployments and Pods. Service: the `app` (or
 * `app.kubernetes.io/name`) label; track: `prodline.dev/track` (canary-deploy's label), else `stable`.
 * Each ready pod serves `rpsPerPod` at its image's error ratio; a series' ratio and latency are the
 * request-weighted mean over its pods. Pure.
 */
export function followedSeries(
  deployments: unknown[],
  pods: unknown[],
  rules: readonly ImageRule[],
): SeriesConfig[] {
  interface Acc {
    config: SeriesConfig;
    rps: number;
    errors: number;
    latency: number;
    p99: number;
  }
  const series = new Map<string, Acc>();
  for (const deployment of deployments) {
    const meta = obj(obj(deployment).metadata);
    const name = String(meta.name);
    const namespace = String(meta.namespace ?? 'default');
    const labels = {
      ...(obj(obj(obj(obj(deployment).spec).template).metadata).labels as Record<string, string>),
      ...labelsOf(deployment),
    };
    const service = labels.app ?? labels['app.kubernetes.io/name'] ?? name;
    const track = labels['prodline.dev/track'] ?? 'stable';
    const key = `${namespace}/${service}/${track}`;
    const acc = series.get(key) ?? {
      config: { ...SERIES_DEFAULTS, service, track, namespace, pods: 0, rps: 0 },
      rps: 0,
      errors: 0,
      latency: 0,
      p99: 0,
    };
    series.set(key, acc);
    for (const pod of pods) {
      if (obj(obj(pod).metadata).namespace !== namespace || !ownedBy(pod, name) || !isReady(pod)) continue;
      const image = String(
        obj(((obj(obj(pod).spec).containers as unknown[] | undefined) ?? [])[0]).image ?? '',
      );
      const rule = ruleFor(image, rules) ?? { image: '*' };
      const rps = rule.rpsPerPod ?? DEFAULT_RPS_PER_POD;
      acc.config.pods++;
      acc.rps += rps;
      acc.errors += rps * (rule.errorRatio ?? 0);
      acc.latency += rps * (rule.latencyMs ?? SERIES_DEFAULTS.latencyMs);
      acc.p99 += rps * Math.max(rule.latencyP99Ms ?? SERIES_DEFAULTS.latencyP99Ms, rule.latencyMs ?? 0);
      if (rule.errorCode !== undefined) acc.config.errorCode = rule.errorCode;
    }
  }
  return [...series.values()].map(({ config, rps, errors, latency, p99 }) =>
    rps === 0
      ? config
      : { ...config, rps, errorRatio: errors / rps, latencyMs: latency / rps, latencyP99Ms: p99 / rps },
  );
}

/** Checks a `POST /control/images` body. */
export function parseImageRule(body: unknown): ImageRule {
  const input = obj(body);
  if (typeof input.image !== 'string' || input.image === '')
    throw new SeriesInputError(`'image' is required: an image pattern such as "registry.local/web:bad*"`);
  const known = ['image', 'errorRatio', 'errorCode', 'latencyMs', 'latencyP99Ms', 'rpsPerPod'];
  const unknown = Object.keys(input).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw new SeriesInputError(`unknown field(s) ${unknown.join(', ')}; accepted: ${known.join(', ')}`);
  const number = (field: string, min: number, max: number): number | undefined => {
    const value = input[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
      throw new SeriesInputError(
        `'${field}' must be a number from ${min} up to ${max}, got ${JSON.stringify(value)}`,
      );
    return value;
  };
  return {
    image: input.image,
    errorRatio: number('errorRatio', 0, 1),
    errorCode: number('errorCode', 400, 599),
    latencyMs: number('latencyMs', 0.001, 600_000),
    latencyP99Ms: number('latencyP99Ms', 0.001, 600_000),
    rpsPerPod: number('rpsPerPod', 0, 10_000),
  };
}

/** Follows one kube-sim API: LISTs Deployments and Pods, then updates the fleet's followed series. */
export class KubeFollower {
  private readonly owned = new Set<string>();

  /** @param rules shared with the control API, which adds to them while following. */
  constructor(
    private readonly fleet: Fleet,
    readonly apiUrl: string,
    readonly rules: ImageRule[],
    private readonly token?: string,
  ) {}

  /** One sync; called before every scrape, so Prometheus sees the cluster as of that scrape. */
  async sync(): Promise<void> {
    const [deployments, pods] = await Promise.all([
      this.list('/apis/apps/v1/deployments'),
      this.list('/api/v1/pods'),
    ]);
    const seen = new Set<string>();
    for (const config of followedSeries(deployments, pods, this.rules)) {
      const key = `${config.service}/${config.track}`;
      seen.add(key);
      this.owned.add(key);
      this.fleet.upsert(config);
    }
    // A Deployment gone (a canary removed) leaves its series with no pods, as a scrape target would vanish.
    for (const key of this.owned) if (!seen.has(key)) this.silence(key);
  }

  /**
   * Stops following: every series it fed loses its pods and traffic, as vanished scrape targets do. Left
   * as they were, healthy-looking series would let an analysis pass on a cluster nobody watches.
   */
  release(): void {
    for (const key of this.owned) this.silence(key);
  }

  private silence(key: string): void {
    const [service, track] = key.split('/');
    const config = this.fleet.get(service, track);
    if (config && (config.pods !== 0 || config.rps !== 0)) this.fleet.upsert({ ...config, pods: 0, rps: 0 });
  }

  private async list(path: string): Promise<unknown[]> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      headers: {
        'User-Agent': 'metrics-exporter/follow',
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      },
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) throw new Error(`kube-sim LIST ${path}: ${response.status}`);
    return (obj(await response.json()).items as unknown[] | undefined) ?? [];
  }
}
