import { ConfigurationError, InvalidValue } from '../runtime/errors.js';
import type { AnalysisSpec } from './analysis-spec.js';
import { renderQuery, type TemplateValues } from './query-template.js';

/** One metric check, as written in the `analysis` YAML (or expanded from a preset). */
export interface CheckSpec {
  name: string;
  /** PromQL with `{{…}}` variables; its value is the canary's. */
  query: string;
  max?: number;
  min?: number;
  /** PromQL for the stable value to compare against: canary ≤ baseline × maxRatio + maxDelta. */
  baseline?: string;
  maxRatio?: number;
  maxDelta?: number;
}

/** The checks and the request-count query that `min-requests` is judged by. */
export interface AnalysisPlan {
  checks: CheckSpec[];
  /** PromQL for the canary's requests over the window (absent: min-requests cannot apply). */
  requests?: string;
}

const CANARY = 'service="{{service}}",namespace="{{namespace}}",track="{{canary}}"';

/** The presets, in the same form users write, so the summary can print them for copying. */
export const PRESET_CHECKS: Record<'error-rate' | 'latency-p99', CheckSpec> = {
  'error-rate': {
    name: 'error-rate',
    query: `sum(rate(http_requests_total{${CANARY},code=~"5.."}[{{window}}])) / sum(rate(http_requests_total{${CANARY}}[{{window}}]))`,
    max: 0.05,
  },
  'latency-p99': {
    name: 'latency-p99',
    query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${CANARY}}[{{window}}])))`,
    max: 0.5,
  },
};

/** The canary's request count over the window: what `min-requests` compares with. */
export const PRESET_REQUESTS = `sum(increase(http_requests_total{${CANARY}}[{{window}}]))`;

const ACCEPTED =
  'a YAML document `checks: [{name, query, max | min | baseline with max-ratio / max-delta}]` (optionally `requests: <PromQL>`), or preset names';
const FIELDS = ['name', 'query', 'max', 'min', 'baseline', 'max-ratio', 'max-delta'];

/** The plan for the `analysis` input: presets expanded, or the YAML parsed and checked field by field. */
export async function planAnalysis(spec: AnalysisSpec): Promise<AnalysisPlan> {
  if (spec.kind === 'presets')
    return { checks: spec.presets.map((p) => ({ ...PRESET_CHECKS[p] })), requests: PRESET_REQUESTS };
  // YAML's parser is loaded only when the analysis is YAML (the action's entry chunk stays small).
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    document = parse(spec.text);
  } catch (error) {
    throw new ConfigurationError(
      'analysis',
      `the YAML does not parse (${(error as Error).message.split('\n')[0]})`,
      ACCEPTED,
    );
  }
  const root = Array.isArray(document) ? { checks: document } : document;
  if (typeof root !== 'object' || root === null || !Array.isArray((root as { checks?: unknown }).checks))
    throw new ConfigurationError('analysis', 'there is no list of checks', ACCEPTED);
  const { checks, requests } = root as { checks: unknown[]; requests?: unknown };
  if (checks.length === 0) throw new ConfigurationError('analysis', 'the list of checks is empty', ACCEPTED);
  if (requests !== undefined && typeof requests !== 'string')
    throw new ConfigurationError('analysis', '`requests` must be a PromQL string', ACCEPTED);
  const parsed = checks.map((entry, index) => parseCheck(entry, index));
  const names = parsed.map((c) => c.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate)
    throw new ConfigurationError('analysis', `two checks are named "${duplicate}"`, 'unique check names');
  return { checks: parsed, requests };
}

function parseCheck(entry: unknown, index: number): CheckSpec {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new ConfigurationError('analysis', `check ${index + 1} is not a mapping`, ACCEPTED);
  const record = entry as Record<string, unknown>;
  const name =
    typeof record.name === 'string' && record.name.trim() ? record.name.trim() : `check ${index + 1}`;
  const fail = (problem: string): never => {
    throw new ConfigurationError('analysis', `check "${name}": ${problem}`, ACCEPTED);
  };
  if (typeof record.name !== 'string' || !record.name.trim()) fail('`name` is missing');
  const unknown = Object.keys(record).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0)
    fail(`unknown field(s) ${unknown.map((k) => `\`${k}\``).join(', ')} (fields: ${FIELDS.join(', ')})`);
  if (typeof record.query !== 'string' || !record.query.trim()) fail('`query` is missing');
  const number = (field: string): number | undefined => {
    const value = record[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value))
      fail(`\`${field}\` must be a number, got ${JSON.stringify(value)}`);
    return value as number;
  };
  const check: CheckSpec = {
    name,
    query: String(record.query).trim(),
    max: number('max'),
    min: number('min'),
    baseline: typeof record.baseline === 'string' ? record.baseline.trim() : undefined,
    maxRatio: number('max-ratio'),
    maxDelta: number('max-delta'),
  };
  if (record.baseline !== undefined && typeof record.baseline !== 'string')
    fail('`baseline` must be a PromQL string');
  if (check.baseline === undefined && (check.maxRatio !== undefined || check.maxDelta !== undefined))
    fail('`max-ratio` and `max-delta` need a `baseline` query');
  if (check.baseline !== undefined && check.maxRatio === undefined && check.maxDelta === undefined)
    fail('a `baseline` needs `max-ratio` and/or `max-delta`');
  if (check.maxRatio !== undefined && check.maxRatio <= 0) fail('`max-ratio` must be above 0');
  if (check.max === undefined && check.min === undefined && check.baseline === undefined)
    fail('it has no threshold: give `max`, `min`, or a `baseline` with `max-ratio` / `max-delta`');
  if (check.max !== undefined && check.min !== undefined && check.min > check.max)
    fail('`min` is above `max`');
  return check;
}

/** A check with its queries filled in: exactly what is sent to Prometheus. */
export interface RenderedCheck extends CheckSpec {
  template: string;
  baselineTemplate?: string;
}

/** Fills every query of the plan; an unknown `{{variable}}` is a ConfigurationError naming the check. */
export function renderPlan(
  plan: AnalysisPlan,
  values: TemplateValues,
): { checks: RenderedCheck[]; requests?: string } {
  const render = (check: string, field: string, template: string): string => {
    try {
      return renderQuery(template, values);
    } catch (error) {
      if (error instanceof InvalidValue)
        throw new ConfigurationError(
          'analysis',
          `check "${check}", \`${field}\`: ${error.problem}`,
          error.accepted,
        );
      throw error;
    }
  };
  return {
    checks: plan.checks.map((c) => ({
      ...c,
      template: c.query,
      baselineTemplate: c.baseline,
      query: render(c.name, 'query', c.query),
      baseline: c.baseline === undefined ? undefined : render(c.name, 'baseline', c.baseline),
    })),
    requests: plan.requests === undefined ? undefined : render('requests', 'requests', plan.requests),
  };
}

/** The plan as the YAML a user would write (presets printed so they can be copied and tuned). */
export function planToYaml(plan: AnalysisPlan): string {
  const q = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const lines = ['checks:'];
  for (const c of plan.checks) {
    lines.push(`  - name: ${c.name}`, `    query: ${q(c.query)}`);
    if (c.max !== undefined) lines.push(`    max: ${c.max}`);
    if (c.min !== undefined) lines.push(`    min: ${c.min}`);
    if (c.baseline !== undefined) lines.push(`    baseline: ${q(c.baseline)}`);
    if (c.maxRatio !== undefined) lines.push(`    max-ratio: ${c.maxRatio}`);
    if (c.maxDelta !== undefined) lines.push(`    max-delta: ${c.maxDelta}`);
  }
  if (plan.requests !== undefined) lines.push(`requests: ${q(plan.requests)}`);
  return `${lines.join('\n')}\n`;
}
