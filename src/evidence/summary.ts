import type { ReleaseEvidence } from './types.js';

/** The run summary's release-evidence section: what shipped, where, and who let it through. */
export function evidenceSummary(evidence: ReleaseEvidence): string {
  const c = evidence.scan.counts;
  const lines = [
    `## Release evidence: ${evidence.service}`,
    '',
    `- **Image**: \`${evidence.image.repository}@${evidence.image.digest}\` (tags: ${evidence.image.tags.join(', ') || 'none'})`,
    `- **Scan**: gate ${evidence.scan.gate}; critical ${c.critical}, high ${c.high}, medium ${c.medium}, low ${c.low}, unknown ${c.unknown} (${evidence.scan.fixable} fixable)`,
    `- **Policy findings**: ${evidence.policy.findings.length}`,
    `- **Signature**: ${evidence.signature.verified ? 'verified' : 'NOT verified'}, signer \`${evidence.signature.identity}\``,
    '',
    '| stage | environment | result | verdict | reason | duration |',
    '|---|---|---|---|---|---|',
    ...evidence.stages.map(
      (s) =>
        `| ${s.name} | ${s.environment ?? ''} | ${s.result} | ${s.verdict ?? ''} | ${cell(s.reason?.message ?? '')} | ${s.durationSeconds === undefined ? '' : `${Math.round(s.durationSeconds)} s`} |`,
    ),
    '',
    evidence.approvals.length === 0
      ? '_No environment approvals recorded (no required reviewers, or none reached)._'
      : evidence.approvals
          .map((a) => `- ${a.environment}: ${a.state} by @${a.user}${a.at ? ` (job started ${a.at})` : ''}`)
          .join('\n'),
    '',
  ];
  return lines.join('\n');
}

// Reasons come from the analysis: keep them from breaking the table.
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
