import {
  EVENT_ICON,
  headline,
  nextStep,
  progress,
  releaseLinks,
  shortDigest,
  type MetricRow,
  type Release,
} from './release.js';
import { escapeSlackMrkdwn, firstLine, slackPlainText, truncate } from './text-safety.js';

/** Slack's documented Block Kit limits (exceeding any makes Slack reject the whole message). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  /** Top-level `text`: Slack accepts 40,000 but truncates long ones; notifications show far less. */
  fallbackText: 3000,
} as const;

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}
export interface PlainText {
  type: 'plain_text';
  text: string;
}
export type TextObject = MrkdwnText | PlainText;
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

/** A message as both Slack APIs take it: blocks plus the `text` fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnText => ({
  type: 'mrkdwn',
  text: truncate(text, max),
});

/**
 * Builds the release's Slack message: headline, what it means and what to do, the facts, the reason,
 * the change, the analysis, and links. Every user-controlled string is escaped; every limit is kept,
 * with visible truncation.
 */
export function buildSlackMessage(release: Release): SlackMessage {
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(
          slackPlainText(`${EVENT_ICON[release.event]} ${headline(release)}`),
          SLACK_LIMITS.headerText,
          '…',
        ),
      },
    },
    { type: 'section', text: mrkdwn(`${escapeSlackMrkdwn(nextStep(release))}\n${progress(release.event)}`) },
    { type: 'section', fields: factFields(release) },
  ];
  if (release.reason)
    blocks.push({ type: 'section', text: mrkdwn(`*Reason:* ${escapeSlackMrkdwn(release.reason)}`) });
  const change = changeText(release);
  if (change) blocks.push({ type: 'section', text: mrkdwn(change) });
  if (release.metrics.length > 0)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: metricsText(release.metrics) } });
  const context = contextElements(release);
  if (context.length > 0) blocks.push({ type: 'context', elements: context });
  return { text: fallbackText(release), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

function factFields(release: Release): TextObject[] {
  const fields: [string, string | undefined][] = [
    ['Service', escapeSlackMrkdwn(release.service)],
    ['Environment', release.environment && escapeSlackMrkdwn(release.environment)],
    ['Stage', release.event],
    ['Verdict', release.verdict],
    ['Digest', release.digest && `\`${shortDigest(release.digest)}\``],
    ['Previous', release.previousDigest && `\`${shortDigest(release.previousDigest)}\``],
    ['Strategy', release.strategy && escapeSlackMrkdwn(release.strategy)],
  ];
  return fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .slice(0, SLACK_LIMITS.fields)
    .map(([label, value]) => mrkdwn(`*${label}*\n${value}`, SLACK_LIMITS.fieldText));
}

function changeText(release: Release): string | undefined {
  const { commitMessage, branch, pullRequestTitle, pullRequestNumber } = release.change;
  const lines: string[] = [];
  if (pullRequestTitle)
    lines.push(
      `*Pull request${pullRequestNumber ? ` #${pullRequestNumber}` : ''}:* ${escapeSlackMrkdwn(firstLine(pullRequestTitle))}`,
    );
  if (commitMessage) lines.push(`*Commit:* ${escapeSlackMrkdwn(commitMessage.trim())}`);
  if (branch) lines.push(`*Branch:* ${escapeSlackMrkdwn(branch)}`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The analysis as lines, as many as fit in one section, then how many more are in the run summary. */
export function metricsText(metrics: MetricRow[]): string {
  const failed = metrics.filter((m) => m.passed === false).length;
  let text = `*Analysis:* ${metrics.length} check${metrics.length === 1 ? '' : 's'}, ${failed} failed`;
  // Failed checks first: they are what the reader needs.
  const ordered = [...metrics].sort((a, b) => Number(a.passed !== false) - Number(b.passed !== false));
  for (let i = 0; i < ordered.length; i++) {
    const row = ordered[i];
    const mark = row.passed === false ? '✗' : row.passed ? '✓' : '•';
    const detail = [row.value && `value ${row.value}`, row.threshold && `threshold ${row.threshold}`]
      .filter(Boolean)
      .join(', ');
    const line = truncate(
      `\n${mark} ${escapeSlackMrkdwn(row.name)}${detail ? ` (${escapeSlackMrkdwn(detail)})` : ''}`,
      300,
    );
    const more = `\n… and ${ordered.length - i} more in the run summary`;
    if (text.length + line.length + more.length > SLACK_LIMITS.sectionText) return text + more;
    text += line;
  }
  return text;
}

function contextElements(release: Release): TextObject[] {
  const links = releaseLinks(release.run);
  const parts: string[] = [];
  if (links.run) parts.push(slackLink(links.run, 'Run'));
  if (links.commit) parts.push(slackLink(links.commit, 'Commit'));
  if (links.diff) parts.push(slackLink(links.diff, 'Diff from previous release'));
  if (release.environmentUrl) parts.push(slackLink(release.environmentUrl, 'Open environment'));
  if (release.run.actor) parts.push(`Triggered by ${escapeSlackMrkdwn(release.run.actor)}`);
  return parts.length > 0 ? [mrkdwn(parts.join(' · '))] : [];
}

/** `<url|label>` with the URL escaped so it cannot close the link early or add a second one. */
function slackLink(url: string, label: string): string {
  const safe = url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${safe}|${label}>`;
}

function fallbackText(release: Release): string {
  const parts = [`${EVENT_ICON[release.event]} ${headline(release)}`];
  if (release.digest) parts.push(shortDigest(release.digest));
  if (release.reason) parts.push(firstLine(release.reason));
  return truncate(escapeSlackMrkdwn(parts.join(' — ')), SLACK_LIMITS.fallbackText);
}
