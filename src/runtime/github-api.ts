import { layerFetch, type TransportOptions } from './http.js';

/** The Octokit that `@actions/github` builds: REST methods and pagination. */
export type GitHubRestClient = ReturnType<(typeof import('@actions/github'))['getOctokit']>;

/**
 * The one way prodline calls GitHub's REST API: `@actions/github`'s `getOctokit` (GHES base URLs, the
 * runner's user agent), loaded on demand, with requests carried by the runtime's HTTP layer so proxies
 * and NO_PROXY behave as for every other call. Octokit's logger is silenced: nothing it prints can carry
 * the token. Retries are the caller's (the runtime's engine), so Octokit makes one request per call.
 */
export async function gitHubRestClient(
  token: string,
  apiUrl: string,
  transport: TransportOptions = {},
): Promise<GitHubRestClient> {
  const { getOctokit } = await import('@actions/github');
  const quiet = () => undefined;
  return getOctokit(token, {
    baseUrl: apiUrl.replace(/\/+$/, ''),
    userAgent: 'prodline',
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    request: { fetch: layerFetch(transport) },
  });
}
