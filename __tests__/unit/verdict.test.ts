import type { AnalysisResult } from '../../src/analysis/analysis-engine.js';
import { buildReport, summaryMarkdown } from '../../src/analysis/analysis-report.js';
import { decide, type Findings, type Remedy } from '../../src/analysis/verdict.js';

const analysis = (outcome: AnalysisResult['outcome'], code = 'error-rate'): AnalysisResult => ({
  outcome,
  reason: { code, message: `${code}: 0.071 above max 0.05 in 2 consecutive sample(s)` },
  elapsedMs: 61_000,
  samples: [
    {
      index: 0,
      at: 't0',
      outcome: 'pass',
      checks: [
        { check: 'error-rate', outcome: 'pass', message: '0.01 within ≤ 0.05', value: 0.01, query: 'q0' },
      ],
    },
    {
      index: 1,
      at: 't1',
      outcome: 'fail',
      checks: [
        { check: 'error-rate', outcome: 'fail', message: '0.071 above max 0.05', value: 0.071, query: 'q|1' },
      ],
    },
  ],
});
const crash = { code: 'CrashLoopBackOff', message: 'pod web-1, container app: CrashLoopBackOff' };
const remedy = (over: Partial<Remedy> = {}): Remedy => ({
  onFailure: 'rollback',
  autoPromote: true,
  ...over,
});

describe('verdict', () => {
  test.each<[string, Findings, Partial<Remedy>, string, boolean, string]>([
    [
      'verified and promoted',
      { analysis: analysis('passed', 'analysis-passed') },
      {},
      'promoted',
      true,
      'analysis-passed',
    ],
    ['a rolling release with no analysis', {}, {}, 'promoted', true, 'verified'],
    [
      'auto-promote false',
      { analysis: analysis('passed') },
      { autoPromote: false },
      'awaiting-approval',
      true,
      'awaiting-approval',
    ],
    [
      'a failed analysis, rollback verified',
      { analysis: analysis('failed') },
      { rollbackVerified: true },
      'rolled-back',
      false,
      'error-rate',
    ],
    [
      'a crash loop, rollback verified',
      { failure: crash },
      { rollbackVerified: true },
      'rolled-back',
      false,
      'CrashLoopBackOff',
    ],
    [
      'a rollback that did not verify',
      { failure: crash },
      { rollbackVerified: false },
      'failed',
      false,
      'CrashLoopBackOff',
    ],
    ['freeze', { analysis: analysis('failed') }, { onFailure: 'freeze' }, 'frozen', false, 'error-rate'],
    ['none', { analysis: analysis('failed') }, { onFailure: 'none' }, 'failed', false, 'error-rate'],
    [
      'inconclusive is never promoted',
      { analysis: analysis('inconclusive', 'inconclusive') },
      { rollbackVerified: true },
      'rolled-back',
      false,
      'inconclusive',
    ],
    [
      'an alert abort',
      { analysis: analysis('aborted', 'alert-firing') },
      { rollbackVerified: true },
      'rolled-back',
      false,
      'alert-firing',
    ],
    [
      'a promotion that did not roll out',
      { analysis: analysis('passed') },
      { promotionVerified: false },
      'failed',
      false,
      'promotion-not-verified',
    ],
  ])('%s', (_name, findings, over, verdict, success, code) => {
    const decision = decide(findings, remedy(over));
    expect(decision).toMatchObject({ verdict, success, reason: { code } });
  });

  test('freeze says loudly that nothing was rolled back', () => {
    expect(decide({ failure: crash }, remedy({ onFailure: 'freeze' })).reason.message).toContain(
      'NOTHING WAS ROLLED BACK',
    );
  });

  test('report and summary: verdict and why first, every check, the queries as sent', () => {
    const result = analysis('failed');
    const decision = decide({ analysis: result }, remedy({ rollbackVerified: true }));
    const report = buildReport(decision, result, { plan: 'checks: []\n', rolledBackTo: 'sha256:abc' });
    expect(report).toMatchObject({
      verdict: 'rolled-back',
      reason: { code: 'error-rate' },
      rolledBackTo: 'sha256:abc',
    });
    expect(report.analysis?.samples).toHaveLength(2);
    const md = summaryMarkdown(report, result).split('\n');
    expect(md[0]).toBe('## ↩️ ROLLED BACK');
    expect(md[2]).toContain('**Why:** error-rate: 0.071 above max 0.05');
    expect(md).toContain('| ❌ error-rate | 0.071 above max 0.05 | 0 / 1 / 0 / 0 |');
    expect(md.join('\n')).toContain('`q|1`');
    expect(md.join('\n')).toContain('```yaml');
  });
});
