import { inputsWithDefaults, readActionMetadata } from '../../scripts/lib/action-metadata.js';
import { ConfigurationError } from '../../src/runtime/errors.js';
import type { InputReader } from '../../src/runtime/input-reader.js';
import { parseInputs as parseBuildAndScan } from '../../src/actions/build-and-scan/inputs.js';
import { parseInputs as parseSignImage } from '../../src/actions/sign-image/inputs.js';
import { parseInputs as parseCanaryDeploy } from '../../src/actions/canary-deploy/inputs.js';
import { parseInputs as parseVerifyRollout } from '../../src/actions/verify-rollout/inputs.js';
import { ACTION_FIXTURES, FIXTURE_DIGEST } from '../support/action-fixtures.js';
import { readerFor } from '../support/reader.js';

const PARSERS: Record<string, (read: InputReader) => unknown> = {
  'build-and-scan': parseBuildAndScan,
  'sign-image': parseSignImage,
  'canary-deploy': parseCanaryDeploy,
  'verify-rollout': parseVerifyRollout,
};

/** Parses an action's inputs: defaults from action.yml, the fixture, then the overrides. */
function parse(action: string, overrides: Record<string, string>, env?: Record<string, string>): unknown {
  const fixture = ACTION_FIXTURES[action];
  const { read } = readerFor(
    inputsWithDefaults(readActionMetadata(action), { ...fixture.inputs, ...overrides }, {}),
    env ?? fixture.env ?? {},
  );
  return PARSERS[action](read);
}

describe.each(Object.keys(PARSERS))('%s parses its fixture and action.yml defaults', (action) => {
  test('valid', () => {
    expect(() => parse(action, {})).not.toThrow();
  });
});

// Each bad value is refused with a ConfigurationError naming the input(s) at fault.
test.each([
  ['build-and-scan', { image: 'GHCR.io/Org/App' }, 'image'],
  ['build-and-scan', { image: 'ghcr.io/org/app:1.0' }, 'image'],
  ['build-and-scan', { 'severity-threshold': 'SEVERE' }, 'severity-threshold'],
  ['build-and-scan', { 'report-severities': 'HIGH,BAD' }, 'report-severities'],
  ['build-and-scan', { scanners: 'vuln,license' }, 'scanners'],
  ['build-and-scan', { 'scan-timeout': 'soon' }, 'scan-timeout'],
  ['build-and-scan', { 'max-layers': '0' }, 'max-layers'],
  ['build-and-scan', { 'build-args': 'no equals sign' }, 'build-args'],
  ['build-and-scan', { secrets: 'a=1\na=2' }, 'secrets'],
  ['build-and-scan', { username: 'bot' }, 'username, password'],
  ['build-and-scan', { 'trivy-version': 'latest' }, 'trivy-version'],
  ['build-and-scan', { push: 'yes' }, 'push'],
  ['sign-image', { image: 'ghcr.io/org/app:latest' }, 'image'],
  ['sign-image', { mode: 'attest' }, 'mode'],
  ['sign-image', { format: 'sigstore' }, 'format'],
  ['sign-image', { 'key-password': 'pw' }, 'key-password'],
  ['sign-image', { 'fulcio-url': 'fulcio.sigstore.dev' }, 'fulcio-url'],
  ['sign-image', { mode: 'verify' }, 'certificate-identity'],
  [
    'sign-image',
    { mode: 'verify', 'certificate-identity': 'x', 'certificate-identity-regexp': 'y' },
    'certificate-identity, certificate-identity-regexp',
  ],
  ['sign-image', { mode: 'verify', 'certificate-identity-regexp': '(' }, 'certificate-identity-regexp'],
  ['sign-image', { 'push-provenance': 'true' }, 'push-provenance'],
  ['canary-deploy', { image: 'ghcr.io/org/app:1.0' }, 'image'],
  ['canary-deploy', { strategy: 'big-bang' }, 'strategy'],
  ['canary-deploy', { strategy: 'canary', 'canary-weight': '100' }, 'canary-weight'],
  ['canary-deploy', { 'canary-weight': '150%' }, 'canary-weight'],
  ['canary-deploy', { namespace: 'Prod_1' }, 'namespace'],
  ['canary-deploy', { 'traffic-router': 'gateway-api' }, 'http-route'],
  ['canary-deploy', { 'require-signature': 'true' }, 'require-signature'],
  ['canary-deploy', { manifests: '' }, 'manifests'],
  ['verify-rollout', { workloads: 'statefulset/db' }, 'workloads'],
  ['verify-rollout', { selector: 'app=web' }, 'workloads, selector'],
  ['verify-rollout', { analysis: 'error-rate' }, 'prometheus-url'],
  [
    'verify-rollout',
    {
      'prometheus-url': 'http://p',
      'prometheus-token': 't',
      'prometheus-username': 'u',
      'prometheus-password': 'p',
    },
    'prometheus-token',
  ],
  ['verify-rollout', { 'abort-on-alerts': 'severity="critical"' }, 'alertmanager-url'],
  [
    'verify-rollout',
    { 'alertmanager-url': 'http://am', 'abort-on-alerts': 'severity=critical' },
    'abort-on-alerts',
  ],
  ['verify-rollout', { 'health-urls': 'healthz' }, 'health-urls'],
  ['verify-rollout', { 'no-data': 'ignore' }, 'no-data'],
  ['verify-rollout', { 'on-failure': 'panic' }, 'on-failure'],
  ['verify-rollout', { interval: '1m', duration: '30s' }, 'duration'],
  ['verify-rollout', { 'max-restarts': '-1' }, 'max-restarts'],
])('%s %j → ConfigurationError for %s', (action, overrides, input) => {
  let error: unknown;
  try {
    parse(action, overrides);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).input).toBe(input);
  expect((error as ConfigurationError).message).toMatch(/\. Accepted: .+\.$/);
});

test('keyless signing without id-token permission says what to add', () => {
  expect(() => parse('sign-image', {}, {})).toThrow(/permissions: id-token: write/);
});

test('a tag is accepted for signing only with resolve-tag, and in non-production deploys', () => {
  expect(() => parse('sign-image', { image: 'ghcr.io/org/app:1.0', 'resolve-tag': 'true' })).not.toThrow();
  expect(() =>
    parse('canary-deploy', { image: 'ghcr.io/org/app:1.0', 'environment-kind': 'staging' }),
  ).not.toThrow();
  expect(parse('canary-deploy', { image: `ghcr.io/org/app@${FIXTURE_DIGEST}` })).toMatchObject({
    image: { digest: FIXTURE_DIGEST },
  });
});
