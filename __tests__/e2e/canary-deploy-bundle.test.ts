import { runBundle } from '../../scripts/lib/run-bundle.js';
import {
  digest,
  manifestFile,
  REPO,
  secureApp,
  useHarness,
  writeRequests,
} from '../support/canary-deploy.js';

/**
 * The canary-deploy bundle run as the runner runs it (INPUT_* variables, GITHUB_OUTPUT, the job
 * summary), against kube-sim: a canary by pods from first release to promote, then a policy refusal
 * with zero writes.
 */
const h = useHarness();
const env = () => ({
  KUBECONFIG: h.kubeconfig,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'org/web',
  GITHUB_RUN_ID: '7',
  GITHUB_SHA: 'e2e0001',
});

test('first release, canary, promote through the bundle; outputs and summary as the runner reads them', async () => {
  const file = manifestFile(h, 'e2e.yaml', secureApp('web', { replicas: 4 }));
  const inputs = { manifests: file, strategy: 'canary', 'canary-weight': '25' };
  const first = await runBundle(
    'canary-deploy',
    { ...inputs, image: `${REPO}@${digest(1)}` },
    { env: env(), timeoutMs: 120_000 },
  );
  expect(first.stdout).not.toContain('::error::');
  // The log travels with the exit code, so a failure in CI says what the bundle was doing.
  expect({
    exitCode: first.exitCode,
    log: first.exitCode === 0 ? '' : `${first.stdout}\n${first.stderr}`,
  }).toEqual({
    exitCode: 0,
    log: '',
  });
  expect(first.summary).toContain('First release');
  const canary = await runBundle(
    'canary-deploy',
    { ...inputs, image: `${REPO}@${digest(2)}` },
    { env: env(), timeoutMs: 120_000 },
  );
  expect(canary.exitCode).toBe(0);
  expect(canary.outputs.canary).toBe('web-canary');
  expect(canary.outputs['previous-digest']).toBe(digest(1));
  expect(JSON.parse(canary.outputs.workloads)).toEqual([
    { kind: 'Deployment', name: 'web', namespace: 'default', role: 'stable' },
    { kind: 'Deployment', name: 'web-canary', namespace: 'default', role: 'canary' },
  ]);
  expect(canary.summary).toContain('action: promote');
  const promote = await runBundle(
    'canary-deploy',
    { strategy: 'canary', action: 'promote' },
    { env: env(), timeoutMs: 120_000 },
  );
  expect(promote.exitCode).toBe(0);
  expect(promote.outputs.digest).toBe(digest(2));
  const web = await h.apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
  expect(web.spec?.template.spec?.containers[0].image).toBe(`${REPO}@${digest(2)}`);
}, 300_000);

test('a privileged manifest: exit 1, one error listing the finding, zero writes', async () => {
  const file = manifestFile(
    h,
    'privileged.yaml',
    secureApp('web').replace(
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: true\n            privileged: true',
    ),
  );
  const result = await runBundle(
    'canary-deploy',
    { manifests: file, image: `${REPO}@${digest(3)}` },
    { env: env(), timeoutMs: 120_000 },
  );
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toMatch(/::error::Policy \(enforce\) refused the manifests/);
  expect(result.stdout).toContain('securityContext.privileged');
  expect(await writeRequests(h)).toEqual([]);
});
