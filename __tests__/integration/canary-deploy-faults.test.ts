import type { FaultAction } from '../../scripts/testbed/kube-sim/faults.js';
import { FailureWithOutputs } from '../../src/runtime/errors.js';
import {
  digest,
  expectKubectl,
  manifestFile,
  REPO,
  runDeploy,
  secureApp,
  useHarness,
  writeRequests,
} from '../support/canary-deploy.js';
import { runVerify } from '../support/verify-rollout.js';

/**
 * Faults injected at each write of each strategy: transient ones are retried (server-side apply and
 * delete are safe to repeat) and the end state is right; a write that keeps failing stops the run with a
 * report of what was written, and the next run completes the release.
 */
const h = useHarness(false);

const image = (n: number) => `${REPO}@${digest(n)}`;
const imageOf = async (name: string) =>
  (await h.apps.readNamespacedDeployment({ name, namespace: 'default' })).spec?.template.spec?.containers[0]
    .image;

const FAULTS: [string, FaultAction][] = [
  ['429 with Retry-After', { type: 'throttle', retryAfterSeconds: 1 }],
  ['500', { type: 'error', status: 500 }],
  ['a reset before the write', { type: 'reset' }],
  ['a reset after the write', { type: 'reset', afterWrite: true }],
];

const STRATEGIES: [string, Record<string, string>, number, string][] = [
  ['rolling', { strategy: 'rolling' }, 1, 'web'],
  ['canary', { strategy: 'canary' }, 1, 'web-canary'],
  ['blue-green', { strategy: 'blue-green' }, 1, 'web-green'],
];

describe.each(STRATEGIES)('%s deploy', (_, strategyInputs, writes, target) => {
  test.each(FAULTS)('%s at each write is retried and the end state is right', async (__, fault) => {
    for (let k = 0; k < writes; k++) {
      await h.control.reset();
      const file = manifestFile(h, 'faults.yaml', secureApp('web', { replicas: 2 }));
      expect(
        (await runDeploy(h, { manifests: file, ...strategyInputs, image: image(1) })).error,
      ).toBeUndefined();
      await h.control.addFault({ verb: 'patch' }, fault, 1, k);
      const result = await runDeploy(h, { manifests: file, ...strategyInputs, image: image(2) });
      expect(result.error).toBeUndefined();
      expect(await imageOf(target)).toBe(image(2));
      expect(result.logger.text()).toMatch(/Kubernetes API: patch/);
    }
  });
});

test('a write that keeps failing is reported with what was written; the next run completes it', async () => {
  await h.control.reset();
  const file = manifestFile(
    h,
    'half.yaml',
    `${secureApp('web', { replicas: 2 })}---\n${secureApp('worker', { replicas: 2 })}`,
  );
  expect((await runDeploy(h, { manifests: file, image: image(1) })).error).toBeUndefined();
  // The run dies between its writes: worker's apply fails every attempt.
  await h.control.addFault({ verb: 'patch', name: 'worker' }, { type: 'error', status: 503 });
  const broken = await runDeploy(h, { manifests: file, image: image(2) });
  expect(broken.error?.message).toContain('Written before the failure (the release is half-applied)');
  expect(broken.error?.message).toContain('Deployment/web applied');
  expect(await imageOf('web')).toBe(image(2));
  expect(await imageOf('worker')).toBe(image(1));
  await h.control.clearFaults();
  await h.control.resetRequests();
  const repaired = await runDeploy(h, { manifests: file, image: image(2) });
  expect(repaired.error).toBeUndefined();
  expect(repaired.summary.markdown).toContain('stopped half-way');
  expect(await imageOf('worker')).toBe(image(2));
  expect((await writeRequests(h)).map((r) => r.path.split('?')[0])).toEqual([
    '/apis/apps/v1/namespaces/default/deployments/worker',
  ]);
});

test('a canary promote killed after the stable apply is completed by the next promote', async () => {
  await h.control.reset();
  const file = manifestFile(h, 'promote.yaml', secureApp('web', { replicas: 2 }));
  await runDeploy(h, { manifests: file, strategy: 'canary', image: image(1) });
  await runDeploy(h, { manifests: file, strategy: 'canary', image: image(2) });
  await h.control.addFault({ verb: 'delete', name: 'web-canary' }, { type: 'error', status: 500 });
  const broken = await runDeploy(h, { strategy: 'canary', action: 'promote' });
  expect(broken.error?.message).toContain('half-applied');
  await h.control.clearFaults();
  const repaired = await runDeploy(h, { strategy: 'canary', action: 'promote' });
  expect(repaired.error).toBeUndefined();
  expect(repaired.summary.markdown).toContain('an earlier promote was interrupted');
  expect(await imageOf('web')).toBe(image(2));
});

test('a canary whose rollout does not complete is still handed to verify-rollout, which rolls it back', async () => {
  await h.control.reset();
  const file = manifestFile(h, 'stalled.yaml', secureApp('web', { replicas: 4 }));
  const inputs = { manifests: file, strategy: 'canary', 'canary-weight': '25' };
  expect((await runDeploy(h, { ...inputs, image: image(1) })).error).toBeUndefined();
  await h.control.setBehaviour(image(2), 'crash-loop');
  const stalled = await runDeploy(h, { ...inputs, image: image(2), timeout: '5s' });
  // The step fails, but says what it wrote: deploy.yml runs verify-rollout on these workloads.
  expect(stalled.error).toBeInstanceOf(FailureWithOutputs);
  const workloads = String((stalled.error as FailureWithOutputs).outputs.workloads);
  expect(JSON.parse(workloads)).toEqual([
    { kind: 'Deployment', name: 'web', namespace: 'default', role: 'stable' },
    { kind: 'Deployment', name: 'web-canary', namespace: 'default', role: 'canary' },
  ]);
  const verified = await runVerify(h, { workloads, timeout: '30s' });
  expect(verified.written.verdict).toBe('rolled-back');
  expect(
    (await h.apps.listNamespacedDeployment({ namespace: 'default' })).items.map((d) => d.metadata?.name),
  ).toEqual(['web']);
  expect(await imageOf('web')).toBe(image(1));
  await expectKubectl(h, 'deployments', '{.items[*].metadata.name}', 'web');
});

test('a deploy that wrote nothing outputs no workloads (there is nothing to verify)', async () => {
  await h.control.reset();
  const file = manifestFile(h, 'none.yaml', secureApp('web', { replicas: 2 }));
  expect((await runDeploy(h, { manifests: file, image: image(1) })).error).toBeUndefined();
  await h.control.addFault({}, { type: 'error', status: 500 });
  const failed = await runDeploy(h, { manifests: file, image: image(2), timeout: '5s' });
  await h.control.clearFaults();
  expect(failed.error?.message).toContain('Nothing was written to the cluster');
  expect((failed.error as FailureWithOutputs).outputs?.workloads).toBeUndefined();
});
