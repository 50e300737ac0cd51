import { ActionFailure } from '../../runtime/errors.js';
import type { Outputs } from '../../runtime/outputs.js';
import type { ActionContext } from '../../runtime/run-action.js';
import type { Logger } from '../../runtime/logger.js';
import { DeliveryError } from '../../notify/delivery-error.js';
import { DEFAULT_RETRY, withRetry } from '../../runtime/retry.js';
import { buildSlackMessage } from '../../notify/slack-message.js';
import { renderReleaseCard, type DeliveryLine } from '../../notify/release-card.js';
import { buildWebhookPayload, postOnce, webhookRequest } from '../../notify/webhook.js';
import { isProductionEnvironment, reportDeployment } from '../../notify/github-deployments.js';
import type { SlackMessageRef } from '../../notify/slack-client.js';
import type { GitHubSettings, NotifyInputs, SlackSettings, WebhookSettings } from './inputs.js';

export const OUTPUTS = ['slack-ts', 'slack-channel', 'deployment-id'] as const;
export type NotifyOutputs = Outputs<(typeof OUTPUTS)[number]>;

// A call started late in a receiver's budget still gets this long to answer.
const MIN_CALL_MS = 1_000;

/** Runs one HTTP call of a delivery with retries, within what is left of that receiver's time budget. */
type Attempt = <T>(label: string, call: (remainingMs: number) => Promise<T>) => Promise<T>;

/**
 * Reports one stage of a release: the GitHub deployment and Slack first (in parallel), then the
 * generic webhook (which carries the deployment id), then the job summary's release card. A failed
 * notification is a warning and never changes the release's outcome, unless `fail-on-error` is set.
 */
export async function run(inputs: NotifyInputs, context: ActionContext): Promise<NotifyOutputs> {
  const { logger } = context;
  const deliveries: DeliveryLine[] = [];
  const attemptFor = (target: string): Attempt => {
    // One budget per receiver, shared by all its calls (GitHub makes up to three per event).
    const deadline = Date.now() + inputs.timeoutMs;
    return async (label, call) => {
      const { value } = await withRetry(`${target}: ${label}`, ({ remainingMs }) => call(remainingMs), {
        policy: { ...DEFAULT_RETRY, budgetMs: Math.max(MIN_CALL_MS, deadline - Date.now()) },
        onRetry: (error, delay, attempt) =>
          logger.info(
            `${target}: ${label} failed (${(error as Error).message}); retrying in ${formatSeconds(delay)} (attempt ${attempt + 1} of ${DEFAULT_RETRY.attempts})`,
          ),
      });
      return value;
    };
  };
  const deliver = async <T>(
    target: string,
    work: (attempt: Attempt) => Promise<{ value: T; detail: string }>,
  ): Promise<T | undefined> => {
    try {
      const { value, detail } = await work(attemptFor(target));
      deliveries.push({ target, ok: true, detail });
      logger.info(`${target}: ${detail}`);
      return value;
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      deliveries.push({ target, ok: false, detail: error.message });
      logger.warning(
        `${target}: not delivered: ${error.message}. ${inputs.failOnError ? 'fail-on-error is set, so this step will fail.' : 'The release itself is not affected.'}`,
      );
      return undefined;
    }
  };

  const { github, slack, webhook } = inputs;
  const [deploymentId, slackRef] = await Promise.all([
    github ? deliver('GitHub deployment', (attempt) => notifyGitHub(inputs, github, attempt)) : undefined,
    slack ? deliver('Slack', (attempt) => notifySlack(inputs, slack, attempt, logger)) : undefined,
  ]);
  if (webhook) {
    await deliver('Webhook', (attempt) =>
      notifyWebhook(inputs, webhook, deploymentId ?? inputs.github?.deploymentId, attempt),
    );
  }
  if (deliveries.length === 0)
    logger.info(
      'No Slack, GitHub or webhook target was configured: the release card is in the job summary only.',
    );
  context.summary.append(renderReleaseCard(inputs.release, deliveries));

  const failed = deliveries.filter((d) => !d.ok);
  if (failed.length > 0 && inputs.failOnError)
    throw new ActionFailure(
      `Notification failed (fail-on-error is set): ${failed.map((d) => `${d.target}: ${d.detail}`).join('; ')}`,
    );

  // On failure, pass the message and deployment given as inputs along, so later stages still update them.
  const slackBot = inputs.slack?.mode === 'bot' ? inputs.slack : undefined;
  return {
    'slack-ts': slackRef?.ts ?? slackBot?.ts,
    'slack-channel': slackRef?.channel ?? (slackBot?.ts ? slackBot.channel : undefined),
    'deployment-id': deploymentId ?? inputs.github?.deploymentId,
  };
}

async function notifyGitHub(
  inputs: NotifyInputs,
  github: GitHubSettings,
  attempt: Attempt,
): Promise<{ value: number; detail: string }> {
  const { environment } = github;
  const { createDeploymentsApi } = await import('../../notify/github-client.js');
  let remaining = inputs.timeoutMs;
  const api = await createDeploymentsApi(
    { token: github.token, apiUrl: github.apiUrl, owner: github.owner, repo: github.repo },
    () => remaining,
  );
  const report = await reportDeployment(
    api,
    { ...inputs.release, environment },
    {
      existingId: github.deploymentId,
      ref: github.ref,
      production: isProductionEnvironment(environment, github.production),
      transient: github.transient,
      evidence: inputs.evidence,
      logUrl: inputs.release.run.runUrl,
    },
    (label, call) =>
      attempt(label, (ms) => {
        remaining = ms;
        return call();
      }),
  );
  return {
    value: report.deploymentId,
    detail: `deployment ${report.deploymentId} in ${environment}: ${report.calls.join(', ') || 'no change'}`,
  };
}

async function notifySlack(
  inputs: NotifyInputs,
  slack: SlackSettings,
  attempt: Attempt,
  logger: Logger,
): Promise<{ value: SlackMessageRef | undefined; detail: string }> {
  const message = buildSlackMessage(inputs.release);
  const clients = await import('../../notify/slack-client.js');
  if (slack.mode === 'webhook') {
    const client = clients.createSlackWebhookClient(slack.url);
    await attempt('post', (ms) => client.send(message, ms));
    return { value: undefined, detail: 'message posted through the incoming webhook' };
  }
  const client = clients.createSlackBotClient(slack.token, slack.apiUrl);
  if (slack.ts) {
    const ref = { channel: slack.channel, ts: slack.ts };
    try {
      const updated = await attempt('update', (ms) => client.updateMessage(ref, message, ms));
      return { value: updated, detail: `message ${updated.ts} in ${updated.channel} updated` };
    } catch (error) {
      // Slack's chat.update takes only the ID (postMessage takes a name too), and answers a bare
      // channel_not_found to a name: say what to pass instead.
      if (
        error instanceof DeliveryError &&
        error.message.includes('[channel_not_found]') &&
        !/^[CGD][A-Z0-9]+$/.test(slack.channel)
      )
        throw new DeliveryError(
          `Slack's chat.update needs the channel ID, not the name ${slack.channel}: pass the slack-channel output of the notify step that posted the message (it is the ID) [channel_not_found]`,
          false,
        );
      // The message was deleted (or never existed): a new one is better than none.
      if (!(error instanceof DeliveryError && error.message.includes('[message_not_found]'))) throw error;
      logger.warning(`Slack: the message ${slack.ts} to update no longer exists; posting a new one.`);
    }
  }
  const posted = await attempt('post', (ms) => client.postMessage(slack.channel, message, ms));
  return { value: posted, detail: `message ${posted.ts} posted in ${posted.channel}` };
}

async function notifyWebhook(
  inputs: NotifyInputs,
  webhook: WebhookSettings,
  deploymentId: number | undefined,
  attempt: Attempt,
): Promise<{ value: number; detail: string }> {
  const request = webhookRequest(
    buildWebhookPayload(inputs.release, deploymentId, inputs.evidence),
    webhook.secret,
  );
  const status = await attempt('post', (ms) => postOnce(webhook.url, request, ms));
  return { value: status, detail: `event delivered (HTTP ${status}${webhook.secret ? ', signed' : ''})` };
}

function formatSeconds(ms: number): string {
  return ms < 1_000 ? `${ms}ms` : `${(ms / 1_000).toFixed(1)}s`;
}
