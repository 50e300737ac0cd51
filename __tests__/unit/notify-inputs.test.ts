import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ConfigurationError } from '../../src/runtime/errors.js';
import { InputReader } from '../../src/runtime/input-reader.js';
import { parseInputs } from '../../src/actions/notify/inputs.js';
import { NOTIFY_ACTION, parseNotifyInputs, rawInputs, RUN_ENV, DIGEST, SHA } from '../support/notify.js';

const BOT = { 'slack-token': 'xoxb-1-2-abc', 'slack-channel': '#deploys' };

/** The input at fault when parsing fails (or undefined when it parses). */
function faultOf(values: Record<string, string>): string | undefined {
  try {
    parseNotifyInputs({ event: 'started', ...values });
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    expect(error.message).toMatch(/^Input '.+': .+\. Accepted: .+\.$/);
    return error.input;
  }
}

test('the smallest valid step: only the event; everything else from action.yml and the run', () => {
  const { inputs } = parseNotifyInputs({ event: 'started' });
  expect(inputs).toMatchObject({
    release: { event: 'started', service: 'web', run: { repository: 'acme/web', sha: SHA, actor: 'alice' } },
    failOnError: false,
    timeoutMs: 30_000,
  });
  expect(inputs.slack).toBeUndefined();
  expect(inputs.github).toBeUndefined();
});

test('every input declared in action.yml is read, and nothing else', () => {
  const raw = rawInputs({ event: 'started' });
  const reader = new InputReader(
    (name) => raw[name] ?? '',
    () => undefined,
    (name) => RUN_ENV[name],
  );
  parseInputs(reader);
  expect([...reader.read].sort()).toEqual(Object.keys(NOTIFY_ACTION.inputs).sort());
});

// One bad value per input: each is refused with a ConfigurationError naming that input.
test.each([
  ['event', { event: 'deployed' }],
  ['environment', { environment: 'prod\nstaging' }],
  ['service', { service: 'x'.repeat(300) }],
  ['digest', { digest: 'latest' }],
  ['previous-digest', { 'previous-digest': 'sha256:xyz' }],
  ['previous-sha', { 'previous-sha': 'HEAD' }],
  ['strategy', { strategy: 'big-bang' }],
  ['verdict', { verdict: 'great' }],
  ['reason', { reason: 'r'.repeat(10_001) }],
  ['analysis-report', { 'analysis-report': '{not json' }],
  ['environment-url', { 'environment-url': 'ftp://example.com' }],
  ['evidence', { evidence: '/nonexistent/release-evidence.json' }],
  ['slack-webhook-url', { 'slack-webhook-url': 'not a url' }],
  ['slack-token', { 'slack-token': 'https://hooks.slack.com/services/T/B/x', 'slack-channel': '#d' }],
  ['slack-channel', { 'slack-token': 'xoxb-1', 'slack-channel': 'Deploys Channel' }],
  ['slack-ts', { ...BOT, 'slack-ts': 'yesterday' }],
  ['slack-api-url', { 'slack-api-url': 'slack.com/api' }],
  ['github-token', { 'github-token': 'two words', environment: 'production' }],
  ['github-api-url', { 'github-api-url': 'api.github.com' }],
  ['repository', { repository: 'web' }],
  ['ref', { ref: 'a b' }],
  ['deployment-id', { 'deployment-id': '0' }],
  ['production-environment', { 'production-environment': 'maybe' }],
  ['transient-environment', { 'transient-environment': 'yes' }],
  ['webhook-url', { 'webhook-url': 'mailto:ops@example.com' }],
  ['webhook-secret', { 'webhook-secret': 's3cret' }],
  ['fail-on-error', { 'fail-on-error': 'sometimes' }],
  ['timeout', { timeout: '1h' }],
])('%s: a bad value is a ConfigurationError naming it', (input, values) => {
  expect(faultOf(values)).toBe(input);
});

test('the bad-input table covers every input of action.yml', () => {
  // Kept in step with the table above: adding an input to action.yml without a bad-value case fails here.
  const covered = [
    'event',
    'environment',
    'service',
    'digest',
    'previous-digest',
    'previous-sha',
    'strategy',
    'verdict',
    'reason',
    'analysis-report',
    'environment-url',
    'evidence',
    'slack-webhook-url',
    'slack-token',
    'slack-channel',
    'slack-ts',
    'slack-api-url',
    'github-token',
    'github-api-url',
    'repository',
    'ref',
    'deployment-id',
    'production-environment',
    'transient-environment',
    'webhook-url',
    'webhook-secret',
    'fail-on-error',
    'timeout',
  ];
  expect(covered.sort()).toEqual(Object.keys(NOTIFY_ACTION.inputs).sort());
});

test.each([
  [{ 'slack-webhook-url': 'https://hooks.example/x', ...BOT }, 'slack-webhook-url, slack-token'],
  [{ 'slack-token': 'xoxb-1' }, 'slack-channel'],
  [{ 'slack-channel': '#deploys' }, 'slack-channel'],
  [{ 'slack-webhook-url': 'https://hooks.example/x', 'slack-ts': '1712345678.123456' }, 'slack-ts'],
  [{ 'deployment-id': '12' }, 'deployment-id'],
  [{ 'github-token': 'ghs_x' }, 'environment'],
  [{ 'github-token': 'ghs_x', environment: 'staging' }, 'repository'],
])('combination %j → %s', (values, input) => {
  const env = input === 'repository' ? { ...RUN_ENV, GITHUB_REPOSITORY: '' } : RUN_ENV;
  let fault: string | undefined;
  try {
    parseNotifyInputs({ event: 'started', ...values }, env);
  } catch (error) {
    fault = error instanceof ConfigurationError ? error.input : 'not a ConfigurationError';
  }
  expect(fault).toBe(input);
});

test('secrets are masked as they are read, and no error message quotes them', () => {
  const secrets = {
    'slack-token': 'xoxb-planted-1',
    'github-token': 'ghs_planted2',
    'webhook-url': 'https://hooks.example/planted3',
    'webhook-secret': 'planted4',
  };
  const { masked } = parseNotifyInputs({
    event: 'started',
    environment: 'staging',
    'slack-channel': '#d',
    ...secrets,
  });
  expect(masked.sort()).toEqual(Object.values(secrets).sort());
  for (const [input, value] of [
    ['slack-webhook-url', 'planted-not-a-url'],
    ['webhook-url', 'planted:opaque'],
    ['slack-token', 'planted-token'],
    ['github-token', 'planted token'],
  ]) {
    let message = '';
    try {
      parseNotifyInputs({
        event: 'started',
        environment: 'e',
        'slack-channel': input === 'slack-token' ? '#d' : '',
        [input]: value,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`Input '${input}'`);
    expect(message).not.toContain('planted');
  }
});

test('full values: digest reference, analysis, evidence, bot mode, GitHub and webhook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'notify-'));
  writeFileSync(join(dir, 'evidence.json'), JSON.stringify({ digest: DIGEST }));
  writeFileSync(
    join(dir, 'event.json'),
    JSON.stringify({ head_commit: { message: 'Fix <!channel>' }, pull_request: { title: 'PR', number: 4 } }),
  );
  const { inputs } = parseNotifyInputs(
    {
      event: 'promoted',
      environment: 'production',
      digest: `ghcr.io/acme/web@${DIGEST}`,
      'analysis-report': JSON.stringify({ checks: [{ name: 'error-rate', value: 0.1, result: 'pass' }] }),
      evidence: join(dir, 'evidence.json'),
      ...BOT,
      'slack-ts': '1712345678.123456',
      'github-token': 'ghs_x',
      'deployment-id': '77',
      'webhook-url': 'https://hooks.example/x',
      timeout: '5s',
    },
    { ...RUN_ENV, GITHUB_EVENT_PATH: join(dir, 'event.json'), GITHUB_API_URL: 'https://ghe.example/api/v3' },
  );
  expect(inputs.release).toMatchObject({
    digest: DIGEST,
    image: 'ghcr.io/acme/web',
    metrics: [{ name: 'error-rate', value: '0.1', passed: true }],
    change: { commitMessage: 'Fix <!channel>', pullRequestNumber: 4, branch: 'main' },
  });
  expect(inputs.slack).toEqual({
    mode: 'bot',
    token: 'xoxb-1-2-abc',
    channel: '#deploys',
    ts: '1712345678.123456',
    apiUrl: 'https://slack.com/api/',
  });
  expect(inputs.github).toMatchObject({
    apiUrl: 'https://ghe.example/api/v3',
    owner: 'acme',
    repo: 'web',
    deploymentId: 77,
    environment: 'production',
    ref: SHA,
  });
  expect(inputs).toMatchObject({
    evidence: { digest: DIGEST },
    timeoutMs: 5_000,
    webhook: { url: 'https://hooks.example/x' },
  });
});

test('fuzzed values for every input: a ConfigurationError or a valid parse, never a crash', () => {
  const names = Object.keys(NOTIFY_ACTION.inputs);
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom(...names),
        fc.oneof(fc.string(), fc.constantFrom('true', '0', '#d', 'xoxb-1', 'http://x', DIGEST, 'production')),
      ),
      (values) => {
        try {
          parseNotifyInputs({ event: 'started', ...values });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError);
        }
      },
    ),
    { numRuns: 1_000 },
  );
});

test("verify-rollout's JSON reason reads as its sentence with the code after it; other text stays as written", () => {
  const reasonOf = (reason: string) => parseNotifyInputs({ event: 'failed', reason }).inputs.release.reason;
  expect(reasonOf('{"code":"error-rate","message":"error-rate: 0.067 above max 0.05"}')).toBe(
    'error-rate: 0.067 above max 0.05 (error-rate)',
  );
  expect(reasonOf('{"message":"the canary crashed"}')).toBe('the canary crashed');
  expect(reasonOf('the canary crashed')).toBe('the canary crashed');
  expect(reasonOf('{"code":"x"}')).toBe('{"code":"x"}');
  expect(reasonOf('[1, 2]')).toBe('[1, 2]');
});
