import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import type { KubeStatus } from '../kube/kube-errors.js';
import {
  RolloutFailed,
  waitForRollouts,
  type DeploymentList,
  type DeploymentName,
} from '../kube/rollout-waiter.js';
import { ActionFailure } from '../runtime/errors.js';
import type { Reason } from './analysis-engine.js';
import { lastLogLines } from './log-redaction.js';
import { describeEvents, diagnosePod, formatPodFailure, type PodFailure } from './pod-diagnosis.js';

/** A Deployment to verify, with the pod selector its pods are found by. */
export interface WatchedDeployment extends DeploymentName {
  matchLabels: Record<string, string>;
  /**
   * The images of the Deployment's current pod template. Pods running other images belong to a
   * ReplicaSet being rolled away (the bad release during a rollback, the previous one during a rollout):
   * their crash loops are expected until they are replaced, so they are not this rollout's failure.
   */
  images?: readonly string[];
}

export interface RolloutWatchResult {
  /** Undefined when every Deployment rolled out and no pod failed. */
  failure?: Reason;
  /** Lines about failing pods (reason, events, redacted logs) for the summary and report. */
  pods: string[];
}

export interface RolloutWatchOptions {
  timeoutMs: number;
  maxRestarts: number;
  onProgress?: (message: string) => void;
  /** Exact values to hide in log lines (tokens and passwords the step was given). */
  secrets?: readonly string[];
  /** The LIST of Deployments per namespace the workloads were found with (the waiter watches from it). */
  initial?: ReadonlyMap<string, DeploymentList>;
}

const LOG_LINES = 10;

/**
 * Waits for every Deployment at once (the one waiter: LIST + WATCH, one overall timeout) while a pod
 * WATCH diagnoses their pods: the first fatal pod state (crash loop, pull error, OOM, config error, too
 * many restarts) ends the wait at once, long before the progress deadline, with its events and last log
 * lines (redacted). One WATCH of pods per namespace (it starts with the current pods), never a polling loop.
 */
export async function watchRollout(
  client: KubeClient,
  deployments: readonly WatchedDeployment[],
  options: RolloutWatchOptions,
): Promise<RolloutWatchResult> {
  const stop = new AbortController();
  let podFailure: PodFailure[] | undefined;
  const pods = watchPods(client, deployments, options.maxRestarts, stop.signal)
    .then((failures) => {
      if (failures.length === 0) return;
      podFailure = failures;
      stop.abort();
    })
    .catch(() => undefined);
  try {
    await waitForRollouts(client, [...deployments], {
      timeoutMs: options.timeoutMs,
      onProgress: options.onProgress,
      signal: stop.signal,
      initial: options.initial,
    });
  } catch (error) {
    if (!(error instanceof RolloutFailed)) throw error;
    if (!podFailure) {
      stop.abort();
      const deadline = error.results.some((r) =>
        /ProgressDeadlineExceeded|exceeded its progress/.test(r.status.message),
      );
      return {
        failure: { code: deadline ? 'progress-deadline' : 'rollout-timeout', message: error.message },
        pods: [],
      };
    }
  } finally {
    stop.abort();
  }
  await pods;
  if (!podFailure) return { pods: [] };
  const namespace = deployments[0].namespace;
  const detailed = await Promise.all(
    podFailure.map((f) => withDetails(client, namespace, f, options.secrets)),
  );
  const first = detailed[0];
  return {
    failure: {
      code: first.reason,
      message: `pod ${first.pod}, container ${first.container}: ${first.reason} — ${first.message}`,
    },
    pods: detailed.flatMap(formatPodFailure),
  };
}

const matches = (pod: V1Pod, labels: Record<string, string>): boolean =>
  Object.entries(labels).every(([k, v]) => pod.metadata?.labels?.[k] === v);

const imagesKey = (images: readonly (string | undefined)[]): string => [...images].sort().join('\n');

/** True when the pod is one of `d`'s and runs its current template's images. */
function isCurrentPodOf(pod: V1Pod, d: WatchedDeployment): boolean {
  if (d.namespace !== pod.metadata?.namespace || !matches(pod, d.matchLabels)) return false;
  return !d.images || imagesKey((pod.spec?.containers ?? []).map((c) => c.image)) === imagesKey(d.images);
}

/** Resolves with the failures of the first failing pod; never resolves when none fails before `signal`. */
async function watchPods(
  client: KubeClient,
  deployments: readonly WatchedDeployment[],
  maxRestarts: number,
  signal: AbortSignal,
): Promise<PodFailure[]> {
  const namespaces = [...new Set(deployments.map((d) => d.namespace))];
  return new Promise<PodFailure[]>((resolve, reject) => {
    // Stopped without a failure (the rollouts finished first): nothing to report.
    signal.addEventListener('abort', () => resolve([]));
    const inspect = (pod: V1Pod): void => {
      if (!deployments.some((d) => isCurrentPodOf(pod, d))) return;
      const failures = diagnosePod(pod, maxRestarts);
      if (failures.length > 0) resolve(failures);
    };
    const follow = async (namespace: string): Promise<void> => {
      // Without a resourceVersion the server first sends every pod as ADDED (a consistent read, as a LIST
      // is), then the changes: one request where LIST + WATCH take two. A watch that ends is resumed from
      // the last resourceVersion seen; after a 410 it starts again from the current state (a pod looked
      // at twice is harmless). No 30 s renewal here: a stalled pod watch only delays fail-fast, while
      // the Deployment watch (renewed every 30 s) and the overall timeout still decide.
      let resourceVersion: string | undefined;
      while (!signal.aborted) {
        let gone = false;
        const handle = await client.watch(
          { apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespace },
          `/api/v1/namespaces/${namespace}/pods`,
          { ...(resourceVersion ? { resourceVersion } : {}), allowWatchBookmarks: true },
          (type, object) => {
            if (type === 'ERROR') {
              if ((object as KubeStatus).code === 410) gone = true;
              return;
            }
            const o = object as KubeObject;
            if (o.metadata?.resourceVersion) resourceVersion = o.metadata.resourceVersion;
            if (type === 'ADDED' || type === 'MODIFIED') inspect(o as unknown as V1Pod);
          },
        );
        const abort = () => handle.abort();
        // Stopped while the watch was opening: the listener below would never fire, so close it now.
        if (signal.aborted) abort();
        signal.addEventListener('abort', abort);
        await handle.done;
        signal.removeEventListener('abort', abort);
        if (gone) resourceVersion = undefined;
      }
    };
    for (const namespace of namespaces) follow(namespace).catch(reject);
  });
}

/** Adds the pod's recent events and its last log lines (the previous run's for a crash). */
async function withDetails(
  client: KubeClient,
  namespace: string,
  failure: PodFailure,
  secrets: readonly string[] = [],
): Promise<PodFailure> {
  const [events, logs] = await Promise.all([
    client
      .list<KubeObject>('v1', 'Event', namespace)
      .then((list) => describeEvents(list.items as unknown as CoreV1Event[], failure.pod))
      .catch(() => []),
    failure.reason === 'ErrImagePull' || failure.reason === 'ImagePullBackOff'
      ? Promise.resolve([])
      : readLog(client, namespace, failure, secrets),
  ]);
  return { ...failure, events, logs };
}

async function readLog(
  client: KubeClient,
  namespace: string,
  failure: PodFailure,
  secrets: readonly string[],
): Promise<string[]> {
  // A crashed container's reason is in the run before the restart; a first run has no previous log.
  for (const previous of failure.restarts > 0 ? [true, false] : [false]) {
    try {
      const text = await client.podLog(namespace, failure.pod, failure.container, {
        tailLines: LOG_LINES,
        previous,
      });
      if (text) return lastLogLines(text, LOG_LINES, secrets);
    } catch (error) {
      if (!(error instanceof ActionFailure)) throw error;
    }
  }
  return [];
}
