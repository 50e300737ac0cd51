import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../scripts/testbed/stand-ins/webhook-receiver.js';
import { DIGEST, runThroughRunner, type RunnerResult } from '../support/notify.js';

/** Planted secret values: none may appear in any log line, summary or output. */
const SLACK_TOKEN = 'xoxb-PLANTED-slack-token-7f3a';
const GITHUB_TOKEN = 'ghs_PLANTEDgithubToken9c1d';
const WEBHOOK_SECRET = 'PLANTED-hmac-secret-4e2b';

let slack: SlackStandIn;
let github: GitHubStandIn;
let hooks: WebhookReceiver;
let webhookUrl: string;
let slackWebhookUrl: string;

beforeAll(async () => {
  [slack, github, hooks] = await Promise.all([
    startSlack({ token: SLACK_TOKEN }),
    startGitHubApi({ token: GITHUB_TOKEN }),
    startWebhookReceiver(),
  ]);
  webhookUrl = `${hooks.url}/hooks/PLANTED-webhook-path-2d8e?key=PLANTED-query-5a9c`;
  slackWebhookUrl = `${slack.url}/services/T000/B000/PLANTED-slack-webhook-6b7f`;
});
afterAll(async () => {
  await Promise.all([slack.close(), github.close(), hooks.close()]);
});

function secretsIn(result: RunnerResult): string[] {
  // `::add-mask::<value>` is how a secret is handed to the runner's masker: the one place it must appear.
  const stdout = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const captured = [stdout, result.summary, JSON.stringify(result.outputs)].join('\n');
  return [SLACK_TOKEN, GITHUB_TOKEN, WEBHOOK_SECRET, webhookUrl, slackWebhookUrl, 'PLANTED'].filter(
    (secret) => captured.includes(secret),
  );
}

const allTargets = () => ({
  event: 'deploying',
  environment: 'production',
  digest: DIGEST,
  'slack-token': SLACK_TOKEN,
  'slack-channel': '#deploys',
  'slack-api-url': slack.apiUrl,
  'github-token': GITHUB_TOKEN,
  'github-api-url': github.url,
  'webhook-url': webhookUrl,
  'webhook-secret': WEBHOOK_SECRET,
  timeout: '5s',
});

test('through the real runner: outputs written, every secret masked, none in any log, summary or output', async () => {
  const result = await runThroughRunner(allTargets());
  expect(result.exitCode).toBe(0);
  expect(result.outputs).toEqual({
    'slack-ts': expect.stringMatching(/^\d+\.\d{6}$/),
    'slack-channel': expect.stringMatching(/^C/),
    'deployment-id': expect.stringMatching(/^\d+$/),
  });
  for (const secret of [SLACK_TOKEN, GITHUB_TOKEN, WEBHOOK_SECRET, webhookUrl])
    expect(result.stdout).toContain(`::add-mask::${secret}`);
  expect(result.summary).toContain('Deploying web to production');
  expect(secretsIn(result)).toEqual([]);
});

test('failures of every target (and their retries) leak nothing either', async () => {
  slack.script(
    { route: 'chat.postMessage', status: 500 },
    { route: 'chat.postMessage', error: 'invalid_auth' },
  );
  github.script({ status: 500 }, { status: 401, body: { message: 'Bad credentials' } });
  hooks.script({ status: 503, retryAfterSeconds: 0 }, { status: 400 });
  const result = await runThroughRunner(allTargets());
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toMatch(/::warning::Slack: not delivered/);
  expect(result.stdout).toMatch(/::warning::GitHub deployment: not delivered/);
  expect(result.stdout).toMatch(/::warning::Webhook: not delivered/);
  expect(secretsIn(result)).toEqual([]);
  const webhookDown = await runThroughRunner({
    event: 'failed',
    'slack-webhook-url': `http://127.0.0.1:9/services/PLANTED-unreachable`,
    timeout: '1s',
  });
  expect(webhookDown.stdout).toMatch(/::warning::Slack: not delivered: could not reach the Slack webhook/);
  expect(secretsIn(webhookDown)).toEqual([]);
  expect(webhookDown.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('127.0.0.1:9/services');
});

test('fail-on-error through the runner: the step fails with a plain message, still without secrets', async () => {
  slack.script({ route: 'chat.postMessage', error: 'channel_not_found' });
  const result = await runThroughRunner({ ...allTargets(), 'fail-on-error': 'true' });
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toMatch(
    /::error::Notification failed \(fail-on-error is set\): Slack: the Slack channel does not exist/,
  );
  expect(secretsIn(result)).toEqual([]);
});

// One bad value per input, with every receiver configured: refused before anything is sent anywhere.
test.each([
  ['event', 'deployed'],
  ['environment', 'a\tb'],
  ['service', 's'.repeat(256)],
  ['digest', 'web:latest'],
  ['previous-digest', 'sha256:0'],
  ['previous-sha', 'main'],
  ['strategy', 'yolo'],
  ['verdict', 'ok'],
  ['reason', 'r'.repeat(10_001)],
  ['analysis-report', '[{"value": 1}]'],
  ['environment-url', 'javascript:alert(1)'],
  ['evidence', '/nope.json'],
  ['slack-webhook-url', 'PLANTED-not-a-url'],
  ['slack-token', 'PLANTED-not-a-token'],
  ['slack-channel', 'Not A Channel'],
  ['slack-ts', '12'],
  ['slack-api-url', 'file:///etc/passwd'],
  ['github-token', 'PLANTED token'],
  ['github-api-url', 'ftp://github.example'],
  ['repository', 'acme'],
  ['ref', 'bad..ref'],
  ['deployment-id', '-3'],
  ['production-environment', 'sometimes'],
  ['transient-environment', 'TRUEISH'],
  ['webhook-url', 'PLANTED:opaque-secret'],
  ['webhook-secret', ''],
  ['fail-on-error', 'no'],
  ['timeout', '0s'],
])(
  'bad %s: ConfigurationError, the step fails, nothing sent to any receiver, no secret shown',
  async (input, value) => {
    const before = {
      slack: slack.requests.length,
      github: github.requests.length,
      hooks: hooks.deliveries.length,
    };
    // webhook-secret cannot be malformed; it is refused when given without webhook-url.
    const values =
      input === 'webhook-secret'
        ? { ...allTargets(), 'webhook-url': '', 'webhook-secret': WEBHOOK_SECRET }
        : { ...allTargets(), [input]: value };
    const result = await runThroughRunner(values);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`::error::Input '[^']*${input}[^']*': .+\\. Accepted: .+\\.`));
    expect({
      slack: slack.requests.length,
      github: github.requests.length,
      hooks: hooks.deliveries.length,
    }).toEqual(before);
    expect(result.outputs).toEqual({});
    expect(secretsIn(result)).toEqual([]);
  },
);
