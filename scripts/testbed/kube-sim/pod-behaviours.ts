import type { JsonObject } from './json.js';

/** How a container with a given image behaves once its pod is scheduled. */
export type BehaviourKind = 'healthy' | 'slow' | 'never-ready' | 'crash-loop' | 'pull-failure' | 'oom';

export interface Behaviour {
  kind: BehaviourKind;
  /** healthy/slow: time from pod creation to Ready (ms). */
  readyAfterMs?: number;
  /** crash-loop/oom: how long the container runs before it dies (ms). */
  runMs?: number;
  /** crash-loop/oom/pull-failure: the first back-off (kubelet's is 10 s, doubling up to 5 min). */
  backoffMs?: number;
}

/** One row of the behaviour table: an image pattern (`*` matches anything) and what it does. */
export interface BehaviourRule {
  image: string;
  behaviour: Behaviour;
}

/** Settings that apply when no rule names the image. */
export interface BehaviourDefaults {
  readyAfterMs: number;
  slowReadyAfterMs: number;
  runMs: number;
  backoffMs: number;
}

export const DEFAULT_BEHAVIOUR_SETTINGS: BehaviourDefaults = {
  readyAfterMs: 1_000,
  slowReadyAfterMs: 30_000,
  runMs: 500,
  backoffMs: 10_000,
};

const MAX_BACKOFF_MS = 300_000;

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** The behaviour for an image: the last matching rule wins (so tests can override), else healthy. */
export function behaviourFor(image: string, rules: readonly BehaviourRule[]): Behaviour {
  for (let i = rules.length - 1; i >= 0; i--)
    if (globToRegExp(rules[i].image).test(image)) return rules[i].behaviour;
  return { kind: 'healthy' };
}

/** A container's computed status at one instant, in the fields kubectl and clients read. */
export interface ContainerState {
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: JsonObject;
  lastState: JsonObject;
  /** The pod phase this container implies (Pending until it has run once). */
  phase: 'Pending' | 'Running';
}

interface Timeline {
  elapsed: number;
  startedAt: (ms: number) => string;
}

/** Back-off before restart `n` (n ≥ 1): none before the first restart, then base·2^(n-2), capped. */
export function backoffBefore(restart: number, base: number): number {
  if (restart <= 1) return 0;
  return Math.min(base * 2 ** (restart - 2), MAX_BACKOFF_MS);
}

/**
 * The status of one container `elapsed` ms after its pod was created. Pure: the same inputs give the
 * same status, so the simulated clock can jump and the pod is at once where it would be.
 */
export function containerStateAt(
  name: string,
  image: string,
  behaviour: Behaviour,
  defaults: BehaviourDefaults,
  time: Timeline,
  created: number,
): ContainerState {
  const { elapsed } = time;
  const runningSince = (ms: number): JsonObject => ({ running: { startedAt: time.startedAt(created + ms) } });
  switch (behaviour.kind) {
    case 'healthy':
    case 'slow':
    case 'never-ready': {
      const readyAfter =
        behaviour.readyAfterMs ??
        (behaviour.kind === 'slow' ? defaults.slowReadyAfterMs : defaults.readyAfterMs);
      const ready = behaviour.kind !== 'never-ready' && elapsed >= readyAfter;
      return {
        ready,
        started: true,
        restartCount: 0,
        state: runningSince(0),
        lastState: {},
        phase: 'Running',
      };
    }
    case 'pull-failure': {
      const base = behaviour.backoffMs ?? defaults.backoffMs;
      // Pull attempts at 0, then after each back-off; for a moment after an attempt the reason is
      // ErrImagePull, in between ImagePullBackOff, as the kubelet reports it.
      let attemptAt = 0;
      for (let attempt = 1; attempt < 1_000; attempt++) {
        const next = attemptAt + Math.min(base * 2 ** (attempt - 1), MAX_BACKOFF_MS);
        if (next > elapsed) break;
        attemptAt = next;
      }
      const justTried = elapsed - attemptAt < Math.min(1_000, base / 2);
      const reason = justTried ? 'ErrImagePull' : 'ImagePullBackOff';
      const message = justTried
        ? `failed to pull and unpack image "${image}": failed to resolve reference "${image}": not found`
        : `Back-off pulling image "${image}"`;
      return {
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason, message } },
        lastState: {},
        phase: 'Pending',
      };
    }
    case 'crash-loop':
    case 'oom': {
      const run = behaviour.runMs ?? defaults.runMs;
      const base = behaviour.backoffMs ?? defaults.backoffMs;
      const terminated = (start: number, restart: number): JsonObject => ({
        terminated: {
          exitCode: behaviour.kind === 'oom' ? 137 : 1,
          reason: behaviour.kind === 'oom' ? 'OOMKilled' : 'Error',
          startedAt: time.startedAt(created + start),
          finishedAt: time.startedAt(created + start + run),
          containerID: `containerd://${name}-${restart}`,
        },
      });
      let start = 0;
      let restart = 0;
      for (;;) {
        if (elapsed < start + run) {
          return {
            ready: false,
            started: true,
            restartCount: restart,
            state: runningSince(start),
            lastState: restart > 0 ? terminated(start - run - backoffBefore(restart, base), restart - 1) : {},
            phase: 'Running',
          };
        }
        const nextStart = start + run + backoffBefore(restart + 1, base);
        if (elapsed < nextStart || restart > 10_000) {
          return {
            ready: false,
            started: false,
            restartCount: restart,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off ${Math.round(backoffBefore(restart + 1, base) / 1000)}s restarting failed container=${name}`,
              },
            },
            lastState: terminated(start, restart),
            phase: 'Running',
          };
        }
        start = nextStart;
        restart++;
      }
    }
  }
}
