import { rolloutStatus, type DeploymentLike } from '../../src/kube/rollout-status.js';
import { canaryReplicas } from '../../src/deploy/strategies/derived-objects.js';
import { routeWeights, weightRoute } from '../../src/deploy/strategies/route-weights.js';
import { explainApiError } from '../../src/kube/kube-errors.js';
import { parseManifestText } from '../../src/deploy/manifests.js';
import { imageRepository } from '../../src/deploy/manifest-set.js';

const d = (status: DeploymentLike['status'], generation = 2, replicas = 3): DeploymentLike => ({
  metadata: { name: 'web', generation },
  spec: { replicas },
  status,
});

test.each<[string, DeploymentLike, string, string]>([
  [
    'spec not observed yet',
    d({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
    'progressing',
    'spec update to be observed',
  ],
  [
    'updating',
    d({ observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3 }),
    'progressing',
    '1 out of 3 new replicas have been updated',
  ],
  [
    'old replicas pending termination',
    d({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }),
    'progressing',
    '1 old replicas are pending termination',
  ],
  [
    'updated but not available',
    d({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }),
    'progressing',
    '2 of 3 updated replicas are available',
  ],
  [
    'done',
    d({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
    'done',
    'successfully rolled out',
  ],
  [
    'progress deadline exceeded',
    d({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 1,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    }),
    'failed',
    'exceeded its progress deadline',
  ],
])('%s', (_, deployment, state, message) => {
  const status = rolloutStatus(deployment);
  expect(status.state).toBe(state);
  expect(status.message).toContain(message);
});

test.each([
  [10, 10, 1],
  [10, 25, 3],
  [1, 10, 1],
  [4, 50, 2],
  [0, 10, 1],
])('canary replicas of %i at %i%% is %i', (stable, weight, expected) => {
  expect(canaryReplicas(stable, weight)).toBe(expected);
});

test('route weights split the stable backend and restore it', () => {
  const route = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web' },
    spec: {
      rules: [{ backendRefs: [{ name: 'web', port: 80 }] }, { backendRefs: [{ name: 'docs', port: 80 }] }],
    },
  };
  const weighted = weightRoute(route, 'web', 'web-canary', 10);
  expect(routeWeights(weighted, 'web')).toEqual({ web: 90, 'web-canary': 10 });
  expect((weighted.spec as { rules: unknown[] }).rules[1]).toEqual({
    backendRefs: [{ name: 'docs', port: 80 }],
  });
  expect(routeWeights(weightRoute(weighted, 'web', 'web-canary', undefined), 'web')).toEqual({ web: 100 });
});

test('API errors name the RBAC rule, the missing namespace and the invalid fields', () => {
  const ref = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    resource: 'deployments',
    namespace: 'prod',
    name: 'web',
  };
  expect(explainApiError('patch', ref, 403, { message: 'forbidden' }, '').message).toContain(
    'patch deployments.apps in namespace prod',
  );
  expect(
    explainApiError('patch', ref, 404, { message: 'namespaces "prod" not found' }, '').message,
  ).toContain('namespace "prod" does not exist');
  const invalid = explainApiError(
    'patch',
    ref,
    422,
    { message: 'invalid', details: { causes: [{ field: 'spec.selector', message: 'field is immutable' }] } },
    '',
  );
  expect(invalid.message).toContain('spec.selector: field is immutable');
});

test('a YAML error names the line', () => {
  expect(() => parseManifestText('kind: Service\nmetadata:\n  name: [web\n', 'k8s/a.yaml')).toThrow(
    /k8s\/a\.yaml:[34]: does not parse/,
  );
});

test.each([
  ['nginx:1.25', 'docker.io/library/nginx'],
  ['org/app@sha256:abc', 'docker.io/org/app'],
  ['ghcr.io/org/web:1', 'ghcr.io/org/web'],
  ['127.0.0.1:5000/web', '127.0.0.1:5000/web'],
])('image repository of %s is %s', (image, repository) => {
  expect(imageRepository(image)).toBe(repository);
});
