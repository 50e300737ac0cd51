import type { PolicyFinding } from '../image/policy.js';
import { isFixable, type GateResult } from './gate.js';
import type { IgnoreRule } from './ignore-rules.js';
import type { Finding } from './report.js';
import { SEVERITIES, type Severity } from './severity.js';

/** How many finding rows the summary shows before pointing at the report. */
export const SUMMARY_ROWS = 50;

export interface ScanSummaryInput {
  image: string;
  gate: GateResult;
  threshold: Severity;
  policy: PolicyFinding[];
  policyMode: string;
  ignoredCount: number;
  expiredIgnores: IgnoreRule[];
  /** Set when the image was pushed. */
  pushed?: { reference: string; tags: string[] };
  /** Why nothing was pushed, when it was not. */
  notPushed?: string;
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function findingRow(finding: Finding): string {
  const id = finding.url ? `[${cell(finding.id)}](${finding.url})` : cell(finding.id);
  if (finding.kind === 'vulnerability') {
    const fix = finding.fixedVersion
      ? `${cell(finding.installedVersion ?? '?')} → **${cell(finding.fixedVersion)}**`
      : `${cell(finding.installedVersion ?? '?')} → no fix yet`;
    return `| ${finding.severity} | ${cell(finding.packageName ?? '?')} | ${fix} | ${id} | ${cell(finding.title)} |`;
  }
  const where = `${cell(finding.target)}${finding.line ? `:${finding.line}` : ''}`;
  return `| ${finding.severity} | ${finding.kind} in ${where} | — | ${id} | ${cell(finding.title)} |`;
}

/**
 * The job summary, written for whoever reads the run: the verdict first, counts by severity, then the
 * findings with a fix available (what to do today), the rest, the policy findings, and where the image went.
 */
export function scanSummary(input: ScanSummaryInput): string {
  const { gate } = input;
  const policyErrors = input.policy.filter((p) => p.severity === 'error');
  const blockedByPolicy = input.policyMode === 'enforce' && policyErrors.length > 0;
  const lines: string[] = [];
  const verdict = gate.passed
    ? `✅ Scan gate passed (nothing at or above ${input.threshold})`
    : `❌ Scan gate failed: ${gate.failing.length} finding(s) at or above ${input.threshold}`;
  lines.push(
    `## build-and-scan: ${cell(input.image)}`,
    '',
    verdict + (blockedByPolicy ? ' · ❌ image policy failed' : ''),
    '',
  );
  if (input.pushed) {
    lines.push(
      `Pushed **\`${input.pushed.reference}\`**${input.pushed.tags.length ? ` with tags ${input.pushed.tags.map((t) => `\`${t}\``).join(', ')}` : ''}.`,
      '',
    );
  } else if (input.notPushed) {
    lines.push(`Not pushed: ${input.notPushed}`, '');
  }
  lines.push(`| ${SEVERITIES.join(' | ')} | fixable |`, `|${' --- |'.repeat(SEVERITIES.length + 1)}`);
  lines.push(`| ${SEVERITIES.map((s) => String(gate.counts[s])).join(' | ')} | ${gate.fixable} |`, '');
  if (input.ignoredCount > 0) lines.push(`${input.ignoredCount} finding(s) hidden by the ignore file.`, '');
  for (const rule of input.expiredIgnores)
    lines.push(
      `⚠️ Ignore entry \`${cell(rule.id)}\` expired on ${rule.expiresAt?.toISOString().slice(0, 10)}: it applies no more. Fix the finding, or renew the entry with a reason.`,
      '',
    );

  const fixable = gate.reported.filter(isFixable);
  const rest = gate.reported.filter((finding) => !isFixable(finding));
  const header = [
    '| severity | package / where | installed → fixed | ID | title |',
    '| --- | --- | --- | --- | --- |',
  ];
  let budget = SUMMARY_ROWS;
  const table = (title: string, findings: Finding[]) => {
    if (findings.length === 0) return;
    lines.push(`### ${title} (${findings.length})`, '', ...header);
    for (const finding of findings.slice(0, budget)) lines.push(findingRow(finding));
    if (findings.length > budget)
      lines.push('', `…and ${findings.length - budget} more in the JSON report (output \`report-file\`).`);
    budget = Math.max(0, budget - findings.length);
    lines.push('');
  };
  table('Fix available: upgrade these', fixable);
  table('No fix available yet', rest);

  if (input.policyMode !== 'off') {
    lines.push(`### Image policy (${input.policyMode})`, '');
    if (input.policy.length === 0)
      lines.push(
        'No findings: non-root user, no secrets in ENV or history, HEALTHCHECK present, layers within limit.',
      );
    for (const finding of input.policy)
      lines.push(
        `- ${finding.severity === 'error' ? '❌' : '⚠️'} **${finding.rule}**: ${cell(finding.message)}`,
      );
    lines.push('');
  }
  return lines.join('\n');
}
