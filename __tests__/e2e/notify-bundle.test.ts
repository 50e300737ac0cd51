import { ensureNode24 } from '../../scripts/lib/node24.js';
import { commandMessages, runBundle } from '../../scripts/lib/run-bundle.js';
import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import { DIGEST, RUN_ENV } from '../support/notify.js';

/*
 * notify's bundle on its success path, as the runner runs it (a process, INPUT_* variables, the
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), under the machine's Node 20 and under Node 24: one
 * release stage reported to Slack (bot token) and GitHub deployments, then the next stage updating the
 * same message and deployment from the first run's outputs.
 */
const SLACK_TOKEN = 'xoxb-e2e-bundle-token';
const GITHUB_TOKEN = 'ghs_e2eBundleToken';
let slack: SlackStandIn;
let github: GitHubStandIn;

beforeAll(async () => {
  [slack, github] = await Promise.all([
    startSlack({ token: SLACK_TOKEN }),
    startGitHubApi({ token: GITHUB_TOKEN }),
  ]);
});
afterAll(async () => {
  await Promise.all([slack?.close(), github?.close()]);
});

describe.each([
  ['node 20', () => process.execPath],
  ['node 24', ensureNode24],
])('notify bundle under %s', (_label, nodePath) => {
  let node = '';
  beforeAll(() => {
    node = nodePath();
  }, 180_000);

  test('deploying, then promoted: one Slack message updated in place, one deployment, outputs and summary written', async () => {
    const common = {
      environment: 'staging',
      digest: DIGEST,
      'slack-token': SLACK_TOKEN,
      'slack-api-url': slack.apiUrl,
      'github-token': GITHUB_TOKEN,
      'github-api-url': github.url,
      timeout: '20s',
    };
    const messagesBefore = slack.messages.length;
    const deploymentsBefore = github.deployments.length;
    const first = await runBundle(
      'notify',
      { ...common, event: 'deploying', 'slack-channel': '#deploys' },
      { node, env: RUN_ENV, timeoutMs: 60_000 },
    );
    expect(commandMessages(first.stdout, 'error')).toEqual([]);
    expect(commandMessages(first.stdout, 'warning')).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs['slack-ts']).toMatch(/^\d+\.\d{6}$/);
    expect(first.outputs['slack-channel']).toMatch(/^C[0-9A-F]+$/);
    expect(first.outputs['deployment-id']).toMatch(/^\d+$/);
    expect(first.summary).toContain('✅ Slack');
    expect(first.summary).toContain('✅ GitHub deployment');

    const second = await runBundle(
      'notify',
      {
        ...common,
        event: 'promoted',
        'slack-channel': first.outputs['slack-channel'],
        'slack-ts': first.outputs['slack-ts'],
        'deployment-id': first.outputs['deployment-id'],
      },
      { node, env: RUN_ENV, timeoutMs: 60_000 },
    );
    expect(commandMessages(second.stdout, 'error')).toEqual([]);
    expect(second.exitCode).toBe(0);
    expect(second.outputs['slack-ts']).toBe(first.outputs['slack-ts']);
    expect(second.outputs['deployment-id']).toBe(first.outputs['deployment-id']);

    const posted = slack.messages.slice(messagesBefore);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ ts: first.outputs['slack-ts'], updates: 1 });
    const created = github.deployments.slice(deploymentsBefore);
    expect(created.map((d) => d.id)).toEqual([Number(first.outputs['deployment-id'])]);
    expect(github.stateOf(created[0].id)).toBe('success');
    expect(github.violations).toEqual([]);
  }, 120_000);
});
