import { startGitHubApi } from '../testbed/stand-ins/github-api.js';
import { startSlack } from '../testbed/stand-ins/slack.js';
import { commandMessages, runBundle } from './run-bundle.js';

const DIGEST = `sha256:${'7'.repeat(64)}`;
const STAGES = ['started', 'deploying', 'verified', 'promoted'] as const;

/**
 * One release told through the notify bundle, stage by stage, against the Slack and GitHub API
 * stand-ins: one Slack message created then updated in place, one GitHub deployment whose status follows.
 */
export async function playReleaseNotifications(log: (line: string) => void): Promise<void> {
  const slack = await startSlack({ token: 'xoxb-demo' });
  const github = await startGitHubApi({ token: 'ghs-demo' });
  try {
    let slackTs = '';
    let deploymentId = '';
    for (const event of STAGES) {
      const result = await runBundle(
        'notify',
        {
          event,
          environment: 'production',
          service: 'demo-web',
          digest: DIGEST,
          strategy: 'canary',
          ...(event === 'promoted'
            ? { verdict: 'promoted', reason: 'error rate 0.4% below 5%, p99 180 ms below 500 ms' }
            : {}),
          'slack-token': 'xoxb-demo',
          'slack-channel': '#releases',
          'slack-api-url': slack.apiUrl,
          'slack-ts': slackTs,
          'github-token': 'ghs-demo',
          'github-api-url': github.url,
          repository: 'prodline/demo',
          ref: 'main',
          'deployment-id': deploymentId,
        },
        {
          env: {
            GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
            GITHUB_REPOSITORY: 'prodline/demo',
            GITHUB_RUN_ID: '42',
          },
        },
      );
      slackTs = result.outputs['slack-ts'] ?? slackTs;
      deploymentId = result.outputs['deployment-id'] ?? deploymentId;
      const warnings = commandMessages(result.stdout, 'warning');
      log(
        `notify ${event.padEnd(10)} exit ${result.exitCode}  slack-ts ${slackTs}  deployment ${deploymentId}${warnings.length ? `  warnings: ${warnings.join('; ')}` : ''}`,
      );
    }
    log(
      `Slack: ${slack.messages.length} message(s); the last text: ${slack.messages.at(-1)?.text ?? '(none)'} (updated ${slack.messages.at(-1)?.updates ?? 0} times)`,
    );
    for (const deployment of github.deployments) {
      log(
        `GitHub deployment ${deployment.id} (${deployment.environment}): ${deployment.statuses.map((status) => String(status.state)).join(' → ')}`,
      );
    }
    log(`GitHub API calls: ${github.requests.length}; OpenAPI violations: ${github.violations.length}`);
  } finally {
    await Promise.all([slack.close(), github.close()]);
  }
}
