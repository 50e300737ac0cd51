import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as k8s from '@kubernetes/client-node';
import { KubeSimControl } from '../../scripts/testbed/kube-sim/control-client.js';
import { kubeconfigText } from '../../scripts/testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../../scripts/testbed/kube-sim/server.js';

/** Gateway API routes, watch bookmarks, discovery, start-up and the `npm run kube-sim` contract. */
let lib: typeof k8s;
let sim: KubeSim;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  lib = await import('@kubernetes/client-node');
  sim = await startKubeSim({ tickMs: 25, bookmarkIntervalMs: 100 });
  kc = new lib.KubeConfig();
  kc.loadFromString(kubeconfigText(sim.url));
});
afterAll(async () => {
  await sim.close();
});

const route = (weight: number) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web' },
  spec: {
    parentRefs: [{ name: 'gateway' }],
    rules: [
      {
        backendRefs: [
          { name: 'web-stable', port: 80, weight: 100 - weight },
          { name: 'web-canary', port: 80, weight },
        ],
      },
    ],
  },
});

test('HTTPRoutes: create, merge-patch weights; strategic merge is refused as for any custom resource', async () => {
  const custom = kc.makeApiClient(lib.CustomObjectsApi);
  const where = {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    namespace: 'default',
    plural: 'httproutes',
  };
  await custom.createNamespacedCustomObject({ ...where, body: route(10) });
  const patched = (await custom.patchNamespacedCustomObject(
    { ...where, name: 'web', body: { spec: route(50).spec } },
    lib.setHeaderOptions('Content-Type', lib.PatchStrategy.MergePatch),
  )) as ReturnType<typeof route> & { metadata: { generation: number } };
  expect(patched.spec.rules[0].backendRefs.map((b) => b.weight)).toEqual([50, 50]);
  expect(patched.metadata.generation).toBe(2);
  try {
    await custom.patchNamespacedCustomObject(
      { ...where, name: 'web', body: { spec: {} } },
      lib.setHeaderOptions('Content-Type', lib.PatchStrategy.StrategicMergePatch),
    );
    throw new Error('expected 415');
  } catch (error) {
    expect((error as k8s.ApiException<unknown>).code).toBe(415);
  }
});

test('watch bookmarks and sendInitialEvents', async () => {
  const received: { type: string; annotations?: Record<string, string> }[] = [];
  const controller = await new lib.Watch(kc).watch(
    '/api/v1/namespaces/default/services',
    { allowWatchBookmarks: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
    (type: string, obj: k8s.V1Service) => received.push({ type, annotations: obj.metadata?.annotations }),
    () => undefined,
  );
  // Wait for the bookmarks (under a deadline) instead of a fixed pause.
  const deadline = Date.now() + 10_000;
  while (received.filter((e) => e.type === 'BOOKMARK').length < 2 && Date.now() < deadline) await sleep(25);
  controller.abort();
  const bookmarks = received.filter((e) => e.type === 'BOOKMARK');
  expect(bookmarks[0].annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  expect(bookmarks.length).toBeGreaterThanOrEqual(2);
});

test('discovery answers as kubectl and client-go expect', async () => {
  const get = async (path: string) =>
    (await fetch(`${sim.url}${path}`)).json() as Promise<Record<string, unknown>>;
  expect(await get('/version')).toMatchObject({ major: '1', minor: '32' });
  expect(await get('/api')).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  const groups = (await get('/apis')).groups as { name: string }[];
  expect(groups.map((g) => g.name)).toEqual(['apps', 'gateway.networking.k8s.io']);
  const apps = (await get('/apis/apps/v1')).resources as { name: string }[];
  expect(apps.map((r) => r.name)).toEqual(
    expect.arrayContaining(['deployments', 'deployments/scale', 'deployments/status', 'replicasets']),
  );
  const openapi = await fetch(`${sim.url}/openapi/v2`, {
    headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' },
  });
  expect(openapi.status).toBe(200);
  expect((await openapi.arrayBuffer()).byteLength).toBeGreaterThan(100);
  const missing = await fetch(`${sim.url}/apis/batch/v1/jobs`);
  expect(missing.status).toBe(404);
});

test('the control API clock: freeze, advance, resume', async () => {
  const control = new KubeSimControl(sim.controlUrl);
  await control.freezeClock();
  const before = (await (await fetch(`${sim.controlUrl}/clock`)).json()) as { nowMs: number };
  // Real time passes on purpose: a frozen clock must not count it.
  await sleep(50);
  const { nowMs } = await control.advanceClock(600_000);
  expect(nowMs - before.nowMs).toBe(600_000);
  await control.resumeClock();
});

test('starts in well under a second in-process', async () => {
  const started = performance.now();
  const another = await startKubeSim();
  const elapsed = performance.now() - started;
  await another.close();
  expect(elapsed).toBeLessThan(1_000);
});

test('`npm run kube-sim` entry point: the API URL is the first line; SIGTERM stops it', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/testbed/kube-sim/main.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    );
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const version = (await (await fetch(`${url}/version`)).json()) as { gitVersion: string };
    expect(version.gitVersion).toBe('v1.32.0');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
