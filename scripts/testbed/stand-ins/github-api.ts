import { pathToFileURL } from 'node:url';
import { answer, listen, readBody, runAsProcess, type Started } from './http-stand-in.js';
import { operationValidators, type OperationValidator } from './openapi-validator.js';
import { BOT_USER as USER, matchRoute } from './github-routes.js';

/**
 * A stand-in for GitHub's deployments API: create and list deployments, post and list statuses, with
 * GitHub's `auto_inactive` rule. Every request and every answer is checked against GitHub's published
 * OpenAPI description; a request that breaks it gets 422 and a recorded violation, so neither the
 * client nor the stand-in can drift from the real API unnoticed.
 */

export const OPERATIONS = [
  'POST /repos/{owner}/{repo}/deployments',
  'GET /repos/{owner}/{repo}/deployments',
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}',
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
] as const;

export interface RecordedGitHubRequest {
  method: string;
  path: string;
  operation?: string;
  query: Record<string, string>;
  body: unknown;
  authorization?: string;
  status: number;
}

/** An answer to give instead of the real one, for fault tests. */
export interface ScriptedGitHubAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Do the request's work first (create the deployment, post the status), then answer with this
   * fault instead of the result: a gateway that lost GitHub's answer, the case a blind retry of a
   * create turns into a duplicate.
   */
  afterWrite?: boolean;
}

export interface StoredDeployment {
  id: number;
  environment: string;
  production: boolean;
  transient: boolean;
  body: Record<string, unknown>;
  statuses: Record<string, unknown>[];
}

export interface GitHubStandIn extends Started {
  requests: RecordedGitHubRequest[];
  /** Problems found against the OpenAPI description (requests and the stand-in's own answers). */
  violations: string[];
  deployments: StoredDeployment[];
  /** Queues answers given, in order, to the next requests instead of the normal ones. */
  script(...answers: ScriptedGitHubAnswer[]): void;
  /** Drops answers still queued. */
  clearScript(): void;
  /** The latest status of a deployment ('pending' when it has none). */
  stateOf(id: number): string;
}

let validators: Map<string, OperationValidator> | undefined;

/** Starts the stand-in on 127.0.0.1. `token`, when set, is the only one accepted. */
export async function startGitHubApi(
  options: { port?: number; token?: string } = {},
): Promise<GitHubStandIn> {
  validators ??= operationValidators([...OPERATIONS]);
  const checks = validators;
  const requests: RecordedGitHubRequest[] = [];
  const violations: string[] = [];
  const deployments: StoredDeployment[] = [];
  const scripted: ScriptedGitHubAnswer[] = [];
  let nextId = 1000;
  let base = '';
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const stateOf = (id: number) =>
    (deployments.find((d) => d.id === id)?.statuses.at(-1)?.state as string | undefined) ?? 'pending';

  const started = await listen(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? 'GET';
    const record: RecordedGitHubRequest = {
      method,
      path: url.pathname,
      query,
      body,
      authorization: request.headers.authorization,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      answer(response, status, payload, { 'x-github-api-version-selected': '2022-11-28', ...headers });
    };

    const route = matchRoute(OPERATIONS, method, url.pathname);
    if (!route)
      return reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    record.operation = route.key;
    const check = checks.get(route.key) as OperationValidator;
    const problems = check.request({
      path: route.params,
      query,
      body,
      contentType: request.headers['content-type'],
    });
    if (problems.length > 0) {
      violations.push(...problems.map((p) => `${route.key}: ${p}`));
      return reply(422, {
        message: 'Validation Failed',
        errors: problems.map((p) => ({ resource: 'Deployment', code: 'invalid', message: p })),
        documentation_url: 'https://docs.github.com/rest',
        status: '422',
      });
    }
    const auth = request.headers.authorization ?? '';
    const token = /^(?:token|bearer) (.+)$/i.exec(auth)?.[1];
    if (!token || (options.token !== undefined && token !== options.token))
      return reply(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    const fault = scripted.shift();
    const faultReply = (f: ScriptedGitHubAnswer) =>
      reply(f.status, f.body ?? { message: 'Server Error' }, f.headers);
    if (fault && !fault.afterWrite) return faultReply(fault);

    const respond = (status: number, payload: unknown) => {
      violations.push(...check.response(status, payload).map((p) => `${route.key} (stand-in answer): ${p}`));
      if (fault?.afterWrite) return faultReply(fault);
      reply(status, payload);
    };
    const { owner, repo } = route.params;
    const repoUrl = `${base}/repos/${owner}/${repo}`;
    const find = () => deployments.find((d) => d.id === Number(route.params.deployment_id));
    const notFound = {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/deployments',
      status: '404',
    };
    switch (route.key) {
      case 'POST /repos/{owner}/{repo}/deployments': {
        const input = body as Record<string, unknown>;
        const id = nextId++;
        const environment = (input.environment as string | undefined) ?? 'production';
        const ref = input.ref as string;
        const deployment = {
          url: `${repoUrl}/deployments/${id}`,
          id,
          node_id: `DE_${id}`,
          sha: /^[0-9a-f]{40}$/.test(ref) ? ref : '0'.repeat(40),
          ref,
          task: (input.task as string | undefined) ?? 'deploy',
          payload: input.payload ?? {},
          original_environment: environment,
          environment,
          description: (input.description as string | null | undefined) ?? null,
          creator: USER,
          created_at: now(),
          updated_at: now(),
          statuses_url: `${repoUrl}/deployments/${id}/statuses`,
          repository_url: repoUrl,
          transient_environment: input.transient_environment === true,
          production_environment:
            (input.production_environment as boolean | undefined) ?? environment === 'production',
          performed_via_github_app: null,
        };
        deployments.push({
          id,
          environment,
          production: deployment.production_environment,
          transient: deployment.transient_environment,
          body: deployment,
          statuses: [],
        });
        return respond(201, deployment);
      }
      case 'GET /repos/{owner}/{repo}/deployments': {
        const perPage = Number(query.per_page ?? 30);
        const page = Number(query.page ?? 1);
        const list = deployments
          .filter((d) => !query.environment || d.environment === query.environment)
          .filter((d) => !query.sha || d.body.sha === query.sha)
          .filter((d) => !query.ref || d.body.ref === query.ref)
          .sort((a, b) => b.id - a.id)
          .slice((page - 1) * perPage, page * perPage)
          .map((d) => d.body);
        return respond(200, list);
      }
      case 'GET /repos/{owner}/{repo}/deployments/{deployment_id}': {
        const deployment = find();
        return deployment ? respond(200, deployment.body) : respond(404, notFound);
      }
      case 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': {
        const deployment = find();
        if (!deployment) return respond(404, notFound);
        const input = body as Record<string, unknown>;
        const status = addStatus(deployment, input, repoUrl);
        // GitHub's auto_inactive: earlier successful non-production, non-transient deployments of the environment.
        if (input.state === 'success' && input.auto_inactive !== false) {
          for (const other of deployments) {
            if (
              other.id < deployment.id &&
              other.environment === deployment.environment &&
              !other.production &&
              !other.transient &&
              stateOf(other.id) === 'success'
            )
              addStatus(other, { state: 'inactive', description: '' }, repoUrl);
          }
        }
        return respond(201, status);
      }
      case 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': {
        const deployment = find();
        return deployment ? respond(200, [...deployment.statuses].reverse()) : respond(404, notFound);
      }
    }
  }, options.port);
  base = started.url;

  function addStatus(
    deployment: StoredDeployment,
    input: Record<string, unknown>,
    repoUrl: string,
  ): Record<string, unknown> {
    const id = nextId++;
    const logUrl = (input.log_url as string | undefined) ?? (input.target_url as string | undefined) ?? '';
    const status = {
      url: `${repoUrl}/deployments/${deployment.id}/statuses/${id}`,
      id,
      node_id: `DES_${id}`,
      state: input.state,
      creator: USER,
      description: (input.description as string | undefined) ?? '',
      environment: (input.environment as string | undefined) ?? deployment.environment,
      target_url: logUrl,
      log_url: logUrl,
      environment_url: (input.environment_url as string | undefined) ?? '',
      created_at: now(),
      updated_at: now(),
      deployment_url: `${repoUrl}/deployments/${deployment.id}`,
      repository_url: repoUrl,
      performed_via_github_app: null,
    };
    deployment.statuses.push(status);
    return status;
  }

  return {
    ...started,
    requests,
    violations,
    deployments,
    stateOf,
    script: (...answers) => scripted.push(...answers),
    clearScript: () => void scripted.splice(0),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void runAsProcess(
    (port) => startGitHubApi({ port }),
    (url) => ({ GITHUB_API_STAND_IN_URL: url }),
  );
}
