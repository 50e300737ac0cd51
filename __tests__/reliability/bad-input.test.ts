import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ensureNode24 } from '../../scripts/lib/node24.js';
import { serviceContext } from '../../scripts/testbed/service.js';
import { registryService } from '../../scripts/testbed/services/registry.js';
import { stopDaemon } from '../../scripts/testbed/process.js';
import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../scripts/testbed/stand-ins/webhook-receiver.js';
import { RegistryClient } from '../../src/image/registry/client.js';
import {
  digest,
  manifestFile,
  pinned,
  runDeploy,
  secureApp,
  startHarness,
  type Harness,
} from '../support/canary-deploy.js';
import { fixtureImageContext } from '../support/fixture-images.js';
import {
  badBoolean,
  badDuration,
  badEnum,
  badInteger,
  badKeyValueLines,
  badList,
  badNamespace,
  badObjectName,
  badUrl,
  brokenImage,
  hostile,
  hostileNonBlank,
} from '../support/fuzz-values.js';
import { describeFailures, fuzzBundle, unfuzzedInputs, type FuzzSpec } from '../support/input-fuzz.js';
import { DIGEST, RUN_ENV } from '../support/notify.js';
import { describeWithServices, servicesRequired } from '../support/services.js';
import { pushSyntheticImage } from '../support/synthetic-image.js';
import { kubeSimWrites, registryLogWrites, standInRequests, WriteWatch } from '../support/write-watch.js';

/*
 * Issue 13, "Bad input": every input of every action fuzzed through the bundles as processes (Node 24,
 * as `runs.using: node24` runs them), 1,000 cases per action. Every case is built to be refused, while
 * the other inputs are valid and aimed at live services — a private set of the testbed's registries, an
 * in-process kube-sim with a deployed app, the Slack / GitHub / webhook stand-ins — so that an input that
 * slipped through validation would really write. The property: exit 1 with exactly one `::error::` line
 * (naming the input, for values the readers must refuse), no crash or stack trace, nothing on stderr,
 * no injected workflow command, no output, and no write in any service's own request log.
 */
// Locally PRODLINE_FUZZ_RUNS can make a quick pass; CI always runs the full count.
const RUNS_PER_ACTION = servicesRequired() ? 1_000 : Number(process.env.PRODLINE_FUZZ_RUNS ?? 1_000);
const CONCURRENCY = 2;
// Fixed, so CI runs the same cases each time; another seed explores further (PRODLINE_FUZZ_SEED=…).
const SEED = Number(process.env.PRODLINE_FUZZ_SEED ?? 20_261_302);

const KEYS = [
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
] as const;

const GITHUB_ENV = {
  GITHUB_REPOSITORY: 'prodline/shop',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '42',
};

/** Paths that do not exist, some hostile. */
const missingPath = fc.oneof(
  fc.constantFrom('/nonexistent/dir', '../../../../nonexistent', './no such file', 'C:\\nope', '~/nope'),
  hostileNonBlank.map((junk) => `/nonexistent/${junk}`),
);

/** Not a JavaScript regular expression. */
const badRegExp = fc.constantFrom('(', '[', '*', '+x', '(?<', '\\', 'a{2,1}', '(?<n>a)(?<n>b)', '[z-a]');

describeWithServices([...KEYS], 'bad input, fuzzed through the bundles as processes', (testbed) => {
  const pids: number[] = [];
  const temp = mkdtempSync(join(tmpdir(), 'prodline-fuzz-'));
  let node = '';
  let registry: Record<string, string> = {};
  let harness: Harness;
  let slack: SlackStandIn;
  let github: GitHubStandIn;
  let hooks: WebhookReceiver;
  let watch: WriteWatch;
  let context = '';
  let signedImage = '';
  const specs: Record<string, () => FuzzSpec> = {};

  beforeAll(async () => {
    node = ensureNode24();
    const registryDir = join(temp, 'registry');
    const started = await Promise.all([
      registryService.start(serviceContext(mkdtempSync(`${registryDir}-`), {}, pids, () => undefined)),
      startHarness(),
      startSlack({ token: 'xoxb-fuzz-token' }),
      startGitHubApi({ token: 'ghs_fuzzToken' }),
      startWebhookReceiver(),
    ]);
    [registry, harness, slack, github, hooks] = started;
    context = fixtureImageContext('clean');
    const dockerConfig = join(temp, 'docker-config');
    cpSync(testbed.DOCKER_CONFIG, dockerConfig, { recursive: true });

    // sign-image signs a real image in the private basic-auth registry when inputs let it.
    const client = new RegistryClient({
      registry: registry.REGISTRY_AUTH,
      credentials: { username: registry.REGISTRY_USER, password: registry.REGISTRY_PASSWORD },
      push: true,
    });
    signedImage = `${registry.REGISTRY_AUTH}/fuzz/app@${await pushSyntheticImage(client, 'fuzz/app')}`;

    // verify-rollout watches a rollout that fails to pull: verifying it would roll back (a write).
    const manifests = manifestFile(harness, 'web.yaml', secureApp('web'));
    // (A slip is caught by its exit code too: nothing here may succeed.)
    const deployed = await runDeploy(harness, { manifests, image: pinned(1) });
    if (deployed.error) throw deployed.error;
    await harness.control.setBehaviour(pinned(2), 'pull-failure');
    await runDeploy(harness, { manifests, image: pinned(2), timeout: '5s' }); // times out waiting, as it should

    watch = new WriteWatch([
      registryLogWrites('registry (plain)', registry.REGISTRY_LOG),
      registryLogWrites('registry (basic auth)', registry.REGISTRY_AUTH_LOG),
      registryLogWrites('registry (TLS)', registry.REGISTRY_TLS_LOG),
      registryLogWrites('registry (token)', registry.REGISTRY_TOKEN_AUTH_LOG),
      kubeSimWrites('kube-sim', () => harness.sim.state.log.list()),
      standInRequests('Slack', () => slack.requests),
      standInRequests('GitHub', () => github.requests),
      standInRequests('webhook', () => hooks.deliveries),
    ]);

    const kubeEnv = { ...GITHUB_ENV, KUBECONFIG: harness.kubeconfig };
    specs['build-and-scan'] = (): FuzzSpec => ({
      action: 'build-and-scan',
      inputs: {
        context,
        image: `${registry.REGISTRY}/fuzz/web`,
        push: 'true',
        'docker-path': testbed.DOCKER_CLI,
        'trivy-path': testbed.TRIVY_PATH,
        'db-repository': testbed.TRIVY_DB_REPOSITORY,
        'build-network': 'host',
        'test-command': 'cat /etc/alpine-release',
        'scan-timeout': '2m',
      },
      env: { ...GITHUB_ENV, DOCKER_HOST: testbed.DOCKER_HOST, DOCKER_CONFIG: dockerConfig },
      invalid: {
        context: fc.oneof(fc.constantFrom(' ', '\n\t'), missingPath),
        dockerfile: missingPath,
        image: fc.oneof(
          fc.constantFrom(`${registry.REGISTRY}/fuzz/web:latest`, `${registry.REGISTRY}/fuzz/web@${DIGEST}`),
          // Every broken reference holds an `@`: refused as malformed, or as not a bare repository.
          brokenImage(`${registry.REGISTRY}/fuzz/web`, DIGEST),
        ),
        tags: fc.oneof(
          fc.constantFrom('-x', '.x', 'a'.repeat(129), 'v1 x', 'tag:1', 'é'),
          hostileNonBlank.filter((value) =>
            value.split(/[,\n]/).some((tag) => tag.trim() !== '' && !/^[\w][\w.-]{0,127}$/.test(tag.trim())),
          ),
        ),
        'build-args': badKeyValueLines(),
        secrets: badKeyValueLines(),
        labels: badKeyValueLines(),
        push: badBoolean(),
        'test-command': fc.constantFrom(`sh -c 'x`, 'echo "a', `'`, `"\\"`, `a '${'b'.repeat(5_000)}`),
        'trivy-version': fc.oneof(
          fc.constantFrom('latest', '0.58', 'v0.58.1-rc1', '=0.58.1', '../0.58.1'),
          hostileNonBlank.filter((value) => !/^v?\d+\.\d+\.\d+$/.test(value.trim())),
        ),
        scanners: badList(['vuln', 'secret', 'misconfig']),
        'ignore-file': missingPath,
        'severity-threshold': badEnum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'], { ignoreCase: true }),
        'ignore-unfixed': badBoolean(),
        'report-severities': badList(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'], { ignoreCase: true }),
        policy: badEnum(['enforce', 'warn', 'off']),
        'max-layers': badInteger(1, 127),
        'scan-timeout': badDuration(10_000, 6 * 3_600_000),
        'registry-ca': missingPath,
      },
      runtime: { 'docker-path': missingPath },
      freeText: [
        'platforms',
        'target',
        'cache-from',
        'cache-to',
        'build-network',
        'trivy-path',
        'db-repository',
      ],
      combos: [
        { names: ['username', 'password'], values: { username: 'fuzz' } },
        { names: ['username', 'password'], values: { password: 'fuzz-password' } },
        { names: ['scanners'], values: { scanners: ',' } },
      ],
    });

    specs['sign-image'] = (): FuzzSpec => {
      const pem = (label: string) => `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----`;
      return {
        action: 'sign-image',
        inputs: {
          image: signedImage,
          username: registry.REGISTRY_USER,
          password: registry.REGISTRY_PASSWORD,
          'fulcio-url': testbed.SIGSTORE_FULCIO_URL,
          'rekor-url': testbed.SIGSTORE_REKOR_URL,
          'tsa-url': testbed.SIGSTORE_TSA_URL,
          'trusted-root': testbed.SIGSTORE_TRUSTED_ROOT,
          timeout: '30s',
        },
        env: {
          ...GITHUB_ENV,
          ACTIONS_ID_TOKEN_REQUEST_URL: testbed.ACTIONS_ID_TOKEN_REQUEST_URL,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: testbed.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
          DOCKER_CONFIG: join(temp, 'docker-config-empty'),
        },
        invalid: {
          mode: badEnum(['sign', 'verify']),
          image: fc.oneof(
            fc.constantFrom(signedImage.replace(/@.*$/, ':latest'), signedImage.replace(/@.*$/, '')),
            brokenImage(signedImage.replace(/@.*$/, ''), signedImage.replace(/^.*@/, '')),
          ),
          format: badEnum(['bundle', 'classic', 'both']),
          key: fc.oneof(
            fc.constantFrom(pem('PUBLIC KEY'), pem('CERTIFICATE'), pem('RSA PRIVATE KEY'), ' -----BEGIN'),
            hostileNonBlank.filter((value) => !value.trim().startsWith('-----BEGIN')),
          ),
          'certificate-identity-regexp': badRegExp,
          'certificate-oidc-issuer': badUrl(),
          'fulcio-url': badUrl(),
          'rekor-url': badUrl(),
          'tsa-url': badUrl(true),
          'resolve-tag': badBoolean(),
          'attest-provenance': badBoolean(),
          'push-provenance': badBoolean(),
          timeout: badDuration(5_000, 3_600_000),
        },
        runtime: { 'trusted-root': missingPath, 'registry-ca': missingPath },
        freeText: ['certificate-identity', 'public-key', 'github-token'],
        combos: [
          { names: ['key-password'], values: { 'key-password': 'planted' } },
          { names: ['push-provenance'], values: { 'push-provenance': 'true' } },
          {
            names: ['attest-provenance'],
            values: { 'attest-provenance': 'true', key: pem('EC PRIVATE KEY') },
          },
          {
            names: ['key'],
            values: { mode: 'verify', key: pem('EC PRIVATE KEY'), 'certificate-identity': 'x' },
          },
          { names: ['certificate-identity'], values: { mode: 'verify' } },
          {
            names: ['certificate-identity', 'certificate-identity-regexp'],
            values: { mode: 'verify', 'certificate-identity': 'a', 'certificate-identity-regexp': '^a$' },
          },
          {
            names: ['public-key'],
            values: { mode: 'verify', 'public-key': pem('PUBLIC KEY'), 'certificate-identity': 'a' },
          },
          { names: ['key'], values: {}, env: { ACTIONS_ID_TOKEN_REQUEST_URL: undefined } },
          { names: ['username', 'password'], values: { username: '' } },
          { names: ['username', 'password'], values: { password: '' } },
        ],
      };
    };

    specs['canary-deploy'] = (): FuzzSpec => ({
      action: 'canary-deploy',
      inputs: { manifests, image: pinned(3), timeout: '30s' },
      env: kubeEnv,
      invalid: {
        image: fc.oneof(
          fc.constantFrom(pinned(3).replace(/@.*$/, ':1.0')),
          brokenImage(pinned(3).replace(/@.*$/, ''), digest(3)),
        ),
        strategy: badEnum(['rolling', 'canary', 'blue-green']),
        action: badEnum(['deploy', 'promote', 'abort']),
        'canary-weight': fc.oneof(
          fc.constantFrom('', '101', '100.5', '-1', '10%%', '1e1', '0x10', 'ten', '10 %x'),
          fc.integer({ min: 101, max: Number.MAX_SAFE_INTEGER }).map(String),
          hostile.filter((value) => !/^\d+(\.\d+)?\s*%?$/.test(value.trim())),
        ),
        'traffic-router': badEnum(['pods', 'gateway-api']),
        'http-route': badObjectName(),
        namespace: badNamespace(),
        'environment-kind': badEnum(['production', 'staging', 'development']),
        policy: badEnum(['enforce', 'warn', 'off']),
        'require-signature': badBoolean(),
        'certificate-identity-regexp': badRegExp,
        'certificate-oidc-issuer': badUrl(),
        'keep-previous': badBoolean(),
        timeout: badDuration(5_000, 3_600_000),
      },
      runtime: {
        manifests: missingPath,
        context: hostileNonBlank,
      },
      freeText: ['certificate-identity', 'public-key', 'trusted-root', 'change-cause'],
      combos: [
        { names: ['image'], values: { image: '' } },
        { names: ['manifests'], values: { manifests: '' } },
        { names: ['canary-weight'], values: { strategy: 'canary', 'canary-weight': '0' } },
        { names: ['canary-weight'], values: { strategy: 'canary', 'canary-weight': '100%' } },
        { names: ['http-route'], values: { 'traffic-router': 'gateway-api' } },
        { names: ['require-signature'], values: { 'require-signature': 'true' } },
        {
          names: ['certificate-identity', 'certificate-identity-regexp'],
          values: { 'certificate-identity': 'a', 'certificate-identity-regexp': 'a' },
        },
        { names: ['public-key'], values: { 'public-key': 'k', 'certificate-identity': 'a' } },
      ],
    });

    const nameChars = /[^a-z0-9.\-/,\n\s]/;
    specs['verify-rollout'] = (): FuzzSpec => ({
      action: 'verify-rollout',
      inputs: { workloads: 'web', timeout: '20s', 'health-interval': '1s' },
      env: kubeEnv,
      invalid: {
        workloads: fc.oneof(
          fc.constantFrom(
            'Web',
            'statefulset/web',
            'deployment/Web',
            '[',
            '[{"nam":"web"}]',
            '{"name":"web"}',
            '-web',
            'a_b',
            '[1]',
          ),
          hostileNonBlank.filter((value) => nameChars.test(value) && !value.trim().startsWith('[')),
        ),
        selector: fc.oneof(
          fc.constantFrom('app in prod', 'app=we b', 'app="web"', 'app=web;x'),
          hostileNonBlank.filter((value) => /[^A-Za-z0-9./_\-=!,()\s]/.test(value)),
        ),
        namespace: badNamespace(),
        timeout: badDuration(1_000, 6 * 3_600_000),
        'max-restarts': badInteger(0, 1_000),
        'health-urls': fc.oneof(
          fc.constantFrom('ftp://x', 'http://x 99', 'http://x 200 /(/', 'not a url', 'http://x 200 200'),
          hostileNonBlank.filter((value) =>
            value.split('\n').some((line) => line.trim() !== '' && !/^https?:\/\//.test(line.trim())),
          ),
        ),
        'health-interval': badDuration(100, 600_000),
        'health-successes': badInteger(1, 100),
        'prometheus-url': badUrl(true),
        analysis: fc.oneof(
          fc.constantFrom('error_rate', 'latency-p95', 'error-rate,,latency', 'ERROR-RATE'),
          hostileNonBlank.filter(
            (value) =>
              !/[:\n]/.test(value) &&
              value.split(',').some((item) => !['error-rate', 'latency-p99', ''].includes(item.trim())),
          ),
        ),
        interval: badDuration(1_000, 3_600_000),
        duration: badDuration(1_000, 24 * 3_600_000),
        count: badInteger(1, 10_000, true),
        'failure-limit': badInteger(0, 1_000),
        'consecutive-failure-limit': badInteger(1, 1_000),
        'consecutive-error-limit': badInteger(1, 1_000),
        'min-requests': badInteger(0, 1_000_000_000),
        'no-data': badEnum(['fail', 'pass', 'inconclusive']),
        'alertmanager-url': badUrl(true),
        'abort-on-alerts': fc.constantFrom('service', '=web', 'a=~"("', 'a=web', '1a="x"', '{a="x"'),
        'on-failure': badEnum(['rollback', 'freeze', 'none']),
        'auto-promote': badBoolean(),
      },
      companions: {
        selector: { workloads: '' },
        analysis: { 'prometheus-url': 'http://127.0.0.1:9' },
        'abort-on-alerts': { 'alertmanager-url': 'http://127.0.0.1:9' },
      },
      runtime: { context: hostileNonBlank },
      combos: [
        { names: ['workloads'], values: { workloads: '' } },
        { names: ['workloads', 'selector'], values: { selector: 'app=web' } },
        { names: ['prometheus-url'], values: { analysis: 'error-rate' } },
        { names: ['prometheus-url'], values: { 'prometheus-token': 't' } },
        { names: ['prometheus-url'], values: { 'prometheus-ca': '/etc/ssl/prometheus-ca.pem' } },
        { names: ['prometheus-url'], values: { 'prometheus-username': 'u', 'prometheus-password': 'p' } },
        {
          names: ['prometheus-token'],
          values: {
            'prometheus-url': 'http://127.0.0.1:9',
            'prometheus-token': 't',
            'prometheus-username': 'u',
            'prometheus-password': 'p',
          },
        },
        {
          names: ['prometheus-username', 'prometheus-password'],
          values: { 'prometheus-url': 'http://127.0.0.1:9', 'prometheus-username': 'u' },
        },
        { names: ['alertmanager-url'], values: { 'abort-on-alerts': 'severity="critical"' } },
        { names: ['duration'], values: { duration: '5s', interval: '10s' } },
      ],
    });

    const evidenceNotJson = join(temp, 'evidence.txt');
    writeFileSync(evidenceNotJson, '{"release": ');
    specs.notify = (): FuzzSpec => ({
      action: 'notify',
      inputs: {
        event: 'started',
        environment: 'staging',
        digest: DIGEST,
        'slack-token': 'xoxb-fuzz-token',
        'slack-channel': '#deploys',
        'slack-api-url': slack.apiUrl,
        'github-token': 'ghs_fuzzToken',
        'github-api-url': github.url,
        'webhook-url': `${hooks.url}/hooks/fuzz`,
        'webhook-secret': 'fuzz-secret',
        'fail-on-error': 'true',
        timeout: '5s',
      },
      env: RUN_ENV,
      invalid: {
        event: badEnum(['started', 'deploying', 'verified', 'promoted', 'rolled-back', 'failed']),
        environment: fc.oneof(
          fc.constantFrom('a\tb', 'a\nb', 'e'.repeat(256)),
          hostileNonBlank.filter((v) => /[\r\n\t]/.test(v.trim()) || v.trim().length > 255),
        ),
        service: fc.oneof(
          fc.constantFrom('a\tb', 's'.repeat(256)),
          hostileNonBlank.filter((v) => /[\r\n\t]/.test(v.trim()) || v.trim().length > 255),
        ),
        digest: brokenImage('ghcr.io/acme/web', DIGEST).filter((value) => value.trim() !== ''),
        'previous-digest': fc.constantFrom(
          'sha256:0',
          'web:latest',
          'sha256:' + 'g'.repeat(64),
          DIGEST.toUpperCase(),
        ),
        'previous-sha': fc.oneof(
          fc.constantFrom('main', 'ABCDEF1', 'abc', 'a'.repeat(41)),
          hostileNonBlank.filter((v) => !/^[0-9a-f]{7,40}$/.test(v.trim())),
        ),
        strategy: badEnum(['rolling', 'canary', 'blue-green'], { optional: true }),
        verdict: badEnum(['promoted', 'rolled-back', 'frozen', 'awaiting-approval', 'failed'], {
          optional: true,
        }),
        reason: fc.integer({ min: 10_001, max: 100_000 }).map((length) => `r${'e'.repeat(length)}`),
        'analysis-report': fc.oneof(
          fc.constantFrom('{', '1', '"x"', 'null', '{"checks": 1}', '[{"value": 1}]', '[1]'),
          hostileNonBlank.filter((v) => {
            try {
              JSON.parse(v);
              return false;
            } catch {
              return true;
            }
          }),
        ),
        'environment-url': badUrl(true),
        evidence: fc.oneof(missingPath, fc.constant(evidenceNotJson)),
        'slack-token': fc.oneof(
          fc.constantFrom('xoxb', 'xoxb-', 'xoxB-1', 'token xoxb-1', 'xoxb-a b'),
          hostileNonBlank.filter((v) => !/^xox[a-z]-\S+$/.test(v.trim())),
        ),
        'slack-channel': fc.oneof(
          fc.constantFrom('Not A Channel', '#UPPER', '-c1', '#a b', '#'),
          hostileNonBlank.filter(
            (v) => !/^(?:#?[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{6,})$/.test(v.trim()),
          ),
        ),
        'slack-ts': fc.oneof(
          fc.constantFrom('12', '1700000000', '1700000000.1', 'x.y'),
          hostileNonBlank.filter((v) => !/^\d{9,11}\.\d{6}$/.test(v.trim())),
        ),
        'slack-api-url': badUrl(),
        'github-token': fc.constantFrom('ghs a', 'a\tb', 'a\nb'),
        'github-api-url': badUrl(true),
        repository: fc.oneof(
          fc.constantFrom('acme', 'a/b/c', '/b', 'a/', 'a b/c'),
          hostileNonBlank.filter((v) => !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v.trim())),
        ),
        ref: fc.constantFrom('a..b', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', 'r'.repeat(256)),
        'deployment-id': badInteger(1, Number.MAX_SAFE_INTEGER, true),
        'production-environment': badEnum(['auto', 'true', 'false']),
        'transient-environment': badBoolean(),
        'webhook-url': fc.constantFrom(
          'not a url',
          'ftp://x',
          'file:///etc/passwd',
          'javascript:1',
          'PLANTED:opaque',
        ),
        'fail-on-error': badBoolean(),
        timeout: badDuration(1_000, 600_000),
      },
      companions: { 'slack-webhook-url': { 'slack-token': '', 'slack-channel': '' } },
      freeText: ['webhook-secret'],
      combos: [
        {
          names: ['slack-webhook-url', 'slack-token'],
          values: { 'slack-webhook-url': `${slack.url}/services/T/B/x` },
        },
        { names: ['slack-channel'], values: { 'slack-channel': '' } },
        { names: ['slack-channel'], values: { 'slack-token': '' } },
        {
          names: ['slack-ts'],
          values: { 'slack-token': '', 'slack-channel': '', 'slack-ts': '1700000000.000100' },
        },
        { names: ['webhook-secret'], values: { 'webhook-url': '' } },
        { names: ['deployment-id'], values: { 'github-token': '', 'deployment-id': '7' } },
        { names: ['environment'], values: { environment: '' } },
        {
          names: ['slack-webhook-url'],
          values: { 'slack-token': '', 'slack-channel': '', 'slack-webhook-url': 'not a url' },
        },
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([harness?.close(), slack?.close(), github?.close(), hooks?.close()]);
    await Promise.all(pids.map((pid) => stopDaemon(pid)));
    rmSync(context, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  });

  describe.each(['build-and-scan', 'sign-image', 'canary-deploy', 'verify-rollout', 'notify'])(
    '%s',
    (action) => {
      test('every input of action.yml is fuzzed', () => {
        expect(unfuzzedInputs(specs[action]())).toEqual([]);
      });

      test(`${RUNS_PER_ACTION} bad-input cases: each refused with one ::error::, no crash, no write`, async () => {
        const spec = specs[action]();
        const report = await fuzzBundle(spec, {
          runs: RUNS_PER_ACTION,
          seed: SEED,
          concurrency: CONCURRENCY,
          node,
          watch,
          cacheDir: join(temp, 'compile-cache'),
        });
        console.log(
          `${action}: ${report.cases} cases (${JSON.stringify(report.byKind)}) in ${(report.wallMs / 1_000).toFixed(1)} s; slowest inputs (mean ms): ${JSON.stringify(report.msByInput.slice(0, 5))}`,
        );
        if (report.failures.length > 0) throw new Error(describeFailures(spec, SEED, report));
        expect(report.cases).toBe(RUNS_PER_ACTION);
      }, 600_000);
    },
  );

  test('the services would have recorded a write (the watch is not blind)', async () => {
    const mark = watch.mark();
    const client = new RegistryClient({ registry: registry.REGISTRY, push: true });
    await pushSyntheticImage(client, 'fuzz/probe');
    await runDeploy(harness, {
      manifests: manifestFile(harness, 'probe.yaml', secureApp('probe')),
      image: pinned(4),
    });
    const writes = watch.since(mark);
    expect(writes.some((write) => write.startsWith('registry (plain): PUT'))).toBe(true);
    expect(writes.some((write) => write.startsWith('kube-sim: '))).toBe(true);
  });
});
