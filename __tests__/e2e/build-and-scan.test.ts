import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNode24 } from '../../scripts/lib/node24.js';
import { commandMessages, runBundle } from '../../scripts/lib/run-bundle.js';
import { fixtureImageContext } from '../support/fixture-images.js';
import { describeWithServices } from '../support/services.js';

const KEYS = [
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'DOCKER_CLI',
  'REGISTRY',
  'TRIVY_PATH',
  'TRIVY_DB_REPOSITORY',
] as const;

// The bundle as the runner runs it (INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files): its
// success path under the machine's Node 20 and under Node 24, the failure path under Node 24.
describeWithServices([...KEYS], 'build-and-scan bundle against the testbed (Node 20 and 24)', (env) => {
  let node = '';
  const nodes: Record<string, () => string> = { 'node 20': () => process.execPath, 'node 24': () => node };
  let clean = '';
  let vulnerable = '';
  const run = randomBytes(3).toString('hex');
  const runnerEnv = () => ({
    DOCKER_HOST: env.DOCKER_HOST,
    DOCKER_CONFIG: env.DOCKER_CONFIG,
    GITHUB_REPOSITORY: 'prodline/shop',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/tags/v1.4.2',
    GITHUB_SERVER_URL: 'https://github.com',
  });
  const inputs = (context: string, repository: string) => ({
    context,
    image: `${env.REGISTRY}/${repository}`,
    'docker-path': env.DOCKER_CLI,
    'trivy-path': env.TRIVY_PATH,
    'db-repository': env.TRIVY_DB_REPOSITORY,
    'build-network': 'host',
    'test-command': 'cat /etc/alpine-release',
    push: 'true',
  });

  beforeAll(() => {
    node = ensureNode24();
    clean = fixtureImageContext('clean');
    vulnerable = fixtureImageContext('vulnerable');
  }, 180_000);
  afterAll(() => {
    for (const dir of [clean, vulnerable]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test.each(Object.keys(nodes))(
    'clean image under %s: tested, scanned, pushed by digest with the generated tags; outputs and summary written',
    async (label) => {
      const repository = `e2e-${run}/clean-${label.replace(' ', '')}`;
      const planted = `planted-${randomBytes(6).toString('hex')}`;
      const result = await runBundle(
        'build-and-scan',
        { ...inputs(clean, repository), secrets: `npm_token=${planted}` },
        {
          node: nodes[label](),
          env: runnerEnv(),
          timeoutMs: 180_000,
        },
      );
      expect(commandMessages(result.stdout, 'error')).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('3.18.4');
      expect(JSON.parse(result.outputs.tags)).toEqual(['sha-0123456', '1.4.2', '1.4', '1']);
      expect(result.outputs).toMatchObject({ gate: 'passed', critical: '0', 'policy-findings': '[]' });
      const head = await fetch(`http://${env.REGISTRY}/v2/${repository}/manifests/1.4.2`, {
        method: 'HEAD',
        headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      expect(result.outputs.digest).toBe(head.headers.get('docker-content-digest'));
      expect(result.outputs.image).toBe(`${env.REGISTRY}/${repository}@${result.outputs.digest}`);
      expect(result.summary).toContain('✅ Scan gate passed');
      // The BuildKit secret is masked at read time: only the ::add-mask:: command carries it.
      const rest = result.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      expect(rest + result.stderr + result.summary + JSON.stringify(result.outputs)).not.toContain(planted);
      const config = (await (
        await fetch(`http://${env.REGISTRY}/v2/${repository}/manifests/${result.outputs.digest}`, {
          headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
        })
      ).json()) as { config: { digest: string } };
      const image = (await (
        await fetch(`http://${env.REGISTRY}/v2/${repository}/blobs/${config.config.digest}`)
      ).json()) as {
        config: { Labels: Record<string, string> };
      };
      expect(image.config.Labels).toMatchObject({
        'org.opencontainers.image.source': 'https://github.com/prodline/shop',
        'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
        'org.opencontainers.image.title': 'shop',
      });
    },
    180_000,
  );

  test('vulnerable image: exit 1 with one ::error::, outputs still written, SARIF file, nothing pushed', async () => {
    const repository = `e2e-${run}/vulnerable`;
    const result = await runBundle(
      'build-and-scan',
      { ...inputs(vulnerable, repository), policy: 'warn' },
      {
        node,
        env: runnerEnv(),
        timeoutMs: 180_000,
      },
    );
    expect(result.exitCode).toBe(1);
    expect(commandMessages(result.stdout, 'error')).toEqual([
      expect.stringMatching(/^the scan gate failed: findings at or above CRITICAL/),
    ]);
    expect(result.outputs).toMatchObject({ gate: 'failed', critical: '2', high: '2', image: '', digest: '' });
    expect(result.stdout).toMatch(/^::warning title=Dockerfile HIGH,file=.*Dockerfile::DS002 /m);
    expect(result.summary).toContain('❌ Scan gate failed: 2 finding(s) at or above CRITICAL');
    expect((await fetch(`http://${env.REGISTRY}/v2/${repository}/tags/list`)).status).toBe(404);
    // No blob either: the registry's storage holds nothing for the repository (no layer, no upload).
    if (process.env.REGISTRY_STORAGE)
      expect(
        existsSync(join(process.env.REGISTRY_STORAGE, 'docker/registry/v2/repositories', repository)),
      ).toBe(false);
    expect(result.outputs['sarif-file']).toMatch(/trivy\.sarif$/);
  }, 180_000);
});
