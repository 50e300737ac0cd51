import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import type { DeploymentList } from '../kube/rollout-waiter.js';
import { ActionFailure } from '../runtime/errors.js';
import type { WorkloadRef } from './workloads.js';

/** Live Deployments with the LIST answers they came from (per namespace), for the waiter to watch from. */
export interface LiveDeployments {
  lives: KubeObject[];
  lists: Map<string, DeploymentList>;
}

/**
 * The live Deployments named (or selected), found with one LIST per namespace rather than a GET per
 * name: the rollout waiter then watches from that LIST, so finding them costs no extra request. A
 * missing one is an ActionFailure naming it.
 */
export async function resolveDeployments(
  client: KubeClient,
  options: { workloads: readonly WorkloadRef[]; selector?: string; namespace: string },
): Promise<LiveDeployments> {
  if (options.selector) {
    const list = await client.list('apps/v1', 'Deployment', options.namespace, options.selector);
    if (list.items.length === 0)
      throw new ActionFailure(
        `No Deployment in namespace ${options.namespace} matches selector ${options.selector}`,
      );
    return { lives: list.items, lists: new Map([[options.namespace, list]]) };
  }
  const byNamespace = new Map<string, string[]>();
  for (const w of options.workloads) {
    const namespace = w.namespace ?? options.namespace;
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), w.name]);
  }
  const found = await Promise.all(
    [...byNamespace].map(([namespace, names]) => listDeployments(client, namespace, names)),
  );
  const lives = found.flatMap((f) => f.lives);
  for (const w of options.workloads) {
    const namespace = w.namespace ?? options.namespace;
    if (!lives.some((l) => l.metadata.name === w.name && (l.metadata.namespace ?? namespace) === namespace))
      throw new ActionFailure(`Deployment ${w.name} does not exist in namespace ${namespace}`);
  }
  return { lives, lists: new Map(found.flatMap((f) => [...f.lists])) };
}

/** The named Deployments of one namespace that exist, in the order named, from one LIST. */
export async function listDeployments(
  client: KubeClient,
  namespace: string,
  names: readonly string[],
): Promise<LiveDeployments> {
  const list = await client.list('apps/v1', 'Deployment', namespace);
  const lives = names
    .map((name) => list.items.find((d) => d.metadata.name === name))
    .filter((d): d is KubeObject => !!d)
    .map((d) => ({ ...d, metadata: { ...d.metadata, namespace: d.metadata.namespace ?? namespace } }));
  return { lives, lists: new Map([[namespace, list]]) };
}
