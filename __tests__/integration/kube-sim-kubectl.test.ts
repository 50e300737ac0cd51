import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeSimControl } from '../../scripts/testbed/kube-sim/control-client.js';
import { writeKubeconfig } from '../../scripts/testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../../scripts/testbed/kube-sim/server.js';
import { findKubectl, runKubectl, type KubectlResult } from '../support/kubectl.js';
import { describeWithServices, servicesRequired } from '../support/services.js';
import { until } from '../support/poll.js';

/**
 * The differential suite: the machine's real kubectl is the referee. Each scenario has a known real
 * outcome, and kubectl's own verdicts (exit codes and messages) must match it.
 */
const kubectl = findKubectl();

function describeKubectl(name: string, body: (kubectl: string) => void): void {
  if (kubectl) describe(name, () => body(kubectl));
  else if (servicesRequired())
    describe(name, () =>
      test('needs the pinned kubectl', () => {
        throw new Error(
          'the pinned kubectl (.cache/kubectl-v1.35.2) is unavailable; the differential suite must run in CI',
        );
      }),
    );
  else describe.skip(name, () => body(''));
}

const manifest = (image: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: ${image}
          ports: [{containerPort: 8080}]
${extra}`;

const json = <T>(result: KubectlResult): T => {
  if (result.code !== 0) throw new Error(`kubectl failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
};

interface ContainerStatus {
  name: string;
  restartCount: number;
  state: { waiting?: { reason: string }; running?: object };
  lastState: { terminated?: { reason: string; exitCode: number } };
}
interface PodList {
  items: { metadata: { name: string }; status: { phase: string; containerStatuses: ContainerStatus[] } }[];
}

/** Polls `check` until it holds, failing after 15 s: no fixed sleep before an assertion. */
const eventually = (what: string, check: () => Promise<boolean>) => until(what, 15_000, check);

describeKubectl('kubectl against the simulator (differential)', (bin) => {
  let sim: KubeSim;
  let control: KubeSimControl;
  let dir: string;
  let kubeconfig: string;
  const k = (...args: string[]) => runKubectl(bin, args, { kubeconfig, cacheDir: join(dir, 'cache') });

  beforeAll(async () => {
    sim = await startKubeSim({ behaviourDefaults: { readyAfterMs: 150, runMs: 100 }, tickMs: 25 });
    control = new KubeSimControl(sim.controlUrl);
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-kubectl-'));
    kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), sim.url);
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('apply creates a Deployment, then configures a changed one, then leaves it unchanged', async () => {
    const file = join(dir, 'web.yaml');
    writeFileSync(file, manifest('registry.local/web:1'));
    const created = await k('apply', '-f', file);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('deployment.apps/web created');
    writeFileSync(file, manifest('registry.local/web:2'));
    expect((await k('apply', '-f', file)).stdout.trim()).toBe('deployment.apps/web configured');
    expect((await k('apply', '-f', file)).stdout.trim()).toBe('deployment.apps/web unchanged');
    const image = await k(
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    );
    expect(image.stdout).toBe('registry.local/web:2');
  });

  test('rollout status: a healthy rollout succeeds', async () => {
    const result = await k('rollout', 'status', 'deployment/web', '--timeout=30s');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('deployment "web" successfully rolled out');
  });

  test('set image to a crash-looping release: kubectl reports the progress deadline exceeded', async () => {
    await control.setBehaviour('registry.local/web:3-crash', 'crash-loop');
    expect((await k('set', 'image', 'deployment/web', 'app=registry.local/web:3-crash')).stdout.trim()).toBe(
      'deployment.apps/web image updated',
    );
    const status = k('rollout', 'status', 'deployment/web', '--timeout=60s');
    // The default deadline is 600 s: jump the simulated clock past it instead of waiting — once the
    // rollout has visibly started (the new ReplicaSet has a pod), so the deadline counts from it.
    await eventually('the crash-looping ReplicaSet to have a pod', async () => {
      const pods = await k(
        'get',
        'pods',
        '-l',
        'app=web',
        '-o',
        'jsonpath={.items[*].spec.containers[0].image}',
      );
      return pods.stdout.includes('registry.local/web:3-crash');
    });
    await control.advanceClock(601_000);
    const result = await status;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('error: deployment "web" exceeded its progress deadline');
    const conditions = json<{ status: { conditions: { type: string; reason: string; status: string }[] } }>(
      await k('get', 'deployment', 'web', '-o', 'json'),
    ).status.conditions;
    expect(conditions).toContainEqual(
      expect.objectContaining({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }),
    );
  });

  test('rollout undo returns to the previous revision; rollout history lists them', async () => {
    const undo = await k('rollout', 'undo', 'deployment/web');
    expect(undo.code).toBe(0);
    expect(undo.stdout.trim()).toBe('deployment.apps/web rolled back');
    expect((await k('rollout', 'status', 'deployment/web', '--timeout=30s')).code).toBe(0);
    const image = await k(
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    );
    expect(image.stdout).toBe('registry.local/web:2');
    const history = await k('rollout', 'history', 'deployment/web');
    expect(history.code).toBe(0);
    // Revision 2 (web:2) came back as revision 4; 1 and 3 stay listed, as on a real cluster.
    const revisions = history.stdout
      .split('\n')
      .filter((line) => /^\d+\s/.test(line))
      .map((line) => line.split(/\s+/)[0]);
    expect(revisions).toEqual(['1', '3', '4']);
    const rev3 = await k('rollout', 'history', 'deployment/web', '--revision=3');
    expect(rev3.stdout).toContain('registry.local/web:3-crash');
  });

  test('get -o json shows crash-loop, pull-error and OOM states in the fields clients read', async () => {
    await control.setBehaviour('registry.local/crashy:*', { kind: 'crash-loop', runMs: 100 });
    await control.setBehaviour('registry.local/missing:*', 'pull-failure');
    await control.setBehaviour('registry.local/hungry:*', { kind: 'oom', runMs: 100 });
    for (const [name, image] of [
      ['crashy', 'registry.local/crashy:1'],
      ['pully', 'registry.local/missing:1'],
      ['oomy', 'registry.local/hungry:1'],
    ]) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, manifest(image).replace(/web/g, name).replace('replicas: 3', 'replicas: 1'));
      expect((await k('apply', '-f', file)).stdout.trim()).toBe(`deployment.apps/${name} created`);
    }
    const pods = async (app: string) =>
      json<PodList>(await k('get', 'pods', '-l', `app=${app}`, '-o', 'json')).items;
    // Each pod reaches its failure state on its own schedule: wait for all three, then look closely.
    await eventually('crash-loop, pull error and OOM to show', async () => {
      const [crashy, pully, oomy] = await Promise.all(['crashy', 'pully', 'oomy'].map(pods));
      const waiting = (items: PodList['items']) => items[0]?.status.containerStatuses?.[0];
      return (
        waiting(crashy)?.state.waiting?.reason === 'CrashLoopBackOff' &&
        (waiting(crashy)?.restartCount ?? 0) >= 1 &&
        waiting(pully)?.state.waiting !== undefined &&
        waiting(oomy)?.lastState.terminated !== undefined
      );
    });

    const crashy = (await pods('crashy'))[0].status;
    expect(crashy.phase).toBe('Running');
    expect(crashy.containerStatuses[0].state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(crashy.containerStatuses[0].restartCount).toBeGreaterThanOrEqual(1);
    expect(crashy.containerStatuses[0].lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });

    const pully = (await pods('pully'))[0].status;
    expect(pully.phase).toBe('Pending');
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(pully.containerStatuses[0].state.waiting?.reason);
    expect(pully.containerStatuses[0].restartCount).toBe(0);

    const oomy = (await pods('oomy'))[0].status;
    expect(oomy.containerStatuses[0].lastState.terminated).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
    });

    // Server-side printing: kubectl's own table shows the states in its STATUS column.
    const table = await k('get', 'pods', '-l', 'app in (crashy,pully,oomy)');
    expect(table.stdout.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(table.stdout).toMatch(/^crashy-\S+\s+0\/1\s+CrashLoopBackOff\s+\d+ \(\S+ ago\)/m);
    expect(table.stdout).toMatch(/^pully-\S+\s+0\/1\s+(ErrImagePull|ImagePullBackOff)\s+0\s/m);

    const events = json<{ items: { reason: string; involvedObject: { name: string } }[] }>(
      await k('get', 'events', '--field-selector', 'reason=BackOff', '-o', 'json'),
    ).items;
    expect(events.length).toBeGreaterThan(0);
  });

  test('scale, patch of each type, server-side apply and delete', async () => {
    expect((await k('scale', 'deployment/web', '--replicas=5')).stdout.trim()).toBe(
      'deployment.apps/web scaled',
    );
    expect((await k('rollout', 'status', 'deployment/web', '--timeout=30s')).code).toBe(0);
    const replicas = await k('get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}');
    expect(replicas.stdout).toBe('5');

    const merge = await k(
      'patch',
      'deployment',
      'web',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"team":"a"}}}',
    );
    expect(merge.stdout.trim()).toBe('deployment.apps/web patched');
    const jsonPatch = await k(
      'patch',
      'deployment',
      'web',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/replicas","value":2}]',
    );
    expect(jsonPatch.stdout.trim()).toBe('deployment.apps/web patched');
    const strategic = await k(
      'patch',
      'deployment',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"MODE","value":"x"}]}]}}}}',
    );
    expect(strategic.stdout.trim()).toBe('deployment.apps/web patched');
    // kubectl says "(no change)" when the object it read equals the patch's answer: let the rollout the
    // env change started settle first, or its status updates make the objects differ (as on a cluster).
    expect((await k('rollout', 'status', 'deployment/web', '--timeout=30s')).code).toBe(0);
    const noChange = await k(
      'patch',
      'deployment',
      'web',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"team":"a"}}}',
    );
    expect(noChange.stdout.trim()).toBe('deployment.apps/web patched (no change)');
    const web = json<{
      spec: { replicas: number; template: { spec: { containers: { image: string; env: object[] }[] } } };
    }>(await k('get', 'deployment', 'web', '-o', 'json'));
    expect(web.spec.replicas).toBe(2);
    expect(web.spec.template.spec.containers[0]).toMatchObject({
      image: 'registry.local/web:2',
      env: [{ name: 'MODE', value: 'x' }],
    });

    const file = join(dir, 'api.yaml');
    writeFileSync(file, manifest('registry.local/api:1').replace(/web/g, 'api'));
    expect((await k('apply', '--server-side', '-f', file)).stdout.trim()).toBe(
      'deployment.apps/api serverside-applied',
    );
    const conflict = await k('scale', 'deployment/api', '--replicas=4');
    expect(conflict.code).toBe(0);
    writeFileSync(file, manifest('registry.local/api:2').replace(/web/g, 'api'));
    const reapplied = await k('apply', '--server-side', '-f', file);
    // kubectl scale took ownership of spec.replicas, so re-applying 3 replicas is a conflict.
    expect(reapplied.code).not.toBe(0);
    expect(reapplied.stderr).toContain('conflict');
    expect((await k('apply', '--server-side', '--force-conflicts', '-f', file)).code).toBe(0);

    // web was made by client-side apply: a server-side apply by kubectl takes its fields over, no conflict.
    const upgrade = await k('apply', '--server-side', '-f', join(dir, 'web.yaml'));
    expect(upgrade.stderr).toBe('');
    expect(upgrade.stdout.trim()).toBe('deployment.apps/web serverside-applied');

    // kubectl 1.35 (the pinned referee) names the namespace; older ones did not.
    expect((await k('delete', 'deployment', 'api')).stdout.trim()).toMatch(
      /^deployment\.apps "api" deleted( from default namespace)?$/,
    );
    const gone = await k('get', 'deployment', 'api');
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('Error from server (NotFound): deployments.apps "api" not found');
  });
});

describeWithServices(
  ['KUBECONFIG', 'KUBE_SIM_CONTROL_URL'],
  'kubectl against the testbed simulator',
  (env) => {
    const bin = kubectl;
    const cacheDir = mkdtempSync(join(tmpdir(), 'kube-sim-kubectl-cache-'));
    afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

    test('the published KUBECONFIG reaches the simulator', async () => {
      if (!bin) throw new Error('the pinned kubectl is unavailable');
      const namespace = `t-${Date.now().toString(36)}`;
      const run = (args: string[], input?: string) =>
        runKubectl(bin, args, { kubeconfig: env.KUBECONFIG, cacheDir, input });
      const created = await run(
        ['create', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }),
      );
      expect(created.stdout.trim()).toBe(`namespace/${namespace} created`);
      const list = json<{ items: { metadata: { name: string } }[] }>(
        await run(['get', 'namespaces', '-o', 'json']),
      );
      expect(list.items.map((n) => n.metadata.name)).toEqual(expect.arrayContaining(['default', namespace]));
      expect((await run(['delete', 'namespace', namespace])).stdout.trim()).toBe(
        `namespace "${namespace}" deleted`,
      );
    });
  },
);
