import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyRelease, type VerifyOptions } from '../../src/analysis/verify.js';
import { KubeClient } from '../../src/kube/kube-client.js';
import { ref } from '../../src/kube/kinds.js';
import { rolloutStatus, type DeploymentLike } from '../../src/kube/rollout-status.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { writeKubeconfig } from '../testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../testbed/kube-sim/server.js';

/**
 * verify-rollout's Kubernetes requests per verified workload over a 60 s rollout (kube-sim's clock,
 * advanced 2 s per step), beside a 2 s polling loop (GET the Deployment and LIST its pods each round);
 * then 1, 16 and 64 workloads verified at once: wall(N) / wall(1).
 * Run: npx tsx scripts/bench/verify-requests.ts
 */
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

async function create(client: KubeClient, names: string[]): Promise<void> {
  await Promise.all(names.map((n) => client.apply(deployment(n))));
}

/** Steps the simulated clock 2 s at a time (a few ms of wall time apart) until `done` settles. */
async function stepClock(sim: KubeSim, done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    await new Promise((r) => setTimeout(r, 20));
    sim.state.clock.advance(2_000);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-verify-'));
  const sim = await startKubeSim({ behaviourDefaults: { readyAfterMs: 60_000 }, tickMs: 20 });
  const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), sim.url);
  const client = await KubeClient.connect({ kubeconfigPath: kubeconfig });
  const logger = new MemoryLogger();
  sim.state.clock.freeze();

  await create(client, ['watched']);
  sim.state.log.reset();
  const verified = verifyRelease(client, options(['watched']), logger);
  await stepClock(sim, verified);
  const watchRequests = sim.state.log.total;

  await create(client, ['polled']);
  sim.state.log.reset();
  for (;;) {
    const live = await client.get(ref('Deployment', 'default', 'polled'));
    await client.list('v1', 'Pod', 'default', 'app=polled');
    if (rolloutStatus(live as DeploymentLike).state === 'done') break;
    sim.state.clock.advance(2_000);
  }
  const pollRequests = sim.state.log.total;

  sim.state.clock.resume();
  await sim.close();
  const fast = await startKubeSim({ behaviourDefaults: { readyAfterMs: 1_000 }, tickMs: 20 });
  const fastClient = await KubeClient.connect({
    kubeconfigPath: writeKubeconfig(join(dir, 'fast'), fast.url),
  });
  const walls: Record<number, number> = {};
  for (const n of [1, 16, 64]) {
    const names = Array.from({ length: n }, (_, i) => `w${n}-${i}`);
    await create(fastClient, names);
    // Only the verification is timed: the pods turn ready 1 s after creation, for every N alike.
    const started = performance.now();
    await verifyRelease(fastClient, options(names), logger);
    walls[n] = Math.round(performance.now() - started);
  }
  await fast.close();

  console.log(
    '\nverify-rollout: Kubernetes requests per verified workload, 60 s rollout (simulated clock)\n',
  );
  console.log('| method | requests |\n|---|---:|');
  console.log(`| prodline (LIST + WATCH, pod watch) | ${watchRequests} |`);
  console.log(`| 2 s polling loop (GET + pod LIST) | ${pollRequests} |`);
  console.log(`\nratio polling / prodline: ${(pollRequests / watchRequests).toFixed(1)}×\n`);
  console.log('| workloads at once | wall ms | wall(N) / wall(1) |\n|---:|---:|---:|');
  for (const n of [1, 16, 64]) console.log(`| ${n} | ${walls[n]} | ${(walls[n] / walls[1]).toFixed(2)} |`);
  process.exit(0);
}

await main();
