import { formatFinding, type PolicyFinding } from '../../deploy/policy.js';
import type { Change, DeployResult } from '../../deploy/deploy-context.js';
import type { CanaryDeployInputs } from './inputs.js';

const short = (digest: string | undefined): string => (digest ? `\`${digest.slice(0, 19)}…\`` : '—');

function changeRow(change: Change): string {
  const digests = change.from || change.to ? `${short(change.from)} → ${short(change.to)}` : '';
  return `| ${change.object} | ${change.action} | ${digests} |`;
}

/** The job summary, for a tired on-call engineer: what changed where, findings, the next step. */
export function deploySummary(
  inputs: CanaryDeployInputs,
  result: DeployResult,
  findings: PolicyFinding[],
): string {
  const lines = [
    `### canary-deploy: ${inputs.strategy} ${inputs.action} in \`${inputs.namespace}\``,
    '',
    `**Digest now:** ${result.digest ? `\`${result.digest}\`` : '—'} · **before:** ${result.previousDigest ? `\`${result.previousDigest}\`` : '—'}`,
    '',
  ];
  for (const note of result.notes) lines.push(`> ${note}`, '');
  const writes = result.changes.filter((c) => c.action !== 'unchanged');
  if (result.changes.length > 0) {
    lines.push('| object | what | digest |', '|---|---|---|', ...result.changes.map(changeRow), '');
    if (writes.length === 0)
      lines.push('Nothing to change: the cluster already had this release (no write made).', '');
  }
  if (findings.length > 0)
    lines.push(
      `**Policy findings (${inputs.policy}):**`,
      '',
      ...findings.map((f) => `- ${formatFinding(f)}`),
      '',
    );
  if (result.nextStep) lines.push(`**Next step:** ${result.nextStep}`);
  return lines.join('\n');
}

/** What was written before a failure, so nothing half-applied goes unreported. */
export function partialReport(changes: Change[]): string {
  const writes = changes.filter((c) => c.action !== 'unchanged');
  if (writes.length === 0) return 'Nothing was written to the cluster.';
  return (
    `Written before the failure (the release is half-applied): ${writes.map((c) => `${c.object} ${c.action}`).join(', ')}. ` +
    'Run the same step again once the cause is fixed: it detects this state and completes it (every write is safe to repeat)'
  );
}
