import {
  createOutcomeUnknown,
  deploymentPayload,
  isProductionEnvironment,
  planDeployment,
  replacedDeployment,
  reportDeployment,
  requestIdOf,
  statusDescription,
  type DeploymentsApi,
} from '../../src/notify/github-deployments.js';
import type { Release } from '../../src/notify/release.js';

const release: Release & { environment: string } = {
  event: 'deploying',
  service: 'web',
  environment: 'production',
  digest: `sha256:${'1'.repeat(64)}`,
  previousDigest: `sha256:${'2'.repeat(64)}`,
  metrics: [],
  change: {},
  run: {
    serverUrl: 'https://github.com',
    repository: 'acme/web',
    runUrl: 'https://github.com/acme/web/actions/runs/9',
  },
  at: '2026-01-01T00:00:00Z',
};

test.each([
  ['started', undefined, false, { create: true, state: undefined, deactivatePrevious: false }],
  ['deploying', 7, false, { create: false, state: 'in_progress', deactivatePrevious: false }],
  ['verified', 7, false, { create: false, state: undefined, deactivatePrevious: false }],
  ['verified', undefined, false, { create: true, state: 'in_progress', deactivatePrevious: false }],
  ['promoted', 7, false, { create: false, state: 'success', deactivatePrevious: false }],
  ['promoted', 7, true, { create: false, state: 'success', deactivatePrevious: true }],
  ['rolled-back', 7, true, { create: false, state: 'failure', deactivatePrevious: false }],
  ['failed', undefined, true, { create: true, state: 'failure', deactivatePrevious: false }],
] as const)('%s (deployment %s, production %s) → %j', (event, id, production, plan) => {
  expect(planDeployment(event, id, production)).toEqual(plan);
});

test('production follows GitHub: only "production" unless said otherwise', () => {
  expect(isProductionEnvironment('production', 'auto')).toBe(true);
  expect(isProductionEnvironment('staging', 'auto')).toBe(false);
  expect(isProductionEnvironment('staging', 'true')).toBe(true);
  expect(isProductionEnvironment('production', 'false')).toBe(false);
});

test('the replaced deployment is the newest older one that ran the previous digest', () => {
  const listed = [
    { id: 30 },
    { id: 25, digest: 'sha256:bad' },
    { id: 20, digest: 'sha256:prev' },
    { id: 10, digest: 'sha256:prev' },
  ];
  expect(replacedDeployment(listed, 30, 'sha256:prev')).toBe(20);
  expect(replacedDeployment(listed, 30)).toBe(25);
  expect(replacedDeployment(listed, 30, 'sha256:none')).toBeUndefined();
  expect(replacedDeployment([{ id: 30 }], 30)).toBeUndefined();
});

test('status descriptions fit GitHub’s 140 characters', () => {
  expect(statusDescription({ ...release, reason: 'x'.repeat(500) }).length).toBeLessThanOrEqual(140);
  expect(statusDescription({ ...release, reason: 'a\nb' })).toBe('Deploying web to production: a b');
});

test('the payload carries what was deployed, and the evidence (by hash when too big)', () => {
  expect(deploymentPayload(release, { approvals: ['bob'] })).toMatchObject({
    prodline: { digest: release.digest, service: 'web' },
    evidence: { approvals: ['bob'] },
  });
  const big = deploymentPayload(release, { blob: 'x'.repeat(70_000) });
  expect(big.evidence).toMatchObject({
    truncated: true,
    size: expect.any(Number),
    sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
});

test('a promotion in production: status, list, inactive — through the retry wrapper', async () => {
  const calls: string[] = [];
  const api: DeploymentsApi = {
    create: async () => (calls.push('create'), 31),
    createStatus: async (id, status) => void calls.push(`${id}:${status.state}`),
    listForEnvironment: async () => (
      calls.push('list'),
      [{ id: 31 }, { id: 20, digest: release.previousDigest }]
    ),
  };
  const labels: string[] = [];
  const report = await reportDeployment(
    api,
    { ...release, event: 'promoted' },
    { existingId: 31, ref: 'main', production: true, transient: false },
    (label, call) => {
      labels.push(label);
      return call();
    },
  );
  expect(calls).toEqual(['31:success', 'list', '20:inactive']);
  expect(labels).toEqual(['status success', 'list deployments', 'status inactive']);
  expect(report).toEqual({
    deploymentId: 31,
    calls: ['status success', 'list deployments', 'status inactive (deployment 20)'],
  });
});

/** A deployments API whose creates fail, in turn, with `failures` (a status, or none: no answer). */
function failingCreates(failures: { status?: number; afterWrite: boolean }[]) {
  const stored: { id: number; requestId?: string }[] = [];
  const calls: string[] = [];
  const api: DeploymentsApi = {
    async create(request) {
      calls.push('create');
      const failure = failures.shift();
      const id = 100 + stored.length;
      if (!failure || failure.afterWrite)
        stored.push({ id, requestId: requestIdOf(JSON.stringify(request.payload)) });
      if (failure) throw Object.assign(new Error('failed'), { status: failure.status });
      return id;
    },
    createStatus: async () => void calls.push('status'),
    listForEnvironment: async () => (calls.push('list'), [...stored].reverse()),
  };
  return { api, stored, calls };
}

// Retries as the real wrapper does them: call again on failure, up to five times.
const retrying = async <T>(_label: string, call: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
};

test.each([
  ['a gateway 502', 502],
  ['a gateway 504', 504],
  ['no answer at all (timeout)', undefined],
])('a create that succeeded behind %s is adopted on the retry, not made twice', async (_what, status) => {
  const { api, stored, calls } = failingCreates([{ status, afterWrite: true }]);
  const report = await reportDeployment(
    api,
    { ...release, event: 'deploying', environment: 'staging' },
    { ref: 'main', production: false, transient: false, requestId: 'req-1' },
    retrying,
  );
  expect(stored).toEqual([{ id: 100, requestId: 'req-1' }]);
  expect(calls).toEqual(['create', 'list', 'status']);
  expect(report.deploymentId).toBe(100);
  expect(report.calls).toEqual([
    'list deployments',
    'create deployment (answer lost; adopted the one it created)',
    'status in_progress',
  ]);
});

test('a lost answer of a create that did not happen: the look finds nothing, the retry creates it once', async () => {
  const { api, stored, calls } = failingCreates([{ status: 502, afterWrite: false }]);
  const report = await reportDeployment(
    api,
    { ...release, event: 'started', environment: 'staging' },
    { ref: 'main', production: false, transient: false },
    retrying,
  );
  expect(calls).toEqual(['create', 'list', 'create']);
  expect(stored).toHaveLength(1);
  expect(report.deploymentId).toBe(stored[0].id);
  // The default marker is unique per call.
  expect(stored[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
});

test('GitHub’s own 500 or 503 says nothing was created: retried without a look', async () => {
  expect(createOutcomeUnknown({ status: 500 })).toBe(false);
  expect(createOutcomeUnknown({ status: 503 })).toBe(false);
  expect(createOutcomeUnknown({ status: 422 })).toBe(false);
  expect(createOutcomeUnknown({ status: 502 })).toBe(true);
  expect(createOutcomeUnknown(new Error('socket hang up'))).toBe(true);
  const { api, calls } = failingCreates([{ status: 500, afterWrite: false }]);
  await reportDeployment(
    api,
    { ...release, event: 'started', environment: 'staging' },
    { ref: 'main', production: false, transient: false },
    retrying,
  );
  expect(calls).toEqual(['create', 'create']);
});

test('the marker is read from the payload as GitHub returns it: object or JSON string', () => {
  const payload = deploymentPayload(release, undefined, 'req-9');
  expect(requestIdOf(payload)).toBe('req-9');
  expect(requestIdOf(JSON.stringify(payload))).toBe('req-9');
  expect(requestIdOf('{not json')).toBeUndefined();
  expect(requestIdOf({ prodline: { digest: 'x' } })).toBeUndefined();
  expect(requestIdOf(null)).toBeUndefined();
});
