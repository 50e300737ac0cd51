import {
  EVENT_ICON,
  headline,
  nextStep,
  progress,
  releaseLinks,
  shortDigest,
  type Release,
} from './release.js';
import { escapeMarkdown, firstLine, markdownCode, neutraliseMentions, truncate } from './text-safety.js';

/** Where each notification went, for the card's last section. */
export interface DeliveryLine {
  target: string;
  ok: boolean;
  detail: string;
}

const MAX_COMMIT_CHARS = 2000;
const MAX_CELL_CHARS = 500;

/**
 * The job summary's release card (GitHub-flavoured Markdown): what happened and what to do, the
 * release's facts, the reason, the analysis table, links, and where the notifications went.
 */
export function renderReleaseCard(release: Release, deliveries: DeliveryLine[] = []): string {
  const links = releaseLinks(release.run);
  const lines = [
    `## ${EVENT_ICON[release.event]} ${escapeMarkdown(headline(release))}`,
    '',
    `**${escapeMarkdown(nextStep(release))}**`,
    '',
    `${escapeMarkdown(progress(release.event))}`,
    '',
    '| | |',
    '|---|---|',
    row('Service', escapeMarkdown(release.service)),
    row('Environment', release.environment && escapeMarkdown(release.environment)),
    row('Stage', release.event),
    row('Verdict', release.verdict),
    row('Reason', release.reason && cell(release.reason)),
    row(
      'Digest',
      release.digest &&
        `${markdownCode(shortDigest(release.digest))} (full: ${markdownCode(release.digest)})`,
    ),
    row('Image', release.image && markdownCode(release.image)),
    row('Previous digest', release.previousDigest && markdownCode(release.previousDigest)),
    row('Strategy', release.strategy && escapeMarkdown(release.strategy)),
    row('Branch', release.change.branch && markdownCode(release.change.branch)),
    row(
      'Pull request',
      release.change.pullRequestTitle &&
        `${release.change.pullRequestNumber ? `#${release.change.pullRequestNumber} ` : ''}${cell(firstLine(release.change.pullRequestTitle))}`,
    ),
    row(
      'Commit',
      release.run.sha &&
        (links.commit ? `[${release.run.sha.slice(0, 7)}](${links.commit})` : release.run.sha.slice(0, 7)),
    ),
    row('Diff from previous release', links.diff && `[compare](${links.diff})`),
    row(
      'Environment URL',
      release.environmentUrl &&
        `[${escapeMarkdown(release.environmentUrl)}](${markdownUrl(release.environmentUrl)})`,
    ),
    row('Run', links.run && `[open the run](${links.run})`),
    row('Triggered by', release.run.actor && escapeMarkdown(release.run.actor)),
  ].filter((line): line is string => line !== undefined);

  if (release.change.commitMessage) {
    lines.push('', '<details><summary>Commit message</summary>', '', '```text');
    // A fence inside the message would close ours early.
    lines.push(
      truncate(neutraliseMentions(release.change.commitMessage).replace(/```/g, 'ˋˋˋ'), MAX_COMMIT_CHARS),
    );
    lines.push('```', '', '</details>');
  }
  if (release.metrics.length > 0) {
    lines.push('', '### Analysis', '', '| check | value | threshold | result |', '|---|---|---|---|');
    for (const metric of release.metrics) {
      const result = metric.passed === undefined ? '—' : metric.passed ? '✅ pass' : '❌ fail';
      lines.push(
        `| ${cell(metric.name)} | ${cell(metric.value ?? '—')} | ${cell(metric.threshold ?? '—')} | ${result} |`,
      );
    }
  }
  if (deliveries.length > 0) {
    lines.push('', '### Notifications', '');
    for (const delivery of deliveries)
      lines.push(`- ${delivery.ok ? '✅' : '⚠️'} ${delivery.target}: ${escapeMarkdown(delivery.detail)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A URL inside `(…)`: characters that would end the link early are percent-encoded. */
function markdownUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function row(label: string, value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : `| ${label} | ${value} |`;
}

function cell(text: string): string {
  return escapeMarkdown(truncate(text, MAX_CELL_CHARS));
}
