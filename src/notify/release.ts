/**
 * What a notification is about: one stage of one release, with everything the people reading it need.
 * Every target (Slack, GitHub deployments, webhook, job summary) is rendered from this one value.
 */

/** The stages of a release, in the order they happen; the last three are outcomes. */
export const RELEASE_EVENTS = [
  'started',
  'deploying',
  'verified',
  'promoted',
  'rolled-back',
  'failed',
] as const;
export type ReleaseEvent = (typeof RELEASE_EVENTS)[number];

/** verify-rollout's verdicts, shown next to the stage when given. */
export const VERDICTS = ['promoted', 'rolled-back', 'frozen', 'awaiting-approval', 'failed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One row of an analysis table (verify-rollout's `analysis-report`). */
export interface MetricRow {
  name: string;
  value?: string;
  threshold?: string;
  passed?: boolean;
}

/** User-controlled text about the change: escaped per target before it is shown anywhere. */
export interface ChangeText {
  commitMessage?: string;
  branch?: string;
  pullRequestTitle?: string;
  pullRequestNumber?: number;
}

/** Links and people from the run (all optional: a local run has none). */
export interface RunFacts {
  repository?: string;
  serverUrl: string;
  sha?: string;
  previousSha?: string;
  runUrl?: string;
  actor?: string;
}

/** One stage of one release. */
export interface Release {
  event: ReleaseEvent;
  service: string;
  environment?: string;
  /** `sha256:<hex>` (the image's digest, without the repository). */
  digest?: string;
  /** The repository the digest belongs to, when a full reference was given. */
  image?: string;
  previousDigest?: string;
  strategy?: string;
  verdict?: Verdict;
  reason?: string;
  metrics: MetricRow[];
  environmentUrl?: string;
  change: ChangeText;
  run: RunFacts;
  /** When this notification was produced (ISO 8601). */
  at: string;
}

/** Whether the event ends the release (its outcome is known). */
export function isOutcome(event: ReleaseEvent): boolean {
  return event === 'promoted' || event === 'rolled-back' || event === 'failed';
}

/** `sha256:0123456789ab` — enough to tell releases apart at a glance. */
export function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}`;
}

/** An emoji per stage, for people scanning a channel. */
export const EVENT_ICON: Record<ReleaseEvent, string> = {
  started: '🚀',
  deploying: '⏳',
  verified: '🔎',
  promoted: '✅',
  'rolled-back': '↩️',
  failed: '❌',
};

/** The headline: what happened, in a few words. */
export function headline(release: Release): string {
  const where = release.environment ? ` to ${release.environment}` : '';
  switch (release.event) {
    case 'started':
      return `Release of ${release.service} started`;
    case 'deploying':
      return `Deploying ${release.service}${where}`;
    case 'verified':
      return `${release.service} verified${release.environment ? ` in ${release.environment}` : ''}`;
    case 'promoted':
      return `${release.service} promoted${where}`;
    case 'rolled-back':
      return `${release.service} rolled back${release.environment ? ` in ${release.environment}` : ''}`;
    case 'failed':
      return `Release of ${release.service} failed${release.environment ? ` in ${release.environment}` : ''}`;
  }
}

/** What the stage means and what, if anything, the on-call engineer should do next. */
export function nextStep(release: Release): string {
  const previous = release.previousDigest ? shortDigest(release.previousDigest) : 'the previous version';
  switch (release.event) {
    case 'started':
      return 'Nothing to do: the pipeline is building and checking the image.';
    case 'deploying':
      return 'Nothing to do yet: the new version is rolling out and will be verified before it takes all traffic.';
    case 'verified':
      return release.verdict === 'awaiting-approval'
        ? 'The new version passed its checks and waits for approval to be promoted.'
        : 'The new version passed its checks; promotion is next.';
    case 'promoted':
      return 'The new version serves all traffic. Nothing to do.';
    case 'rolled-back':
      return `Users are back on ${previous}. Read the reason and the analysis in the run before retrying this release.`;
    case 'failed':
      return release.verdict === 'frozen'
        ? 'The rollout was frozen on purpose (no automatic rollback): check the environment now and decide by hand.'
        : 'The release did not complete. Open the run to see which step failed and whether the environment needs attention.';
  }
}

/** Stage progress as a line of marks: done, current, not reached, or failed. */
export function progress(event: ReleaseEvent): string {
  const steps = ['started', 'deploying', 'verified', 'promoted'] as const;
  if (event === 'rolled-back' || event === 'failed') {
    return `${steps
      .slice(0, 2)
      .map((s) => `✓ ${s}`)
      .join(' → ')} → ✗ ${event}`;
  }
  const at = steps.indexOf(event);
  return steps
    .map((step, i) => (i < at || event === 'promoted' ? `✓ ${step}` : i === at ? `● ${step}` : `○ ${step}`))
    .join(' → ');
}

/** Links derived from the run: the run itself, the commit, and the diff from the previous release. */
export function releaseLinks(run: RunFacts): { run?: string; commit?: string; diff?: string } {
  const repo = run.repository ? `${run.serverUrl}/${run.repository}` : undefined;
  return {
    run: run.runUrl,
    commit: repo && run.sha ? `${repo}/commit/${run.sha}` : undefined,
    diff: repo && run.sha && run.previousSha ? `${repo}/compare/${run.previousSha}...${run.sha}` : undefined,
  };
}
