import type { Harness } from './canary-deploy.js';
import { kubectlGet } from './canary-deploy.js';
import { until } from './poll.js';

/**
 * Which release a cluster serves, judged from everything that decides it: the Deployments of the app
 * (a canary left behind is a mixture), every pod of the app, each Deployment's replica counters, and the
 * Service's selector. Read once through our client and once through the pinned kubectl.
 */
export type Serving = 'new' | 'previous' | 'mixed';

export interface ClusterView {
  deployments: {
    name: string;
    image: string;
    replicas: number;
    statusReplicas: number;
    updated: number;
    ready: number;
  }[];
  pods: { name: string; image: string; ready: boolean }[];
  selector: Record<string, string>;
}

export interface ServingState {
  serving: Serving;
  /** What made it a mixture (or the digest and pod count served). */
  detail: string;
}

const digestOf = (image: string) => image.slice(image.indexOf('@') + 1);

/** Classifies one view against the new and previous digests. Pure. */
export function classify(view: ClusterView, app: string, next: string, previous: string): ServingState {
  const problems: string[] = [];
  const names = view.deployments.map((d) => d.name).sort();
  if (names.join(',') !== app) problems.push(`Deployments [${names.join(', ')}], expected [${app}] only`);
  const stable = view.deployments.find((d) => d.name === app);
  const served = stable ? digestOf(stable.image) : '';
  if (!stable) problems.push(`no Deployment ${app}`);
  else {
    const counters = [stable.statusReplicas, stable.updated, stable.ready];
    if (counters.some((n) => n !== stable.replicas))
      problems.push(
        `${app}: ${stable.replicas} replicas wanted, status ${stable.statusReplicas} / updated ${stable.updated} / ready ${stable.ready}`,
      );
  }
  const others = view.pods.filter((p) => digestOf(p.image) !== served);
  if (others.length)
    problems.push(
      `pods on another digest: ${others.map((p) => `${p.name}=${digestOf(p.image).slice(0, 15)}`).join(', ')}`,
    );
  const notReady = view.pods.filter((p) => !p.ready);
  if (notReady.length) problems.push(`pods not ready: ${notReady.map((p) => p.name).join(', ')}`);
  if (stable && view.pods.length !== stable.replicas)
    problems.push(`${view.pods.length} pods for ${stable.replicas} replicas`);
  if (JSON.stringify(view.selector) !== JSON.stringify({ app }))
    problems.push(`Service selector ${JSON.stringify(view.selector)}`);
  if (served !== next && served !== previous) problems.push(`serves ${served || 'nothing'}`);
  if (problems.length) return { serving: 'mixed', detail: problems.join('; ') };
  return {
    serving: served === next ? 'new' : 'previous',
    detail: `${served.slice(0, 19)}… on ${view.pods.length} pods`,
  };
}

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number;
    selector?: Record<string, string>;
    template?: { spec?: { containers?: { image?: string }[] } };
    containers?: { image?: string }[];
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    conditions?: { type?: string; status?: string }[];
  };
}

/** The view from a list of Deployments, Pods and Services (client-node's objects and kubectl's JSON alike). */
function viewOf(items: K8sObject[], app: string): ClusterView {
  const ofKind = (kind: string) => items.filter((i) => i.kind === kind);
  const service = ofKind('Service').find((s) => s.metadata?.name === app);
  return {
    deployments: ofKind('Deployment').map((d) => ({
      name: d.metadata?.name ?? '',
      image: d.spec?.template?.spec?.containers?.[0]?.image ?? '',
      replicas: d.spec?.replicas ?? 0,
      statusReplicas: d.status?.replicas ?? 0,
      updated: d.status?.updatedReplicas ?? 0,
      ready: d.status?.readyReplicas ?? 0,
    })),
    pods: ofKind('Pod')
      .filter((p) => p.metadata?.labels?.app === app)
      .map((p) => ({
        name: p.metadata?.name ?? '',
        image: p.spec?.containers?.[0]?.image ?? '',
        ready: (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
      })),
    selector: (service?.spec?.selector as Record<string, string> | undefined) ?? {},
  };
}

/** The view through our client (client-node). */
export async function clientView(h: Harness, app: string): Promise<ClusterView> {
  const namespace = 'default';
  const [deployments, pods, services] = await Promise.all([
    h.apps.listNamespacedDeployment({ namespace }),
    h.core.listNamespacedPod({ namespace }),
    h.core.listNamespacedService({ namespace }),
  ]);
  const tag = (kind: string, list: unknown[]) => list.map((i) => ({ ...(i as K8sObject), kind }));
  return viewOf(
    [...tag('Deployment', deployments.items), ...tag('Pod', pods.items), ...tag('Service', services.items)],
    app,
  );
}

/** The view through the pinned kubectl (undefined locally when it is unavailable). */
export async function kubectlView(h: Harness, app: string): Promise<ClusterView | undefined> {
  const text = await kubectlGet(h, ['deployments,pods,services', '-o', 'json']);
  if (text === undefined) return undefined;
  return viewOf((JSON.parse(text) as { items: K8sObject[] }).items, app);
}

/**
 * The cluster's state once its controllers have settled (a deleted canary's pods go with the next
 * controller pass): waits up to 5 s for our client to see anything but a mixture, then reads both views.
 * `kubectl` is undefined when the referee is unavailable (locally only).
 */
export async function servingState(
  h: Harness,
  app: string,
  next: string,
  previous: string,
): Promise<{ client: ServingState; kubectl?: ServingState }> {
  const settled = async () => {
    const state = classify(await clientView(h, app), app, next, previous);
    return state.serving !== 'mixed' && state;
  };
  // A mixture that outlasts the wait is the answer: it is reported, not thrown.
  const client =
    (await until('a settled cluster', 5_000, settled).catch(() => undefined)) ??
    classify(await clientView(h, app), app, next, previous);
  const view = await kubectlView(h, app);
  return { client, kubectl: view && classify(view, app, next, previous) };
}
