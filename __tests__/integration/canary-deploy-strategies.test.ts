import {
  digest,
  expectKubectl,
  imageOf as imageOfIn,
  pinned,
  manifestFile,
  REPO,
  runDeploy,
  secureApp,
  useHarness,
  writeRequests,
} from '../support/canary-deploy.js';

const h = useHarness();

const image = pinned;
const imageOf = (name: string) => imageOfIn(h, name);
const exists = async (read: () => Promise<unknown>) =>
  read().then(
    () => true,
    () => false,
  );

describe('canary by pods', () => {
  test('first release goes stable, then canary, promote waits and deletes, abort leaves stable', async () => {
    const file = manifestFile(h, 'canary.yaml', secureApp('web', { replicas: 10 }));
    const inputs = { manifests: file, strategy: 'canary', 'canary-weight': '20' };
    const first = await runDeploy(h, { ...inputs, image: image(1) });
    expect(first.error).toBeUndefined();
    expect(first.summary.markdown).toContain('First release');
    expect(await imageOf('web')).toBe(image(1));

    const canary = await runDeploy(h, { ...inputs, image: image(2) });
    expect(canary.error).toBeUndefined();
    expect(canary.outputs?.canary).toBe('web-canary');
    expect(canary.outputs?.['previous-digest']).toBe(digest(1));
    const c = await h.apps.readNamespacedDeployment({ name: 'web-canary', namespace: 'default' });
    expect(c.spec?.replicas).toBe(2);
    expect(c.spec?.selector.matchLabels).toEqual({ app: 'web', 'prodline.dev/track': 'canary' });
    expect(c.spec?.template.metadata?.labels?.['prodline.dev/track']).toBe('canary');
    expect(await imageOf('web-canary')).toBe(image(2));
    expect(await imageOf('web')).toBe(image(1));
    expect(canary.summary.markdown).toContain('action: promote');
    await expectKubectl(
      h,
      'deployment/web-canary',
      '{.spec.replicas} {.spec.template.spec.containers[0].image}',
      `2 ${image(2)}`,
    );
    await expectKubectl(h, 'deployment/web', '{.spec.template.spec.containers[0].image}', image(1));

    const promote = await runDeploy(h, { strategy: 'canary', action: 'promote' });
    expect(promote.error).toBeUndefined();
    expect(await imageOf('web')).toBe(image(2));
    const web = await h.apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(web.status?.updatedReplicas).toBe(10);
    expect(web.metadata?.annotations?.['prodline.dev/previous-digest']).toBe(digest(1));
    await expectKubectl(
      h,
      'deployment/web',
      "{.spec.template.spec.containers[0].image} {.metadata.annotations['prodline\\.dev/previous-digest']}",
      `${image(2)} ${digest(1)}`,
    );
    await expectKubectl(h, 'deployments', '{.items[*].metadata.name}', 'web');
    expect(
      await exists(() => h.apps.readNamespacedDeployment({ name: 'web-canary', namespace: 'default' })),
    ).toBe(false);

    await runDeploy(h, { ...inputs, image: image(3) });
    await h.control.resetRequests();
    const abort = await runDeploy(h, { strategy: 'canary', action: 'abort' });
    expect(abort.error).toBeUndefined();
    expect((await writeRequests(h)).map((r) => `${r.verb} ${r.path.split('?')[0]}`)).toEqual([
      'delete /apis/apps/v1/namespaces/default/deployments/web-canary',
    ]);
    expect(await imageOf('web')).toBe(image(2));
  });
});

describe('canary through a Gateway API HTTPRoute', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`;
  const weights = async () => {
    const r = (await h.objects.read({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web', namespace: 'default' },
    })) as { spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] } };
    return r.spec.rules[0].backendRefs.map((b) => [b.name, b.weight]);
  };

  test('weights the route, and promote / abort restore the stable backend at 100', async () => {
    const file = manifestFile(h, 'gw.yaml', secureApp('web'));
    const routeFile = manifestFile(h, 'route.yaml', route);
    const inputs = {
      manifests: file,
      strategy: 'canary',
      'traffic-router': 'gateway-api',
      'http-route': 'web',
      'canary-weight': '25',
    };
    expect(
      (await runDeploy(h, { manifests: `${file}\n${routeFile}`, image: image(1) })).error,
    ).toBeUndefined();
    const deployed = await runDeploy(h, { ...inputs, image: image(2) });
    expect(deployed.error).toBeUndefined();
    expect(await weights()).toEqual([
      ['web', 75],
      ['web-canary', 25],
    ]);
    await expectKubectl(h, 'httproute/web', '{.spec.rules[0].backendRefs[*].weight}', '75 25');
    const svc = await h.core.readNamespacedService({ name: 'web-canary', namespace: 'default' });
    expect(svc.spec?.selector).toEqual({ app: 'web', 'prodline.dev/track': 'canary' });

    const promoted = await runDeploy(h, { ...inputs, action: 'promote' });
    expect(promoted.error).toBeUndefined();
    expect(await weights()).toEqual([['web', 100]]);
    expect(await imageOf('web')).toBe(image(2));
    expect(
      await exists(() => h.core.readNamespacedService({ name: 'web-canary', namespace: 'default' })),
    ).toBe(false);

    await runDeploy(h, { ...inputs, image: image(3) });
    const aborted = await runDeploy(h, { ...inputs, action: 'abort' });
    expect(aborted.error).toBeUndefined();
    expect(await weights()).toEqual([['web', 100]]);
    expect(await imageOf('web')).toBe(image(2));
  });
});

describe('blue-green', () => {
  const selector = async () =>
    (await h.core.readNamespacedService({ name: 'web', namespace: 'default' })).spec?.selector;

  test('first deploy makes blue and points the Service at it; deploy to green does not switch; promote; abort switches back', async () => {
    const file = manifestFile(h, 'bg.yaml', secureApp('web', { replicas: 3 }));
    const inputs = { manifests: file, strategy: 'blue-green' };
    const first = await runDeploy(h, { ...inputs, image: image(1) });
    expect(first.error).toBeUndefined();
    expect(first.summary.markdown).toContain('First release');
    expect(await selector()).toEqual({ app: 'web', 'prodline.dev/colour': 'blue' });
    expect(await imageOf('web-blue')).toBe(image(1));

    const green = await runDeploy(h, { ...inputs, image: image(2) });
    expect(green.error).toBeUndefined();
    expect(green.outputs?.canary).toBe('web-green');
    expect(await imageOf('web-green')).toBe(image(2));
    expect(await selector()).toEqual({ app: 'web', 'prodline.dev/colour': 'blue' });
    const g = await h.apps.readNamespacedDeployment({ name: 'web-green', namespace: 'default' });
    expect(g.status?.availableReplicas).toBe(3);

    const promote = await runDeploy(h, { strategy: 'blue-green', action: 'promote' });
    expect(promote.error).toBeUndefined();
    expect(await selector()).toEqual({ app: 'web', 'prodline.dev/colour': 'green' });
    await expectKubectl(h, 'service/web', "{.spec.selector['prodline\\.dev/colour']}", 'green');
    await expectKubectl(
      h,
      'deployment/web-green',
      "{.metadata.annotations['prodline\\.dev/digest']}",
      digest(2),
    );
    expect(await imageOf('web-blue')).toBe(image(1));
    expect(promote.outputs?.['previous-digest']).toBe(digest(1));

    // A second promote (a re-run, or one stopped before it finished) never switches back.
    const again = await runDeploy(h, { strategy: 'blue-green', action: 'promote', 'keep-previous': 'true' });
    expect(again.error).toBeUndefined();
    expect(await selector()).toEqual({ app: 'web', 'prodline.dev/colour': 'green' });

    const abort = await runDeploy(h, { strategy: 'blue-green', action: 'abort' });
    expect(abort.error).toBeUndefined();
    expect(await selector()).toEqual({ app: 'web', 'prodline.dev/colour': 'blue' });
  });

  test('promote refuses to switch to a colour that is not ready', async () => {
    const file = manifestFile(h, 'bg2.yaml', secureApp('web', { replicas: 2 }));
    await runDeploy(h, { manifests: file, strategy: 'blue-green', image: image(1) });
    await h.control.setBehaviour(`${REPO}@${digest(4)}`, 'never-ready');
    const deploy = await runDeploy(h, {
      manifests: file,
      strategy: 'blue-green',
      image: image(4),
      timeout: '5s',
    });
    expect(deploy.error?.message).toContain('web-green');
    const promote = await runDeploy(h, { strategy: 'blue-green', action: 'promote', timeout: '5s' });
    expect(promote.error?.message).toContain('web-green');
    expect(await selector()).toEqual({ app: 'web', 'prodline.dev/colour': 'blue' });
  });
});
