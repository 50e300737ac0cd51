import {
  EVIDENCE_SCHEMA,
  type ApprovalEvidence,
  type ReleaseEvidence,
  type StageEvidence,
  type StageResult,
  type Verdict,
} from './types.js';

/**
 * What the workflow hands over, as the job outputs give it: every value a string (outputs are strings),
 * empty when a stage did not produce it. The approvals are the run's approvals API answer as is.
 */
export interface EvidenceParts {
  service: string;
  run: ReleaseEvidence['run'];
  build: {
    image: string;
    digest: string;
    tags: string;
    gate: string;
    critical: string;
    high: string;
    medium: string;
    low: string;
    unknown: string;
    fixable: string;
    policyFindings: string;
    reportArtifact?: string;
    reportSha256?: string;
  };
  sign: { signatureRef: string; identity: string; issuer?: string; rekorLogIndex?: string; verified: string };
  approvals: unknown;
  stages: StageParts[];
}

/** One stage as the workflow reports it (strings from job outputs). */
export interface StageParts {
  name: string;
  environment?: string;
  result: string;
  verdict?: string;
  reason?: string;
  strategy?: string;
  digest?: string;
  previousDigest?: string;
  startedAt?: string;
  finishedAt?: string;
}

const RESULTS: readonly StageResult[] = ['success', 'failure', 'cancelled', 'skipped'];
const VERDICTS: readonly Verdict[] = ['promoted', 'rolled-back', 'frozen', 'awaiting-approval', 'failed'];
const STRATEGIES = ['rolling', 'canary', 'blue-green'] as const;

/**
 * Turns the workflow's string outputs into one release-evidence document. It does not validate: the
 * schema does (validateEvidence), so a malformed output is reported against the schema, not dropped here.
 */
export function assembleEvidence(parts: EvidenceParts): ReleaseEvidence {
  const stages = parts.stages.map(stageOf);
  const evidence: ReleaseEvidence = {
    schema: EVIDENCE_SCHEMA,
    service: parts.service,
    run: dropEmpty(parts.run),
    image: {
      repository: parts.build.image,
      digest: bareDigest(parts.build.digest),
      tags: jsonList(parts.build.tags).map(String),
    },
    scan: {
      gate: parts.build.gate as ReleaseEvidence['scan']['gate'],
      counts: {
        critical: count(parts.build.critical),
        high: count(parts.build.high),
        medium: count(parts.build.medium),
        low: count(parts.build.low),
        unknown: count(parts.build.unknown),
      },
      fixable: count(parts.build.fixable),
    },
    policy: { findings: jsonList(parts.build.policyFindings) as ReleaseEvidence['policy']['findings'] },
    signature: dropEmpty({
      ref: parts.sign.signatureRef,
      identity: parts.sign.identity,
      issuer: parts.sign.issuer,
      rekorLogIndex: parts.sign.rekorLogIndex,
      verified: parts.sign.verified === 'true',
    }),
    approvals: approvalsOf(parts.approvals, stages),
    stages,
  };
  if (parts.build.reportArtifact && parts.build.reportSha256)
    evidence.scan.report = { artifact: parts.build.reportArtifact, sha256: parts.build.reportSha256 };
  return evidence;
}

/**
 * Maps GitHub's "review history for a workflow run" answer (`[{state, comment, environments: [{name}],
 * user: {login}}]`) to one entry per environment. The API gives no time, so `at` is when that
 * environment's job started, which follows the approval.
 */
export function approvalsOf(answer: unknown, stages: StageEvidence[]): ApprovalEvidence[] {
  if (!Array.isArray(answer)) return [];
  const approvals: ApprovalEvidence[] = [];
  for (const review of answer as Record<string, unknown>[]) {
    const state = review.state;
    if (state !== 'approved' && state !== 'rejected') continue;
    const user = (review.user as { login?: unknown } | undefined)?.login;
    const environments = Array.isArray(review.environments) ? review.environments : [];
    for (const environment of environments as { name?: unknown }[]) {
      if (typeof environment.name !== 'string' || typeof user !== 'string') continue;
      const stage = stages.find((s) => s.environment === environment.name);
      approvals.push(
        dropEmpty({
          environment: environment.name,
          user,
          state,
          comment: typeof review.comment === 'string' ? review.comment : undefined,
          at: stage?.startedAt,
        }),
      );
    }
  }
  return approvals;
}

function stageOf(parts: StageParts): StageEvidence {
  const stage: StageEvidence = dropEmpty({
    name: parts.name,
    environment: parts.environment,
    result: (RESULTS as readonly string[]).includes(parts.result) ? (parts.result as StageResult) : 'failure',
    verdict: oneOf(VERDICTS, parts.verdict),
    reason: reasonOf(parts.reason),
    strategy: oneOf(STRATEGIES, parts.strategy),
    digest: parts.digest ? bareDigest(parts.digest) : undefined,
    previousDigest: parts.previousDigest ? bareDigest(parts.previousDigest) : undefined,
    startedAt: parts.startedAt || undefined,
    finishedAt: parts.finishedAt || undefined,
  });
  if (stage.startedAt && stage.finishedAt) {
    const seconds = (Date.parse(stage.finishedAt) - Date.parse(stage.startedAt)) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) stage.durationSeconds = seconds;
  }
  return stage;
}

/** verify-rollout's reason is JSON `{code, message}`; a plain sentence is kept as the message. */
function reasonOf(text: string | undefined): StageEvidence['reason'] {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === 'string' && typeof parsed.message === 'string')
      return { code: parsed.code, message: parsed.message };
  } catch {
    // not JSON: fall through and keep the text
  }
  return { code: 'unstructured', message: text };
}

/** `repo@sha256:…` or `sha256:…` → `sha256:…`. */
export function bareDigest(value: string): string {
  const at = value.lastIndexOf('@');
  return at >= 0 ? value.slice(at + 1) : value;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function count(value: string): number {
  return /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
}

function jsonList(text: string): unknown[] {
  if (!text.trim()) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed : [parsed];
}

function dropEmpty<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== '' && v !== null),
  ) as T;
}
