import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNode24 } from '../../scripts/lib/node24.js';
import { commandMessages } from '../../scripts/lib/run-bundle.js';
import { KubeSimControl } from '../../scripts/testbed/kube-sim/control-client.js';
import { writeKubeconfig } from '../../scripts/testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../../scripts/testbed/kube-sim/server.js';
import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../scripts/testbed/stand-ins/webhook-receiver.js';
import { RegistryClient } from '../../src/image/registry/client.js';
import { encryptCosignKey } from '../../src/sign/cosign-key.js';
import { pinned, secureApp } from '../support/canary-deploy.js';
import { fixtureImageContext } from '../support/fixture-images.js';
import { maskLines } from '../support/bundle-output.js';
import { DIGEST, RUN_ENV } from '../support/notify.js';
import { runAndScan, type ScannedRun } from '../support/secret-scan.js';
import { describeWithServices } from '../support/services.js';
import { pushSyntheticImage, uniqueRepository } from '../support/synthetic-image.js';

/*
 * Issue 13, "Secrets": planted values — the registry password, a cosign key's password, the Actions
 * OIDC request token and the ID token fetched with it, Slack and webhook URLs, a kubeconfig's bearer
 * token, a proxy's password — run through each action's success path and a failure path against the
 * testbed. Every log, summary, output and every file the run wrote (RUNNER_TEMP, TMPDIR, the workspace)
 * is scanned for them (secret-scan.ts); only the `::add-mask::` lines may carry them.
 */
const KEYS = [
  'REGISTRY_AUTH',
  'REGISTRY_USER',
  'REGISTRY_PASSWORD',
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'DOCKER_CLI',
  'TRIVY_PATH',
  'TRIVY_DB_REPOSITORY',
  'SIGSTORE_FULCIO_URL',
  'SIGSTORE_REKOR_URL',
  'SIGSTORE_TSA_URL',
  'SIGSTORE_TRUSTED_ROOT',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'PROXY_AUTH_URL',
  'PROXY_AUTH_PASSWORD',
] as const;

const KEY_PASSWORD = 'planted-KEY-PASSWORD-91c4';
const KUBE_TOKEN = 'planted-kube-token-5e77a1';
const PROXY_PASSWORD_REFUSED = 'planted-proxy-pw-3b0d';
const WEBHOOK_SECRET = 'planted-hmac-secret-8d2f';

describeWithServices([...KEYS], 'planted secrets never leave the masker, in all five actions', (env) => {
  let node = '';
  let sim: KubeSim;
  let slack: SlackStandIn;
  let hooks: WebhookReceiver;
  let kubeconfig = '';
  let manifests = '';
  let temp = '';
  let encryptedKey = '';
  const urls = { slackWebhook: '', webhook: '' };
  const login = () => ({ username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD });
  /** Every planted secret; each run is scanned for all of them. */
  const secrets = () => [
    env.REGISTRY_PASSWORD,
    KEY_PASSWORD,
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    urls.slackWebhook,
    urls.webhook,
    WEBHOOK_SECRET,
    KUBE_TOKEN,
    env.PROXY_AUTH_PASSWORD,
    PROXY_PASSWORD_REFUSED,
  ];
  // The authenticating proxy (credentials in the URL) for every call prodline makes itself.
  const proxied = () => ({ HTTPS_PROXY: env.PROXY_AUTH_URL, HTTP_PROXY: env.PROXY_AUTH_URL });

  beforeAll(async () => {
    node = ensureNode24();
    temp = mkdtempSync(join(tmpdir(), 'prodline-secrets-'));
    [sim, slack, hooks] = await Promise.all([
      startKubeSim({ token: KUBE_TOKEN, behaviourDefaults: { readyAfterMs: 50 }, tickMs: 20 }),
      startSlack(),
      startWebhookReceiver(),
    ]);
    kubeconfig = writeKubeconfig(join(temp, 'kubeconfig'), sim.url, KUBE_TOKEN);
    manifests = join(temp, 'web.yaml');
    writeFileSync(manifests, secureApp('web'));
    urls.slackWebhook = `${slack.url}/services/T000/B000/planted-slack-webhook-7f3a`;
    urls.webhook = `${hooks.url}/hooks/planted-webhook-path-2d8e?key=planted-query-5a9c`;
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    encryptedKey = await encryptCosignKey(
      pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
      KEY_PASSWORD,
    );
  }, 180_000);
  afterAll(async () => {
    await Promise.all([sim?.close(), slack?.close(), hooks?.close()]);
    rmSync(temp, { recursive: true, force: true });
  });

  /** No leak; `masked` handed to the runner's masker; `writesFiles`: the file scan saw files (it is not hollow). */
  function expectClean(run: ScannedRun, masked: string[] = [], writesFiles = false): void {
    expect(run.leaks).toEqual([]);
    if (writesFiles) expect(run.filesScanned).toBeGreaterThan(0);
    const masks = maskLines(run.result);
    for (const secret of masked) expect(masks).toContain(`::add-mask::${secret}`);
  }
  const succeeded = (run: ScannedRun) =>
    expect({ exitCode: run.result.exitCode, errors: commandMessages(run.result.stdout, 'error') }).toEqual({
      exitCode: 0,
      errors: [],
    });
  const failed = (run: ScannedRun) => {
    expect(run.result.exitCode).toBe(1);
    expect(commandMessages(run.result.stdout, 'error')).toHaveLength(1);
  };

  async function image(): Promise<string> {
    const repository = uniqueRepository('secrets');
    const client = new RegistryClient({ registry: env.REGISTRY_AUTH, credentials: login(), push: true });
    return `${env.REGISTRY_AUTH}/${repository}@${await pushSyntheticImage(client, repository)}`;
  }
  const sigstore = () => ({
    'fulcio-url': env.SIGSTORE_FULCIO_URL,
    'rekor-url': env.SIGSTORE_REKOR_URL,
    'tsa-url': env.SIGSTORE_TSA_URL,
    'trusted-root': env.SIGSTORE_TRUSTED_ROOT,
  });
  const oidc = () => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: env.ACTIONS_ID_TOKEN_REQUEST_URL,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  });

  describe('build-and-scan', () => {
    async function build(password: string) {
      const context = fixtureImageContext('clean');
      try {
        return await runAndScan(
          'build-and-scan',
          {
            context,
            image: `${env.REGISTRY_AUTH}/${uniqueRepository('secrets-build')}`,
            username: env.REGISTRY_USER,
            password,
            secrets: `npm_token=${KEY_PASSWORD}`,
            'docker-path': env.DOCKER_CLI,
            'trivy-path': env.TRIVY_PATH,
            'db-repository': env.TRIVY_DB_REPOSITORY,
            'build-network': 'host',
            'test-command': 'cat /etc/alpine-release',
            push: 'true',
          },
          secrets(),
          {
            node,
            env: {
              ...RUN_ENV,
              DOCKER_HOST: env.DOCKER_HOST,
              DOCKER_CONFIG: mkdtempSync(join(temp, 'docker-config-')),
            },
            timeoutMs: 240_000,
          },
        );
      } finally {
        rmSync(context, { recursive: true, force: true });
      }
    }

    test('success: built, scanned and pushed with the registry password', async () => {
      const run = await build(env.REGISTRY_PASSWORD);
      succeeded(run);
      expect(run.result.outputs.digest).toMatch(/^sha256:/);
      expectClean(run, [env.REGISTRY_PASSWORD, KEY_PASSWORD], true);
    }, 300_000);

    test('failure: the push is refused (a wrong password, itself planted)', async () => {
      const run = await build(`${env.REGISTRY_PASSWORD}-wrong`);
      failed(run);
      expect(run.leaks).toEqual([]);
      expect(run.result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(
        `${env.REGISTRY_PASSWORD}-wrong`,
      );
    }, 300_000);
  });

  describe('sign-image', () => {
    test('success, keyless: the OIDC request token and the fetched ID token appear nowhere', async () => {
      const run = await runAndScan(
        'sign-image',
        { image: await image(), ...login(), ...sigstore(), timeout: '60s' },
        secrets(),
        { node, env: { ...RUN_ENV, ...oidc(), ...proxied() }, timeoutMs: 120_000 },
      );
      succeeded(run);
      expect(run.result.outputs.verified).toBe('true');
      expectClean(run, [env.REGISTRY_PASSWORD], true);
    }, 180_000);

    test('success, with a password-protected key', async () => {
      const run = await runAndScan(
        'sign-image',
        {
          image: await image(),
          ...login(),
          ...sigstore(),
          key: encryptedKey,
          'key-password': KEY_PASSWORD,
          timeout: '60s',
        },
        secrets(),
        { node, env: { ...RUN_ENV, ...proxied() }, timeoutMs: 120_000 },
      );
      succeeded(run);
      expectClean(run, [KEY_PASSWORD, env.REGISTRY_PASSWORD], true);
    }, 180_000);

    test('failure, keyless: the ID token is fetched, then Fulcio cannot be reached', async () => {
      const run = await runAndScan(
        'sign-image',
        {
          image: await image(),
          ...login(),
          ...sigstore(),
          'fulcio-url': 'http://127.0.0.1:9',
          timeout: '10s',
        },
        secrets(),
        { node, env: { ...RUN_ENV, ...oidc() }, timeoutMs: 120_000 },
      );
      failed(run);
      expect(run.leaks).toEqual([]);
    }, 180_000);

    test('failure: the wrong key password, a proxy URL with its own planted password in the environment', async () => {
      const refusing = new URL(env.PROXY_AUTH_URL);
      refusing.password = PROXY_PASSWORD_REFUSED;
      const run = await runAndScan(
        'sign-image',
        {
          image: await image(),
          ...login(),
          ...sigstore(),
          key: encryptedKey,
          'key-password': `${KEY_PASSWORD}-x`,
          timeout: '30s',
        },
        [...secrets(), `${KEY_PASSWORD}-x`],
        {
          node,
          env: { ...RUN_ENV, HTTPS_PROXY: refusing.toString(), HTTP_PROXY: refusing.toString() },
          timeoutMs: 120_000,
        },
      );
      failed(run);
      expect(run.leaks).toEqual([]);
    }, 180_000);
  });

  describe('canary-deploy and verify-rollout (a kubeconfig with a bearer token)', () => {
    const kube = () => ({ ...RUN_ENV, KUBECONFIG: kubeconfig });

    test('success: deployed, then verified', async () => {
      const deploy = await runAndScan(
        'canary-deploy',
        { manifests, image: pinned(1), timeout: '60s' },
        secrets(),
        {
          node,
          env: kube(),
        },
      );
      succeeded(deploy);
      expectClean(deploy);
      const verify = await runAndScan(
        'verify-rollout',
        { workloads: deploy.result.outputs.workloads, timeout: '60s' },
        secrets(),
        {
          node,
          env: kube(),
        },
      );
      succeeded(verify);
      expect(verify.result.outputs.verdict).toBe('promoted');
      expectClean(verify);
    }, 180_000);

    test('failure: a rollout that cannot pull, then rolled back by verify-rollout', async () => {
      await new KubeSimControl(sim.controlUrl).setBehaviour(pinned(2), 'pull-failure');
      const deploy = await runAndScan(
        'canary-deploy',
        { manifests, image: pinned(2), timeout: '5s' },
        secrets(),
        {
          node,
          env: kube(),
        },
      );
      failed(deploy);
      expect(deploy.leaks).toEqual([]);
      const verify = await runAndScan('verify-rollout', { workloads: 'web', timeout: '30s' }, secrets(), {
        node,
        env: kube(),
      });
      failed(verify);
      expect(verify.result.outputs.verdict).toBe('rolled-back');
      expect(verify.leaks).toEqual([]);
    }, 180_000);
  });

  describe('notify', () => {
    const inputs = () => ({
      event: 'deploying',
      environment: 'production',
      digest: DIGEST,
      'slack-webhook-url': urls.slackWebhook,
      'webhook-url': urls.webhook,
      'webhook-secret': WEBHOOK_SECRET,
      timeout: '5s',
    });

    test('success: the Slack webhook and the signed webhook, through the authenticating proxy', async () => {
      const before = hooks.deliveries.length;
      const run = await runAndScan('notify', inputs(), secrets(), {
        node,
        env: { ...RUN_ENV, ...proxied() },
      });
      succeeded(run);
      expect(hooks.deliveries.length).toBeGreaterThan(before);
      expectClean(run, [urls.slackWebhook, urls.webhook, WEBHOOK_SECRET]);
    }, 60_000);

    test('failure: both receivers fail, fail-on-error set', async () => {
      hooks.script({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
      const run = await runAndScan(
        'notify',
        {
          ...inputs(),
          'slack-webhook-url': 'http://127.0.0.1:9/services/planted-unreachable',
          'fail-on-error': 'true',
          timeout: '2s',
        },
        [...secrets(), 'http://127.0.0.1:9/services/planted-unreachable'],
        { node, env: RUN_ENV },
      );
      failed(run);
      expect(run.leaks).toEqual([]);
    }, 60_000);
  });

  test('the scan is not blind: a planted value shown on purpose (notify reason) is found', async () => {
    const marker = 'planted-visible-marker-6c1e';
    const run = await runAndScan('notify', { event: 'failed', reason: marker }, [marker], {
      node,
      env: RUN_ENV,
    });
    succeeded(run);
    expect(run.leaks).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(stdout|summary): planted-visi/)]),
    );
  }, 60_000);
});
