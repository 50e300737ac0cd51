import type { RenderedCheck } from './analysis-checks.js';

export const NO_DATA = ['fail', 'pass', 'inconclusive'] as const;
export type NoDataPolicy = (typeof NO_DATA)[number];

/** A check's outcome in one sample; `error` is Prometheus failing to answer, never the canary's fault. */
export type CheckOutcome = 'pass' | 'fail' | 'inconclusive' | 'error';

export interface Judgement {
  outcome: CheckOutcome;
  /** One line a person reads: the value, the limit, and the verdict. */
  message: string;
}

const show = (value: number): string =>
  Math.abs(value) >= 1000 || value === 0 ? String(value) : Number(value.toPrecision(4)).toString();

/**
 * The single value a query's answer stands for: none (no data) when the vector is empty or NaN (a
 * ratio over zero traffic), otherwise the worst series for the check (highest for an upper bound).
 */
export function representative(
  values: readonly number[],
  check: Pick<RenderedCheck, 'max' | 'min' | 'baseline'>,
): number | undefined {
  const real = values.filter((v) => Number.isFinite(v));
  if (real.length === 0) return undefined;
  return check.max === undefined && check.baseline === undefined && check.min !== undefined
    ? Math.min(...real)
    : Math.max(...real);
}

/** Judges one check in one sample from its values (undefined: no data). Pure and total. */
export function judgeCheck(
  check: RenderedCheck,
  canary: number | undefined,
  baseline: number | undefined,
  noData: NoDataPolicy,
): Judgement {
  const missing =
    canary === undefined
      ? 'the query'
      : check.baseline !== undefined && baseline === undefined
        ? 'the baseline query'
        : undefined;
  if (missing) {
    const outcome: CheckOutcome = noData;
    return { outcome, message: `no data from ${missing} (no-data: ${noData})` };
  }
  const value = canary as number;
  const problems: string[] = [];
  if (check.max !== undefined && value > check.max)
    problems.push(`${show(value)} above max ${show(check.max)}`);
  if (check.min !== undefined && value < check.min)
    problems.push(`${show(value)} below min ${show(check.min)}`);
  let limitText = [
    check.max !== undefined ? `≤ ${show(check.max)}` : '',
    check.min !== undefined ? `≥ ${show(check.min)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (check.baseline !== undefined && baseline !== undefined) {
    const allowed = baseline * (check.maxRatio ?? 1) + (check.maxDelta ?? 0);
    const rule = `baseline ${show(baseline)} × ${check.maxRatio ?? 1} + ${check.maxDelta ?? 0} = ${show(allowed)}`;
    limitText = [limitText, `≤ ${rule}`].filter(Boolean).join(', ');
    if (value > allowed) problems.push(`${show(value)} above ${rule}`);
  }
  return problems.length > 0
    ? { outcome: 'fail', message: problems.join('; ') }
    : { outcome: 'pass', message: `${show(value)} within ${limitText}` };
}
