import { classify, type ClusterView } from '../support/cluster-state.js';

/** The fault matrix's judge of a cluster: it must be able to say "mixture", or its passes mean nothing. */
const NEW = `sha256:${'a'.repeat(64)}`;
const OLD = `sha256:${'b'.repeat(64)}`;
const img = (digest: string) => `registry.local/web@${digest}`;

function serving(digest: string, replicas = 3): ClusterView {
  return {
    deployments: [
      {
        name: 'web',
        image: img(digest),
        replicas,
        statusReplicas: replicas,
        updated: replicas,
        ready: replicas,
      },
    ],
    pods: Array.from({ length: replicas }, (_, i) => ({ name: `web-${i}`, image: img(digest), ready: true })),
    selector: { app: 'web' },
  };
}

test('every pod on one digest, counters settled, plain selector: new or previous', () => {
  expect(classify(serving(NEW), 'web', NEW, OLD).serving).toBe('new');
  expect(classify(serving(OLD), 'web', NEW, OLD).serving).toBe('previous');
});

test.each<[string, (view: ClusterView) => void, RegExp]>([
  [
    'a canary left behind',
    (v) => {
      v.deployments.push({ ...v.deployments[0], name: 'web-canary', image: img(NEW), replicas: 1 });
      v.pods.push({ name: 'web-canary-0', image: img(NEW), ready: true });
    },
    /web-canary/,
  ],
  ['a pod on the other digest', (v) => (v.pods[1].image = img(NEW)), /pods on another digest/],
  ['a pod not ready', (v) => (v.pods[0].ready = false), /not ready/],
  ['a rollout under way', (v) => (v.deployments[0].updated = 1), /updated 1/],
  ['a missing pod', (v) => v.pods.pop(), /2 pods for 3 replicas/],
  ['a Service pinned to one track', (v) => (v.selector = { app: 'web', track: 'canary' }), /selector/],
  ['a third digest', (v) => (v.deployments[0].image = img(`sha256:${'c'.repeat(64)}`)), /serves sha256:c/],
])('%s is a mixture', (_what, spoil, detail) => {
  const view = serving(OLD);
  spoil(view);
  const state = classify(view, 'web', NEW, OLD);
  expect(state.serving).toBe('mixed');
  expect(state.detail).toMatch(detail);
});
