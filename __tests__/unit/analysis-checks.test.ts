import { planAnalysis, planToYaml, renderPlan } from '../../src/analysis/analysis-checks.js';
import { promDuration, renderQuery } from '../../src/analysis/query-template.js';
import { ConfigurationError } from '../../src/runtime/errors.js';

const values = { service: 'web', namespace: 'prod', canary: 'canary', stable: 'stable', window: '1m' };

describe('analysis checks: YAML, presets, templates', () => {
  test('presets expand to the YAML form, printable and parseable again', async () => {
    const plan = await planAnalysis({ kind: 'presets', presets: ['error-rate', 'latency-p99'] });
    expect(plan.checks.map((c) => [c.name, c.max])).toEqual([
      ['error-rate', 0.05],
      ['latency-p99', 0.5],
    ]);
    const yaml = planToYaml(plan);
    expect(yaml).toContain('- name: error-rate');
    expect(await planAnalysis({ kind: 'yaml', text: yaml })).toEqual(plan);
  });

  test('templates fill every variable; the rendered query is what gets sent', async () => {
    const plan = await planAnalysis({ kind: 'presets', presets: ['error-rate'] });
    const rendered = renderPlan(plan, values);
    expect(rendered.checks[0].query).toBe(
      'sum(rate(http_requests_total{service="web",namespace="prod",track="canary",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="web",namespace="prod",track="canary"}[1m]))',
    );
    expect(rendered.requests).toBe(
      'sum(increase(http_requests_total{service="web",namespace="prod",track="canary"}[1m]))',
    );
    expect(renderQuery('{{ stable }}/{{window}}', values)).toBe('stable/1m');
  });

  test('an unknown variable names the check and field', async () => {
    const plan = await planAnalysis({
      kind: 'yaml',
      text: 'checks:\n  - {name: e, query: "x{s=\\"{{serivce}}\\"}", max: 1}',
    });
    expect(() => renderPlan(plan, values)).toThrow(
      'check "e", `query`: {{serivce}} is not a template variable',
    );
  });

  test.each([
    ['not YAML', 'checks: [', 'the YAML does not parse'],
    ['no checks', 'foo: 1', 'there is no list of checks'],
    ['no name', 'checks:\n  - {query: up, max: 1}', 'check "check 1": `name` is missing'],
    ['no query', 'checks:\n  - {name: a, max: 1}', 'check "a": `query` is missing'],
    ['no threshold', 'checks:\n  - {name: a, query: up}', 'check "a": it has no threshold'],
    [
      'a string max',
      'checks:\n  - {name: a, query: up, max: "5%"}',
      'check "a": `max` must be a number, got "5%"',
    ],
    ['a typo', 'checks:\n  - {name: a, query: up, maxx: 1}', 'check "a": unknown field(s) `maxx`'],
    ['ratio without baseline', 'checks:\n  - {name: a, query: up, max-ratio: 2}', 'need a `baseline` query'],
    ['baseline without ratio', 'checks:\n  - {name: a, query: up, baseline: up}', 'a `baseline` needs'],
    ['min above max', 'checks:\n  - {name: a, query: up, min: 2, max: 1}', '`min` is above `max`'],
    [
      'duplicates',
      'checks:\n  - {name: a, query: up, max: 1}\n  - {name: a, query: up, max: 1}',
      'two checks are named "a"',
    ],
  ])('%s is a ConfigurationError naming the check and field', async (_name, text, message) => {
    const plan = planAnalysis({ kind: 'yaml', text });
    await expect(plan).rejects.toThrow(ConfigurationError);
    await expect(plan).rejects.toThrow(message);
  });

  test('a bare YAML list and the baseline form are accepted', async () => {
    const plan = await planAnalysis({
      kind: 'yaml',
      text: '- name: vs-stable\n  query: a\n  baseline: b\n  max-ratio: 1.5\n  max-delta: 0.01',
    });
    expect(plan.checks[0]).toMatchObject({ name: 'vs-stable', baseline: 'b', maxRatio: 1.5, maxDelta: 0.01 });
  });

  test.each([
    [1_000, '10s'],
    [30_000, '30s'],
    [60_000, '1m'],
    [90_500, '91s'],
  ])('window for an interval of %d ms is %s', (ms, text) => {
    expect(promDuration(ms)).toBe(text);
  });
});
