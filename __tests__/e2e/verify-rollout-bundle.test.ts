import { runBundle } from '../../scripts/lib/run-bundle.js';
import { digest, manifestFile, REPO, runDeploy, secureApp, useHarness } from '../support/canary-deploy.js';

/**
 * The verify-rollout bundle as the runner runs it, against kube-sim: a crash-looping canary is decided
 * from its pods, rolled back and the rollback verified; the step exits 1 with its outputs written.
 */
const h = useHarness();

test('a crash-looping canary through the bundle: exit 1, rolled back, outputs and summary written', async () => {
  const file = manifestFile(h, 'e2e.yaml', secureApp('web', { replicas: 4 }));
  const inputs = { manifests: file, strategy: 'canary', 'canary-weight': '25' };
  expect((await runDeploy(h, { ...inputs, image: `${REPO}@${digest(1)}` })).error).toBeUndefined();
  await h.control.setBehaviour(`${REPO}@${digest(2)}`, 'crash-loop');
  await runDeploy(h, { ...inputs, image: `${REPO}@${digest(2)}`, timeout: '5s' });
  const result = await runBundle(
    'verify-rollout',
    { workloads: 'web,web-canary', timeout: '60s' },
    { env: { KUBECONFIG: h.kubeconfig, RUNNER_TEMP: h.dir }, timeoutMs: 120_000 },
  );
  expect(result.exitCode).toBe(1);
  expect(result.outputs.verdict).toBe('rolled-back');
  expect(JSON.parse(result.outputs.reason)).toMatchObject({ code: 'CrashLoopBackOff' });
  expect(result.summary).toContain('ROLLED BACK');
  expect(result.stdout).toContain('::error::verify-rollout: rolled-back');
  const names = (await h.apps.listNamespacedDeployment({ namespace: 'default' })).items.map(
    (d) => d.metadata?.name,
  );
  expect(names).toEqual(['web']);
}, 180_000);
