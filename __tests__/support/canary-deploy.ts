import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { inputsWithDefaults, readActionMetadata } from '../../scripts/lib/action-metadata.js';
import { KubeSimControl } from '../../scripts/testbed/kube-sim/control-client.js';
import type { LoggedRequest } from '../../scripts/testbed/kube-sim/faults.js';
import { writeKubeconfig } from '../../scripts/testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../../scripts/testbed/kube-sim/server.js';
import { parseInputs } from '../../src/actions/canary-deploy/inputs.js';
import { run, type CanaryDeployOutputs } from '../../src/actions/canary-deploy/run.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import { findKubectl, runKubectl } from './kubectl.js';
import { readerFor } from './reader.js';
import { servicesRequired } from './services.js';

/** Digests for fixtures: `digest(1)`, `digest(2)`… */
export const digest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;
export const REPO = 'registry.local/web';

export { secureApp } from '../../scripts/lib/sample-app.js';

/** A running simulator with a kubeconfig, a scratch directory and clients to assert through. */
export interface Harness {
  sim: KubeSim;
  control: KubeSimControl;
  kubeconfig: string;
  dir: string;
  apps: k8s.AppsV1Api;
  core: k8s.CoreV1Api;
  objects: k8s.KubernetesObjectApi;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const lib = await import('@kubernetes/client-node');
  const sim = await startKubeSim({
    behaviourDefaults: { readyAfterMs: 50 },
    tickMs: 20,
    bookmarkIntervalMs: 200,
  });
  const dir = mkdtempSync(join(tmpdir(), 'canary-deploy-'));
  const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), sim.url);
  const kc = new lib.KubeConfig();
  kc.loadFromFile(kubeconfig);
  return {
    sim,
    control: new KubeSimControl(sim.controlUrl),
    kubeconfig,
    dir,
    apps: kc.makeApiClient(lib.AppsV1Api),
    core: kc.makeApiClient(lib.CoreV1Api),
    objects: lib.KubernetesObjectApi.makeApiClient(kc),
    close: () => sim.close(),
  };
}

/**
 * One harness for a test file: started before its tests, closed after them, and (with `resetEach`)
 * emptied before each test. The object is filled in by the beforeAll hook.
 */
export function useHarness(resetEach = true): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await startHarness());
  });
  afterAll(() => h.close());
  if (resetEach)
    beforeEach(async () => {
      await h.control.reset();
    });
  return h;
}

/** Writes a manifest file into the harness directory and returns its path. */
export function manifestFile(h: Harness, name: string, text: string): string {
  const path = join(h.dir, name);
  writeFileSync(path, text);
  return path;
}

export interface RunResult {
  outputs?: CanaryDeployOutputs;
  error?: Error;
  logger: MemoryLogger;
  summary: MemorySummary;
}

/** Runs canary-deploy as the runner would: action.yml defaults, these inputs, the harness's kubeconfig. */
export async function runDeploy(
  h: Harness,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<RunResult> {
  const logger = new MemoryLogger();
  const summary = new MemorySummary();
  const { read } = readerFor(inputsWithDefaults(readActionMetadata('canary-deploy'), inputs, {}), {
    KUBECONFIG: h.kubeconfig,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'org/web',
    GITHUB_RUN_ID: '42',
    GITHUB_SHA: 'abc123',
    ...env,
  });
  try {
    const outputs = await run(parseInputs(read), { logger, summary });
    return { outputs, logger, summary };
  } catch (error) {
    return { error: error as Error, logger, summary };
  }
}

/** `REPO@digest(n)`: the image reference canary-deploy pins. */
export const pinned = (n: number): string => `${REPO}@${digest(n)}`;

/** The first container's image of a Deployment, as client-node reads it. */
export async function imageOf(h: Harness, name: string): Promise<string | undefined> {
  return (await h.apps.readNamespacedDeployment({ name, namespace: 'default' })).spec?.template.spec
    ?.containers[0].image;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** The write requests the simulator received since the last reset of its log. */
export async function writeRequests(h: Harness): Promise<LoggedRequest[]> {
  return (await h.control.requests()).requests.filter((r) => WRITE_VERBS.has(r.verb));
}

const referee = findKubectl();

/**
 * The end state as the pinned kubectl sees it (`kubectl get … -o jsonpath=…`), so the simulator and our
 * client cannot agree on something a real cluster would not do. Without the pinned kubectl: an error in
 * CI, undefined locally (the caller then skips the comparison).
 */
export async function kubectlGet(h: Harness, args: string[]): Promise<string | undefined> {
  if (!referee) {
    if (servicesRequired()) throw new Error('the pinned kubectl is unavailable (see .cache/kubectl-v1.35.2)');
    return undefined;
  }
  const result = await runKubectl(referee, ['-n', 'default', 'get', ...args], {
    kubeconfig: h.kubeconfig,
    cacheDir: h.dir,
  });
  if (result.code !== 0) throw new Error(`kubectl get ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Asserts through kubectl that `value` is what kubectl reads at `jsonpath` (skipped without kubectl). */
export async function expectKubectl(
  h: Harness,
  resource: string,
  jsonpath: string,
  value: string,
): Promise<void> {
  const seen = await kubectlGet(h, [resource, '-o', `jsonpath=${jsonpath}`]);
  if (seen !== undefined) expect(seen).toBe(value);
}
