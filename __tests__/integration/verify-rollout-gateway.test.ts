import {
  expectKubectl,
  imageOf as imageOfIn,
  manifestFile,
  pinned,
  runDeploy,
  secureApp,
  useHarness,
  writeRequests,
} from '../support/canary-deploy.js';
import { runVerify } from '../support/verify-rollout.js';

/**
 * verify-rollout on a canary that canary-deploy routed through a Gateway API HTTPRoute: the strategy is
 * read from the cluster (no traffic-router input), the rollback and the promotion go through the route,
 * and both end states are checked through the pinned kubectl and client-node.
 */
const h = useHarness();

const image = pinned;
const imageOf = (name: string) => imageOfIn(h, name);
const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`;
const names = async (read: () => Promise<{ items: { metadata?: { name?: string } }[] }>) =>
  (await read()).items.map((o) => o.metadata?.name).sort();
const deployments = () => names(() => h.apps.listNamespacedDeployment({ namespace: 'default' }));
const services = () => names(() => h.core.listNamespacedService({ namespace: 'default' }));
const weights = async () => {
  const r = (await h.objects.read({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'default' },
  })) as { spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] } };
  return r.spec.rules[0].backendRefs.map((b) => [b.name, b.weight]);
};

/** Stable digest(1) behind the route, then a 25 % gateway canary of `n`; returns verify's workloads. */
async function gatewayCanaryOf(n: number, bad = false): Promise<string> {
  const file = manifestFile(h, 'web.yaml', secureApp('web', { replicas: 4 }));
  const routeFile = manifestFile(h, 'route.yaml', route);
  expect((await runDeploy(h, { manifests: `${file}\n${routeFile}`, image: image(1) })).error).toBeUndefined();
  const canary = await runDeploy(h, {
    manifests: file,
    strategy: 'canary',
    'traffic-router': 'gateway-api',
    'http-route': 'web',
    'canary-weight': '25',
    image: image(n),
    // A bad canary never turns ready: canary-deploy's own wait is cut short, canary and weights stay.
    ...(bad ? { timeout: '5s' } : {}),
  });
  if (!bad) expect(canary.error).toBeUndefined();
  expect(await weights()).toEqual([
    ['web', 75],
    ['web-canary', 25],
  ]);
  return String(canary.outputs?.workloads ?? 'web,web-canary');
}

test('a crash-looping gateway canary: weights back to the stable Service first, then the canary removed', async () => {
  await h.control.setBehaviour(image(3), 'crash-loop');
  const workloads = await gatewayCanaryOf(3, true);
  await h.control.resetRequests();
  const result = await runVerify(h, { workloads, timeout: '120s' });
  expect(result.written.verdict).toBe('rolled-back');
  expect(result.reason?.code).toBe('CrashLoopBackOff');
  expect(result.logger.lines.join('\n')).toContain('canary through HTTPRoute web');
  // The order is the point: the route stops sending traffic before its backend disappears.
  expect((await writeRequests(h)).map((r) => `${r.verb} ${r.path.split('?')[0]}`)).toEqual([
    'patch /apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/web',
    'delete /api/v1/namespaces/default/services/web-canary',
    'delete /apis/apps/v1/namespaces/default/deployments/web-canary',
  ]);
  expect(result.summary.markdown).toContain('HTTPRoute web read back: web 100');
  expect(await weights()).toEqual([['web', 100]]);
  expect(await deployments()).toEqual(['web']);
  expect(await services()).toEqual(['web']);
  expect(await imageOf('web')).toBe(image(1));
  await expectKubectl(
    h,
    'httproute/web',
    '{.spec.rules[0].backendRefs[*].name}={.spec.rules[0].backendRefs[*].weight}',
    'web=100',
  );
  await expectKubectl(h, 'deployments', '{.items[*].metadata.name}', 'web');
  await expectKubectl(h, 'services', '{.items[*].metadata.name}', 'web');
  await expectKubectl(h, 'deployment/web', '{.status.readyReplicas}', '4');
});

test('a healthy gateway canary is promoted through the route, and the weights read back', async () => {
  const workloads = await gatewayCanaryOf(2);
  const result = await runVerify(h, { workloads, timeout: '60s' });
  expect(result.error).toBeUndefined();
  expect(result.outputs?.verdict).toBe('promoted');
  expect(result.summary.markdown).toContain('HTTPRoute web read back: web 100');
  expect(await weights()).toEqual([['web', 100]]);
  expect(await imageOf('web')).toBe(image(2));
  expect(await deployments()).toEqual(['web']);
  await expectKubectl(
    h,
    'httproute/web',
    '{.spec.rules[0].backendRefs[*].name}={.spec.rules[0].backendRefs[*].weight}',
    'web=100',
  );
  await expectKubectl(h, 'deployment/web', '{.spec.template.spec.containers[0].image}', image(2));
  await expectKubectl(h, 'services', '{.items[*].metadata.name}', 'web');
});

test('a gateway canary from before prodline.dev/http-route is recognised by its canary Service and route', async () => {
  await h.control.setBehaviour(image(3), 'crash-loop');
  const workloads = await gatewayCanaryOf(3, true);
  // As an older canary-deploy left it: no route name on the canary.
  await h.apps.patchNamespacedDeployment(
    {
      name: 'web-canary',
      namespace: 'default',
      body: { metadata: { annotations: { 'prodline.dev/http-route': null } } },
    },
    (await import('@kubernetes/client-node')).setHeaderOptions(
      'Content-Type',
      'application/merge-patch+json',
    ),
  );
  const result = await runVerify(h, { workloads, timeout: '120s' });
  expect(result.written.verdict).toBe('rolled-back');
  expect(result.summary.markdown).toContain('Rolled back (canary through HTTPRoute web)');
  expect(await weights()).toEqual([['web', 100]]);
  expect(await deployments()).toEqual(['web']);
  expect(await services()).toEqual(['web']);
  await expectKubectl(
    h,
    'httproute/web',
    '{.spec.rules[0].backendRefs[*].name}={.spec.rules[0].backendRefs[*].weight}',
    'web=100',
  );
});
