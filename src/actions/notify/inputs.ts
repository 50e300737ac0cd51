import { readFileSync } from 'node:fs';
import { ConfigurationError, InvalidValue } from '../../runtime/errors.js';
import { readGitHubContext } from '../../runtime/github-context.js';
import { describe, type InputReader } from '../../runtime/input-reader.js';
import { RELEASE_EVENTS, VERDICTS, type Release } from '../../notify/release.js';
import {
  changeFromEventPayload,
  parseDigestInput,
  parseGitRef,
  parseMetrics,
  parseName,
  parseReason,
  parseRepositoryName,
  parseSha,
  parseSlackChannel,
  parseSlackTs,
  STRATEGIES,
} from '../../notify/release-input.js';

/** Slack through an incoming webhook (a new message each time) or a bot token (one message, updated). */
export type SlackSettings =
  | { mode: 'webhook'; url: string }
  | { mode: 'bot'; token: string; channel: string; ts?: string; apiUrl: string };

/** Where and how to record the GitHub deployment. */
export interface GitHubSettings {
  token: string;
  /** The deployment's environment (the `environment` input, required with github-token). */
  environment: string;
  apiUrl: string;
  owner: string;
  repo: string;
  /** The commit (or ref) the deployment is for. */
  ref: string;
  /** The deployment to update; one is created when absent. */
  deploymentId?: number;
  production: 'auto' | 'true' | 'false';
  transient: boolean;
}

/** The generic webhook. */
export interface WebhookSettings {
  url: string;
  /** HMAC-SHA256 key for the signature header; unsigned when absent. */
  secret?: string;
}

export interface NotifyInputs {
  /** The stage of the release being reported, and everything shown about it. */
  release: Release;
  /** Slack delivery, when a webhook URL or a bot token was given. */
  slack?: SlackSettings;
  /** GitHub deployment statuses, when github-token was given. */
  github?: GitHubSettings;
  /** The generic JSON webhook, when webhook-url was given. */
  webhook?: WebhookSettings;
  /** The release evidence document (parsed JSON), attached to the deployment and the webhook. */
  evidence?: unknown;
  /** Fail the step when a notification cannot be delivered (otherwise a warning). */
  failOnError: boolean;
  /** Time allowed per receiver, retries included, in milliseconds. */
  timeoutMs: number;
}

const URL_ACCEPTED = 'an http:// or https:// URL';

/**
 * Reads and validates every input of actions/notify/action.yml (all of them, unconditionally, so a
 * mistake in any is reported before anything is sent), masking secrets as they are read.
 */
export function parseInputs(read: InputReader): NotifyInputs {
  const event = read.enumeration('event', RELEASE_EVENTS);
  const environment = read.custom('environment', parseName);
  const serviceInput = read.custom('service', parseName);
  const digest = read.custom('digest', parseDigestInput);
  const previousDigest = read.custom('previous-digest', parseDigestInput);
  const previousSha = read.custom('previous-sha', parseSha);
  const strategy = read.optionalEnumeration('strategy', STRATEGIES);
  const verdict = read.optionalEnumeration('verdict', VERDICTS);
  const reason = read.custom('reason', parseReason);
  const metrics = read.custom('analysis-report', parseMetrics) ?? [];
  const environmentUrl = read.url('environment-url');
  const evidence = read.custom('evidence', readEvidence);

  const slackWebhookUrl = read.secret('slack-webhook-url');
  const slackToken = read.secret('slack-token');
  const slackChannel = read.custom('slack-channel', parseSlackChannel);
  const slackTs = read.custom('slack-ts', parseSlackTs);
  const slackApiUrl = requiredUrl(read, 'slack-api-url');
  const githubToken = read.secret('github-token');
  const githubApiUrlInput = read.url('github-api-url');
  const repositoryInput = read.custom('repository', parseRepositoryName);
  const refInput = read.custom('ref', parseGitRef);
  const deploymentId = read.optionalInteger('deployment-id', { min: 1 });
  const production = read.enumeration('production-environment', ['auto', 'true', 'false'] as const);
  const transient = read.boolean('transient-environment');
  const webhookUrl = read.secret('webhook-url');
  const webhookSecret = read.secret('webhook-secret');
  const failOnError = read.boolean('fail-on-error');
  const timeoutMs = read.duration('timeout', { min: 1_000, max: 600_000 });

  // Values the runner's context provides unless the step overrides them.
  const github = readGitHubContext(read);
  const repository = repositoryInput ?? github.repository;
  const ref = refInput ?? github.sha;
  const githubApiUrl = githubApiUrlInput ?? github.apiUrl;
  const service = serviceInput ?? repository?.split('/')[1] ?? '(unnamed service)';

  checkSecretUrl('slack-webhook-url', slackWebhookUrl);
  checkSecretUrl('webhook-url', webhookUrl);
  if (githubToken !== undefined && /\s/.test(githubToken))
    throw new ConfigurationError(
      'github-token',
      'the value contains white space (not shown: it is a secret)',
      'a GitHub token, such as github.token',
    );
  if (slackToken !== undefined && !/^xox[a-z]-\S+$/.test(slackToken))
    throw new ConfigurationError(
      'slack-token',
      'the value does not look like a Slack token (not shown: it is a secret)',
      'a bot token starting with xoxb-',
    );
  if (slackWebhookUrl && slackToken)
    throw new ConfigurationError(
      'slack-webhook-url, slack-token',
      'both were given',
      'one of them: slack-token (one message updated in place) or slack-webhook-url',
    );
  if (slackToken && !slackChannel)
    throw new ConfigurationError(
      'slack-channel',
      'slack-token was given without a channel',
      'a channel name or ID',
    );
  if (slackChannel && !slackToken)
    throw new ConfigurationError(
      'slack-channel',
      'a channel is only used with slack-token (a webhook posts to its own channel)',
      'slack-channel together with slack-token',
    );
  if (slackTs && !slackToken)
    throw new ConfigurationError(
      'slack-ts',
      'a message can only be updated with slack-token (webhooks cannot update messages)',
      'slack-ts together with slack-token and slack-channel',
    );
  if (webhookSecret && !webhookUrl)
    throw new ConfigurationError(
      'webhook-secret',
      'a signing secret was given without webhook-url',
      'webhook-secret together with webhook-url',
    );
  if (deploymentId !== undefined && !githubToken)
    throw new ConfigurationError(
      'deployment-id',
      'a deployment can only be updated with github-token',
      'deployment-id together with github-token',
    );
  if (githubToken && !environment)
    throw new ConfigurationError(
      'environment',
      'GitHub deployments need an environment',
      'an environment name such as staging or production',
    );
  if (githubToken && !repository)
    throw new ConfigurationError(
      'repository',
      'GitHub deployments need the repository',
      'owner/name (the current repository when run in a workflow)',
    );
  if (githubToken && !ref && deploymentId === undefined)
    throw new ConfigurationError(
      'ref',
      'a new GitHub deployment needs the commit it deploys',
      'a commit SHA or ref (the current commit when run in a workflow)',
    );

  const [owner = '', repo = ''] = (repository ?? '').split('/');
  return {
    release: {
      event,
      service,
      environment,
      digest: digest?.digest,
      image: digest?.image,
      previousDigest: previousDigest?.digest,
      strategy,
      verdict,
      reason,
      metrics,
      environmentUrl,
      change: changeFromEventPayload(github.eventPayload, github.branch),
      run: {
        repository,
        serverUrl: github.serverUrl,
        sha: ref && /^[0-9a-f]{40}$/.test(ref) ? ref : github.sha,
        previousSha,
        runUrl: github.runUrl,
        actor: github.triggeringActor,
      },
      at: new Date().toISOString(),
    },
    slack: slackWebhookUrl
      ? { mode: 'webhook', url: slackWebhookUrl }
      : slackToken && slackChannel
        ? { mode: 'bot', token: slackToken, channel: slackChannel, ts: slackTs, apiUrl: slackApiUrl }
        : undefined,
    github:
      githubToken && environment
        ? {
            token: githubToken,
            environment,
            apiUrl: githubApiUrl,
            owner,
            repo,
            ref: ref ?? '',
            deploymentId,
            production,
            transient,
          }
        : undefined,
    webhook: webhookUrl ? { url: webhookUrl, secret: webhookSecret } : undefined,
    evidence,
    failOnError,
    timeoutMs,
  };
}

function requiredUrl(read: InputReader, name: string): string {
  const value = read.url(name);
  if (value === undefined)
    throw new ConfigurationError(name, 'a value is required but none was given', URL_ACCEPTED);
  return value;
}

// Secret URLs are checked without quoting them: an error message must not carry the secret.
function checkSecretUrl(name: string, value: string | undefined): void {
  if (value === undefined) return;
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new ConfigurationError(name, 'the value is not a URL (not shown: it is a secret)', URL_ACCEPTED);
  }
  if (protocol !== 'https:' && protocol !== 'http:')
    throw new ConfigurationError(name, 'the URL is not http(s) (not shown: it is a secret)', URL_ACCEPTED);
}

/** The evidence file (`release-evidence.json`), read and parsed now so a bad path fails before anything is sent. */
function readEvidence(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InvalidValue(
      `the file ${describe(path)} cannot be read`,
      'the path of a JSON file (release-evidence.json)',
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidValue(
      `the file ${describe(path)} is not valid JSON`,
      'the path of a JSON file (release-evidence.json)',
    );
  }
}

// The event payload is the runner's own file; an unreadable one only means no commit message is shown.
