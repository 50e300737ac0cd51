import type { AnalysisResult, Reason } from './analysis-engine.js';

export const VERDICTS = ['promoted', 'rolled-back', 'frozen', 'awaiting-approval', 'failed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What was found before the decision: the rollout (with pods and health), then the analysis. */
export interface Findings {
  /** Undefined when everything verified; otherwise why not (crash loop, deadline, health, analysis…). */
  failure?: Reason;
  analysis?: AnalysisResult;
}

/** What was done after the decision, and whether it was itself verified. */
export interface Remedy {
  onFailure: 'rollback' | 'freeze' | 'none';
  autoPromote: boolean;
  /** For a rollback: did the previous revision come back ready and serving? */
  rollbackVerified?: boolean;
  /** For a promotion: did the promoted release verify? */
  promotionVerified?: boolean;
}

export interface Decision {
  verdict: Verdict;
  reason: Reason;
  /** The step fails for rolled-back, frozen and failed, so a pipeline stops after a bad release. */
  success: boolean;
}

/**
 * The verdict, pure. An inconclusive or aborted analysis is a failure: nothing is promoted without
 * evidence. A rollback that did not verify is `failed` (the cluster needs a person), and says so.
 */
export function decide(findings: Findings, remedy: Remedy): Decision {
  const analysisFailure =
    findings.analysis && findings.analysis.outcome !== 'passed' ? findings.analysis.reason : undefined;
  const failure = findings.failure ?? analysisFailure;
  if (!failure) {
    if (!remedy.autoPromote)
      return {
        verdict: 'awaiting-approval',
        reason: {
          code: 'awaiting-approval',
          message: 'verified; auto-promote is false, so promotion waits for a person',
        },
        success: true,
      };
    if (remedy.promotionVerified === false)
      return {
        verdict: 'failed',
        reason: {
          code: 'promotion-not-verified',
          message: 'the release verified, but the promotion did not roll out',
        },
        success: false,
      };
    return {
      verdict: 'promoted',
      reason: findings.analysis?.reason ?? { code: 'verified', message: 'rolled out and verified' },
      success: true,
    };
  }
  switch (remedy.onFailure) {
    case 'rollback':
      return remedy.rollbackVerified === false
        ? {
            verdict: 'failed',
            reason: {
              code: failure.code,
              message: `${failure.message}; the ROLLBACK DID NOT VERIFY: look at the cluster now`,
            },
            success: false,
          }
        : { verdict: 'rolled-back', reason: failure, success: false };
    case 'freeze':
      return {
        verdict: 'frozen',
        reason: {
          code: failure.code,
          message: `${failure.message}; on-failure is freeze: NOTHING WAS ROLLED BACK, the release is still live`,
        },
        success: false,
      };
    case 'none':
      return { verdict: 'failed', reason: failure, success: false };
  }
}
