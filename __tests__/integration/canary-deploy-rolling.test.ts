import {
  digest,
  expectKubectl,
  manifestFile,
  REPO,
  runDeploy,
  secureApp,
  useHarness,
  writeRequests,
} from '../support/canary-deploy.js';

const h = useHarness();

describe('canary-deploy rolling against kube-sim', () => {
  test('deploys web and worker together, records rollback memory, and a re-run writes nothing', async () => {
    const file = manifestFile(
      h,
      'app.yaml',
      `${secureApp('web')}---\n${secureApp('worker', { replicas: 2 })}`,
    );
    const first = await runDeploy(h, { manifests: file, image: `${REPO}@${digest(1)}` });
    expect(first.error).toBeUndefined();
    expect(first.outputs?.digest).toBe(digest(1));
    expect(JSON.parse(String(first.outputs?.workloads))).toEqual([
      { kind: 'Deployment', name: 'web', namespace: 'default', role: 'stable' },
      { kind: 'Deployment', name: 'worker', namespace: 'default', role: 'stable' },
    ]);
    const web = await h.apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(web.spec?.template.spec?.containers[0].image).toBe(`${REPO}@${digest(1)}`);
    expect(web.metadata?.annotations?.['prodline.dev/digest']).toBe(digest(1));
    expect(web.metadata?.annotations?.['prodline.dev/commit']).toBe('abc123');
    expect(web.metadata?.annotations?.['kubernetes.io/change-cause']).toContain('abc123');
    expect(web.status?.availableReplicas).toBe(4);

    const second = await runDeploy(h, { manifests: file, image: `${REPO}@${digest(2)}` });
    expect(second.error).toBeUndefined();
    expect(second.outputs?.['previous-digest']).toBe(digest(1));
    const after = await h.apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(after.metadata?.annotations?.['prodline.dev/previous-digest']).toBe(digest(1));
    expect(second.outputs?.revision).toBe('2');
    await expectKubectl(
      h,
      'deployment/worker',
      '{.spec.template.spec.containers[0].image} {.status.availableReplicas}',
      `${REPO}@${digest(2)} 2`,
    );
    await expectKubectl(
      h,
      'deployment/web',
      "{.metadata.annotations['kubernetes\\.io/change-cause']}",
      'prodline: commit abc123 https://github.com/org/web/actions/runs/42',
    );

    await h.control.resetRequests();
    const again = await runDeploy(h, { manifests: file, image: `${REPO}@${digest(2)}` });
    expect(again.error).toBeUndefined();
    expect(await writeRequests(h)).toEqual([]);
    expect(again.summary.markdown).toContain('no write made');
  });
});
