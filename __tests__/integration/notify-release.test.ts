import { createHmac } from 'node:crypto';
import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../scripts/testbed/stand-ins/webhook-receiver.js';
import { DIGEST, PREVIOUS_DIGEST, runNotify } from '../support/notify.js';

const TOKEN = 'xoxb-planted-slack-token-1234';
const GH_TOKEN = 'ghs_plantedGitHubToken5678';
const HOOK_SECRET = 'planted-webhook-secret-9abc';

let slack: SlackStandIn;
let github: GitHubStandIn;
let hooks: WebhookReceiver;

beforeAll(async () => {
  [slack, github, hooks] = await Promise.all([
    startSlack({ token: TOKEN }),
    startGitHubApi({ token: GH_TOKEN }),
    startWebhookReceiver(),
  ]);
});
afterAll(async () => {
  await Promise.all([slack.close(), github.close(), hooks.close()]);
});

/** Plays a full release through notify, passing each stage's outputs to the next, as a workflow does. */
async function playRelease(environment: string, stages: string[], extra: Record<string, string> = {}) {
  let carried: Record<string, string> = {};
  const results = [];
  for (const event of stages) {
    const result = await runNotify({
      event,
      environment,
      digest: DIGEST,
      'previous-digest': PREVIOUS_DIGEST,
      strategy: 'canary',
      'slack-token': TOKEN,
      'slack-channel': carried['slack-channel'] ?? '#deploys',
      'slack-ts': carried['slack-ts'] ?? '',
      'slack-api-url': slack.apiUrl,
      'github-token': GH_TOKEN,
      'github-api-url': github.url,
      'deployment-id': carried['deployment-id'] ?? '',
      'webhook-url': `${hooks.url}/hook`,
      'webhook-secret': HOOK_SECRET,
      ...(event === 'promoted' ? { verdict: 'promoted', reason: 'analysis-passed: every check passed' } : {}),
      ...extra,
    });
    carried = Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, String(v ?? '')]));
    results.push(result);
  }
  return results;
}

describe('a full release in bot mode', () => {
  const stages = ['started', 'deploying', 'verified', 'promoted'];

  test('one Slack message is created, then updated at each later stage', async () => {
    const before = { requests: slack.requests.length, messages: slack.messages.length };
    const results = await playRelease('staging', stages);
    const calls = slack.requests.slice(before.requests);
    expect(calls.map((r) => r.route)).toEqual([
      'chat.postMessage',
      'chat.update',
      'chat.update',
      'chat.update',
    ]);
    expect(calls.every((r) => r.outcome === 'ok')).toBe(true);
    expect(slack.messages.length - before.messages).toBe(1);
    const message = slack.messages.at(-1);
    expect(message?.updates).toBe(3);
    expect(message?.text).toContain('promoted');
    const ts = results.map((r) => r.outputs['slack-ts']);
    expect(new Set(ts).size).toBe(1);
    expect(results.every((r) => r.logger.lines.every((l) => !l.startsWith('warning')))).toBe(true);
  });

  test('GitHub: at most 5 API calls per release, all valid against the OpenAPI description', async () => {
    for (const environment of ['staging', 'production']) {
      const before = github.requests.length;
      await playRelease(environment, stages);
      const calls = github.requests.slice(before);
      expect(calls.length).toBeLessThanOrEqual(5);
      expect(calls.every((c) => c.status >= 200 && c.status < 300)).toBe(true);
    }
    expect(github.violations).toEqual([]);
  });

  test('the deployment is created with the required fields and ends in success; the replaced production deployment goes inactive', async () => {
    const [first] = await playRelease('production', stages, {
      digest: PREVIOUS_DIGEST,
      'previous-digest': '',
    });
    const firstId = Number(first.outputs['deployment-id']);
    // A bad release in between: it must not be taken for the one serving.
    await playRelease('production', ['started', 'deploying', 'rolled-back'], {
      digest: `sha256:${'3'.repeat(64)}`,
    });
    const before = github.requests.length;
    const results = await playRelease('production', stages);
    const id = Number(results[0].outputs['deployment-id']);
    const create = github.requests
      .slice(before)
      .find((r) => r.method === 'POST' && r.path.endsWith('/deployments'));
    expect(create?.body).toMatchObject({
      auto_merge: false,
      required_contexts: [],
      environment: 'production',
      production_environment: true,
      transient_environment: false,
      ref: 'a'.repeat(40),
    });
    expect(github.stateOf(id)).toBe('success');
    expect(github.stateOf(firstId)).toBe('inactive');
    const statuses = github.deployments.find((d) => d.id === id)?.statuses ?? [];
    expect(statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(statuses[1]).toMatchObject({ log_url: 'https://github.com/acme/web/actions/runs/42' });
    expect(github.violations).toEqual([]);
  });

  test('a rolled-back release ends in failure, and its message says what to do', async () => {
    const results = await playRelease('staging', ['started', 'deploying', 'rolled-back'], {
      verdict: 'rolled-back',
      reason: 'error-rate: 7.5% > 1%',
    });
    const id = Number(results[0].outputs['deployment-id']);
    expect(github.stateOf(id)).toBe('failure');
    const message = slack.messages.at(-1);
    expect(JSON.stringify(message?.blocks)).toContain('Users are back on sha256:222222222222');
    expect(results[2].summary.markdown).toContain('| Reason | error-rate: 7.5% &gt; 1% |');
  });

  test('webhook deliveries are signed with HMAC-SHA256 over the exact body', async () => {
    const before = hooks.deliveries.length;
    await playRelease('staging', ['started']);
    const delivery = hooks.deliveries[before];
    const expected = `sha256=${createHmac('sha256', HOOK_SECRET).update(delivery.raw).digest('hex')}`;
    expect(delivery.headers['x-prodline-signature-256']).toBe(expected);
    const body = JSON.parse(delivery.raw) as Record<string, unknown>;
    expect(body).toMatchObject({
      schema: 'prodline.notify/v1',
      event: 'started',
      service: 'web',
      digest: DIGEST,
    });
    expect(typeof body.deploymentId).toBe('number');
  });

  test('the job summary has the release card', async () => {
    const [result] = await playRelease('production', ['promoted'], {
      'analysis-report': JSON.stringify([{ name: 'error-rate', value: 0.2, threshold: '< 1', passed: true }]),
    });
    const card = result.summary.markdown;
    expect(card).toContain('web promoted to production');
    expect(card).toContain('sha256:111111111111');
    expect(card).toContain(DIGEST);
    expect(card).toContain('| check | value | threshold | result |');
    expect(card).toContain('[open the run](https://github.com/acme/web/actions/runs/42)');
    expect(card).toContain('alice');
  });
});
