import { ActionFailure } from '../runtime/errors.js';
import type { KubeClient, KubeObject } from './kube-client.js';
import type { KubeStatus } from './kube-errors.js';
import { collectionPath, KINDS, ref } from './kinds.js';
import { rolloutStatus, type DeploymentLike, type RolloutStatus } from './rollout-status.js';

/** A Deployment to wait for. */
export interface DeploymentName {
  namespace: string;
  name: string;
}

/** A LIST answer: the objects and the resourceVersion a WATCH resumes from. */
export interface DeploymentList {
  items: KubeObject[];
  resourceVersion: string;
}

/** How each Deployment ended up. */
export interface RolloutResult extends DeploymentName {
  status: RolloutStatus;
}

/** Thrown when some rollouts failed or the overall time limit passed; carries every result. */
export class RolloutFailed extends ActionFailure {
  constructor(
    message: string,
    readonly results: RolloutResult[],
  ) {
    super(message);
  }
}

/**
 * Waits for several Deployments at once, with one overall time limit (not one per object, as
 * k8s-deploy does): one LIST per namespace (or the caller's, `initial`), then a WATCH from the list's resourceVersion; a watch that
 * ends is resumed from the last resourceVersion seen, and a 410 Gone (history compacted) re-lists.
 * Resolves when all are rolled out; throws RolloutFailed as soon as one exceeds its progress deadline,
 * or when the time is up, naming each one still waiting and why (kubectl's wording).
 */
export async function waitForRollouts(
  client: KubeClient,
  deployments: DeploymentName[],
  options: {
    timeoutMs: number;
    onProgress?: (message: string) => void;
    /** Stops the wait early (e.g. a pod failed): the promise rejects with RolloutFailed('stopped'). */
    signal?: AbortSignal;
    /**
     * A LIST of Deployments per namespace the caller has just made (to find the workloads): the first
     * WATCH starts from its resourceVersion instead of listing again. Later re-lists (410) are ours.
     */
    initial?: ReadonlyMap<string, DeploymentList>;
  },
): Promise<RolloutResult[]> {
  const latest = new Map<string, RolloutStatus>();
  const key = (d: DeploymentName) => `${d.namespace}/${d.name}`;
  const wanted = new Set(deployments.map(key));
  const namespaces = [...new Set(deployments.map((d) => d.namespace))];
  const handles = new Set<{ abort(): void }>();
  let stopped = false;
  let finish: (error?: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = (error) => {
      // Settled: no watch is (re)opened from here on, not even one whose LIST already answered it all.
      stopped = true;
      if (error) reject(error);
      else resolve();
    };
  });
  const results = (): RolloutResult[] =>
    deployments.map((d) => ({
      ...d,
      status: latest.get(key(d)) ?? {
        state: 'progressing',
        message: `Waiting for deployment "${d.name}" to exist...`,
      },
    }));

  const observe = (object: KubeObject): void => {
    const k = `${object.metadata.namespace}/${object.metadata.name}`;
    if (!wanted.has(k)) return;
    const status = rolloutStatus(object as DeploymentLike);
    if (latest.get(k)?.message !== status.message) options.onProgress?.(status.message);
    latest.set(k, status);
    const all = results();
    if (all.some((r) => r.status.state === 'failed'))
      finish(new RolloutFailed(failureMessage(all, 'a rollout failed'), all));
    else if (all.every((r) => r.status.state === 'done')) finish();
  };

  const follow = async (namespace: string): Promise<void> => {
    let resourceVersion = '';
    const initial = options.initial?.get(namespace);
    if (initial) {
      for (const item of initial.items) observe(item);
      resourceVersion = initial.resourceVersion;
    }
    while (!stopped) {
      if (!resourceVersion) {
        const list = await client.list(KINDS.Deployment.apiVersion, 'Deployment', namespace);
        for (const item of list.items) observe(item);
        resourceVersion = list.resourceVersion;
      }
      if (stopped) return;
      let gone = false;
      const handle = await client.watch(
        ref('Deployment', namespace, ''),
        collectionPath('Deployment', namespace),
        // The server ends each watch after at most 30 s and we resume it, so a watch that a proxy or load
        // balancer silently stalls costs 30 s, never the whole timeout (client-go renews its watches too).
        { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: '30' },
        (type, object) => {
          if (type === 'ERROR') {
            // 410 Gone: the history we would resume from was compacted; start again from a list.
            if ((object as KubeStatus).code === 410) gone = true;
            return;
          }
          const o = object as KubeObject;
          if (o.metadata?.resourceVersion) resourceVersion = o.metadata.resourceVersion;
          if (type === 'ADDED' || type === 'MODIFIED') observe(o);
        },
      );
      // Finished while this watch was opening: close it, or the process would never exit.
      if (stopped) handle.abort();
      handles.add(handle);
      await handle.done;
      handles.delete(handle);
      if (gone) resourceVersion = '';
    }
  };

  const timer = setTimeout(() => {
    const all = results();
    finish(
      new RolloutFailed(
        failureMessage(all, `not rolled out within ${Math.round(options.timeoutMs / 1000)}s`),
        all,
      ),
    );
  }, options.timeoutMs);
  options.signal?.addEventListener('abort', () =>
    finish(new RolloutFailed('Deployments: the wait was stopped', results())),
  );
  for (const namespace of namespaces) follow(namespace).catch((error: unknown) => finish(error as Error));
  try {
    await finished;
    return results();
  } finally {
    stopped = true;
    clearTimeout(timer);
    for (const handle of handles) handle.abort();
  }
}

function failureMessage(results: RolloutResult[], why: string): string {
  const lines = results
    .filter((r) => r.status.state !== 'done')
    .map((r) => `  - ${r.namespace}/${r.name}: ${r.status.message}`);
  return `Deployments ${why}:\n${lines.join('\n')}\nLook at the pods (kubectl -n ${results[0]?.namespace ?? 'NAMESPACE'} get pods; kubectl describe deployment NAME) for crash loops, image pull errors or readiness failures`;
}
