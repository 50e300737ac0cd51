import type { GitHubContext } from '../runtime/github-context.js';

const TAG_UNSAFE = /[^\w.-]+/g;

/** A git ref or name made into a valid image tag (`feature/x` → `feature-x`), at most 128 characters. */
export function sanitiseTag(text: string): string {
  const tag = text
    .replace(TAG_UNSAFE, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
  return tag;
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * The tags generated from the run's context, as docker/metadata-action does by default: `sha-<7>` for
 * the commit, the branch name for a branch, and for a tag ref `1.2.3`, `1.2`, `1` (a pre-release gets
 * only its full version; a 0.x release no bare major).
 */
export function generatedTags(github: GitHubContext): string[] {
  const tags: string[] = [];
  if (github.sha && /^[0-9a-f]{7,}$/.test(github.sha)) tags.push(`sha-${github.sha.slice(0, 7)}`);
  const ref = github.ref ?? '';
  if (ref.startsWith('refs/heads/')) {
    const branch = sanitiseTag(ref.slice('refs/heads/'.length));
    if (branch) tags.push(branch);
  } else if (ref.startsWith('refs/tags/')) {
    const name = ref.slice('refs/tags/'.length);
    const semver = SEMVER.exec(name);
    if (semver) {
      const [, major, minor, patch, pre] = semver;
      tags.push(pre ? sanitiseTag(`${major}.${minor}.${patch}-${pre}`) : `${major}.${minor}.${patch}`);
      if (!pre) {
        tags.push(`${major}.${minor}`);
        if (major !== '0') tags.push(major);
      }
    } else if (sanitiseTag(name)) {
      tags.push(sanitiseTag(name));
    }
  }
  return tags;
}

/** Explicit tags first, then generated ones, without duplicates. */
export function allTags(explicit: string[], github: GitHubContext): string[] {
  return [...new Set([...explicit, ...generatedTags(github)])];
}

/**
 * The standard OCI labels filled from the run (source, revision, created, title), then the user's
 * labels, which win.
 */
export function imageLabels(
  github: GitHubContext,
  repository: string,
  now: Date,
  extra: Record<string, string>,
): Record<string, string> {
  const labels: Record<string, string> = {
    'org.opencontainers.image.created': now.toISOString(),
    'org.opencontainers.image.title': (github.repository ?? repository).split('/').pop() ?? repository,
  };
  if (github.repository)
    labels['org.opencontainers.image.source'] = `${github.serverUrl}/${github.repository}`;
  if (github.sha) labels['org.opencontainers.image.revision'] = github.sha;
  return { ...labels, ...extra };
}
