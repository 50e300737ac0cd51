import { parseMatcherSet } from '../../src/analysis/alert-matchers.js';
import { parseAnalysisSpec } from '../../src/analysis/analysis-spec.js';
import { parseHealthCheck } from '../../src/analysis/health-url.js';
import { parseWorkloads } from '../../src/analysis/workloads.js';
import { InvalidValue } from '../../src/runtime/errors.js';

describe('verify-rollout value parsers', () => {
  test('alert matchers, Alertmanager syntax', () => {
    expect(parseMatcherSet('service="web",severity=~"critical|page"')).toEqual([
      { name: 'service', operator: '=', value: 'web' },
      { name: 'severity', operator: '=~', value: 'critical|page' },
    ]);
    expect(parseMatcherSet('{team!="a,b"}')).toEqual([{ name: 'team', operator: '!=', value: 'a,b' }]);
    expect(() => parseMatcherSet('service=web')).toThrow(InvalidValue);
    expect(() => parseMatcherSet('x=~"("')).toThrow(/not a valid regular expression/);
    // Braces only as a pair (found by the bad-input fuzz: `{a="x"` was taken as a="x").
    expect(() => parseMatcherSet('{a="x"')).toThrow(InvalidValue);
    expect(() => parseMatcherSet('a="x"}')).toThrow(InvalidValue);
  });

  test('health checks: URL, status, body pattern', () => {
    expect(parseHealthCheck('https://web/healthz')).toEqual({
      url: 'https://web/healthz',
      expectedStatus: 200,
      bodyPattern: undefined,
    });
    expect(parseHealthCheck('http://web/ready 204')).toEqual({
      url: 'http://web/ready',
      expectedStatus: 204,
      bodyPattern: undefined,
    });
    expect(parseHealthCheck('http://web/ 200 /"ok"/')).toEqual({
      url: 'http://web/',
      expectedStatus: 200,
      bodyPattern: '"ok"',
    });
    expect(() => parseHealthCheck('web/healthz')).toThrow(/not an http\(s\) URL/);
    expect(() => parseHealthCheck('http://web/ 999')).toThrow(/not an HTTP status/);
  });

  test("workloads: canary-deploy's JSON, names, kinds", () => {
    expect(parseWorkloads('web, deployment/api')).toEqual([
      { kind: 'deployment', name: 'web' },
      { kind: 'deployment', name: 'api' },
    ]);
    expect(
      parseWorkloads('[{"kind":"Deployment","name":"web-canary","namespace":"prod","role":"canary"}]'),
    ).toEqual([{ kind: 'deployment', name: 'web-canary', namespace: 'prod', role: 'canary' }]);
    expect(() => parseWorkloads('statefulset/db')).toThrow(/not a supported workload kind/);
    expect(() => parseWorkloads('[oops')).toThrow(/not valid JSON/);
    expect(() => parseWorkloads('[{"kind":"Deployment"}]')).toThrow(/no "name"/);
  });

  test('analysis: presets or YAML', () => {
    expect(parseAnalysisSpec('error-rate,latency-p99')).toEqual({
      kind: 'presets',
      presets: ['error-rate', 'latency-p99'],
    });
    expect(parseAnalysisSpec('- name: errors\n  query: x')).toEqual({
      kind: 'yaml',
      text: '- name: errors\n  query: x',
    });
    expect(() => parseAnalysisSpec('error-budget')).toThrow(/not an analysis preset/);
  });
});
