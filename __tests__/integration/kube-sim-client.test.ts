import { setTimeout as sleep } from 'node:timers/promises';
import type * as k8s from '@kubernetes/client-node';
import { KubeSimControl } from '../../scripts/testbed/kube-sim/control-client.js';
import { kubeconfigText } from '../../scripts/testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../../scripts/testbed/kube-sim/server.js';
import { describeWithServices } from '../support/services.js';

/**
 * The same scenarios through @kubernetes/client-node, the client the actions use: reads, each patch
 * type, watches that resume or re-list, and injected faults as the client sees them.
 */
type Client = typeof k8s;
let lib: Client;
let sim: KubeSim;
let control: KubeSimControl;
let kc: k8s.KubeConfig;
let apps: k8s.AppsV1Api;
let core: k8s.CoreV1Api;

const deployment = (name: string, image: string, replicas = 2): k8s.V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
  },
});

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function apiError(promise: Promise<unknown>): Promise<k8s.ApiException<unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as k8s.ApiException<unknown>;
  }
  throw new Error('expected the call to fail');
}

/** The metav1.Status in an error (client-node hands the body over as text). */
function statusOf(error: k8s.ApiException<unknown>): { message: string; reason: string; code: number } {
  return (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as {
    message: string;
    reason: string;
    code: number;
  };
}

beforeAll(async () => {
  // Imported on demand, as the actions do (it costs ~175 ms and ~36 MiB).
  lib = await import('@kubernetes/client-node');
  sim = await startKubeSim({ behaviourDefaults: { readyAfterMs: 100 }, tickMs: 25, bookmarkIntervalMs: 200 });
  control = new KubeSimControl(sim.controlUrl);
  kc = new lib.KubeConfig();
  kc.loadFromString(kubeconfigText(sim.url));
  apps = kc.makeApiClient(lib.AppsV1Api);
  core = kc.makeApiClient(lib.CoreV1Api);
});
afterAll(async () => {
  await sim.close();
});

describe('client-node against the simulator', () => {
  test('create, read, list by label and wait for the rollout through status', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web', 'web:1') });
    const read = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(read.metadata?.uid).toBeDefined();
    expect(read.spec?.strategy?.rollingUpdate?.maxSurge).toBe('25%');
    const ready = await until('web to be available', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
      return d.status?.availableReplicas === 2 ? d : undefined;
    });
    expect(ready.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe(
      'NewReplicaSetAvailable',
    );
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    expect(pods.items[0].status?.containerStatuses?.[0].ready).toBe(true);
    const rs = await apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: 'app=web' });
    expect(rs.items[0].metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      controller: true,
    });
    expect(rs.items[0].metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  test('patches of each type', async () => {
    const header = (type: string) => lib.setHeaderOptions('Content-Type', type);
    const name = 'web';
    const namespace = 'default';
    const merged = await apps.patchNamespacedDeployment(
      { name, namespace, body: { metadata: { labels: { team: 'a' } } } },
      header(lib.PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.labels).toEqual({ app: 'web', team: 'a' });
    const jsonPatched = await apps.patchNamespacedDeployment(
      { name, namespace, body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] },
      header(lib.PatchStrategy.JsonPatch),
    );
    expect(jsonPatched.spec?.replicas).toBe(3);
    const strategic = await apps.patchNamespacedDeployment(
      {
        name,
        namespace,
        body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } } } },
      },
      header(lib.PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec?.template.spec?.containers).toEqual([
      expect.objectContaining({ name: 'app', image: 'web:2', imagePullPolicy: 'IfNotPresent' }),
    ]);
    const applied = await apps.patchNamespacedDeployment(
      { name: 'api', namespace, body: deployment('api', 'api:1', 1), fieldManager: 'prodline', force: true },
      header(lib.PatchStrategy.ServerSideApply),
    );
    expect(applied.metadata?.managedFields?.[0]).toMatchObject({ manager: 'prodline', operation: 'Apply' });
    const scale = await apps.patchNamespacedDeploymentScale(
      { name: 'api', namespace, body: { spec: { replicas: 2 } } },
      header(lib.PatchStrategy.MergePatch),
    );
    expect(scale.spec?.replicas).toBe(2);
    const conflict = await apiError(
      apps.patchNamespacedDeployment(
        { name: 'api', namespace, body: deployment('api', 'api:1', 1), fieldManager: 'prodline' },
        header(lib.PatchStrategy.ServerSideApply),
      ),
    );
    expect(conflict.code).toBe(409);
  });

  test('a stale resourceVersion is a 409 Conflict', async () => {
    const current = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: { metadata: { annotations: { touched: 'yes' } } } },
      lib.setHeaderOptions('Content-Type', lib.PatchStrategy.MergePatch),
    );
    const error = await apiError(
      apps.replaceNamespacedDeployment({ name: 'web', namespace: 'default', body: current }),
    );
    expect(error.code).toBe(409);
    expect(statusOf(error)).toMatchObject({ reason: 'Conflict', code: 409 });
    expect(statusOf(error).message).toContain('the object has been modified');
  });

  test('a watch resumes from its last resourceVersion after the simulator ends the stream', async () => {
    const watch = new lib.Watch(kc);
    const list = await core.listNamespacedPod({ namespace: 'default' });
    let lastRv = list.metadata?.resourceVersion ?? '';
    const seen: string[] = [];
    let ended = false;
    const start = (rv: string) =>
      watch.watch(
        '/api/v1/namespaces/default/pods',
        { resourceVersion: rv, allowWatchBookmarks: true },
        (type: string, obj: k8s.V1Pod) => {
          lastRv = obj.metadata?.resourceVersion ?? lastRv;
          if (type !== 'BOOKMARK') seen.push(`${type} ${obj.metadata?.name}`);
        },
        () => {
          ended = true;
        },
      );
    const first = await start(lastRv);
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'one' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
    });
    await until('the first event', async () => (seen.some((e) => e.endsWith(' one')) ? true : undefined));
    expect(await control.endWatches()).toBeGreaterThanOrEqual(1);
    await until('the watch to end', async () => (ended ? true : undefined));
    first.abort();
    // Created while nobody watched: the resumed watch must still deliver it, exactly once.
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'two' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
    });
    ended = false;
    const second = await start(lastRv);
    await until('the missed event', async () => (seen.includes('ADDED two') ? true : undefined));
    second.abort();
    expect(seen.filter((e) => e === 'ADDED one')).toHaveLength(1);
    expect(seen.filter((e) => e === 'ADDED two')).toHaveLength(1);
  });

  test('410 Gone for a compacted resourceVersion, answered by a re-list (by hand and by the informer)', async () => {
    const list = await core.listNamespacedService({ namespace: 'default' });
    const oldRv = list.metadata?.resourceVersion ?? '';
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'svc-a' }, spec: { ports: [{ port: 80 }] } },
    });
    await control.compact();
    const events: { type: string; code?: number }[] = [];
    let done = false;
    await new lib.Watch(kc).watch(
      '/api/v1/namespaces/default/services',
      { resourceVersion: oldRv },
      (type: string, obj: { code?: number }) => events.push({ type, code: obj.code }),
      () => {
        done = true;
      },
    );
    await until('the watch to end', async () => (done ? true : undefined));
    expect(events).toEqual([{ type: 'ERROR', code: 410 }]);
    const relisted = await core.listNamespacedService({ namespace: 'default' });
    expect(relisted.items.map((s) => s.metadata?.name)).toContain('svc-a');

    // The library's informer: its next watch after a compaction gets 410 and it re-lists on its own.
    const informer = lib.makeInformer(kc, '/api/v1/namespaces/default/services', () =>
      core.listNamespacedService({ namespace: 'default' }),
    );
    const names = new Set<string>();
    informer.on('add', (s: k8s.V1Service) => names.add(s.metadata?.name ?? ''));
    informer.on('error', () => undefined);
    await informer.start();
    await control.compact();
    await control.endWatches();
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'svc-b' }, spec: { ports: [{ port: 80 }] } },
    });
    await until('the informer to see svc-b', async () => (names.has('svc-b') ? true : undefined));
    await informer.stop();
  });

  test('faults reach the client: 429 with Retry-After, 500, a reset connection, a dropped watch', async () => {
    await control.addFault(
      { verb: 'get', resource: 'deployments' },
      { type: 'throttle', retryAfterSeconds: 2 },
      1,
    );
    const throttled = await apiError(apps.readNamespacedDeployment({ name: 'web', namespace: 'default' }));
    expect(throttled.code).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2');
    expect(await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).toBeDefined();

    await control.addFault({ verb: 'list', resource: 'pods' }, { type: 'error', status: 500 }, 1);
    const failed = await apiError(core.listNamespacedPod({ namespace: 'default' }));
    expect(failed.code).toBe(500);

    await control.addFault({ verb: 'patch', resource: 'deployments' }, { type: 'reset' }, 1);
    const reset = await apiError(
      apps.patchNamespacedDeployment(
        { name: 'web', namespace: 'default', body: { metadata: { labels: { x: 'y' } } } },
        lib.setHeaderOptions('Content-Type', lib.PatchStrategy.MergePatch),
      ),
    );
    expect(String(reset)).toMatch(/socket hang up|ECONNRESET|reset/i);

    await control.addFault({ resource: 'deployments' }, { type: 'end-watch', afterMs: 100 }, 1);
    let doneAt = 0;
    const started = Date.now();
    await new lib.Watch(kc).watch(
      '/apis/apps/v1/namespaces/default/deployments',
      {},
      () => undefined,
      () => {
        doneAt = Date.now();
      },
    );
    await until('the dropped watch', async () => (doneAt ? true : undefined));
    expect(doneAt - started).toBeLessThan(5_000);

    await control.deny({ verb: 'delete', resource: 'deployments' });
    const forbidden = await apiError(apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' }));
    expect(forbidden.code).toBe(403);
    expect(statusOf(forbidden).message).toBe(
      'deployments.apps "web" is forbidden: User "system:anonymous" cannot delete resource "deployments" in API group "apps" in the namespace "default"',
    );
    await control.clearDeny();

    const log = await control.counters();
    expect(log.counts['get deployments']).toBeGreaterThanOrEqual(2);
  });
});

describe('client-node: the differential scenarios', () => {
  const namespace = 'default';
  const available = (name: string, replicas: number) =>
    until(`${name} to be available`, async () => {
      const d = await apps.readNamespacedDeployment({ name, namespace });
      const s = d.status;
      return s?.availableReplicas === replicas && s.updatedReplicas === replicas && s.replicas === replicas
        ? d
        : undefined;
    });

  test('progress deadline exceeded, pod states, and an undo to the previous revision', async () => {
    await control.setBehaviour('shop:bad', 'crash-loop');
    await control.setBehaviour('shop:missing', 'pull-failure');
    await apps.createNamespacedDeployment({ namespace, body: deployment('shop', 'shop:1') });
    await available('shop', 2);
    const merge = lib.setHeaderOptions('Content-Type', lib.PatchStrategy.StrategicMergePatch);
    const image = (tag: string) => ({
      spec: { template: { spec: { containers: [{ name: 'app', image: tag }] } } },
    });
    await apps.patchNamespacedDeployment({ name: 'shop', namespace, body: image('shop:bad') }, merge);
    await until('a crash-looping pod', async () => {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=shop' });
      const status = pods.items
        .flatMap((p) => p.status?.containerStatuses ?? [])
        .find((c) => c.image === 'shop:bad');
      const crashing =
        status?.state?.waiting?.reason === 'CrashLoopBackOff' &&
        status.restartCount > 0 &&
        status.lastState?.terminated?.reason === 'Error';
      return crashing ? status : undefined;
    });
    await control.advanceClock(601_000);
    const stuck = await apps.readNamespacedDeployment({ name: 'shop', namespace });
    expect(stuck.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(stuck.status?.availableReplicas).toBe(2);

    // What `kubectl rollout undo` does: the previous ReplicaSet's template goes back into the Deployment.
    const sets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=shop' });
    const previous = sets.items.find(
      (r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '1',
    );
    const template = structuredClone(previous?.spec?.template);
    delete template?.metadata?.labels?.['pod-template-hash'];
    await apps.patchNamespacedDeployment(
      { name: 'shop', namespace, body: [{ op: 'replace', path: '/spec/template', value: template }] },
      lib.setHeaderOptions('Content-Type', lib.PatchStrategy.JsonPatch),
    );
    const back = await available('shop', 2);
    expect(back.spec?.template.spec?.containers[0].image).toBe('shop:1');
    expect(back.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    const after = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=shop' });
    const reused = after.items.find((r) => r.metadata?.name === previous?.metadata?.name);
    expect(reused?.metadata?.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });

    await apps.patchNamespacedDeployment({ name: 'shop', namespace, body: image('shop:missing') }, merge);
    const pulling = await until('a pod failing to pull', async () => {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=shop' });
      return pods.items.find((p) => p.status?.containerStatuses?.[0].image === 'shop:missing');
    });
    expect(pulling.status?.phase).toBe('Pending');
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(
      pulling.status?.containerStatuses?.[0].state?.waiting?.reason,
    );
    const events = await core.listNamespacedEvent({
      namespace,
      fieldSelector: `involvedObject.name=${pulling.metadata?.name}`,
    });
    expect(events.items.map((e) => e.reason)).toEqual(expect.arrayContaining(['Scheduled', 'Failed']));
  });

  test('status subresource: status is written there only; latency faults delay the answer', async () => {
    const current = await apps.readNamespacedDeployment({ name: 'web', namespace });
    const replaced = await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace,
      body: { ...current, status: { ...current.status, replicas: 99 } },
    });
    expect(replaced.status?.replicas).not.toBe(99);
    const statusPatched = await apps.patchNamespacedDeploymentStatus(
      { name: 'web', namespace, body: { status: { observedGeneration: 12345 } }, fieldManager: 'test' },
      lib.setHeaderOptions('Content-Type', lib.PatchStrategy.MergePatch),
    );
    expect(statusPatched.status?.observedGeneration).toBe(12345);
    await control.addFault({ verb: 'get', resource: 'deployments' }, { type: 'latency', ms: 300 }, 1);
    const started = Date.now();
    await apps.readNamespacedDeployment({ name: 'web', namespace });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});

describeWithServices(
  ['KUBECONFIG', 'KUBE_SIM_CONTROL_URL'],
  'client-node against the testbed simulator',
  (env) => {
    test('loads the published KUBECONFIG and reads the simulator', async () => {
      const client = await import('@kubernetes/client-node');
      const config = new client.KubeConfig();
      config.loadFromFile(env.KUBECONFIG);
      const namespaces = await config.makeApiClient(client.CoreV1Api).listNamespace();
      expect(namespaces.items.map((n) => n.metadata?.name)).toContain('kube-system');
      const counters = (await (await fetch(`${env.KUBE_SIM_CONTROL_URL}/counters`)).json()) as {
        total: number;
      };
      expect(counters.total).toBeGreaterThan(0);
    });
  },
);
