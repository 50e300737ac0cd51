import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseInputs } from '../../src/actions/canary-deploy/inputs.js';
import { run } from '../../src/actions/canary-deploy/run.js';
import { InputReader } from '../../src/runtime/input-reader.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import { inputsWithDefaults, readActionMetadata } from '../lib/action-metadata.js';
import { writeKubeconfig } from '../testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../testbed/kube-sim/server.js';
import { ensurePinnedKubectl } from '../testbed/kubectl-pinned.js';
import { secureApp } from '../lib/sample-app.js';
import { reportRow } from './bench-row.js';

/**
 * API requests per deploy for each canary-deploy strategy, beside the `kubectl apply` + `kubectl
 * annotate` + `kubectl rollout status` sequence k8s-deploy runs (pinned kubectl 1.35.2), on the same
 * manifests against kube-sim; then the wall time of deploying 1 and 16 Deployments at once.
 * Run: npx tsx scripts/bench/deploy-requests.ts
 */
const exec = promisify(execFile);
const REPO = 'registry.local/web';
const digest = (n: number) => `sha256:${String(n % 10).repeat(64)}`;

const app = (name: string): string => secureApp(name, { image: `${REPO}:x` });

async function prodline(kubeconfig: string, inputs: Record<string, string>): Promise<void> {
  const values = inputsWithDefaults(readActionMetadata('canary-deploy'), inputs, {});
  const env: Record<string, string> = { KUBECONFIG: kubeconfig, GITHUB_SERVER_URL: 'https://github.com' };
  const read = new InputReader(
    (name) => (values[name] ?? '').trim(),
    () => undefined,
    (name) => env[name],
  );
  await run(parseInputs(read), { logger: new MemoryLogger(), summary: new MemorySummary() });
}

async function kubectlSequence(
  kubectl: string,
  kubeconfig: string,
  cache: string,
  file: string,
  names: string[],
  n: number,
): Promise<void> {
  const k = (...args: string[]) =>
    exec(kubectl, ['--kubeconfig', kubeconfig, '-n', 'default', ...args], {
      env: { KUBECACHEDIR: cache, HOME: cache, PATH: process.env.PATH ?? '' },
    });
  const pinned = join(cache, `pinned-${n}.yaml`);
  writeFileSync(
    pinned,
    (await import('node:fs')).readFileSync(file, 'utf8').replaceAll(`${REPO}:x`, `${REPO}@${digest(n)}`),
  );
  await k('apply', '-f', pinned);
  for (const name of names)
    await k('annotate', `deployment/${name}`, `prodline.dev/digest=${digest(n)}`, '--overwrite');
  // k8s-deploy waits for one workload after the other.
  for (const name of names) await k('rollout', 'status', `deployment/${name}`, '--timeout=120s');
}

async function measure(sim: KubeSim, what: () => Promise<void>): Promise<{ requests: number; ms: number }> {
  sim.state.log.reset();
  const started = performance.now();
  await what();
  return { requests: sim.state.log.total, ms: Math.round(performance.now() - started) };
}

async function main(): Promise<void> {
  const kubectl = ensurePinnedKubectl();
  const dir = mkdtempSync(join(tmpdir(), 'bench-deploy-'));
  const sim = await startKubeSim({ behaviourDefaults: { readyAfterMs: 200 }, tickMs: 50 });
  const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), sim.url);
  // prodline and kubectl deploy objects of their own (a field manager each would conflict, rightly).
  const one = join(dir, 'one.yaml');
  writeFileSync(one, app('web'));
  const kOne = join(dir, 'k-one.yaml');
  writeFileSync(kOne, app('kweb'));
  let n = 1;
  const next = () => `${REPO}@${digest(++n)}`;
  const rows: [string, number, number][] = [];
  const row = async (label: string, what: () => Promise<void>) => {
    const { requests, ms } = await measure(sim, what);
    rows.push([label, requests, ms]);
  };
  await prodline(kubeconfig, { manifests: one, image: next() }); // first release, not measured
  await row('prodline rolling deploy', () => prodline(kubeconfig, { manifests: one, image: next() }));
  await row('prodline rolling re-run (same digest)', () =>
    prodline(kubeconfig, { manifests: one, image: `${REPO}@${digest(n)}` }),
  );
  await row('prodline canary deploy', () =>
    prodline(kubeconfig, { manifests: one, image: next(), strategy: 'canary' }),
  );
  await row('prodline canary promote', () => prodline(kubeconfig, { strategy: 'canary', action: 'promote' }));
  const bg = join(dir, 'bg.yaml');
  writeFileSync(bg, app('shop'));
  await prodline(kubeconfig, { manifests: bg, image: next(), strategy: 'blue-green' });
  await row('prodline blue-green deploy', () =>
    prodline(kubeconfig, { manifests: bg, image: next(), strategy: 'blue-green' }),
  );
  await row('prodline blue-green promote', () =>
    prodline(kubeconfig, { strategy: 'blue-green', action: 'promote' }),
  );
  await row('kubectl apply + annotate + rollout status', () =>
    kubectlSequence(kubectl, kubeconfig, dir, kOne, ['kweb'], ++n),
  );

  console.log(
    '\nAPI requests per deploy (one Deployment of 4 replicas + its Service, kube-sim, pods ready after 200 ms)\n',
  );
  console.log('| sequence | requests | wall ms |\n|---|---:|---:|');
  for (const [label, requests, ms] of rows) console.log(`| ${label} | ${requests} | ${ms} |`);
  const kubectlRequests = rows[rows.length - 1][1];
  const deploys = rows.filter(([label]) => label.startsWith('prodline') && label.endsWith('deploy'));
  reportRow({
    row: 'Kubernetes API requests per deploy (rolling / canary / blue-green)',
    measured: deploys.map(([, requests]) => requests).join(' / '),
    against: `kubectl apply + annotate + rollout status: ${kubectlRequests}`,
    target: 'fewer than kubectl',
    met: deploys.every(([, requests]) => requests < kubectlRequests),
  });

  const many = join(dir, 'many.yaml');
  const names = Array.from({ length: 16 }, (_, i) => `svc${i}`);
  writeFileSync(many, names.map(app).join('---\n'));
  const kMany = join(dir, 'k-many.yaml');
  const kNames = names.map((name) => `k${name}`);
  writeFileSync(kMany, kNames.map(app).join('---\n'));
  await prodline(kubeconfig, { manifests: many, image: next() });
  await kubectlSequence(kubectl, kubeconfig, dir, kMany, kNames, n);
  const p1 = await measure(sim, () => prodline(kubeconfig, { manifests: one, image: next() }));
  const p16 = await measure(sim, () =>
    prodline(kubeconfig, { manifests: many, image: `${REPO}@${digest(n)}` }),
  );
  const k1 = await measure(sim, () => kubectlSequence(kubectl, kubeconfig, dir, kOne, ['kweb'], ++n));
  const k16 = await measure(sim, () => kubectlSequence(kubectl, kubeconfig, dir, kMany, kNames, n));
  console.log('\nWall time of a rolling deploy of 1 and of 16 Deployments at once\n');
  console.log('| | 1 Deployment | 16 Deployments | 16 / 1 |\n|---|---:|---:|---:|');
  console.log(
    `| prodline (all waited together) | ${p1.ms} ms, ${p1.requests} req | ${p16.ms} ms, ${p16.requests} req | ${(p16.ms / p1.ms).toFixed(1)}× |`,
  );
  console.log(
    `| kubectl sequence (one after another) | ${k1.ms} ms, ${k1.requests} req | ${k16.ms} ms, ${k16.requests} req | ${(k16.ms / k1.ms).toFixed(1)}× |`,
  );
  console.log(
    `\nkubectl sequence / prodline: 1 Deployment ${(k1.ms / p1.ms).toFixed(1)}× the time; 16 Deployments ${(k16.ms / p16.ms).toFixed(1)}× the time, ${(k16.requests / p16.requests).toFixed(1)}× the requests`,
  );
  reportRow({
    row: 'rolling deploy of 16 Deployments at once, wall(16) / wall(1)',
    measured: `${(p16.ms / p1.ms).toFixed(1)}× (kubectl sequence ${(k16.ms / k1.ms).toFixed(1)}×)`,
    against: 'the kubectl sequence, one Deployment after another',
    target: 'below the kubectl sequence',
    met: p16.ms / p1.ms < k16.ms / k1.ms,
  });
  await sim.close();
  process.exit(0);
}

await main();
