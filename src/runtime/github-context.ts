import type { InputReader } from './input-reader.js';

/** The parts of the run's GitHub context that prodline records (change-cause, links, audit trail). */
export interface GitHubContext {
  serverUrl: string;
  repository?: string;
  sha?: string;
  ref?: string;
  actor?: string;
  workflowRef?: string;
  runId?: string;
  runAttempt?: string;
  /** Link to this run, when the repository and run id are known. */
  runUrl?: string;
  /** Where temporary files go: the runner's temp directory, or the OS one. */
  tempDir?: string;
}

/** Reads the GitHub context from the runner's environment (through the reader, so tests can supply it). */
export function readGitHubContext(read: InputReader): GitHubContext {
  const serverUrl = read.env('GITHUB_SERVER_URL') ?? 'https://github.com';
  const repository = read.env('GITHUB_REPOSITORY');
  const runId = read.env('GITHUB_RUN_ID');
  return {
    serverUrl,
    repository,
    sha: read.env('GITHUB_SHA'),
    ref: read.env('GITHUB_REF'),
    actor: read.env('GITHUB_ACTOR'),
    workflowRef: read.env('GITHUB_WORKFLOW_REF'),
    runId,
    runAttempt: read.env('GITHUB_RUN_ATTEMPT'),
    runUrl: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined,
    tempDir: read.env('RUNNER_TEMP'),
  };
}
