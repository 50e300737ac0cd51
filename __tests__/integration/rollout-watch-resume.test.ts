import { watchRollout } from '../../src/analysis/rollout-watch.js';
import { KubeClient } from '../../src/kube/kube-client.js';
import { resourceByPlural } from '../../scripts/testbed/kube-sim/resources.js';
import { useHarness } from '../support/canary-deploy.js';
import { until } from '../support/poll.js';

/**
 * The watches behind verify-rollout, cut and compacted under them on kube-sim: the Deployment watch
 * resumes from its resourceVersion and re-lists only after a 410; the pod watch (no LIST: it starts from
 * the current pods) resumes from its resourceVersion, starts afresh after a 410, and still catches a pod
 * failure that happens after both.
 */
const h = useHarness();

const deployment = (image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image }] },
    },
  },
});

const requests = (resource: string) =>
  h.sim.state.log
    .list()
    .filter((r) => r.resource === resource && (r.verb === 'list' || r.verb === 'watch'))
    .map((r) => `${r.verb}${/[?&]resourceVersion=\d+/.test(r.path) ? ' from rv' : ''}`);

test('ended watches resume from their resourceVersion; a 410 re-lists (Deployments) or restarts (pods)', async () => {
  const client = await KubeClient.connect({ kubeconfigPath: h.kubeconfig });
  await h.control.setBehaviour('registry.local/web:slow', 'slow');
  await h.control.setBehaviour('registry.local/web:broken', 'pull-failure');
  await client.apply(deployment('registry.local/web:slow'));
  h.sim.state.log.reset();
  const watching = watchRollout(
    client,
    [{ namespace: 'default', name: 'web', matchLabels: { app: 'web' } }],
    { timeoutMs: 60_000, maxRestarts: 3 },
  );
  const open = (n: number) =>
    until(`${n} open watches`, 10_000, () => Promise.resolve(h.sim.state.watches.size === n), 10);
  await open(2);
  // Cut both watches: each resumes from the resourceVersion it last saw.
  h.sim.state.watches.endAll();
  await until(
    'both watches resumed',
    10_000,
    () =>
      Promise.resolve(
        h.sim.state.log.list().filter((r) => r.verb === 'watch').length === 2 &&
          h.sim.state.watches.size === 2,
      ),
    10,
  );
  // A change elsewhere, the history compacted and the watches cut, in one turn (no bookmark between):
  // their resourceVersions are now too old, so the server answers 410.
  h.sim.state.objects.create(resourceByPlural('namespaces'), undefined, { metadata: { name: 'elsewhere' } });
  h.sim.state.store.compact();
  h.sim.state.watches.endAll();
  await until(
    '410s answered',
    10_000,
    () =>
      Promise.resolve(
        h.sim.state.log.list().filter((r) => r.verb === 'watch').length === 6 &&
          h.sim.state.watches.size === 2,
      ),
    10,
  );
  // Only now does the release go bad: the restarted pod watch must still see it.
  await client.apply(deployment('registry.local/web:broken'));
  const result = await watching;
  expect(result.failure?.code).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
  await until('the watches to close', 10_000, () => Promise.resolve(h.sim.state.watches.size === 0), 10);
  expect(requests('deployments')).toEqual([
    'list',
    'watch from rv', // cut
    'watch from rv', // resumed, then cut again
    'watch from rv', // 410
    'list',
    'watch from rv', // closed when the pod failure ended the wait
  ]);
  expect(requests('pods')).toEqual([
    'watch', // the current pods first, then changes: no LIST
    'watch from rv',
    'watch from rv', // 410
    'watch', // afresh
  ]);
});

test('pods of the ReplicaSet being replaced may crash-loop: only the current template counts', async () => {
  const client = await KubeClient.connect({ kubeconfigPath: h.kubeconfig });
  await h.control.setBehaviour('registry.local/web:crashing', 'crash-loop');
  await h.control.setBehaviour('registry.local/web:fixed', 'slow');
  await client.apply(deployment('registry.local/web:crashing'));
  // The simulated clock is moved along (restarts, back-offs, readiness) instead of waiting for it.
  const crashing = async () =>
    (await h.core.listNamespacedPod({ namespace: 'default' })).items.some(
      (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff',
    );
  await until(
    'a crash-looping pod',
    20_000,
    async () => (await crashing()) || void (await h.control.advanceClock(2_000)),
  );
  // The fix rolls out; the crash-looping pods stay until their replacements are ready (maxUnavailable 0).
  await client.apply(deployment('registry.local/web:fixed'));
  const watching = watchRollout(
    client,
    [
      {
        namespace: 'default',
        name: 'web',
        matchLabels: { app: 'web' },
        images: ['registry.local/web:fixed'],
      },
    ],
    { timeoutMs: 60_000, maxRestarts: 3 },
  );
  await until('both watches open', 10_000, () => Promise.resolve(h.sim.state.watches.size === 2), 10);
  expect(await crashing()).toBe(true);
  let settled = false;
  void watching.finally(() => (settled = true));
  await until(
    'the rollout to finish',
    20_000,
    async () => settled || void (await h.control.advanceClock(10_000)),
  );
  expect((await watching).failure).toBeUndefined();
});
