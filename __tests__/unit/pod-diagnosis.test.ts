import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { lastLogLines, redactLine } from '../../src/analysis/log-redaction.js';
import { describeEvents, diagnosePod, formatPodFailure } from '../../src/analysis/pod-diagnosis.js';

const pod = (status: Partial<V1ContainerStatus>): V1Pod => ({
  metadata: { name: 'web-abc' },
  status: {
    containerStatuses: [{ name: 'app', image: 'i', imageID: '', ready: false, restartCount: 0, ...status }],
  },
});

describe('pod failure diagnosis', () => {
  test.each<[string, Partial<V1ContainerStatus>, string | undefined]>([
    [
      'crash loop',
      { state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } }, restartCount: 1 },
      'CrashLoopBackOff',
    ],
    ['pull error', { state: { waiting: { reason: 'ErrImagePull' } } }, 'ErrImagePull'],
    ['pull back-off', { state: { waiting: { reason: 'ImagePullBackOff' } } }, 'ImagePullBackOff'],
    [
      'config error',
      { state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } } },
      'CreateContainerConfigError',
    ],
    [
      'OOM kill explains the crash loop',
      {
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
      },
      'OOMKilled',
    ],
    [
      'restarts above the limit',
      {
        state: { running: {} },
        restartCount: 4,
        lastState: { terminated: { exitCode: 1, reason: 'Error' } },
      },
      'TooManyRestarts',
    ],
    ['restarts at the limit are fine', { state: { running: {} }, restartCount: 3 }, undefined],
    ['starting up is fine', { state: { waiting: { reason: 'ContainerCreating' } } }, undefined],
    ['running is fine', { state: { running: {} }, ready: true }, undefined],
  ])('%s', (_name, status, reason) => {
    const failures = diagnosePod(pod(status), 3);
    expect(failures[0]?.reason).toBe(reason);
    if (reason) expect(failures[0]).toMatchObject({ pod: 'web-abc', container: 'app' });
  });

  test('the kubelet message is kept; a missing one is explained', () => {
    expect(
      diagnosePod(
        pod({
          state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } },
        }),
        3,
      )[0].message,
    ).toBe('secret "db" not found');
    expect(diagnosePod(pod({ state: { waiting: { reason: 'ImagePullBackOff' } } }), 3)[0].message).toContain(
      'cannot be pulled',
    );
  });

  test('events of the pod, newest last, and the failure as lines', () => {
    const events = describeEvents(
      [
        {
          involvedObject: { kind: 'Pod', name: 'web-abc' },
          metadata: {},
          type: 'Warning',
          reason: 'BackOff',
          message: 'Back-off restarting',
          count: 3,
          lastTimestamp: new Date(2_000),
        },
        {
          involvedObject: { kind: 'Pod', name: 'web-abc' },
          metadata: {},
          type: 'Normal',
          reason: 'Started',
          message: 'Started container app',
          lastTimestamp: new Date(1_000),
        },
        { involvedObject: { kind: 'Pod', name: 'other' }, metadata: {}, reason: 'X', message: 'y' },
      ],
      'web-abc',
    );
    expect(events).toEqual([
      'Normal Started: Started container app',
      'Warning BackOff: Back-off restarting (×3)',
    ]);
    const lines = formatPodFailure({
      pod: 'p',
      container: 'c',
      reason: 'OOMKilled',
      message: 'm',
      restarts: 1,
      events,
      logs: ['boom'],
    });
    expect(lines[0]).toBe('pod p, container c: OOMKilled — m');
    expect(lines.at(-1)).toBe('  log: boom');
  });
});

describe('log redaction', () => {
  test.each([
    [
      'connecting to postgres://app:s3cr3t-pa55@db.internal:5432/app',
      'connecting to postgres://app:***@db.internal:5432/app',
    ],
    ['DB_PASSWORD=hunter2 starting', 'DB_PASSWORD=*** starting'],
    ['api_key: "abc123def"', 'api_key: ***'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer ***'],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123 leaked', 'token *** leaked'],
    ['key AKIAABCDEFGHIJKLMNOP', 'key ***'],
    ['nothing secret here: 42 requests', 'nothing secret here: 42 requests'],
  ])('%s', (line, expected) => {
    expect(redactLine(line)).toBe(expected);
  });

  test('known secrets are hidden wherever they appear; the last N lines come back', () => {
    expect(redactLine('the value is swordfish!', ['swordfish'])).toBe('the value is ***!');
    expect(lastLogLines('a\nb\nc\n', 2)).toEqual(['b', 'c']);
    expect(lastLogLines('', 5)).toEqual([]);
  });
});
