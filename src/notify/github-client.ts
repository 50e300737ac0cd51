import { gitHubRestClient } from '../runtime/github-api.js';
import { NetworkError } from '../runtime/http.js';
import { isRetryableStatus, parseRetryAfter } from '../runtime/retry.js';
import { DeliveryError } from './delivery-error.js';
import { requestIdOf, type DeploymentsApi, type ListedDeployment } from './github-deployments.js';

export interface GitHubTarget {
  token: string;
  /** The REST API root: `https://api.github.com`, or GHES's `https://host/api/v3`. */
  apiUrl: string;
  owner: string;
  repo: string;
}

/** What each GitHub answer means for whoever reads the log. */
export function gitHubError(error: unknown, what: string): DeliveryError {
  const failure = error as {
    status?: number;
    response?: { headers?: Record<string, string | undefined>; data?: unknown };
  };
  // Octokit reports a failed fetch as status 500 with the fetch's error as the cause.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof NetworkError)
    return new DeliveryError(
      `could not reach the GitHub API to ${what} (${cause.message})`,
      cause.retryable,
      undefined,
    );
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  if (status === undefined)
    return new DeliveryError(`could not reach the GitHub API to ${what} (network error or timeout)`, true);
  const headers = failure.response?.headers ?? {};
  const apiMessage = messageOf(failure.response?.data);
  const rateLimited =
    (status === 403 || status === 429) &&
    (headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0');
  if (rateLimited) {
    const reset = Number(headers['x-ratelimit-reset']);
    const waitMs =
      parseRetryAfter(headers['retry-after']) ??
      (Number.isFinite(reset) ? Math.max(0, reset * 1_000 - Date.now()) : undefined);
    return new DeliveryError(
      `GitHub is rate limiting this token (HTTP ${status}) while trying to ${what}`,
      true,
      waitMs,
      status,
    );
  }
  const meaning: Record<number, string> = {
    401: 'GitHub did not accept github-token: check the secret',
    403: 'github-token may not write deployments: give the job `permissions: deployments: write`',
    404: 'GitHub found no such repository or deployment (or the token cannot see it): check the repository and deployment-id',
    409: 'GitHub refused the deployment because of a conflict',
    422: 'GitHub rejected the request as invalid',
  };
  const sentence = meaning[status] ?? `GitHub answered HTTP ${status}`;
  return new DeliveryError(
    `${sentence} while trying to ${what}${apiMessage ? ` ("${apiMessage}")` : ''}`,
    isRetryableStatus(status),
    parseRetryAfter(headers['retry-after']),
    status,
  );
}

function messageOf(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string')
    return data.message.slice(0, 200);
  return undefined;
}

/**
 * The deployments API on `@actions/github`'s Octokit (runtime/github-api.ts), loaded on demand. Each method is one HTTP request with its
 * own timeout; failures become classified DeliveryErrors (retries are the caller's).
 */
export async function createDeploymentsApi(
  target: GitHubTarget,
  timeoutMs: () => number,
): Promise<DeploymentsApi & { requests: () => number }> {
  const octokit = await gitHubRestClient(target.token, target.apiUrl);
  let requests = 0;
  const repo = { owner: target.owner, repo: target.repo };
  const call = async <T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    requests++;
    try {
      return await run(AbortSignal.timeout(timeoutMs()));
    } catch (error) {
      throw gitHubError(error, what);
    }
  };
  return {
    requests: () => requests,
    async create(request) {
      const answer = await call('create a deployment', (signal) =>
        octokit.rest.repos.createDeployment({
          ...repo,
          ref: request.ref,
          environment: request.environment,
          description: request.description,
          auto_merge: false,
          required_contexts: [],
          production_environment: request.productionEnvironment,
          transient_environment: request.transientEnvironment,
          payload: request.payload,
          request: { signal },
        }),
      );
      if (!('id' in answer.data))
        throw new DeliveryError(
          `GitHub did not create the deployment: ${answer.data.message ?? 'no reason given'}`,
          false,
        );
      return answer.data.id;
    },
    async createStatus(deploymentId, status) {
      await call(`post the ${status.state} status`, (signal) =>
        octokit.rest.repos.createDeploymentStatus({
          ...repo,
          deployment_id: deploymentId,
          state: status.state,
          description: status.description,
          ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
          ...(status.logUrl ? { log_url: status.logUrl } : {}),
          request: { signal },
        }),
      );
    },
    async listForEnvironment(environment) {
      const answer = await call('list the deployments', (signal) =>
        octokit.rest.repos.listDeployments({ ...repo, environment, per_page: 30, request: { signal } }),
      );
      return answer.data.map((deployment): ListedDeployment => ({
        id: deployment.id,
        digest: digestOf(deployment.payload),
        requestId: requestIdOf(deployment.payload),
      }));
    },
  };
}

function digestOf(payload: unknown): string | undefined {
  if (typeof payload === 'string') {
    try {
      return digestOf(JSON.parse(payload));
    } catch {
      return undefined;
    }
  }
  if (typeof payload !== 'object' || payload === null || !('prodline' in payload)) return undefined;
  const prodline = payload.prodline;
  if (typeof prodline !== 'object' || prodline === null || !('digest' in prodline)) return undefined;
  return typeof prodline.digest === 'string' ? prodline.digest : undefined;
}
