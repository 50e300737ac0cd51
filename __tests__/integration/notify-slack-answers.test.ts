import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import { ActionFailure } from '../../src/runtime/errors.js';
import { DIGEST, runNotify } from '../support/notify.js';

const TOKEN = 'xoxb-answers-token';
let slack: SlackStandIn;

beforeAll(async () => {
  slack = await startSlack({ token: TOKEN });
});
afterAll(async () => {
  await slack.close();
});

/** Runs one notify through the incoming webhook; returns what Slack was sent and what was logged. */
async function viaWebhook(extra: Record<string, string> = {}) {
  const before = slack.requests.length;
  const started = Date.now();
  const result = await runNotify({
    event: 'deploying',
    environment: 'staging',
    digest: DIGEST,
    'slack-webhook-url': slack.webhookUrl('deploys'),
    timeout: '10s',
    ...extra,
  });
  return {
    ...result,
    requests: slack.requests.slice(before),
    elapsed: Date.now() - started,
    log: result.logger.text(),
  };
}

describe('incoming webhook: each Slack answer handled as documented', () => {
  test('200 "ok": delivered once, as Block Kit blocks with a text fallback', async () => {
    const { requests, log, summary } = await viaWebhook();
    expect(requests.map((r) => [r.status, r.outcome])).toEqual([[200, 'ok']]);
    expect(requests[0].body).toMatchObject({
      text: expect.stringContaining('Deploying web to staging'),
      blocks: expect.any(Array),
    });
    expect(log).toContain('Slack: message posted through the incoming webhook');
    expect(summary.markdown).toContain('✅ Slack');
  });

  test.each([
    [400, 'invalid_payload', 'malformed (a bug in prodline'],
    [403, 'action_prohibited', 'admin does not allow'],
    [404, 'channel_not_found', 'does not exist'],
    [410, 'channel_is_archived', 'archived'],
  ])(
    '%i %s: final, not retried, a warning that says what to do; the step succeeds',
    async (status, error, meaning) => {
      slack.script({ route: 'webhook', status, error });
      const { requests, log, summary, outputs } = await viaWebhook();
      expect(requests.map((r) => r.status)).toEqual([status]);
      expect(log).toMatch(
        new RegExp(
          `warning: Slack: not delivered: .*${meaning.replace(/[()]/g, '\\$&')}.*\\[${error}\\].*The release itself is not affected`,
        ),
      );
      expect(summary.markdown).toContain('⚠️ Slack');
      expect(outputs['deployment-id']).toBeUndefined();
    },
  );

  test('429 with Retry-After: waits as asked, then delivers', async () => {
    slack.script({ route: 'webhook', status: 429, error: 'rate_limited', retryAfterSeconds: 1 });
    const { requests, log, elapsed } = await viaWebhook();
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(log).toContain('retrying in 1.0s (attempt 2 of 5)');
  });

  test('500: retried with backoff, then delivered', async () => {
    slack.script(
      { route: 'webhook', status: 500, error: 'rollup_error' },
      { route: 'webhook', status: 503, error: 'service_unavailable' },
    );
    const { requests, log } = await viaWebhook();
    expect(requests.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(log).not.toContain('warning');
  });

  test('an outage is bounded by timeout, and stays a warning', async () => {
    slack.script(
      ...Array.from({ length: 10 }, () => ({
        route: 'webhook' as const,
        status: 500,
        error: 'rollup_error',
        retryAfterSeconds: 1,
      })),
    );
    const { requests, log, elapsed } = await viaWebhook({ timeout: '2s' });
    expect(elapsed).toBeLessThan(4_000);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(log).toMatch(/warning: Slack: not delivered: .*time limit/);
    slack.clearScript();
  });

  test('fail-on-error: true turns a failed notification into a failed step, summary still written', async () => {
    slack.script({ route: 'webhook', status: 404, error: 'channel_not_found' });
    const before = slack.requests.length;
    const { parseNotifyInputs } = await import('../support/notify.js');
    const { run } = await import('../../src/actions/notify/run.js');
    const { MemoryLogger } = await import('../../src/runtime/logger.js');
    const { MemorySummary } = await import('../../src/runtime/summary.js');
    const { inputs } = parseNotifyInputs({
      event: 'failed',
      'slack-webhook-url': slack.webhookUrl(),
      'fail-on-error': 'true',
    });
    const summary = new MemorySummary();
    await expect(run(inputs, { logger: new MemoryLogger(), summary })).rejects.toThrow(ActionFailure);
    await expect(
      run(inputs, { logger: new MemoryLogger(), summary: new MemorySummary() }),
    ).resolves.toBeDefined();
    expect(summary.markdown).toContain('⚠️ Slack');
    expect(slack.requests.length - before).toBe(2);
  });
});

describe('bot token (Web API): answers handled as documented', () => {
  const bot = (extra: Record<string, string> = {}) =>
    runNotify({
      event: 'deploying',
      environment: 'staging',
      'slack-token': TOKEN,
      'slack-channel': '#deploys',
      'slack-api-url': slack.apiUrl,
      timeout: '10s',
      ...extra,
    });

  test('postMessage answers {ok, ts, channel}: both become outputs (the channel as its ID)', async () => {
    const { outputs } = await bot();
    expect(outputs['slack-ts']).toMatch(/^\d+\.\d{6}$/);
    expect(outputs['slack-channel']).toMatch(/^C[0-9A-F]+$/);
  });

  test('429 on chat.update with Retry-After: waits, then updates the same message', async () => {
    const first = await bot();
    slack.script({ route: 'chat.update', status: 429, retryAfterSeconds: 1 });
    const before = slack.requests.length;
    const { outputs, logger } = await bot({
      event: 'verified',
      'slack-ts': String(first.outputs['slack-ts']),
      'slack-channel': String(first.outputs['slack-channel']),
    });
    expect(slack.requests.slice(before).map((r) => `${r.route} ${r.status}`)).toEqual([
      'chat.update 429',
      'chat.update 200',
    ]);
    expect(outputs['slack-ts']).toBe(first.outputs['slack-ts']);
    expect(logger.text()).toContain('rate limiting');
  });

  test('429 with a Retry-After of 3 s (not the 1 s the code falls back to): the wait is at least 3 s', async () => {
    const first = await bot();
    slack.script({ route: 'chat.update', status: 429, retryAfterSeconds: 3 });
    const before = slack.requests.length;
    const started = Date.now();
    const { outputs, logger } = await bot({
      event: 'verified',
      'slack-ts': String(first.outputs['slack-ts']),
      'slack-channel': String(first.outputs['slack-channel']),
    });
    const elapsed = Date.now() - started;
    const calls = slack.requests.slice(before);
    expect(calls.map((r) => `${r.route} ${r.status}`)).toEqual(['chat.update 429', 'chat.update 200']);
    // A lower bound only: a busy machine may wait longer, never shorter than Slack asked.
    expect(elapsed).toBeGreaterThanOrEqual(3_000);
    expect(logger.text()).toContain('retrying in 3.0s');
    expect(outputs['slack-ts']).toBe(first.outputs['slack-ts']);
  }, 20_000);

  test('chat.update gets the channel ID Slack returned, never the #name: Slack refuses a name there', async () => {
    const first = await bot();
    expect(first.outputs['slack-channel']).toMatch(/^C[0-9A-F]+$/);
    const before = slack.requests.length;
    const updated = await bot({
      event: 'promoted',
      'slack-ts': String(first.outputs['slack-ts']),
      'slack-channel': String(first.outputs['slack-channel']),
    });
    const update = slack.requests.slice(before).find((r) => r.route === 'chat.update');
    expect(update?.body.channel).toBe(first.outputs['slack-channel']);
    expect(update?.outcome).toBe('ok');
    expect(updated.outputs['slack-ts']).toBe(first.outputs['slack-ts']);
    expect(slack.messages.find((m) => m.ts === first.outputs['slack-ts'])?.updates).toBe(1);

    // Given the name instead, the stand-in answers as Slack does, and notify says what to pass.
    const named = await bot({ event: 'promoted', 'slack-ts': String(first.outputs['slack-ts']) });
    const refused = slack.requests
      .slice(before)
      .filter((r) => r.route === 'chat.update')
      .at(-1);
    expect(refused).toMatchObject({ outcome: 'channel_not_found', body: { channel: '#deploys' } });
    expect(named.logger.text()).toMatch(/chat\.update needs the channel ID.*slack-channel output/);
  });

  test('HTTP 500 from the Web API is retried', async () => {
    slack.script({ route: 'chat.postMessage', status: 500 });
    const before = slack.requests.length;
    const { outputs } = await bot();
    expect(slack.requests.slice(before).map((r) => r.status)).toEqual([500, 200]);
    expect(outputs['slack-ts']).toBeDefined();
  });

  test.each([
    ['channel_not_found', 'check slack-channel'],
    ['not_in_channel', '/invite'],
    ['invalid_auth', 'check the secret'],
  ])('{ok: false, error: %s}: a final answer, explained', async (error, advice) => {
    slack.script({ route: 'chat.postMessage', error });
    const before = slack.requests.length;
    const { logger, outputs } = await bot();
    expect(slack.requests.length - before).toBe(1);
    expect(logger.text()).toContain(advice);
    expect(outputs['slack-ts']).toBeUndefined();
  });

  test('a wrong token is refused by Slack (invalid_auth)', async () => {
    const { logger } = await bot({ 'slack-token': 'xoxb-wrong' });
    expect(logger.text()).toContain('[invalid_auth]');
  });

  test('the message to update was deleted: a new one is posted, and its ts passed on', async () => {
    const { outputs, logger } = await bot({ 'slack-ts': '1600000000.000001', 'slack-channel': 'C0DELETED1' });
    expect(logger.text()).toContain('no longer exists; posting a new one');
    expect(outputs['slack-ts']).not.toBe('1600000000.000001');
  });

  test('when the update fails, the ts and channel given are passed on so later stages still update it', async () => {
    const first = await bot();
    slack.script({ route: 'chat.update', error: 'channel_not_found' });
    const { outputs } = await bot({
      event: 'promoted',
      'slack-ts': String(first.outputs['slack-ts']),
      'slack-channel': String(first.outputs['slack-channel']),
    });
    expect(outputs).toMatchObject({
      'slack-ts': first.outputs['slack-ts'],
      'slack-channel': first.outputs['slack-channel'],
    });
  });
});
