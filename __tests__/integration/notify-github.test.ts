import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import { DIGEST, runNotify, SHA } from '../support/notify.js';

const TOKEN = 'ghs_githubTestToken';
let github: GitHubStandIn;

beforeAll(async () => {
  github = await startGitHubApi({ token: TOKEN });
});
afterAll(async () => {
  await github.close();
});
afterEach(() => github.clearScript());

const notify = (extra: Record<string, string> = {}) =>
  runNotify({
    event: 'deploying',
    environment: 'staging',
    digest: DIGEST,
    'github-token': TOKEN,
    'github-api-url': github.url,
    timeout: '10s',
    ...extra,
  });

test('the stand-in refuses what GitHub’s OpenAPI description refuses, and records it', async () => {
  const strict = await startGitHubApi();
  try {
    const post = (path: string, body: unknown) =>
      fetch(`${strict.url}${path}`, {
        method: 'POST',
        headers: { authorization: 'token x', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/repos/acme/web/deployments', { ref: 'main', auto_merge: 'no' })).status).toBe(422);
    expect((await post('/repos/acme/web/deployments', { environment: 'production' })).status).toBe(422);
    expect((await post('/repos/acme/web/deployments/abc/statuses', { state: 'success' })).status).toBe(422);
    expect((await post('/repos/acme/web/deployments/1/statuses', { state: 'done' })).status).toBe(422);
    const list = await fetch(`${strict.url}/repos/acme/web/deployments?per_page=ten&colour=red`, {
      headers: { authorization: 'token x' },
    });
    expect(list.status).toBe(422);
    expect(strict.violations).toEqual([
      expect.stringMatching(/auto_merge must be boolean/),
      expect.stringMatching(/must have required property 'ref'/),
      expect.stringMatching(/path parameter deployment_id/),
      expect.stringMatching(/state must be equal to one of the allowed values/),
      expect.stringMatching(/per_page/),
      expect.stringMatching(/query parameter colour is not described/),
    ]);
    // And a well-formed request gets an answer that is itself valid against the description.
    const created = await post('/repos/acme/web/deployments', {
      ref: SHA,
      environment: 'qa',
      auto_merge: false,
      required_contexts: [],
    });
    expect(created.status).toBe(201);
    expect(strict.violations).toHaveLength(6);
  } finally {
    await strict.close();
  }
});

test('a 500 is retried and the deployment is still recorded once', async () => {
  github.script({ status: 500, body: { message: 'Server Error' } });
  const before = github.requests.length;
  const { outputs, logger } = await notify();
  const calls = github.requests.slice(before);
  expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 500', 'POST 201', 'POST 201']);
  expect(github.deployments.filter((d) => d.id === Number(outputs['deployment-id']))).toHaveLength(1);
  expect(logger.text()).toContain('retrying in');
  expect(github.violations).toEqual([]);
});

test('a 502 after the deployment was created (answer lost): notify adopts it, exactly one deployment', async () => {
  github.script({ status: 502, body: { message: 'Bad Gateway' }, afterWrite: true });
  const before = github.requests.length;
  const deploymentsBefore = github.deployments.length;
  const { outputs, logger } = await notify();
  const calls = github.requests.slice(before);
  // The create, the look for what it may have made, then the status on the adopted deployment.
  expect(calls.map((c) => `${c.method} ${c.operation} ${c.status}`)).toEqual([
    'POST POST /repos/{owner}/{repo}/deployments 502',
    'GET GET /repos/{owner}/{repo}/deployments 200',
    'POST POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses 201',
  ]);
  const created = github.deployments.slice(deploymentsBefore);
  expect(created).toHaveLength(1);
  expect(outputs['deployment-id']).toBe(created[0].id);
  expect(github.stateOf(created[0].id)).toBe('in_progress');
  expect(logger.text()).toContain('adopted the one it created');
  expect(github.violations).toEqual([]);
});

test('the stand-in can fail after the write: the deployment exists although the answer was 502', async () => {
  github.script({ status: 502, body: { message: 'Bad Gateway' }, afterWrite: true });
  const before = github.deployments.length;
  const answer = await fetch(`${github.url}/repos/acme/web/deployments`, {
    method: 'POST',
    headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ref: SHA, environment: 'qa', auto_merge: false, required_contexts: [] }),
  });
  expect(answer.status).toBe(502);
  expect(github.deployments.length - before).toBe(1);
});

test('secondary rate limit (403 with Retry-After) waits as asked', async () => {
  github.script({
    status: 403,
    body: { message: 'You have exceeded a secondary rate limit' },
    headers: { 'retry-after': '1' },
  });
  const started = Date.now();
  const { outputs, logger } = await notify();
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  expect(outputs['deployment-id']).toEqual(expect.any(Number));
  expect(logger.text()).toContain('rate limiting');
});

test.each([
  [403, { message: 'Resource not accessible by integration' }, 'permissions: deployments: write'],
  [404, { message: 'Not Found' }, 'check the repository and deployment-id'],
  [422, { message: 'Validation Failed' }, 'rejected the request'],
])(
  '%i is final: one request, a warning that says what to fix, the release unaffected',
  async (status, body, advice) => {
    github.script({ status, body });
    const before = github.requests.length;
    const { outputs, logger, summary } = await notify();
    expect(github.requests.length - before).toBe(1);
    expect(logger.text()).toMatch(
      new RegExp(
        `warning: GitHub deployment: not delivered: .*${advice}.*The release itself is not affected`,
      ),
    );
    expect(outputs['deployment-id']).toBeUndefined();
    expect(summary.markdown).toContain('⚠️ GitHub deployment');
  },
);

test('a wrong token: 401, explained', async () => {
  const { logger } = await notify({ 'github-token': 'ghs_wrong' });
  expect(logger.text()).toContain('did not accept github-token');
});

test('an existing deployment id is updated, not recreated; environment_url and log_url are set', async () => {
  const first = await notify({ event: 'started' });
  const id = String(first.outputs['deployment-id']);
  const before = github.requests.length;
  await notify({ event: 'promoted', 'deployment-id': id, 'environment-url': 'https://staging.example.com' });
  const calls = github.requests.slice(before);
  expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
    `POST /repos/acme/web/deployments/${id}/statuses`,
  ]);
  expect(calls[0].body).toMatchObject({
    state: 'success',
    environment_url: 'https://staging.example.com',
    log_url: 'https://github.com/acme/web/actions/runs/42',
  });
  expect(github.violations).toEqual([]);
});

test('transient environments are declared as such, and the evidence rides in the payload', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'evidence-')), 'release-evidence.json');
  writeFileSync(
    file,
    JSON.stringify({ digest: DIGEST, approvals: [{ environment: 'production', by: 'bob' }] }),
  );
  const before = github.requests.length;
  await notify({ environment: 'pr-7', 'transient-environment': 'true', evidence: file });
  const create = github.requests[before];
  expect(create.body).toMatchObject({
    transient_environment: true,
    production_environment: false,
    payload: { evidence: { approvals: [{ by: 'bob' }] }, prodline: { digest: DIGEST } },
  });
});
