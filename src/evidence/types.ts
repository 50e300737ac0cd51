/** The schema identifier every release-evidence.json carries. */
export const EVIDENCE_SCHEMA = 'prodline.release-evidence/v1';

/** Verdicts verify-rollout reports (its `verdict` output). */
export type Verdict = 'promoted' | 'rolled-back' | 'frozen' | 'awaiting-approval' | 'failed';

/** A job's result as `needs.<job>.result` reports it. */
export type StageResult = 'success' | 'failure' | 'cancelled' | 'skipped';

/** One stage of the release (build, sign, each environment) and how it ended. */
export interface StageEvidence {
  name: string;
  environment?: string;
  result: StageResult;
  verdict?: Verdict;
  reason?: { code: string; message: string };
  strategy?: 'rolling' | 'canary' | 'blue-green';
  digest?: string;
  previousDigest?: string;
  startedAt?: string;
  finishedAt?: string;
  durationSeconds?: number;
}

/** One environment approval, from the run's approvals API. */
export interface ApprovalEvidence {
  environment: string;
  user: string;
  state: 'approved' | 'rejected';
  comment?: string;
  at?: string;
}

/** The whole release-evidence.json document (schemas/release-evidence.schema.json). */
export interface ReleaseEvidence {
  schema: typeof EVIDENCE_SCHEMA;
  service: string;
  run: {
    repository: string;
    commit: string;
    ref?: string;
    runId: string;
    runAttempt: string;
    url: string;
    workflowRef: string;
    actor?: string;
  };
  image: { repository: string; digest: string; tags: string[] };
  scan: {
    gate: 'passed' | 'failed';
    counts: { critical: number; high: number; medium: number; low: number; unknown: number };
    fixable: number;
    report?: { artifact: string; sha256: string };
  };
  policy: { findings: { rule: string; severity: string; message: string }[] };
  signature: { ref: string; identity: string; issuer?: string; rekorLogIndex?: string; verified: boolean };
  approvals: ApprovalEvidence[];
  stages: StageEvidence[];
}
