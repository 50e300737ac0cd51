import { deploymentStatus } from '../../scripts/testbed/kube-sim/deployment-status.js';
import type { JsonObject } from '../../scripts/testbed/kube-sim/json.js';
import { humanDuration, podStatusReason, wantsTable } from '../../scripts/testbed/kube-sim/tables.js';

describe('deployment status', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const rs = (name: string, replicas: number, ready: number): JsonObject => ({
    metadata: { name },
    status: { replicas, readyReplicas: ready, availableReplicas: ready },
  });
  const deployment = (status: JsonObject = {}): JsonObject => ({
    metadata: { name: 'web', generation: 2 },
    spec: { replicas: 3, progressDeadlineSeconds: 60 },
    status,
  });
  const run = (d: JsonObject, sets: JsonObject[], nowMs: number, createdNew = false) =>
    deploymentStatus({
      deployment: d,
      replicaSets: sets,
      newName: 'web-new',
      desired: 3,
      maxUnavailable: 0,
      createdNew,
      nowMs,
      timestamp: stamp(nowMs),
    });
  const progressing = (status: JsonObject) =>
    (status.conditions as JsonObject[]).find((c) => c.type === 'Progressing');

  test('a new ReplicaSet, then progress, then completion', () => {
    const created = run(deployment(), [rs('web-new', 0, 0), rs('web-old', 3, 3)], t0, true).status;
    expect(progressing(created)).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated' });
    expect(created).toMatchObject({ observedGeneration: 2, replicas: 3, availableReplicas: 3 });
    expect(created.updatedReplicas).toBeUndefined();
    const moved = run(deployment(created), [rs('web-new', 1, 1), rs('web-old', 2, 2)], t0 + 5_000).status;
    expect(progressing(moved)).toMatchObject({
      reason: 'ReplicaSetUpdated',
      lastUpdateTime: stamp(t0 + 5_000),
    });
    const done = run(deployment(moved), [rs('web-new', 3, 3), rs('web-old', 0, 0)], t0 + 9_000).status;
    expect(progressing(done)).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect((done.conditions as JsonObject[]).find((c) => c.type === 'Available')?.status).toBe('True');
  });

  test('no progress for progressDeadlineSeconds: ProgressDeadlineExceeded, once', () => {
    const sets = [rs('web-new', 1, 0), rs('web-old', 3, 3)];
    const created = run(deployment(), sets, t0, true).status;
    expect(run(deployment(created), sets, t0 + 60_000).timedOut).toBe(false);
    const late = run(deployment(created), sets, t0 + 61_000);
    expect(late.timedOut).toBe(true);
    expect(progressing(late.status)).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(run(deployment(late.status), sets, t0 + 90_000).timedOut).toBe(false);
  });
});

describe('server-side printing', () => {
  test.each([
    [0, '0s'],
    [119_000, '119s'],
    [125_000, '2m5s'],
    [600_000, '10m'],
    [3 * 3600_000 + 60_000, '3h1m'],
    [30 * 3600_000, '30h'],
    [50 * 3600_000, '2d2h'],
  ])('humanDuration(%i) = %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  test('pod STATUS prefers a waiting reason to the phase', () => {
    const pod = (state: JsonObject, phase = 'Running'): JsonObject => ({
      metadata: {},
      status: { phase, containerStatuses: [{ state }] },
    });
    expect(podStatusReason(pod({ running: {} }))).toBe('Running');
    expect(podStatusReason(pod({ waiting: { reason: 'CrashLoopBackOff' } }))).toBe('CrashLoopBackOff');
    expect(podStatusReason(pod({ waiting: { reason: 'ImagePullBackOff' } }, 'Pending'))).toBe(
      'ImagePullBackOff',
    );
  });

  test('Tables only when kubectl asks for them', () => {
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json')).toBe(true);
    expect(wantsTable('application/json')).toBe(false);
    expect(wantsTable(undefined)).toBe(false);
  });
});
