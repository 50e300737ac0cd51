import { readFileSync } from 'node:fs';
import type { InputReader } from './input-reader.js';

/**
 * The parts of the run's GitHub context that prodline uses (change-cause, links, audit trail, the API,
 * the OIDC endpoint, the event payload). Every `GITHUB_*` / `ACTIONS_*` / `RUNNER_*` variable is read
 * here and nowhere else. It is read through the InputReader rather than from `@actions/github`'s
 * `context`, whose constructor reads `process.env` once at import: tests and local runs hand the reader
 * their own environment, and a bad event file should be "no payload", not a crash at import.
 */
export interface GitHubContext {
  serverUrl: string;
  /** The REST API root (`GITHUB_API_URL`; GHES's `https://host/api/v3`). */
  apiUrl: string;
  repository?: string;
  sha?: string;
  ref?: string;
  /** The branch: the PR's head branch, else the ref's short name. */
  branch?: string;
  actor?: string;
  /** Who triggered this run attempt (a re-run's actor), else the actor. */
  triggeringActor?: string;
  workflowRef?: string;
  runId?: string;
  runAttempt?: string;
  /** Link to this run, when the repository and run id are known. */
  runUrl?: string;
  /** Where temporary files go: the runner's temp directory, or the OS one. */
  tempDir?: string;
  /** The webhook event that started the run (`GITHUB_EVENT_PATH`), undefined when absent or unreadable. */
  eventPayload?: unknown;
  /** The Actions OIDC token endpoint, when the job has `id-token: write` (its token is masked). */
  idTokenRequest?: { url: string; token: string };
  /** Whether the Actions cache service is reachable from this job. */
  actionsCache?: boolean;
}

/** Reads the GitHub context from the runner's environment (through the reader, so tests can supply it). */
export function readGitHubContext(read: InputReader): GitHubContext {
  const serverUrl = read.env('GITHUB_SERVER_URL') ?? 'https://github.com';
  const repository = read.env('GITHUB_REPOSITORY');
  const runId = read.env('GITHUB_RUN_ID');
  const actor = read.env('GITHUB_ACTOR');
  const eventPath = read.env('GITHUB_EVENT_PATH');
  const tokenUrl = read.env('ACTIONS_ID_TOKEN_REQUEST_URL');
  const token = read.env('ACTIONS_ID_TOKEN_REQUEST_TOKEN');
  // The request token lets anyone in the job mint OIDC tokens: hidden from the log as soon as it is read.
  if (token) read.mask(token);
  return {
    serverUrl,
    apiUrl: read.env('GITHUB_API_URL') ?? 'https://api.github.com',
    repository,
    sha: read.env('GITHUB_SHA'),
    ref: read.env('GITHUB_REF'),
    branch: read.env('GITHUB_HEAD_REF') ?? read.env('GITHUB_REF_NAME'),
    actor,
    triggeringActor: read.env('GITHUB_TRIGGERING_ACTOR') ?? actor,
    workflowRef: read.env('GITHUB_WORKFLOW_REF'),
    runId,
    runAttempt: read.env('GITHUB_RUN_ATTEMPT'),
    runUrl: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined,
    tempDir: read.env('RUNNER_TEMP'),
    eventPayload: eventPath ? readEventPayload(eventPath) : undefined,
    idTokenRequest: tokenUrl && token ? { url: tokenUrl, token } : undefined,
    actionsCache: Boolean(read.env('ACTIONS_CACHE_URL') ?? read.env('ACTIONS_RESULTS_URL')),
  };
}

function readEventPayload(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
