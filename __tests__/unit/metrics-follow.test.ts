import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fleet } from '../../scripts/testbed/stand-ins/metrics-fleet.js';
import {
  handleFollowControl,
  type FollowState,
} from '../../scripts/testbed/stand-ins/metrics-follow-control.js';
import { followedSeries, parseImageRule, ruleFor } from '../../scripts/testbed/stand-ins/metrics-follow.js';

const deployment = (name: string, labels: Record<string, string>) => ({
  metadata: { name, namespace: 'prod', labels },
  spec: { template: { metadata: { labels } } },
});
const pod = (
  deploymentName: string,
  hash: string,
  image: string,
  ready: boolean,
  labels: Record<string, string>,
) => ({
  metadata: {
    namespace: 'prod',
    labels: { ...labels, 'pod-template-hash': hash },
    ownerReferences: [{ kind: 'ReplicaSet', name: `${deploymentName}-${hash}` }],
  },
  spec: { containers: [{ name: 'app', image }] },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

const stableLabels = { app: 'web' };
const canaryLabels = { app: 'web', 'prodline.dev/track': 'canary' };

describe('metrics exporter following kube-sim', () => {
  const deployments = [deployment('web', stableLabels), deployment('web-canary', canaryLabels)];
  const pods = [
    pod('web', 'aaa', 'r/web:1', true, stableLabels),
    pod('web', 'aaa', 'r/web:1', true, stableLabels),
    pod('web', 'aaa', 'r/web:1', false, stableLabels),
    pod('web-canary', 'bbb', 'r/web:bad-2', true, canaryLabels),
  ];
  const rules = [{ image: '*:bad*', errorRatio: 0.07, latencyMs: 200 }];

  test('one series per (service, track), pods = ready pods owned by the Deployment', () => {
    const series = followedSeries(deployments, pods, rules);
    const stable = series.find((s) => s.track === 'stable');
    const canary = series.find((s) => s.track === 'canary');
    // The stable selector app=web matches the canary pod too: ownership, not the selector, decides.
    expect(stable).toMatchObject({ service: 'web', namespace: 'prod', pods: 2, rps: 20, errorRatio: 0 });
    expect(canary).toMatchObject({ service: 'web', pods: 1, rps: 10, errorRatio: 0.07, latencyMs: 200 });
    expect(canary?.latencyP99Ms).toBeGreaterThanOrEqual(200);
  });

  test('no ready pod: a series with no traffic, not a missing one', () => {
    const series = followedSeries([deployment('web-canary', canaryLabels)], [], rules);
    expect(series).toEqual([expect.objectContaining({ track: 'canary', pods: 0, rps: 0 })]);
  });

  test('the last matching rule wins', () => {
    const list = [
      { image: '*', errorRatio: 0.5 },
      { image: 'r/web:*', errorRatio: 0.01 },
    ];
    expect(ruleFor('r/web:3', list)?.errorRatio).toBe(0.01);
    expect(ruleFor('r/api:3', list)?.errorRatio).toBe(0.5);
  });

  test.each([
    [{ errorRatio: 0.1 }, "'image' is required"],
    [{ image: 'x', errorRatio: 2 }, "'errorRatio' must be a number from 0 up to 1"],
    [{ image: 'x', errorRate: 0.1 }, 'unknown field(s) errorRate'],
  ])('a bad rule %j is refused', (body, message) => {
    expect(() => parseImageRule(body)).toThrow(message);
  });

  test('control API: images and follow', () => {
    const state: FollowState = { rules: [] };
    const fleet = new Fleet(() => 0);
    const call = (method: string, path: string, body: unknown = undefined) =>
      handleFollowControl(state, fleet, {
        method,
        path,
        body: body === undefined ? '' : JSON.stringify(body),
      });
    expect(call('POST', '/control/images', { image: '*:bad*', errorRatio: 0.07 })?.status).toBe(201);
    expect(call('PUT', '/control/follow', { kubeApiUrl: 'http://127.0.0.1:1' })?.status).toBe(200);
    expect(call('GET', '/control/follow')?.body).toEqual({
      follow: { kubeApiUrl: 'http://127.0.0.1:1' },
      images: [expect.objectContaining({ image: '*:bad*', errorRatio: 0.07 })],
    });
    expect(call('PUT', '/control/follow', { kubeApiUrl: 'nope' })?.status).toBe(400);
    expect(call('GET', '/control/series')).toBeUndefined();
  });

  test('a follow stopped or moved to another cluster leaves no healthy-looking series behind', async () => {
    // The followed cluster's two LISTs, as kube-sim answers them.
    const cluster = createServer((request, response) => {
      const items = request.url?.startsWith('/apis/apps/v1/deployments') ? deployments : pods;
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ items }));
    });
    await new Promise<void>((resolve) => cluster.listen(0, '127.0.0.1', resolve));
    try {
      const state: FollowState = { rules: [] };
      const fleet = new Fleet(() => 0);
      const call = (method: string, body?: unknown) =>
        handleFollowControl(state, fleet, {
          method,
          path: '/control/follow',
          body: body === undefined ? '' : JSON.stringify(body),
        });
      const url = `http://127.0.0.1:${(cluster.address() as AddressInfo).port}`;
      const traffic = (track: string) => {
        const config = fleet.get('web', track);
        return config && { pods: config.pods, serving: config.rps > 0 };
      };

      call('PUT', { kubeApiUrl: url });
      await state.follower?.sync();
      expect(traffic('stable')).toEqual({ pods: 2, serving: true });
      expect(traffic('canary')).toEqual({ pods: 1, serving: true });

      expect(call('DELETE')?.status).toBe(204);
      expect(traffic('stable')).toEqual({ pods: 0, serving: false });
      expect(traffic('canary')).toEqual({ pods: 0, serving: false });

      call('PUT', { kubeApiUrl: url });
      await state.follower?.sync();
      expect(traffic('stable')).toEqual({ pods: 2, serving: true });
      call('PUT', { kubeApiUrl: 'http://127.0.0.1:1' }); // another cluster: nothing of the first one stays
      expect(traffic('stable')).toEqual({ pods: 0, serving: false });
    } finally {
      await new Promise((resolve) => cluster.close(resolve));
    }
  });
});
