import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  digest,
  manifestFile,
  REPO,
  runDeploy,
  secureApp,
  useHarness,
  writeRequests,
} from '../support/canary-deploy.js';

/** Everything refused here is refused before any write: the simulator's request log holds no write. */
const h = useHarness();

const image = `${REPO}@${digest(1)}`;

test.each([
  [
    'a privileged container',
    secureApp('web').replace(
      'allowPrivilegeEscalation: false',
      'allowPrivilegeEscalation: false\n            privileged: true',
    ),
    'spec.template.spec.containers[0].securityContext.privileged',
  ],
  [
    'a hostPath volume',
    secureApp('web').replace(
      '      containers:',
      '      volumes: [{name: host, hostPath: {path: /var/run}}]\n      containers:',
    ),
    'spec.template.spec.volumes[0].hostPath',
  ],
])('%s is refused by policy with zero write requests', async (_, text, path) => {
  const file = manifestFile(h, 'bad.yaml', text);
  const result = await runDeploy(h, { manifests: file, image });
  expect(result.error?.message).toContain('Policy (enforce) refused');
  expect(result.error?.message).toContain(`${file} Deployment/web ${path}`);
  expect(await writeRequests(h)).toEqual([]);
});

test('policy warn deploys and lists the findings in the summary', async () => {
  const file = manifestFile(
    h,
    'warn.yaml',
    secureApp('web').replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false'),
  );
  const result = await runDeploy(h, { manifests: file, image, policy: 'warn' });
  expect(result.error).toBeUndefined();
  expect(result.summary.markdown).toContain('readOnlyRootFilesystem');
});

test('a tag-only image is refused in production before any request', async () => {
  const file = manifestFile(h, 'ok.yaml', secureApp('web'));
  const result = await runDeploy(h, { manifests: file, image: `${REPO}:1.0` });
  expect(result.error?.message).toContain('tag-only image is refused in production');
  expect((await h.control.requests()).total).toBe(0);
});

test.each([
  [
    'a manifest that does not parse',
    'apiVersion: v1\nkind: Service\nmetadata: {name: web\n',
    /broken\.yaml:\d+: does not parse/,
  ],
  [
    'an unsupported kind',
    'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\n',
    /Job "migrate" is a kind canary-deploy does not deploy/,
  ],
  [
    'two objects with the same kind and name',
    `${secureApp('web')}---\n${secureApp('web')}`,
    /Deployment\/web is defined twice/,
  ],
  [
    'an image no container uses',
    secureApp('web', { image: 'registry.local/other:1' }),
    /no container uses the image repository registry\.local\/web/,
  ],
])('%s is refused naming the file, with zero writes', async (_, text, message) => {
  const file = manifestFile(h, 'broken.yaml', text);
  const result = await runDeploy(h, { manifests: file, image });
  expect(result.error?.message).toMatch(message);
  expect(result.error?.message).toContain(file);
  expect(await writeRequests(h)).toEqual([]);
});

test('a kustomization directory is rendered (kubectl kustomize or kustomize)', async () => {
  const dir = join(h.dir, 'kustom');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'app.yaml'), secureApp('web'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [app.yaml]\ncommonLabels: {team: core}\n');
  const result = await runDeploy(h, { manifests: dir, image });
  if (result.error?.message.includes('neither kustomize nor kubectl')) return; // no renderer on this machine: the message is the behaviour
  expect(result.error).toBeUndefined();
  const web = await h.apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
  expect(web.metadata?.labels?.team).toBe('core');
});

test('a missing RBAC permission (403) names the rule to add', async () => {
  const file = manifestFile(h, 'rbac.yaml', secureApp('web'));
  await h.control.deny({ verb: 'patch', resource: 'deployments', namespace: 'default' });
  const result = await runDeploy(h, { manifests: file, image });
  expect(result.error?.message).toContain(
    'RBAC rule missing is: patch deployments.apps in namespace default',
  );
});

test('a namespace that does not exist is named', async () => {
  const file = manifestFile(h, 'ns.yaml', secureApp('web'));
  const result = await runDeploy(h, { manifests: file, image, namespace: 'nowhere' });
  expect(result.error?.message).toContain('namespace "nowhere" does not exist');
});

test('a conflict with another field manager names it and the field', async () => {
  const file = manifestFile(h, 'conflict.yaml', secureApp('web'));
  expect((await runDeploy(h, { manifests: file, image })).error).toBeUndefined();
  await h.apps.patchNamespacedDeploymentScale(
    { name: 'web', namespace: 'default', body: { spec: { replicas: 7 } }, fieldManager: 'kubectl-scale' },
    (await import('@kubernetes/client-node')).setHeaderOptions(
      'Content-Type',
      'application/merge-patch+json',
    ),
  );
  const result = await runDeploy(h, { manifests: file, image: `${REPO}@${digest(2)}` });
  expect(result.error?.message).toContain('Field manager "kubectl-scale" owns .spec.replicas');
  expect(result.error?.message).toContain('.spec.replicas');
});
