import type { Finding } from './report.js';
import { atOrAbove, SEVERITIES, type Severity } from './severity.js';

/** The gate's settings: what fails it, and what is shown. */
export interface GateOptions {
  /** Findings at or above this severity fail the gate. */
  threshold: Severity;
  /** Vulnerabilities without a fixed version are left out of the gate, the counts and the report. */
  ignoreUnfixed: boolean;
  /** Severities shown in the report, SARIF and summary. */
  reportSeverities: Severity[];
}

export type SeverityCounts = Record<Severity, number>;

/** The gate's verdict on a set of findings. */
export interface GateResult {
  passed: boolean;
  /** The findings that failed the gate. */
  failing: Finding[];
  /** The findings to show: every reported severity, plus whatever failed the gate. */
  reported: Finding[];
  /** Counts by severity of every finding considered (not only the reported ones). */
  counts: SeverityCounts;
  /** Vulnerabilities with a fixed version available. */
  fixable: number;
}

/** True for a vulnerability that has a fixed version. */
export const isFixable = (finding: Finding): boolean =>
  finding.kind === 'vulnerability' && Boolean(finding.fixedVersion);

/**
 * Gates on parsed findings (never on Trivy's exit code): fails when any finding is at or above the
 * threshold. What is reported is chosen separately, so a team can see MEDIUM findings without failing
 * on them; a finding that fails the gate is always shown. Pure.
 */
export function evaluateGate(findings: Finding[], options: GateOptions): GateResult {
  const considered = options.ignoreUnfixed
    ? findings.filter((finding) => finding.kind !== 'vulnerability' || isFixable(finding))
    : findings;
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as SeverityCounts;
  for (const finding of considered) counts[finding.severity] += 1;
  const failing = considered.filter((finding) => atOrAbove(finding.severity, options.threshold));
  const reported = sortFindings(
    considered.filter(
      (finding) => options.reportSeverities.includes(finding.severity) || failing.includes(finding),
    ),
  );
  return {
    passed: failing.length === 0,
    failing,
    reported,
    counts,
    fixable: considered.filter(isFixable).length,
  };
}

/** Most severe first; fixable before unfixed; then by id and package, so output is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      Number(isFixable(b)) - Number(isFixable(a)) ||
      a.id.localeCompare(b.id) ||
      (a.packageName ?? '').localeCompare(b.packageName ?? ''),
  );
}
