import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { ensureNode24 } from '../../scripts/lib/node24.js';
import { commandMessages, runBundle, type BundleResult } from '../../scripts/lib/run-bundle.js';
import { byName } from '../../scripts/testbed/host-names.js';
import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import { RegistryClient } from '../../src/image/registry/client.js';
import { fixtureImageContext } from '../support/fixture-images.js';
import { DIGEST, RUN_ENV } from '../support/notify.js';
import { curl, ProxyLog, proxyAddress, proxyEnv, visibleOutput } from '../support/proxy.js';
import { describeWithServices } from '../support/services.js';
import { pushSyntheticImage, uniqueRepository } from '../support/synthetic-image.js';

/*
 * Issue 9, "Must show": every action end to end through a real proxy (the testbed's tinyproxies), with
 * the testbed's registry, Sigstore stand-in, OIDC endpoint, Slack and GitHub stand-ins behind it, all
 * addressed by names that no client takes for loopback (see scripts/testbed/host-names.ts). What
 * crossed a proxy is read from that proxy's own log. The "control" cases run the same bundles by name
 * with no proxy: they show that names, certificates and stand-ins work, so a failure in the other
 * cases is about proxying alone.
 */
const KEYS = [
  'PROXY_URL',
  'PROXY_LOG',
  'PROXY_AUTH_URL',
  'PROXY_AUTH_PASSWORD',
  'PROXY_AUTH_LOG',
  'PROXY_REFUSING_URL',
  'PROXY_REFUSING_LOG',
  'PROXY_NAME_REGISTRY',
  'PROXY_NAME_SIGSTORE',
  'PROXY_NAME_OIDC',
  'PROXY_NAME_SLACK',
  'PROXY_NAME_GITHUB',
  'REGISTRY_TLS',
  'REGISTRY_TLS_BY_NAME',
  'REGISTRY_CA',
  'REGISTRY_USER',
  'REGISTRY_PASSWORD',
  'SIGSTORE_FULCIO_URL_BY_NAME',
  'SIGSTORE_REKOR_URL_BY_NAME',
  'SIGSTORE_TSA_URL_BY_NAME',
  'SIGSTORE_TRUSTED_ROOT',
  'SIGSTORE_TEST_IDENTITY',
  'ACTIONS_ID_TOKEN_REQUEST_URL_BY_NAME',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'DOCKER_CLI',
  'TRIVY_PATH',
  'TRIVY_DB_REPOSITORY',
] as const;

const SLACK_TOKEN = 'xoxb-planted-proxy-slack-token-77';
const GITHUB_TOKEN = 'ghs_plantedProxyGitHubToken88';

describeWithServices([...KEYS], 'every action through a real proxy (tinyproxy)', (env) => {
  const open = new ProxyLog(env.PROXY_LOG);
  const auth = new ProxyLog(env.PROXY_AUTH_LOG);
  const refusing = new ProxyLog(env.PROXY_REFUSING_LOG);
  const login = { username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD };
  const registryAuthorization = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
  const sigstore = {
    'fulcio-url': env.SIGSTORE_FULCIO_URL_BY_NAME,
    'rekor-url': env.SIGSTORE_REKOR_URL_BY_NAME,
    'tsa-url': env.SIGSTORE_TSA_URL_BY_NAME,
    'trusted-root': env.SIGSTORE_TRUSTED_ROOT,
  };
  // A planted password in a proxy URL: the refusing proxy ignores it, but no output may show it.
  const plantedProxyPassword = `planted-proxy-pw-${randomBytes(4).toString('hex')}`;
  const refusingWithCredentials = (() => {
    const url = new URL(env.PROXY_REFUSING_URL);
    url.username = 'corp-user';
    url.password = plantedProxyPassword;
    return url.toString().replace(/\/$/, '');
  })();
  /** Every secret a run could leak: each must be absent from all it made visible. */
  const secrets = [
    env.PROXY_AUTH_PASSWORD,
    plantedProxyPassword,
    env.REGISTRY_PASSWORD,
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    SLACK_TOKEN,
    GITHUB_TOKEN,
  ];
  let node = '';
  let slack: SlackStandIn;
  let github: GitHubStandIn;
  let slackApiByName = '';
  let githubApiByName = '';

  beforeAll(async () => {
    node = ensureNode24();
    [slack, github] = await Promise.all([
      startSlack({ token: SLACK_TOKEN }),
      startGitHubApi({ token: GITHUB_TOKEN }),
    ]);
    slackApiByName = `${byName(slack.url, env.PROXY_NAME_SLACK)}/api/`;
    githubApiByName = byName(github.url, env.PROXY_NAME_GITHUB);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([slack?.close(), github?.close()]);
  });

  function expectNoSecrets(result: BundleResult): void {
    const seen = [
      visibleOutput(result),
      ...[env.PROXY_LOG, env.PROXY_AUTH_LOG, env.PROXY_REFUSING_LOG].map((log) => readFileSync(log, 'utf8')),
    ].join('\n');
    for (const secret of secrets) expect(seen.includes(secret) ? `leaked: ${secret}` : 'clean').toBe('clean');
    // The OIDC JWT fetched for keyless signing must not appear either (its payload part is unique).
    expect(visibleOutput(result)).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
  }

  function expectSucceeded(result: BundleResult): void {
    expect({ errors: commandMessages(result.stdout, 'error'), exitCode: result.exitCode }).toEqual({
      errors: [],
      exitCode: 0,
    });
  }

  /** A fresh signed-able image in the TLS registry, referenced by the registry's name. */
  async function imageByName(): Promise<string> {
    const repository = uniqueRepository('proxy');
    const client = new RegistryClient({
      registry: env.REGISTRY_TLS,
      credentials: login,
      ca: [readFileSync(env.REGISTRY_CA, 'utf8')],
      push: true,
    });
    return `${env.REGISTRY_TLS_BY_NAME}/${repository}@${await pushSyntheticImage(client, repository)}`;
  }

  async function signImage(extraEnv: Record<string, string>, inputs: Record<string, string> = {}) {
    return runBundle(
      'sign-image',
      { image: await imageByName(), ...sigstore, ...login, 'registry-ca': env.REGISTRY_CA, ...inputs },
      {
        node,
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: env.ACTIONS_ID_TOKEN_REQUEST_URL_BY_NAME,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
          ...extraEnv,
        },
      },
    );
  }

  /** build-and-scan of the clean fixture, pushed to the TLS registry by name. */
  async function buildAndScan(extraEnv: Record<string, string>) {
    const context = fixtureImageContext('clean');
    const repository = `proxy-${randomBytes(3).toString('hex')}/clean`;
    try {
      const result = await runBundle(
        'build-and-scan',
        {
          context,
          image: `${env.REGISTRY_TLS_BY_NAME}/${repository}`,
          ...login,
          'registry-ca': env.REGISTRY_CA,
          'docker-path': env.DOCKER_CLI,
          'trivy-path': env.TRIVY_PATH,
          // On the plain registry at 127.0.0.1: Trivy (Go) never proxies loopback, whatever the env says.
          'db-repository': env.TRIVY_DB_REPOSITORY,
          'build-network': 'host',
          'test-command': 'cat /etc/alpine-release',
          push: 'true',
        },
        {
          node,
          env: {
            DOCKER_HOST: env.DOCKER_HOST,
            DOCKER_CONFIG: env.DOCKER_CONFIG,
            GITHUB_REPOSITORY: 'prodline/shop',
            GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
            GITHUB_REF: 'refs/heads/main',
            GITHUB_SERVER_URL: 'https://github.com',
            ...extraEnv,
          },
          timeoutMs: 180_000,
        },
      );
      return { result, repository };
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  }

  /** notify's first stage with a Slack bot message and a GitHub deployment, both stand-ins by name. */
  async function notify(extraEnv: Record<string, string>, inputs: Record<string, string> = {}) {
    return runBundle(
      'notify',
      {
        event: 'started',
        environment: 'staging',
        digest: DIGEST,
        'slack-token': SLACK_TOKEN,
        'slack-channel': '#deploys',
        'slack-api-url': slackApiByName,
        'github-token': GITHUB_TOKEN,
        'github-api-url': githubApiByName,
        'fail-on-error': 'true',
        ...inputs,
      },
      { node, env: { ...RUN_ENV, ...extraEnv } },
    );
  }

  function expectNotified(result: BundleResult): void {
    expectSucceeded(result);
    expect(result.outputs['slack-ts']).toMatch(/^\d+\.\d+$/);
    expect(result.outputs['deployment-id']).toMatch(/^\d+$/);
  }

  describe('control: by name, no proxy (proves names, certificates and stand-ins)', () => {
    test('sign-image signs keyless against the Sigstore stand-in, OIDC and the TLS registry by name', async () => {
      const result = await signImage({});
      expectSucceeded(result);
      expect(result.outputs).toMatchObject({
        verified: 'true',
        'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
      });
      expectNoSecrets(result);
    }, 120_000);

    test('notify posts to Slack and creates a GitHub deployment by name', async () => {
      const result = await notify({});
      expectNotified(result);
      expectNoSecrets(result);
    }, 60_000);
  });

  describe('HTTPS_PROXY / HTTP_PROXY: every call crosses the open proxy', () => {
    test('build-and-scan pushes to the TLS registry by name through the proxy', async () => {
      const mark = open.mark();
      const { result, repository } = await buildAndScan(proxyEnv(env.PROXY_URL));
      expectSucceeded(result);
      expect(result.outputs.image).toBe(`${env.REGISTRY_TLS_BY_NAME}/${repository}@${result.outputs.digest}`);
      const manifest = await curl(
        `https://${env.REGISTRY_TLS_BY_NAME}/v2/${repository}/manifests/${result.outputs.digest}`,
        {
          ca: env.REGISTRY_CA,
          headers: {
            authorization: registryAuthorization,
            accept:
              'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
          },
        },
      );
      expect(manifest.status).toBe(200);
      await open.waitForHosts(mark, [env.PROXY_NAME_REGISTRY]);
      expectNoSecrets(result);
    }, 200_000);

    test('sign-image: Fulcio, Rekor, TSA, the OIDC token and the signature upload all go through the proxy', async () => {
      const mark = open.mark();
      const result = await signImage(proxyEnv(env.PROXY_URL));
      expectSucceeded(result);
      expect(result.outputs.verified).toBe('true');
      await open.waitForHosts(mark, [env.PROXY_NAME_SIGSTORE, env.PROXY_NAME_OIDC, env.PROXY_NAME_REGISTRY]);
      expectNoSecrets(result);
    }, 120_000);

    test('notify: Slack and the GitHub API go through the proxy', async () => {
      const mark = open.mark();
      const result = await notify(proxyEnv(env.PROXY_URL));
      expectNotified(result);
      await open.waitForHosts(mark, [env.PROXY_NAME_SLACK, env.PROXY_NAME_GITHUB]);
      expectNoSecrets(result);
    }, 60_000);
  });

  describe('NO_PROXY: the hosts it names bypass the proxy and still work', () => {
    test('notify with NO_PROXY=<slack name>: Slack directly, GitHub through the proxy', async () => {
      const mark = open.mark();
      const before = slack.requests.length;
      const result = await notify(proxyEnv(env.PROXY_URL, env.PROXY_NAME_SLACK));
      expectNotified(result);
      expect(slack.requests.length).toBeGreaterThan(before);
      // Wait for the proxied host first: once it is logged, the log is complete for this run.
      const seen = await open.waitForHosts(mark, [env.PROXY_NAME_GITHUB]);
      expect(seen.has(env.PROXY_NAME_SLACK)).toBe(false);
    }, 60_000);

    // The bypassed host's absence means something only beside a host that the same HTTP layer did send
    // through the proxy in the same run (OIDC and the registry are both prodline's own calls).
    test('sign-image with NO_PROXY=<registry name>: the registry directly, Sigstore and OIDC through the proxy', async () => {
      const mark = open.mark();
      const result = await signImage(proxyEnv(env.PROXY_URL, env.PROXY_NAME_REGISTRY));
      expectSucceeded(result);
      expect(result.outputs.verified).toBe('true');
      const seen = await open.waitForHosts(mark, [env.PROXY_NAME_SIGSTORE, env.PROXY_NAME_OIDC]);
      expect(seen.has(env.PROXY_NAME_REGISTRY)).toBe(false);
    }, 120_000);
  });

  describe('an authenticating proxy, credentials in HTTPS_PROXY', () => {
    test('sign-image works through it and its password appears nowhere', async () => {
      const mark = auth.mark();
      const result = await signImage(proxyEnv(env.PROXY_AUTH_URL));
      expectSucceeded(result);
      await auth.waitForHosts(mark, [env.PROXY_NAME_SIGSTORE, env.PROXY_NAME_OIDC, env.PROXY_NAME_REGISTRY]);
      expectNoSecrets(result);
    }, 120_000);

    test('notify works through it and its password appears nowhere', async () => {
      const mark = auth.mark();
      const result = await notify(proxyEnv(env.PROXY_AUTH_URL));
      expectNotified(result);
      await auth.waitForHosts(mark, [env.PROXY_NAME_SLACK, env.PROXY_NAME_GITHUB]);
      expectNoSecrets(result);
    }, 60_000);
  });

  describe('a proxy that refuses: one clear ::error:: naming the proxy, never its password', () => {
    const address = proxyAddress(env.PROXY_REFUSING_URL);

    function expectRefusal(result: BundleResult, mark: number): void {
      expect(result.exitCode).toBe(1);
      const errors = commandMessages(result.stdout, 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(address);
      expect(result.stdout + result.stderr).not.toMatch(/^\s+at .+[(:]\d+/m);
      // The refusal is tinyproxy's own: it saw us, and connected to nothing.
      expect(refusing.since(mark)).toMatch(/Unauthorized connection from "127\.0\.0\.1"/);
      expect(refusing.hostsSince(mark).size).toBe(0);
      expectNoSecrets(result);
    }

    test('build-and-scan: built and scanned, then the push fails naming the proxy; nothing pushed', async () => {
      const mark = refusing.mark();
      const { result, repository } = await buildAndScan(proxyEnv(refusingWithCredentials));
      expectRefusal(result, mark);
      expect(result.outputs.digest ?? '').toBe('');
      const tags = await curl(`https://${env.REGISTRY_TLS_BY_NAME}/v2/${repository}/tags/list`, {
        ca: env.REGISTRY_CA,
        headers: {
          authorization: registryAuthorization,
        },
      });
      expect(tags.status).toBe(404);
    }, 200_000);

    test('sign-image', async () => {
      const mark = refusing.mark();
      const result = await signImage(proxyEnv(refusingWithCredentials), { timeout: '30s' });
      expectRefusal(result, mark);
    }, 120_000);

    test('notify (fail-on-error: true); neither stand-in hears from it', async () => {
      const mark = refusing.mark();
      const before = { slack: slack.requests.length, github: github.requests.length };
      const result = await notify(proxyEnv(refusingWithCredentials), { timeout: '5s' });
      expectRefusal(result, mark);
      expect({ slack: slack.requests.length, github: github.requests.length }).toEqual(before);
    }, 60_000);
  });
});
