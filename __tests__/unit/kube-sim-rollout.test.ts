import {
  backoffBefore,
  behaviourFor,
  containerStateAt,
  DEFAULT_BEHAVIOUR_SETTINGS,
  type Behaviour,
} from '../../scripts/testbed/kube-sim/pod-behaviours.js';
import {
  nextNewReplicaSetSize,
  progressDeadlineExceeded,
  resolveIntOrPercent,
  rolloutComplete,
  rolloutProgressed,
  safeEncode,
  fnv32a,
  scaleDownOldReplicaSets,
  surgeAndUnavailable,
} from '../../scripts/testbed/kube-sim/rollout.js';

describe('rollout maths', () => {
  test.each([
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    [2, 10, true, 2],
    ['3', 10, false, 3],
    ['0%', 4, true, 0],
  ] as const)('resolveIntOrPercent(%j, %i, roundUp=%s) = %i', (value, total, up, expected) => {
    expect(resolveIntOrPercent(value, total, up)).toBe(expected);
  });

  test('maxSurge rounds up, maxUnavailable down, and both zero becomes unavailable 1', () => {
    expect(surgeAndUnavailable(3, { maxSurge: '25%', maxUnavailable: '25%' })).toEqual({
      maxSurge: 1,
      maxUnavailable: 0,
    });
    expect(surgeAndUnavailable(3, { maxSurge: 0, maxUnavailable: 0 })).toEqual({
      maxSurge: 0,
      maxUnavailable: 1,
    });
  });

  test('the new ReplicaSet grows only within desired + maxSurge', () => {
    expect(
      nextNewReplicaSetSize(3, 1, { replicas: 0, available: 0 }, [
        { replicas: 0, available: 0 },
        { replicas: 3, available: 3 },
      ]),
    ).toBe(1);
    expect(
      nextNewReplicaSetSize(3, 1, { replicas: 1, available: 0 }, [
        { replicas: 1, available: 0 },
        { replicas: 3, available: 3 },
      ]),
    ).toBe(1);
    expect(
      nextNewReplicaSetSize(3, 1, { replicas: 1, available: 1 }, [
        { replicas: 1, available: 1 },
        { replicas: 2, available: 2 },
      ]),
    ).toBe(2);
    expect(nextNewReplicaSetSize(3, 1, { replicas: 5, available: 5 }, [{ replicas: 5, available: 5 }])).toBe(
      3,
    );
  });

  test('old ReplicaSets shrink only while desired - maxUnavailable pods stay available', () => {
    // 3 desired, maxUnavailable 0: the new pod is not ready yet, so nothing old may go.
    expect(
      scaleDownOldReplicaSets(3, 0, { replicas: 1, available: 0 }, [{ replicas: 3, available: 3 }]),
    ).toEqual([3]);
    // The new pod is available: one old pod may go.
    expect(
      scaleDownOldReplicaSets(3, 0, { replicas: 1, available: 1 }, [{ replicas: 3, available: 3 }]),
    ).toEqual([2]);
    // Unhealthy old pods go first, at no cost in availability; then no available one may go.
    expect(
      scaleDownOldReplicaSets(3, 1, { replicas: 1, available: 0 }, [{ replicas: 3, available: 2 }]),
    ).toEqual([2]);
    // Oldest first across several old ReplicaSets.
    expect(
      scaleDownOldReplicaSets(4, 1, { replicas: 2, available: 2 }, [
        { replicas: 1, available: 1 },
        { replicas: 2, available: 2 },
      ]),
    ).toEqual([0, 1]);
  });

  test('complete, progressed and deadline', () => {
    const done = { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };
    expect(rolloutComplete(3, done)).toBe(true);
    expect(rolloutComplete(3, { ...done, replicas: 4 })).toBe(false);
    expect(rolloutProgressed({ ...done, availableReplicas: 2 }, done)).toBe(true);
    expect(rolloutProgressed(done, done)).toBe(false);
    expect(progressDeadlineExceeded(0, 600, 600_000)).toBe(false);
    expect(progressDeadlineExceeded(0, 600, 600_001)).toBe(true);
  });

  test('pod-template-hash uses the Kubernetes alphabet and is stable', () => {
    const hash = safeEncode(fnv32a('{"spec":{}}'));
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(safeEncode(fnv32a('{"spec":{}}'))).toBe(hash);
  });
});

describe('pod behaviours', () => {
  const timeline = (elapsed: number) => ({ elapsed, startedAt: (ms: number) => new Date(ms).toISOString() });
  const at = (behaviour: Behaviour, elapsed: number) =>
    containerStateAt(
      'app',
      'web:1',
      behaviour,
      { ...DEFAULT_BEHAVIOUR_SETTINGS, readyAfterMs: 1_000 },
      timeline(elapsed),
      0,
    );

  test('the last matching rule wins; unknown images are healthy', () => {
    const rules = [
      { image: 'web:*', behaviour: { kind: 'slow' } as Behaviour },
      { image: 'web:2', behaviour: { kind: 'crash-loop' } as Behaviour },
    ];
    expect(behaviourFor('web:2', rules).kind).toBe('crash-loop');
    expect(behaviourFor('web:3', rules).kind).toBe('slow');
    expect(behaviourFor('other@sha256:abc', rules).kind).toBe('healthy');
  });

  test('healthy turns ready after the delay; never-ready never does', () => {
    expect(at({ kind: 'healthy' }, 999).ready).toBe(false);
    expect(at({ kind: 'healthy' }, 1_000).ready).toBe(true);
    expect(at({ kind: 'never-ready' }, 10_000_000).ready).toBe(false);
    expect(at({ kind: 'slow', readyAfterMs: 5_000 }, 4_000).ready).toBe(false);
  });

  test('crash loop: restarts with kubelet back-off, CrashLoopBackOff in between, Error as last state', () => {
    expect(backoffBefore(1, 10_000)).toBe(0);
    expect(backoffBefore(2, 10_000)).toBe(10_000);
    expect(backoffBefore(3, 10_000)).toBe(20_000);
    expect(backoffBefore(20, 10_000)).toBe(300_000);
    const first = at({ kind: 'crash-loop', runMs: 100 }, 50);
    expect(first.state.running).toBeDefined();
    expect(first.restartCount).toBe(0);
    const waiting = at({ kind: 'crash-loop', runMs: 100 }, 250);
    expect(waiting.state).toMatchObject({ waiting: { reason: 'CrashLoopBackOff' } });
    expect(waiting.restartCount).toBe(1);
    expect(waiting.lastState).toMatchObject({ terminated: { reason: 'Error', exitCode: 1 } });
    const later = at({ kind: 'crash-loop', runMs: 100 }, 60_000);
    expect(later.restartCount).toBeGreaterThanOrEqual(3);
  });

  test('OOM: OOMKilled with exit code 137 as the last state', () => {
    expect(at({ kind: 'oom', runMs: 100 }, 250).lastState).toMatchObject({
      terminated: { reason: 'OOMKilled', exitCode: 137 },
    });
  });

  test('pull failure: ErrImagePull right after an attempt, ImagePullBackOff between attempts, pod Pending', () => {
    const attempt = at({ kind: 'pull-failure' }, 100);
    expect(attempt.state).toMatchObject({ waiting: { reason: 'ErrImagePull' } });
    expect(attempt.phase).toBe('Pending');
    expect(at({ kind: 'pull-failure' }, 5_000).state).toMatchObject({
      waiting: { reason: 'ImagePullBackOff' },
    });
    expect(at({ kind: 'pull-failure' }, 10_100).state).toMatchObject({ waiting: { reason: 'ErrImagePull' } });
  });
});
