import { releaseOf } from '../../src/deploy/remedy.js';
import { notBackToStable } from '../../src/deploy/strategies/route-weights.js';
import type { KubeObject } from '../../src/kube/kube-client.js';

const deployment = (
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels, annotations } });
const canary = (route?: string) =>
  deployment(
    'web-canary',
    { 'prodline.dev/track': 'canary' },
    { 'prodline.dev/service': 'web', ...(route ? { 'prodline.dev/http-route': route } : {}) },
  );
const route = (...rules: { name: string; weight?: number }[][]): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web' },
  spec: { rules: rules.map((backendRefs) => ({ backendRefs })) },
});

describe('releaseOf reads the traffic router from what canary-deploy left', () => {
  test('a canary naming an HTTPRoute is a gateway canary, with the stable Service it splits', () => {
    expect(releaseOf([deployment('web'), canary('web-route')])).toEqual({
      strategy: 'canary',
      trafficRouter: 'gateway-api',
      httpRoute: 'web-route',
      services: ['web'],
    });
  });
  test('a canary without one is routed by pods; blue-green and rolling are never gateway', () => {
    expect(releaseOf([deployment('web'), canary()]).trafficRouter).toBe('pods');
    expect(releaseOf([deployment('web-blue', { 'prodline.dev/colour': 'blue' })]).strategy).toBe(
      'blue-green',
    );
    expect(releaseOf([deployment('web')])).toEqual({
      strategy: 'rolling',
      trafficRouter: 'pods',
      services: [],
    });
  });
  test('canaries behind two different routes are refused, naming both', () => {
    const other = { ...canary('b'), metadata: { ...canary('b').metadata, name: 'api-canary' } };
    expect(() => releaseOf([canary('a'), other])).toThrow(/different HTTPRoutes \(a, b\)/);
  });
});

describe('notBackToStable checks a route read back after abort or promote', () => {
  test.each([
    ['stable alone at 100', route([{ name: 'web', weight: 100 }]), undefined],
    ['stable alone without a weight', route([{ name: 'web' }]), undefined],
    [
      'canary at 0 beside stable',
      route([
        { name: 'web', weight: 100 },
        { name: 'web-canary', weight: 0 },
      ]),
      undefined,
    ],
    [
      'canary still weighted',
      route([
        { name: 'web', weight: 75 },
        { name: 'web-canary', weight: 25 },
      ]),
      'web-canary still has weight 25',
    ],
    [
      'canary without a weight counts 1',
      route([{ name: 'web', weight: 100 }, { name: 'web-canary' }]),
      'web-canary still has weight 1',
    ],
    [
      'stable at 0',
      route([
        { name: 'web', weight: 0 },
        { name: 'other', weight: 100 },
      ]),
      'web has weight 0',
    ],
    [
      'a second rule still splitting',
      route(
        [{ name: 'web' }],
        [
          { name: 'web', weight: 50 },
          { name: 'web-canary', weight: 50 },
        ],
      ),
      'web-canary still has weight 50',
    ],
    ['no rule to stable', route([{ name: 'other' }]), 'no rule routes to web'],
  ])('%s', (_name, r, problem) => {
    expect(notBackToStable(r, 'web', 'web-canary')).toBe(problem);
  });
});
