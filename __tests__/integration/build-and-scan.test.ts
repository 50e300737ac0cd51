import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureImageContext } from '../support/fixture-images.js';
import { everythingSaid, runInProcess } from '../support/build-and-scan.js';
import { describeWithServices, servicesRequired } from '../support/services.js';
import { findOnPath } from '../../src/scan/trivy-locate.js';

const KEYS = [
  'DOCKER_HOST',
  'DOCKER_CLI',
  'REGISTRY',
  'REGISTRY_AUTH',
  'REGISTRY_TLS',
  'REGISTRY_USER',
  'REGISTRY_PASSWORD',
  'REGISTRY_CA',
  'TRIVY_PATH',
  'TRIVY_DB_REPOSITORY',
] as const;

describeWithServices(
  [...KEYS],
  'build-and-scan against the real Docker engine, registries and Trivy',
  (env) => {
    let work = '';
    let vulnerable = '';
    let clean = '';
    const run = randomBytes(3).toString('hex');
    const planted = `planted-${randomBytes(6).toString('hex')}`;
    // Debian's docker client has the engine's BuildKit; RUN steps need the host network (no bridge here).
    const base = () => ({
      'docker-path': env.DOCKER_CLI,
      'trivy-path': env.TRIVY_PATH,
      'db-repository': env.TRIVY_DB_REPOSITORY,
      'build-network': 'host',
      scanners: 'vuln',
    });
    const runnerEnv = () => ({ RUNNER_TEMP: work, DOCKER_CONFIG: join(work, 'docker-config') });

    /** The tags of a repository in a registry (plain or basic auth, no TLS). */
    async function registryTags(registry: string, repository: string, auth = false): Promise<string[]> {
      const headers: Record<string, string> = auth
        ? {
            authorization: `Basic ${Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64')}`,
          }
        : {};
      const response = await fetch(`http://${registry}/v2/${repository}/tags/list`, { headers });
      if (response.status === 404) return [];
      return ((await response.json()) as { tags?: string[] | null }).tags ?? [];
    }

    /**
     * Nothing of the image reached the plain registry: no tag, no blob — its config (the engine's image
     * ID is the config's digest, and the push sends the config bytes as the engine wrote them) answers
     * 404 to a HEAD, and the registry's storage holds nothing at all for the repository (no layer link,
     * no upload left behind), which a tags-only check cannot see.
     */
    async function expectNothingPushed(repository: string): Promise<void> {
      expect(await registryTags(env.REGISTRY, repository)).toEqual([]);
      // The image as built, when the engine keeps it under the repository's local name.
      const configDigest = execFileSync(
        env.DOCKER_CLI,
        ['images', '--quiet', '--no-trunc', `${env.REGISTRY}/${repository}`],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n')[0];
      // Without tags (no GitHub context here) the image has no local name; the storage check still holds.
      if (configDigest) {
        expect(configDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
        const head = await fetch(`http://${env.REGISTRY}/v2/${repository}/blobs/${configDigest}`, {
          method: 'HEAD',
        });
        expect(head.status).toBe(404);
      }
      const storage = process.env.REGISTRY_STORAGE;
      if (storage || servicesRequired())
        expect(existsSync(join(String(storage), 'docker/registry/v2/repositories', repository))).toBe(false);
    }

    async function manifestDigest(registry: string, repository: string, tag: string): Promise<string | null> {
      const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
        method: 'HEAD',
        headers: {
          accept:
            'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
        },
      });
      return response.headers.get('docker-content-digest');
    }

    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'prodline-bas-'));
      vulnerable = fixtureImageContext('vulnerable');
      clean = fixtureImageContext('clean');
    });
    afterAll(() => {
      for (const dir of [work, vulnerable, clean]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('CRITICAL findings fail the gate: nothing is pushed, every output still given, Dockerfile annotated', async () => {
      const repository = `bas-${run}/gate-fails`;
      const result = await runInProcess(
        {
          ...base(),
          context: vulnerable,
          image: `${env.REGISTRY}/${repository}`,
          tags: 'v1',
          push: 'true',
          scanners: 'vuln,misconfig',
        },
        runnerEnv(),
      );
      expect(result.error?.message).toMatch(/^the scan gate failed: findings at or above CRITICAL/);
      const outputs = result.error?.outputs ?? {};
      expect(outputs).toMatchObject({
        gate: 'failed',
        critical: 2,
        high: 2,
        medium: 2,
        fixable: 4,
        image: undefined,
      });
      expect(await registryTags(env.REGISTRY, repository)).toEqual([]);
      await expectNothingPushed(repository);
      const sarif = JSON.parse(readFileSync(String(outputs['sarif-file']), 'utf8')) as {
        runs: { results: { ruleId: string; level: string }[] }[];
      };
      expect(sarif.runs[0].results.map((r) => r.ruleId)).toEqual(
        expect.arrayContaining(['CVE-2099-0001', 'misconfiguration/DS002']),
      );
      expect(JSON.parse(readFileSync(String(outputs['report-file']), 'utf8'))).toHaveProperty('Results');
      expect(result.log.lines).toEqual(
        expect.arrayContaining([expect.stringMatching(/^warning: DS002 .*\(.*Dockerfile\)$/)]),
      );
      expect(result.summary.markdown).toContain('| CRITICAL | libssl3 | 3.1.1-r1 → **3.1.4-r0** |');
      expect(result.summary.markdown).toContain('Not pushed: the scan gate failed');
    }, 90_000);

    test('an active ignore entry lets the gate pass; the expired one hides nothing; pushed digest = registry digest', async () => {
      const repository = `bas-${run}/gate-passes`;
      const ignore = join(work, '.trivyignore.yaml');
      writeFileSync(
        ignore,
        [
          'vulnerabilities:',
          '  - id: CVE-2099-0001',
          '    statement: upgrade lands with the next base image',
          '    expired_at: 2099-12-31',
          '  - id: CVE-2099-0002',
          '    expired_at: 2020-01-01',
        ].join('\n'),
      );
      const result = await runInProcess(
        {
          ...base(),
          context: vulnerable,
          image: `${env.REGISTRY}/${repository}`,
          tags: 'v1',
          push: 'true',
          policy: 'warn',
          'ignore-file': ignore,
        },
        runnerEnv(),
      );
      expect(result.error).toBeUndefined();
      expect(result.outputs).toMatchObject({ gate: 'passed', critical: 0, high: 1, tags: ['v1'] });
      const digest = await manifestDigest(env.REGISTRY, repository, 'v1');
      expect(result.outputs?.digest).toBe(digest);
      // The storage path expectNothingPushed looks at is where a real push lands (or it would prove nothing).
      if (process.env.REGISTRY_STORAGE)
        expect(
          existsSync(
            join(process.env.REGISTRY_STORAGE, 'docker/registry/v2/repositories', repository, '_layers'),
          ),
        ).toBe(true);
      expect(result.outputs?.image).toBe(`${env.REGISTRY}/${repository}@${digest}`);
      expect(result.summary.markdown).toMatch(/Ignore entry `CVE-2099-0002` expired on 2020-01-01/);
      expect(result.summary.markdown).toContain('2 finding(s) hidden by the ignore file');
      expect(result.outputs?.['policy-findings']).toEqual([
        expect.objectContaining({ rule: 'non-root-user', severity: 'error' }),
        expect.objectContaining({ rule: 'healthcheck', severity: 'warning' }),
      ]);
    }, 90_000);

    // The tests run beside the scan (build-and-scan overlaps them), so a failing test stops the push, not the scan.
    test('a failing test-command stops the release before any push, with its last output lines', async () => {
      const repository = `bas-${run}/test-fails`;
      const result = await runInProcess(
        {
          ...base(),
          context: clean,
          image: `${env.REGISTRY}/${repository}`,
          push: 'true',
          'test-command': `sh -c "echo the-test-output; echo 'expected 200, got 500' >&2; exit 3"`,
        },
        runnerEnv(),
      );
      expect(result.error?.message).toMatch(
        /^The tests inside the image failed \(`sh -c .*` exited 3\); the image was not pushed/,
      );
      expect(result.error?.message).toContain('expected 200, got 500');
      expect(await registryTags(env.REGISTRY, repository)).toEqual([]);
      await expectNothingPushed(repository);
    }, 90_000);

    test('test-command runs without network: a test that reaches the registry fails (and does reach it with network)', async () => {
      const repository = `bas-${run}/test-offline`;
      // The registry answers /v2/ on the host's loopback; with --network none the container has no route to it.
      const reach = `wget -q -O /dev/null http://${env.REGISTRY}/v2/`;
      const result = await runInProcess(
        {
          ...base(),
          context: clean,
          image: `${env.REGISTRY}/${repository}`,
          tags: 'v1',
          push: 'true',
          'test-command': `sh -c "${reach} && echo reached-$((6*7))"`,
        },
        runnerEnv(),
      );
      expect(result.error?.message).toMatch(/^The tests inside the image failed \(`sh -c .*` exited [1-9]/);
      // The command line is logged; its output (reached-42) must not be.
      expect(result.log.text()).not.toContain('reached-42');
      await expectNothingPushed(repository);
      // The same command in the same image reaches the registry when given the host's network: the
      // failure above is the missing network, not a broken command.
      const online = execFileSync(
        env.DOCKER_CLI,
        [
          'run',
          '--rm',
          '--network',
          'host',
          `${env.REGISTRY}/${repository}:v1`,
          'sh',
          '-c',
          `${reach} && echo reached-$((6*7))`,
        ],
        { encoding: 'utf8' },
      );
      expect(online).toContain('reached-42');
    }, 90_000);

    test('a BuildKit secret reaches the RUN step but never the image history, the log, the summary or the outputs', async () => {
      const context = fixtureImageContext('clean');
      try {
        const dockerfile = readFileSync(join(context, 'Dockerfile'), 'utf8').replace(
          'USER 1000',
          'RUN --mount=type=secret,id=npm_token ["/bin/sh", "-c", "test -s /run/secrets/npm_token && echo secret-was-mounted > /secret-check"]\nUSER 1000',
        );
        writeFileSync(join(context, 'Dockerfile'), dockerfile);
        const repository = `bas-${run}/secret`;
        const result = await runInProcess(
          {
            ...base(),
            context,
            image: `${env.REGISTRY}/${repository}`,
            tags: 'v1',
            push: 'true',
            secrets: `npm_token=${planted}`,
            'test-command': 'cat /secret-check',
          },
          runnerEnv(),
        );
        expect(result.error).toBeUndefined();
        expect(result.log.text()).toContain('secret-was-mounted');
        expect(result.masked).toContain(planted);
        const history = execFileSync(
          env.DOCKER_CLI,
          ['history', '--no-trunc', `${env.REGISTRY}/${repository}:v1`],
          {
            encoding: 'utf8',
          },
        );
        expect(history).toContain('npm_token');
        expect(history).not.toContain(planted);
        expect(everythingSaid(result)).not.toContain(planted);
      } finally {
        rmSync(context, { recursive: true, force: true });
      }
    }, 90_000);

    test('a secret passed as a build argument is caught in the history by the policy, without being quoted', async () => {
      const context = fixtureImageContext('clean');
      try {
        writeFileSync(
          join(context, 'Dockerfile'),
          readFileSync(join(context, 'Dockerfile'), 'utf8').replace(
            'USER 1000',
            'ARG API_TOKEN\nRUN ["/bin/sh", "-c", "echo building"]\nUSER 1000',
          ),
        );
        const repository = `bas-${run}/build-arg-leak`;
        const result = await runInProcess(
          {
            ...base(),
            context,
            image: `${env.REGISTRY}/${repository}`,
            push: 'true',
            'build-args': `API_TOKEN=${planted}`,
          },
          runnerEnv(),
        );
        expect(result.error?.message).toMatch(/the image policy failed \(secret-in-history\)/);
        expect(result.error?.outputs?.['policy-findings']).toEqual([
          expect.objectContaining({ rule: 'secret-in-history', severity: 'error' }),
        ]);
        expect(await registryTags(env.REGISTRY, repository)).toEqual([]);
        await expectNothingPushed(repository);
        // The leaked value is shown by docker's own build log, which is not ours to hide; our words never quote it.
        expect(result.summary.markdown + JSON.stringify(result.error?.outputs)).not.toContain(planted);
      } finally {
        rmSync(context, { recursive: true, force: true });
      }
    }, 90_000);

    test('pushes to the basic-auth registry with username/password, and to the TLS registry with its CA', async () => {
      const [auth, tls] = await Promise.all([
        runInProcess(
          {
            ...base(),
            context: clean,
            image: `${env.REGISTRY_AUTH}/bas-${run}/auth`,
            tags: 'v1',
            push: 'true',
            username: env.REGISTRY_USER,
            password: env.REGISTRY_PASSWORD,
          },
          runnerEnv(),
        ),
        runInProcess(
          {
            ...base(),
            context: clean,
            image: `${env.REGISTRY_TLS}/bas-${run}/tls`,
            tags: 'v1',
            push: 'true',
            username: env.REGISTRY_USER,
            password: env.REGISTRY_PASSWORD,
            'registry-ca': env.REGISTRY_CA,
          },
          runnerEnv(),
        ),
      ]);
      expect(auth.error).toBeUndefined();
      expect(tls.error).toBeUndefined();
      expect(await registryTags(env.REGISTRY_AUTH, `bas-${run}/auth`, true)).toEqual(['v1']);
      expect(auth.outputs?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      const head = execFileSync(
        'curl',
        [
          '-sfI',
          '--cacert',
          env.REGISTRY_CA,
          '-u',
          `${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`,
          '-H',
          'accept: application/vnd.docker.distribution.manifest.v2+json',
          `https://${env.REGISTRY_TLS}/v2/bas-${run}/tls/manifests/v1`,
        ],
        { encoding: 'utf8' },
      );
      expect(head.toLowerCase()).toContain(`docker-content-digest: ${String(tls.outputs?.digest)}`);
      for (const result of [auth, tls]) expect(everythingSaid(result)).not.toContain(env.REGISTRY_PASSWORD);
    }, 120_000);

    test('a wrong password fails with a clear message and pushes nothing; credentials come from the Docker config too', async () => {
      const configDir = join(work, 'docker-config-wrong');
      execFileSync('mkdir', ['-p', configDir]);
      writeFileSync(
        join(configDir, 'config.json'),
        JSON.stringify({
          auths: {
            [env.REGISTRY_AUTH]: {
              auth: Buffer.from(`${env.REGISTRY_USER}:wrong-${planted}`).toString('base64'),
            },
          },
        }),
      );
      const result = await runInProcess(
        {
          ...base(),
          context: clean,
          image: `${env.REGISTRY_AUTH}/bas-${run}/wrong`,
          tags: 'v1',
          push: 'true',
        },
        { ...runnerEnv(), DOCKER_CONFIG: configDir },
      );
      expect(result.error?.message).toMatch(
        new RegExp(
          `^The registry ${env.REGISTRY_AUTH.replace(/\./g, '\\.')} refused the credentials of user 'prodline' \\(HTTP 401\\)\\. Nothing was pushed\\.`,
        ),
      );
      expect(everythingSaid(result)).not.toContain(planted);
      expect(await registryTags(env.REGISTRY_AUTH, `bas-${run}/wrong`, true)).toEqual([]);
    }, 90_000);

    test('a throttled DB mirror (429) is skipped for the next one in db-repository', async () => {
      let hits = 0;
      const throttled = createServer((_req, res) => {
        hits += 1;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}');
      });
      await new Promise<void>((resolve) => throttled.listen(0, '127.0.0.1', resolve));
      const mirror = `127.0.0.1:${(throttled.address() as AddressInfo).port}/aquasec/trivy-db:2`;
      try {
        const result = await runInProcess(
          {
            ...base(),
            context: clean,
            image: `${env.REGISTRY}/bas-${run}/mirrors`,
            'db-repository': `${mirror}\n${env.TRIVY_DB_REPOSITORY}`,
          },
          { RUNNER_TEMP: join(work, 'mirror-run') },
        );
        expect(result.error).toBeUndefined();
        expect(hits).toBeGreaterThan(0);
        expect(result.log.lines).toEqual(
          expect.arrayContaining([
            `warning: the Trivy DB repository ${mirror} is throttled or failing (HTTP 429); trying ${env.TRIVY_DB_REPOSITORY}`,
          ]),
        );
        expect(result.log.lines).toContain(
          `scanned with the vulnerability DB from ${env.TRIVY_DB_REPOSITORY}`,
        );
      } finally {
        await new Promise((resolve) => throttled.close(resolve));
      }
    }, 120_000);

    // The `docker` first on PATH here is a newer client without buildx: the classic builder is the only
    // one it has, as on machines without buildx. Where it has buildx, buildx is used instead.
    const pathDocker = findOnPath('docker', process.env.PATH);
    const otherDocker = Boolean(pathDocker && pathDocker !== env.DOCKER_CLI);
    // In CI the machine must offer a second docker client: a skip there would hide this test for good.
    if (!otherDocker && servicesRequired())
      test('the docker on PATH builds with the builder it has (needs a docker on PATH other than Debian’s)', () => {
        throw new Error(
          `the first docker on PATH is ${pathDocker ?? 'missing'}, the testbed's own client (${env.DOCKER_CLI}); CI must provide the other one`,
        );
      });
    (otherDocker ? test : test.skip)(
      'the docker on PATH builds with the builder it has; BuildKit secrets without BuildKit are refused before building',
      async () => {
        const repository = `bas-${run}/path-docker`;
        const common = {
          ...base(),
          'docker-path': pathDocker ?? 'docker',
          'build-network': '',
          context: clean,
        };
        const result = await runInProcess(
          { ...common, image: `${env.REGISTRY}/${repository}`, tags: 'v1', push: 'true' },
          runnerEnv(),
        );
        expect(result.error).toBeUndefined();
        const builder = /^building with (docker buildx|the engine's BuildKit|the classic builder)/m.exec(
          result.log.text(),
        )?.[1];
        expect(builder).toBeDefined();
        expect(result.outputs?.digest).toBe(await manifestDigest(env.REGISTRY, repository, 'v1'));
        if (builder === 'the classic builder') {
          const refused = await runInProcess(
            { ...common, image: `${env.REGISTRY}/${repository}`, secrets: `a=${planted}` },
            runnerEnv(),
          );
          expect(refused.error?.message).toMatch(/^Input 'secrets': secrets needs docker buildx/);
          expect(everythingSaid(refused)).not.toContain(planted);
        }
      },
      90_000,
    );
  },
);
