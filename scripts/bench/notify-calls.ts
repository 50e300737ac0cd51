/**
 * Slack, GitHub and webhook calls per release: a full release (started → deploying → verified →
 * promoted) played through the notify action against the local stand-ins, each stage's outputs passed
 * to the next as a workflow does. Run: npx tsx scripts/bench/notify-calls.ts
 */
import { startSlack } from '../testbed/stand-ins/slack.js';
import { startGitHubApi } from '../testbed/stand-ins/github-api.js';
import { startWebhookReceiver } from '../testbed/stand-ins/webhook-receiver.js';
import { InputReader } from '../../src/runtime/input-reader.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import { parseInputs } from '../../src/actions/notify/inputs.js';
import { run } from '../../src/actions/notify/run.js';
import { reportRow } from './bench-row.js';

const STAGES = ['started', 'deploying', 'verified', 'promoted'];
const GITHUB_BUDGET = 5;
const ENV: Record<string, string> = {
  GITHUB_REPOSITORY: 'acme/web',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_RUN_ID: '1',
  GITHUB_ACTOR: 'bench',
};
const DIGESTS = [`sha256:${'1'.repeat(64)}`, `sha256:${'2'.repeat(64)}`];

const slack = await startSlack();
const github = await startGitHubApi();
const hooks = await startWebhookReceiver();

/** Plays one release; returns calls per target and the wall time. */
async function release(environment: string, slackMode: 'bot' | 'webhook', digest: string, previous?: string) {
  const before = {
    slack: slack.requests.length,
    github: github.requests.length,
    hooks: hooks.deliveries.length,
  };
  let carried: Record<string, string> = {};
  const started = performance.now();
  let warnings = 0;
  for (const event of STAGES) {
    const values: Record<string, string> = {
      event,
      environment,
      digest,
      'previous-digest': previous ?? '',
      'production-environment': 'auto',
      'transient-environment': 'false',
      'fail-on-error': 'false',
      timeout: '30s',
      'slack-api-url': slack.apiUrl,
      'github-token': 'ghs_bench',
      'github-api-url': github.url,
      'deployment-id': carried['deployment-id'] ?? '',
      'webhook-url': `${hooks.url}/hook`,
      'webhook-secret': 'bench',
      ...(slackMode === 'bot'
        ? {
            'slack-token': 'xoxb-bench',
            'slack-channel': carried['slack-channel'] ?? '#deploys',
            'slack-ts': carried['slack-ts'] ?? '',
          }
        : { 'slack-webhook-url': slack.webhookUrl('deploys') }),
    };
    const read = new InputReader(
      (name) => values[name] ?? '',
      () => undefined,
      (name) => ENV[name],
    );
    const logger = new MemoryLogger();
    const outputs = await run(parseInputs(read), { logger, summary: new MemorySummary() });
    warnings += logger.lines.filter((line) => line.startsWith('warning')).length;
    carried = Object.fromEntries(
      Object.entries(outputs).map(([key, value]) => [key, value === undefined ? '' : String(value)]),
    );
  }
  const slackCalls = slack.requests.slice(before.slack);
  return {
    environment,
    slackMode,
    slack: slackCalls.length,
    slackDetail: slackCalls
      .map((r) => (r.route === 'webhook' ? 'webhook' : r.route.replace('chat.', '')))
      .join(','),
    github: github.requests.length - before.github,
    webhook: hooks.deliveries.length - before.hooks,
    ms: Math.round(performance.now() - started),
    warnings,
  };
}

try {
  const rows = [
    await release('staging', 'bot', DIGESTS[0]),
    await release('production', 'bot', DIGESTS[0]),
    // The next production release replaces the first one: its deployment is marked inactive.
    await release('production', 'bot', DIGESTS[1], DIGESTS[0]),
    await release('staging', 'webhook', DIGESTS[1], DIGESTS[0]),
  ];
  console.log(`notify: calls per release (${STAGES.join(' → ')}), against the local stand-ins`);
  console.log('');
  console.log(
    'environment  slack mode  slack calls                             GitHub calls (≤ 5)  webhook  wall ms  warnings',
  );
  for (const row of rows) {
    console.log(
      `${row.environment.padEnd(12)} ${row.slackMode.padEnd(11)} ${`${row.slack} (${row.slackDetail})`.padEnd(39)} ${String(row.github).padEnd(19)} ${String(row.webhook).padEnd(8)} ${String(row.ms).padEnd(8)} ${row.warnings}`,
    );
  }
  const worstGitHub = Math.max(...rows.map((row) => row.github));
  const botMessages = new Set(slack.messages.filter((m) => m.via === 'api').map((m) => m.ts)).size;
  console.log('');
  console.log(`bot mode: ${botMessages} Slack messages for 3 releases (one per release, updated in place)`);
  console.log(
    `GitHub calls per release: at most ${worstGitHub} (budget ${GITHUB_BUDGET}) — ${worstGitHub <= GITHUB_BUDGET ? 'OK' : 'OVER BUDGET'}`,
  );
  console.log(`OpenAPI violations: ${github.violations.length}`);
  reportRow({
    row: 'GitHub API calls per release (started → deploying → verified → promoted)',
    measured: `at most ${worstGitHub}, ${github.violations.length} OpenAPI violations`,
    against: "GitHub's REST OpenAPI description (stand-in)",
    target: `≤ ${GITHUB_BUDGET}`,
    met: worstGitHub <= GITHUB_BUDGET && github.violations.length === 0,
  });
  reportRow({
    row: 'Slack messages per release (bot mode)',
    measured: `${botMessages} for 3 releases, updated in place`,
    against: 'one message per stage',
    target: '1 per release',
    met: botMessages === 3,
  });
  if (worstGitHub > GITHUB_BUDGET || github.violations.length > 0) process.exitCode = 1;
} finally {
  await Promise.all([slack.close(), github.close(), hooks.close()]);
}
