import { ApiError } from '../../scripts/testbed/kube-sim/errors.js';
import type { JsonObject } from '../../scripts/testbed/kube-sim/json.js';
import { parseLogQuery, podLog } from '../../scripts/testbed/kube-sim/pod-logs.js';

const rules = [
  { image: 'r/crash:*', behaviour: { kind: 'crash-loop' as const } },
  { image: 'r/oom:*', behaviour: { kind: 'oom' as const } },
  { image: 'r/missing:*', behaviour: { kind: 'pull-failure' as const } },
];

function pod(image: string, status: JsonObject, containers = ['app']): JsonObject {
  return {
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { containers: containers.map((name) => ({ name, image })) },
    status: { containerStatuses: containers.map((name) => ({ name, ...status })) },
  };
}

const terminated = (instance: number): JsonObject => ({
  terminated: {
    exitCode: 1,
    reason: 'Error',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:00:01Z',
    containerID: `containerd://app-${instance}`,
  },
});
const running = { running: { startedAt: '2026-01-01T00:00:05Z' } };
const crashBackOff = { waiting: { reason: 'CrashLoopBackOff' } };
const q = (params: Record<string, string> = {}) => parseLogQuery(new URLSearchParams(params));

function apiError(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('no error');
}

describe('kube-sim pod logs (the kubelet rules)', () => {
  test('a healthy container logs its start-up', () => {
    const text = podLog(pod('r/web:1', { restartCount: 0, state: running, lastState: {} }), q(), rules);
    expect(text).toContain('listening on :8080');
    expect(text.endsWith('\n')).toBe(true);
  });

  test('a crash-looping container ends on a stack-like line and leaks a credential on the way', () => {
    const text = podLog(
      pod('r/crash:2', { restartCount: 3, state: crashBackOff, lastState: terminated(3) }),
      q({ tailLines: '1' }),
      rules,
    );
    expect(text).toBe('\t/app/main.go:17 +0x9a\n');
    const all = podLog(
      pod('r/crash:2', { restartCount: 3, state: crashBackOff, lastState: terminated(3) }),
      q(),
      rules,
    );
    expect(all).toContain('instance 3');
    expect(all).toContain('panic: connect db');
    expect(all).toContain('postgres://app:s3cr3t-pa55@');
  });

  test('previous reads the last terminated run while a new one runs', () => {
    const status = { restartCount: 2, state: running, lastState: terminated(1) };
    expect(podLog(pod('r/crash:2', status), q(), rules)).toContain('instance 2');
    expect(podLog(pod('r/crash:2', status), q({ previous: 'true' }), rules)).toContain('instance 1');
  });

  test('an OOM-killed run stops mid-allocation', () => {
    const text = podLog(
      pod('r/oom:1', { restartCount: 1, state: crashBackOff, lastState: terminated(1) }),
      q({ tailLines: '1' }),
      rules,
    );
    expect(text).toBe('warming cache: 512MiB allocated\n');
  });

  test('timestamps prefix each line with RFC 3339 nanoseconds', () => {
    const text = podLog(
      pod('r/web:1', { restartCount: 0, state: running, lastState: {} }),
      q({ timestamps: 'true' }),
      rules,
    );
    expect(text.split('\n')[0]).toMatch(/^2026-01-01T00:00:05\.\d{9}Z starting app/);
  });

  test.each([
    [
      'previous with no previous container',
      pod('r/web:1', { restartCount: 0, state: running, lastState: {} }),
      { previous: 'true' },
      'previous terminated container "app" in pod "web-1" not found',
    ],
    [
      'an image that cannot be pulled',
      pod('r/missing:1', {
        restartCount: 0,
        state: { waiting: { reason: 'ImagePullBackOff' } },
        lastState: {},
      }),
      {},
      'container "app" in pod "web-1" is waiting to start: trying and failing to pull image',
    ],
    [
      'a pull that just failed',
      pod('r/missing:1', { restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } }, lastState: {} }),
      {},
      `container "app" in pod "web-1" is waiting to start: image can't be pulled`,
    ],
    [
      'no container named in a pod with two',
      pod('r/web:1', { restartCount: 0, state: running, lastState: {} }, ['app', 'sidecar']),
      {},
      'a container name must be specified for pod web-1, choose one of: [app sidecar]',
    ],
    [
      'an unknown container',
      pod('r/web:1', { restartCount: 0, state: running, lastState: {} }),
      { container: 'nope' },
      'container nope is not valid for pod web-1',
    ],
  ])('400 for %s', (_name, object, params, message) => {
    expect(apiError(() => podLog(object, q(params), rules))).toEqual({ code: 400, message });
  });

  test('a bad tailLines is a 400', () => {
    expect(apiError(() => q({ tailLines: 'x' })).code).toBe(400);
  });
});
