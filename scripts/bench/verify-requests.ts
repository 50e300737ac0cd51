import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyRelease, type VerifyOptions } from '../../src/analysis/verify.js';
import { KubeClient } from '../../src/kube/kube-client.js';
import { ref } from '../../src/kube/kinds.js';
import { rolloutStatus, type DeploymentLike } from '../../src/kube/rollout-status.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { writeKubeconfig } from '../testbed/kube-sim/kubeconfig.js';
import { resourceByPlural } from '../testbed/kube-sim/resources.js';
import { startKubeSim, type KubeSim } from '../testbed/kube-sim/server.js';
import { median, reportRow } from './bench-row.js';

/**
 * verify-rollout's Kubernetes requests per verified workload over a 60 s rollout in real time (so the
 * 30 s watch renewals a real rollout costs are counted), beside a 2 s polling loop (GET the Deployment
 * and LIST its pods each round) over the same 60 s, side by side on two simulators; then 1, 16 and 64
 * workloads verified at once: wall(N) / wall(1), each pod turning ready exactly 1 s after the
 * verification starts, for every N alike (the simulated clock stands still while the Deployments are
 * created, so creating 64 does not use up part of the delay). Each verification uses a fresh client,
 * as the action does (no discovery cached from the set-up).
 * Run: npx tsx scripts/bench/verify-requests.ts
 */
const TARGET_REQUESTS_PER_WORKLOAD = 5;
const TARGET_WALL_RATIO = 1.5;
const ROLLOUT_MS = 60_000;
const POLL_MS = 2_000;

const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default', labels: { app: name } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'registry.local/web:1' }] },
    },
  },
});

const options = (names: string[]): VerifyOptions => ({
  workloads: names.map((name) => ({ kind: 'deployment', name })),
  namespace: 'default',
  timeoutMs: 300_000,
  maxRestarts: 3,
  healthChecks: [],
  healthIntervalMs: 1_000,
  healthSuccesses: 1,
  abortOnAlerts: [],
  onFailure: 'none',
  autoPromote: false,
  release: { digest: '' },
  intervalMs: 1_000,
  durationMs: 1_000,
  failureLimit: 0,
  consecutiveFailureLimit: 1,
  consecutiveErrorLimit: 1,
  minRequests: 0,
  noData: 'fail',
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

interface Sim {
  sim: KubeSim;
  kubeconfig: string;
  /** A client as the action makes one: nothing cached. */
  client(): Promise<KubeClient>;
}

async function simulator(dir: string, name: string, readyAfterMs: number): Promise<Sim> {
  const sim = await startKubeSim({ behaviourDefaults: { readyAfterMs }, tickMs: 20 });
  const kubeconfig = writeKubeconfig(join(dir, name), sim.url);
  return { sim, kubeconfig, client: () => KubeClient.connect({ kubeconfigPath: kubeconfig }) };
}

/** Requests the simulator logged; a request is logged when it closes, so open watches are waited for. */
async function requestsSince(sim: KubeSim): Promise<number> {
  await until('the watches to close', () => sim.state.watches.size === 0);
  return sim.state.log.total;
}

async function create(sim: Sim, names: string[]): Promise<void> {
  const client = await sim.client();
  await Promise.all(names.map((n) => client.apply(deployment(n))));
}

async function watchedRollout(sim: Sim): Promise<number> {
  await create(sim, ['web']);
  const client = await sim.client();
  sim.sim.state.log.reset();
  await verifyRelease(client, options(['web']), new MemoryLogger());
  return requestsSince(sim.sim);
}

async function polledRollout(sim: Sim): Promise<number> {
  await create(sim, ['web']);
  const client = await sim.client();
  sim.sim.state.log.reset();
  for (;;) {
    const live = await client.get(ref('Deployment', 'default', 'web'));
    await client.list('v1', 'Pod', 'default', 'app=web');
    if (rolloutStatus(live as DeploymentLike).state === 'done') break;
    await sleep(POLL_MS);
  }
  return requestsSince(sim.sim);
}

/** One verification of `n` new workloads: wall ms and requests. */
async function verifyAtOnce(
  sim: Sim,
  n: number,
  round: number,
): Promise<{ wallMs: number; requests: number }> {
  const names = Array.from({ length: n }, (_, i) => `w${n}-${round}-${i}`);
  const { clock, store } = sim.sim.state;
  clock.freeze();
  await create(sim, names);
  const mine = (pod: { metadata?: { name?: string } }) =>
    names.some((name) => pod.metadata?.name?.startsWith(`${name}-`));
  // Every pod exists before time moves again: from here each turns ready 1 s later, whatever N is.
  await until(
    `${2 * n} pods`,
    () => store.list(resourceByPlural('pods'), 'default').filter(mine).length === 2 * n,
  );
  const client = await sim.client();
  sim.sim.state.log.reset();
  clock.resume();
  const started = performance.now();
  await verifyRelease(client, options(names), new MemoryLogger());
  const wallMs = performance.now() - started;
  return { wallMs, requests: await requestsSince(sim.sim) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-verify-'));
  const watched = await simulator(dir, 'watched', ROLLOUT_MS);
  const polled = await simulator(dir, 'polled', ROLLOUT_MS);
  console.error(`two ${ROLLOUT_MS / 1000} s rollouts side by side (real time)…`);
  const [watchRequests, pollRequests] = await Promise.all([watchedRollout(watched), polledRollout(polled)]);
  await Promise.all([watched.sim.close(), polled.sim.close()]);

  const fast = await simulator(dir, 'fast', 1_000);
  const sizes = [1, 16, 64];
  const runs: Record<number, { wallMs: number; requests: number }[]> = { 1: [], 16: [], 64: [] };
  // Interleaved rounds, medians: these machines are noisy.
  for (let round = 0; round < 3; round++)
    for (const n of sizes) runs[n].push(await verifyAtOnce(fast, n, round));
  await fast.sim.close();
  const wall = (n: number) => median(runs[n].map((r) => r.wallMs));

  console.log(
    `\nverify-rollout: Kubernetes requests per verified workload, ${ROLLOUT_MS / 1000} s rollout (real time)\n`,
  );
  console.log('| method | requests | target |\n|---|---:|---:|');
  console.log(
    `| prodline (LIST + WATCH, pod watch) | ${watchRequests} | ≤ ${TARGET_REQUESTS_PER_WORKLOAD} |`,
  );
  console.log(`| ${POLL_MS / 1000} s polling loop (GET + pod LIST) | ${pollRequests} | |`);
  console.log(`\nratio polling / prodline: ${(pollRequests / watchRequests).toFixed(1)}×\n`);
  console.log(
    `| workloads at once | wall ms (median of 3) | wall(N) / wall(1) | target | requests | requests per workload |\n|---:|---:|---:|---:|---:|---:|`,
  );
  for (const n of sizes) {
    const requests = median(runs[n].map((r) => r.requests));
    console.log(
      `| ${n} | ${Math.round(wall(n))} | ${(wall(n) / wall(1)).toFixed(2)} | ${n === 1 ? '' : `≤ ${TARGET_WALL_RATIO}`} | ${requests} | ${(requests / n).toFixed(2)} |`,
    );
  }
  reportRow({
    row: `Kubernetes requests per verified workload, ${ROLLOUT_MS / 1000} s rollout`,
    measured: String(watchRequests),
    against: `${POLL_MS / 1000} s polling loop: ${pollRequests}`,
    target: `≤ ${TARGET_REQUESTS_PER_WORKLOAD}`,
    met: watchRequests <= TARGET_REQUESTS_PER_WORKLOAD,
  });
  const ratio = wall(64) / wall(1);
  reportRow({
    row: '64 workloads verified at once, wall(64) / wall(1)',
    measured: `${ratio.toFixed(2)}× (16: ${(wall(16) / wall(1)).toFixed(2)}×)`,
    against: '1 workload, same 1 s readiness delay',
    target: `≤ ${TARGET_WALL_RATIO}`,
    met: ratio <= TARGET_WALL_RATIO,
  });
  process.exit(0);
}

await main();
