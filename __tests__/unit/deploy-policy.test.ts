import { checkPodSpec } from '../../src/deploy/policy.js';

const DIGEST = `registry.local/web@sha256:${'a'.repeat(64)}`;
const secure = () =>
  ({
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    volumes: [{ name: 'tmp', emptyDir: {} }] as Record<string, unknown>[],
    containers: [
      {
        name: 'app',
        image: DIGEST,
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        } as Record<string, unknown>,
        resources: {
          requests: { cpu: '10m', memory: '16Mi' },
          limits: { cpu: '1', memory: '64Mi' },
        } as Record<string, unknown>,
      },
    ],
  }) as Record<string, unknown> & {
    containers: Record<string, unknown>[] & { securityContext?: Record<string, unknown> }[];
  };

type Spec = ReturnType<typeof secure>;
const where = { file: 'k8s/web.yaml', object: 'Deployment/web', base: 'spec.template.spec' };
const c0 = 'spec.template.spec.containers[0]';

test('a pod that follows every rule has no finding', () => {
  expect(checkPodSpec(secure(), where)).toEqual([]);
});

test.each<[string, (s: Spec) => void, string]>([
  [
    'privileged',
    (s) => ((s.containers[0].securityContext as Record<string, unknown>).privileged = true),
    `${c0}.securityContext.privileged`,
  ],
  [
    'privilege escalation',
    (s) => delete (s.containers[0].securityContext as Record<string, unknown>).allowPrivilegeEscalation,
    `${c0}.securityContext.allowPrivilegeEscalation`,
  ],
  [
    'capabilities kept',
    (s) =>
      ((s.containers[0].securityContext as Record<string, unknown>).capabilities = { drop: ['NET_RAW'] }),
    `${c0}.securityContext.capabilities.drop`,
  ],
  [
    'writable root filesystem',
    (s) => ((s.containers[0].securityContext as Record<string, unknown>).readOnlyRootFilesystem = false),
    `${c0}.securityContext.readOnlyRootFilesystem`,
  ],
  [
    'may run as root',
    (s) => delete (s.securityContext as Record<string, unknown>).runAsNonRoot,
    `${c0}.securityContext.runAsNonRoot`,
  ],
  [
    'seccomp Unconfined',
    (s) => ((s.securityContext as Record<string, unknown>).seccompProfile = { type: 'Unconfined' }),
    `${c0}.securityContext.seccompProfile.type`,
  ],
  ['host network', (s) => (s.hostNetwork = true), 'spec.template.spec.hostNetwork'],
  ['host PID', (s) => (s.hostPID = true), 'spec.template.spec.hostPID'],
  ['host IPC', (s) => (s.hostIPC = true), 'spec.template.spec.hostIPC'],
  [
    'hostPath volume',
    (s) =>
      (s.volumes as Record<string, unknown>[]).push({
        name: 'docker',
        hostPath: { path: '/var/run/docker.sock' },
      }),
    'spec.template.spec.volumes[1].hostPath',
  ],
  [
    'volume type not allowed',
    (s) => (s.volumes as Record<string, unknown>[]).push({ name: 'nfs', nfs: { server: 'x', path: '/' } }),
    'spec.template.spec.volumes[1].nfs',
  ],
  [
    'no memory limit',
    (s) => delete (s.containers[0].resources as Record<string, Record<string, string>>).limits.memory,
    `${c0}.resources.limits.memory`,
  ],
  [
    'no requests',
    (s) => delete (s.containers[0].resources as Record<string, unknown>).requests,
    `${c0}.resources.requests.cpu`,
  ],
  ['image by tag', (s) => (s.containers[0].image = 'registry.local/web:1.0'), `${c0}.image`],
])('%s is a finding at its field path', (_, mutate, path) => {
  const spec = secure();
  mutate(spec);
  const findings = checkPodSpec(spec, where);
  expect(findings.map((f) => f.path)).toContain(path);
  expect(findings.every((f) => f.file === 'k8s/web.yaml' && f.object === 'Deployment/web')).toBe(true);
});

test('seccomp and runAsNonRoot may be set per container instead of on the pod', () => {
  const spec = secure();
  spec.securityContext = {};
  Object.assign(spec.containers[0].securityContext as Record<string, unknown>, {
    runAsNonRoot: true,
    seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
  });
  expect(checkPodSpec(spec, where)).toEqual([]);
});

test('init containers are checked too', () => {
  const spec = secure();
  spec.initContainers = [{ name: 'migrate', image: 'busybox' }];
  const paths = checkPodSpec(spec, where).map((f) => f.path);
  expect(paths).toContain('spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation');
  expect(paths).toContain('spec.template.spec.initContainers[0].image');
});
