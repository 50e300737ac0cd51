import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  digest,
  expectKubectl,
  imageOf as imageOfIn,
  pinned,
  manifestFile,
  runDeploy,
  secureApp,
  useHarness,
  writeRequests,
} from '../support/canary-deploy.js';
import { ConfigurationError } from '../../src/runtime/errors.js';
import { runVerify } from '../support/verify-rollout.js';

/** verify-rollout against kube-sim (no Prometheus): rollout, fail-fast from pods, rollback, promotion. */
const h = useHarness();

const image = pinned;
const imageOf = (name: string) => imageOfIn(h, name);
const names = async () =>
  (await h.apps.listNamespacedDeployment({ namespace: 'default' })).items.map((d) => d.metadata?.name).sort();
const simNow = async () => (await h.control.advanceClock(0)).nowMs;

/** A stable release of digest(1) and a canary of `n`, through canary-deploy; returns its workloads. */
async function canaryOf(n: number, bad = false): Promise<string> {
  const file = manifestFile(h, 'web.yaml', secureApp('web', { replicas: 4 }));
  const inputs = { manifests: file, strategy: 'canary', 'canary-weight': '25' };
  expect((await runDeploy(h, { ...inputs, image: image(1) })).error).toBeUndefined();
  // A bad canary never turns ready, so canary-deploy's own wait is cut short; the canary stays.
  const canary = await runDeploy(h, { ...inputs, image: image(n), ...(bad ? { timeout: '5s' } : {}) });
  if (!bad) expect(canary.error).toBeUndefined();
  return JSON.stringify([
    { kind: 'Deployment', name: 'web', namespace: 'default', role: 'stable' },
    { kind: 'Deployment', name: 'web-canary', namespace: 'default', role: 'canary' },
  ]);
}

test('a healthy canary is promoted, and the promotion verified', async () => {
  const workloads = await canaryOf(2);
  const result = await runVerify(h, { workloads, timeout: '60s' });
  expect(result.error).toBeUndefined();
  expect(result.outputs?.verdict).toBe('promoted');
  expect(await imageOf('web')).toBe(image(2));
  expect(await names()).toEqual(['web']);
  await expectKubectl(h, 'deployments', '{.items[*].metadata.name}', 'web');
  await expectKubectl(h, 'deployment/web', '{.spec.template.spec.containers[0].image}', image(2));
  const report = JSON.parse(readFileSync(String(result.outputs?.['analysis-report']), 'utf8')) as {
    verdict: string;
  };
  expect(report.verdict).toBe('promoted');
});

test('auto-promote false: verified, awaiting approval, nothing written', async () => {
  const workloads = await canaryOf(2);
  await h.control.resetRequests();
  const result = await runVerify(h, { workloads, 'auto-promote': 'false', timeout: '60s' });
  expect(result.error).toBeUndefined();
  expect(result.outputs?.verdict).toBe('awaiting-approval');
  expect(await writeRequests(h)).toEqual([]);
  expect(await names()).toEqual(['web', 'web-canary']);
});

test.each([
  ['crash-loop', 'CrashLoopBackOff'],
  ['pull-failure', 'ErrImagePull|ImagePullBackOff'],
  ['oom', 'OOMKilled'],
] as const)('a %s canary fails fast and is rolled back, the rollback verified', async (behaviour, reason) => {
  await h.control.setBehaviour(image(3), behaviour);
  const workloads = await canaryOf(3, true);
  const started = await simNow();
  const result = await runVerify(h, { workloads, timeout: '120s' });
  // Decided from the pods, long before the 600 s progress deadline, on the simulator's own clock.
  expect((await simNow()) - started).toBeLessThan(60_000);
  expect(result.error?.message).toMatch(/rolled-back/);
  expect(result.written.verdict).toBe('rolled-back');
  expect(result.reason?.code).toMatch(new RegExp(`^(${reason})$`));
  expect(result.reason?.message).toContain('web-canary');
  expect(result.summary.markdown).toContain('ROLLED BACK');
  expect(await names()).toEqual(['web']);
  expect(await imageOf('web')).toBe(image(1));
  await expectKubectl(h, 'deployments', '{.items[*].metadata.name}', 'web');
  await expectKubectl(h, 'deployment/web', '{.status.readyReplicas}', '4');
});

test('freeze: a crash-looping canary is reported loudly and nothing is written', async () => {
  await h.control.setBehaviour(image(3), 'crash-loop');
  const workloads = await canaryOf(3, true);
  await h.control.resetRequests();
  const result = await runVerify(h, { workloads, 'on-failure': 'freeze', timeout: '60s' });
  expect(result.written.verdict).toBe('frozen');
  expect(result.reason?.message).toContain('NOTHING WAS ROLLED BACK');
  expect(result.logger.lines.join('\n')).toMatch(/freeze/);
  expect(await writeRequests(h)).toEqual([]);
  expect(await names()).toEqual(['web', 'web-canary']);
  await expectKubectl(h, 'deployments', '{.items[*].metadata.name}', 'web web-canary');
});

test('rolling: a crash-looping release is rolled back to prodline.dev/previous-digest', async () => {
  const file = manifestFile(h, 'web.yaml', secureApp('web', { replicas: 3 }));
  const inputs = { manifests: file, strategy: 'rolling' };
  expect((await runDeploy(h, { ...inputs, image: image(1) })).error).toBeUndefined();
  await h.control.setBehaviour(image(4), 'crash-loop');
  // The bad release's own rollout would wait; canary-deploy is given little time and fails.
  await runDeploy(h, { ...inputs, image: image(4), timeout: '5s' });
  const result = await runVerify(h, { workloads: 'web', timeout: '60s' });
  expect(result.written.verdict).toBe('rolled-back');
  expect(result.written['rolled-back-to']).toBe(digest(1));
  expect(await imageOf('web')).toBe(image(1));
  await expectKubectl(
    h,
    'deployment/web',
    "{.spec.template.spec.containers[0].image} {.metadata.annotations['prodline\\.dev/digest']}",
    `${image(1)} ${digest(1)}`,
  );
});

test('health-urls through the inputs: health-successes in a row each; one that keeps failing rolls back', async () => {
  const served: Record<string, number> = {};
  const server = createServer((req, res) => {
    served[req.url ?? '/'] = (served[req.url ?? '/'] ?? 0) + 1;
    res.writeHead(req.url === '/bad' ? 503 : 200, { 'Content-Type': 'text/plain' });
    res.end(req.url === '/bad' ? 'unavailable' : '{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const workloads = await canaryOf(2);
    const healthy = await runVerify(h, {
      workloads,
      'health-urls': `${base}/ok 200 /"status":"ok"/`,
      'health-successes': '2',
      'health-interval': '100ms',
      'auto-promote': 'false',
      timeout: '60s',
    });
    expect(healthy.outputs?.verdict).toBe('awaiting-approval');
    expect(served['/ok']).toBe(2);
    const failing = await runVerify(h, {
      workloads,
      'health-urls': `${base}/ok\n${base}/bad`,
      'health-interval': '100ms',
      timeout: '3s',
    });
    expect(failing.written.verdict).toBe('rolled-back');
    expect(failing.reason?.code).toBe('health-check');
    expect(failing.reason?.message).toContain(`${base}/bad: answered 503, expected 200`);
    expect(await names()).toEqual(['web']);
    await expectKubectl(h, 'deployments', '{.items[*].metadata.name}', 'web');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('a prometheus-ca path that cannot be read is refused before any request to the cluster', async () => {
  await h.control.resetRequests();
  const result = await runVerify(h, {
    workloads: 'web',
    'prometheus-url': 'http://127.0.0.1:9',
    'prometheus-ca': '/nonexistent/prometheus-ca.pem',
    analysis: 'error-rate',
  });
  expect(result.error).toBeInstanceOf(ConfigurationError);
  expect(result.error?.message).toMatch(
    /^Input 'prometheus-ca': .+ is neither PEM content nor a readable file/,
  );
  expect((await h.control.requests()).requests).toEqual([]);
});
