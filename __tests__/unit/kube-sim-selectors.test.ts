import {
  formatRequirements,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  requirementsOf,
} from '../../scripts/testbed/kube-sim/selectors.js';

const labels = { app: 'web', track: 'canary', 'prodline.dev/tier': 'front' };

describe('label selectors', () => {
  test.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=web,track=stable', false],
    ['track in (canary, stable)', true],
    ['track notin (canary)', false],
    ['prodline.dev/tier', true],
    ['!missing', true],
    ['!app', false],
    ['app=web,track in (canary,stable),!missing', true],
    ['missing!=x', true],
  ])('%s → %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  test('an invalid key is a 400', () => {
    expect(() => parseLabelSelector('-bad=x')).toThrow(/invalid label key/);
  });

  test('LabelSelector objects (matchLabels + matchExpressions) and their string form', () => {
    const requirements = requirementsOf({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'track', operator: 'In', values: ['canary', 'stable'] }],
    });
    expect(matchesLabels(requirements, labels)).toBe(true);
    expect(matchesLabels(requirements, { app: 'web' })).toBe(false);
    expect(formatRequirements(requirements)).toBe('app=web,track in (canary,stable)');
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'web-1', namespace: 'prod' }, status: { phase: 'Running' } };
  test.each([
    ['metadata.name=web-1', true],
    ['metadata.name!=web-1', false],
    ['metadata.namespace=prod,status.phase=Running', true],
    ['status.phase==Pending', false],
  ])('%s → %s', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector, 'Pod'), pod)).toBe(expected);
  });

  test('fields the kind does not index are refused, as the API server does', () => {
    expect(() => parseFieldSelector('spec.replicas=3', 'Deployment')).toThrow(
      'field label not supported: spec.replicas',
    );
    expect(() => parseFieldSelector('involvedObject.name=web', 'Event')).not.toThrow();
  });
});
