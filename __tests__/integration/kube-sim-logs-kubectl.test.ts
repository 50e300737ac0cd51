import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeSimControl } from '../../scripts/testbed/kube-sim/control-client.js';
import { writeKubeconfig } from '../../scripts/testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../../scripts/testbed/kube-sim/server.js';
import { findKubectl, runKubectl } from '../support/kubectl.js';
import { until } from '../support/poll.js';
import { servicesRequired } from '../support/services.js';

/** Pod logs as kubectl reads them: the referee for `GET …/pods/<p>/log`. */
const kubectl = findKubectl();
const describeKubectl = kubectl
  ? describe
  : servicesRequired()
    ? (name: string) =>
        describe(name, () =>
          test('needs kubectl on PATH', () => {
            throw new Error('kubectl is not on PATH; the pod-log suite must run in CI');
          }),
        )
    : describe.skip;

const deployment = (name: string, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: ${image}}]
`;

describeKubectl('kubectl logs against the simulator', () => {
  let sim: KubeSim;
  let control: KubeSimControl;
  let dir: string;
  let kubeconfig: string;
  const k = (...args: string[]) =>
    runKubectl(String(kubectl), args, { kubeconfig, cacheDir: join(dir, 'cache') });
  const podOf = (app: string) =>
    until(`a pod of ${app}`, 10_000, async () => {
      const out = await k('get', 'pods', '-l', `app=${app}`, '-o', 'jsonpath={.items[0].metadata.name}');
      return out.code === 0 && out.stdout ? out.stdout : undefined;
    });
  const restarts = async (pod: string) =>
    Number((await k('get', 'pod', pod, '-o', 'jsonpath={.status.containerStatuses[0].restartCount}')).stdout);

  beforeAll(async () => {
    sim = await startKubeSim({
      behaviourDefaults: { readyAfterMs: 100, runMs: 100, backoffMs: 200 },
      tickMs: 25,
    });
    control = new KubeSimControl(sim.controlUrl);
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-logs-'));
    kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), sim.url);
    await control.setBehaviour('registry.local/crashy:*', 'crash-loop');
    await control.setBehaviour('registry.local/hungry:*', 'oom');
    await control.setBehaviour('registry.local/missing:*', 'pull-failure');
    for (const [name, image] of [
      ['web', 'registry.local/web:1'],
      ['crashy', 'registry.local/crashy:1'],
      ['oomy', 'registry.local/hungry:1'],
      ['pully', 'registry.local/missing:1'],
    ]) {
      writeFileSync(join(dir, `${name}.yaml`), deployment(name, image));
      expect((await k('apply', '-f', join(dir, `${name}.yaml`))).code).toBe(0);
    }
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a healthy pod: its start-up lines; --previous is refused as on a real cluster', async () => {
    const pod = await podOf('web');
    const logs = await until('web logs', 10_000, async () => {
      const out = await k('logs', pod);
      return out.code === 0 ? out.stdout : undefined;
    });
    expect(logs).toContain('listening on :8080');
    const previous = await k('logs', pod, '--previous');
    expect(previous.code).not.toBe(0);
    expect(previous.stderr).toContain(
      `Error from server (BadRequest): previous terminated container "app" in pod "${pod}" not found`,
    );
  });

  test('a crash loop: --tail=1 is the stack-like last line; --previous reads the run before', async () => {
    const pod = await podOf('crashy');
    await until('two restarts', 10_000, async () => ((await restarts(pod)) >= 2 ? true : undefined));
    const last = await k('logs', pod, '--tail=1');
    expect(last.code).toBe(0);
    expect(last.stdout).toBe('\t/app/main.go:17 +0x9a\n');
    const previous = await k('logs', pod, '-c', 'app', '--previous', '--tail=20');
    expect(previous.code).toBe(0);
    expect(previous.stdout).toContain('panic: connect db');
  });

  test('an OOM kill: the log stops mid-allocation', async () => {
    const pod = await podOf('oomy');
    await until('a restart', 10_000, async () => ((await restarts(pod)) >= 1 ? true : undefined));
    const out = await k('logs', pod, '--previous', '--tail=1');
    expect(out.stdout).toBe('warming cache: 512MiB allocated\n');
  });

  test('a pull failure: waiting to start; an unknown pod: 404', async () => {
    const pod = await podOf('pully');
    const out = await until('a pull error state', 10_000, async () => {
      const result = await k('logs', pod);
      return result.stderr.includes('is waiting to start') ? result : undefined;
    });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(
      new RegExp(
        `container "app" in pod "${pod}" is waiting to start: (image can't be pulled|trying and failing to pull image)`,
      ),
    );
    const missing = await k('logs', 'nope');
    // kubectl GETs the pod first, and words the 404 its own way.
    expect(missing.stderr).toContain('(NotFound): pods "nope" not found');
    const raw = await fetch(`${sim.url}/api/v1/namespaces/default/pods/nope/log`);
    expect(raw.status).toBe(404);
  });
});
