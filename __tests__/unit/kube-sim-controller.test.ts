import { ApiError } from '../../scripts/testbed/kube-sim/errors.js';
import type { JsonObject } from '../../scripts/testbed/kube-sim/json.js';
import { resourceByPlural } from '../../scripts/testbed/kube-sim/resources.js';
import { createSimState } from '../../scripts/testbed/kube-sim/server.js';
import type { SimState } from '../../scripts/testbed/kube-sim/state.js';
import type { StoreEvent } from '../../scripts/testbed/kube-sim/store.js';

const deployments = resourceByPlural('deployments');
const replicaSets = resourceByPlural('replicasets');
const pods = resourceByPlural('pods');

function deployment(name: string, image: string, replicas: number, extra: JsonObject = {}): JsonObject {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...extra,
    },
  };
}

const status = (sim: SimState, name: string) =>
  sim.store.get(deployments, 'default', name).status as JsonObject;
const condition = (sim: SimState, name: string, type: string) =>
  ((status(sim, name).conditions ?? []) as JsonObject[]).find((c) => c.type === type);

describe('store semantics', () => {
  let sim: SimState;
  beforeEach(() => {
    sim = createSimState();
    sim.clock.freeze();
  });
  afterEach(() => sim.controllers.stop());

  test('resourceVersions grow; a stale one is a 409; a no-op keeps it; only spec changes bump generation', () => {
    const created = sim.objects.create(deployments, 'default', deployment('web', 'web:1', 1));
    const rv = Number((created.metadata as JsonObject).resourceVersion);
    const labelled = sim.objects.patch(deployments, 'default', 'web', 'application/merge-patch+json', {
      metadata: { labels: { a: 'b' } },
    });
    expect(Number((labelled.metadata as JsonObject).resourceVersion)).toBeGreaterThan(rv);
    expect((labelled.metadata as JsonObject).generation).toBe(1);
    const scaled = sim.objects.patch(deployments, 'default', 'web', 'application/merge-patch+json', {
      spec: { replicas: 2 },
    });
    expect((scaled.metadata as JsonObject).generation).toBe(2);
    const same = sim.objects.patch(deployments, 'default', 'web', 'application/merge-patch+json', {
      spec: { replicas: 2 },
    });
    expect((same.metadata as JsonObject).resourceVersion).toBe(
      (scaled.metadata as JsonObject).resourceVersion,
    );
    const stale = { ...created, spec: { ...(created.spec as JsonObject), replicas: 5 } };
    expect(() => sim.objects.update(deployments, 'default', 'web', stale)).toThrow(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  test('objects need an existing namespace; a bad selector is a 422', () => {
    expect(() => sim.objects.create(deployments, 'nowhere', deployment('web', 'web:1', 1))).toThrow(
      'namespaces "nowhere" not found',
    );
    const bad = deployment('web', 'web:1', 1);
    (bad.spec as JsonObject).selector = { matchLabels: { app: 'other' } };
    try {
      sim.objects.create(deployments, 'default', bad);
      throw new Error('expected a 422');
    } catch (error) {
      expect((error as ApiError).code).toBe(422);
      expect((error as ApiError).message).toContain('`selector` does not match template `labels`');
    }
  });

  test('a watch from a compacted resourceVersion gets 410 Gone', () => {
    const created = sim.objects.create(resourceByPlural('services'), 'default', {
      metadata: { name: 's' },
      spec: { ports: [{ port: 80 }] },
    });
    const rv = Number((created.metadata as JsonObject).resourceVersion);
    sim.store.compact();
    const watcher = { resource: resourceByPlural('services'), deliver: (_event: StoreEvent) => undefined };
    expect(() => sim.store.watch(watcher, rv - 1)).toThrow(/too old resource version/);
    expect(() => sim.store.watch(watcher, Number(sim.store.resourceVersion))).not.toThrow();
  });

  test('deleting a Deployment cascades to its ReplicaSets and pods; Orphan keeps them', () => {
    sim.objects.create(deployments, 'default', deployment('web', 'web:1', 2));
    sim.controllers.runNow();
    expect(sim.store.list(pods, 'default')).toHaveLength(2);
    sim.objects.delete(deployments, 'default', 'web');
    expect(sim.store.list(replicaSets, 'default')).toHaveLength(0);
    expect(sim.store.list(pods, 'default')).toHaveLength(0);
    sim.objects.create(deployments, 'default', deployment('api', 'api:1', 1));
    sim.controllers.runNow();
    sim.objects.delete(deployments, 'default', 'api', 'Orphan');
    expect(sim.store.list(replicaSets, 'default')).toHaveLength(1);
  });
});

describe('deployment controller', () => {
  let sim: SimState;
  beforeEach(() => {
    sim = createSimState({ behaviourDefaults: { readyAfterMs: 1_000 } });
    sim.clock.freeze();
  });
  afterEach(() => sim.controllers.stop());

  test('a rolling update never exceeds maxSurge nor drops below desired - maxUnavailable', () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    sim.objects.create(deployments, 'default', deployment('web', 'web:1', 4, { strategy }));
    sim.controllers.runNow();
    sim.clock.advance(1_000);
    expect(status(sim, 'web')).toMatchObject({ availableReplicas: 4, updatedReplicas: 4 });
    sim.objects.patch(deployments, 'default', 'web', 'application/strategic-merge-patch+json', {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } } },
    });
    sim.controllers.runNow();
    for (let step = 0; step < 20; step++) {
      const all = sim.store.list(pods, 'default');
      expect(all.length).toBeLessThanOrEqual(5);
      expect(status(sim, 'web').availableReplicas).toBeGreaterThanOrEqual(4);
      sim.clock.advance(500);
    }
    expect(status(sim, 'web')).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
    expect(condition(sim, 'web', 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
    const revisions = sim.store
      .list(replicaSets, 'default')
      .map((rs) => [
        (rs.spec as JsonObject).replicas,
        ((rs.metadata as JsonObject).annotations as JsonObject)['deployment.kubernetes.io/revision'],
      ])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(revisions).toEqual([
      [0, '1'],
      [4, '2'],
    ]);
    const rsLabels = (
      (sim.store.list(replicaSets, 'default')[0].metadata as JsonObject).labels as JsonObject
    )['pod-template-hash'];
    expect(typeof rsLabels).toBe('string');
  });

  test('a crash-looping release exceeds its progress deadline in simulated time', () => {
    sim.behaviours.push({ image: 'web:bad', behaviour: { kind: 'crash-loop' } });
    sim.objects.create(
      deployments,
      'default',
      deployment('web', 'web:1', 2, { progressDeadlineSeconds: 60 }),
    );
    sim.controllers.runNow();
    sim.clock.advance(1_000);
    sim.objects.patch(deployments, 'default', 'web', 'application/json-patch+json', [
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'web:bad' },
    ]);
    sim.controllers.runNow();
    sim.clock.advance(30_000);
    expect(condition(sim, 'web', 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
    });
    sim.clock.advance(31_000);
    expect(condition(sim, 'web', 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    // The old pods keep serving (maxUnavailable 25% of 2 rounds down to 0).
    expect(status(sim, 'web').availableReplicas).toBe(2);
    const events = sim.store.list(resourceByPlural('events'), 'default').map((e) => e.reason);
    expect(events).toEqual(
      expect.arrayContaining([
        'ScalingReplicaSet',
        'SuccessfulCreate',
        'Scheduled',
        'BackOff',
        'ProgressDeadlineExceeded',
      ]),
    );
  });

  test('Recreate scales the old ReplicaSet to zero before the new one starts', () => {
    sim.objects.create(
      deployments,
      'default',
      deployment('db', 'db:1', 2, { strategy: { type: 'Recreate' } }),
    );
    sim.controllers.runNow();
    sim.clock.advance(1_000);
    sim.objects.patch(deployments, 'default', 'db', 'application/merge-patch+json', {
      spec: { template: { metadata: { labels: { app: 'db', v: '2' } } } },
    });
    sim.controllers.runNow();
    const images = sim.store
      .list(pods, 'default')
      .map((p) => ((p.metadata as JsonObject).labels as JsonObject).v ?? '1');
    expect(images.every((v) => v === '2')).toBe(true);
  });
});
