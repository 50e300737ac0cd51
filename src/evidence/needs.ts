import type { EvidenceParts, StageParts } from './assemble.js';

/** A job as `toJSON(needs)` shows it: its result and its outputs (all strings). */
export interface NeededJob {
  result: string;
  outputs: Record<string, string>;
}

/** The run facts that come from the runner, not from the jobs. */
export interface RunFacts {
  service: string;
  run: EvidenceParts['run'];
}

/**
 * Builds the evidence parts from one or more `toJSON(needs)` objects (the pipeline's, and deploy.yml's
 * own): `build` and `sign` by name; every job that reports a verdict output, or is named deploy-*, is
 * an environment stage. A later object wins for a job both contain.
 */
export function partsFromNeeds(
  needsList: Record<string, NeededJob>[],
  approvals: unknown,
  facts: RunFacts,
): EvidenceParts {
  const jobs: Record<string, NeededJob> = Object.assign({}, ...needsList) as Record<string, NeededJob>;
  const build = jobs.build ?? { result: 'skipped', outputs: {} };
  const sign = jobs.sign ?? { result: 'skipped', outputs: {} };
  const out = (job: NeededJob, name: string): string => job.outputs?.[name] ?? '';
  const stages: StageParts[] = [
    {
      name: 'build',
      result: build.result,
      startedAt: out(build, 'started-at'),
      finishedAt: out(build, 'finished-at'),
    },
    {
      name: 'sign',
      result: sign.result,
      startedAt: out(sign, 'started-at'),
      finishedAt: out(sign, 'finished-at'),
    },
  ];
  for (const [name, job] of Object.entries(jobs)) {
    if (name === 'build' || name === 'sign') continue;
    if (!name.startsWith('deploy') && !('verdict' in (job.outputs ?? {}))) continue;
    const environment = out(job, 'environment') || name.replace(/^deploy-/, '');
    stages.push({
      name: name === 'deploy' ? `deploy-${environment}` : name,
      environment,
      result: job.result,
      verdict: out(job, 'verdict'),
      reason: out(job, 'reason'),
      strategy: out(job, 'strategy'),
      digest: out(job, 'digest'),
      previousDigest: out(job, 'previous-digest'),
      startedAt: out(job, 'started-at'),
      finishedAt: out(job, 'finished-at'),
    });
  }
  return {
    ...facts,
    build: {
      image: bareRepository(out(build, 'image')),
      digest: out(build, 'digest'),
      tags: out(build, 'tags'),
      gate: out(build, 'gate'),
      critical: out(build, 'critical'),
      high: out(build, 'high'),
      medium: out(build, 'medium'),
      low: out(build, 'low'),
      unknown: out(build, 'unknown'),
      fixable: out(build, 'fixable'),
      policyFindings: out(build, 'policy-findings'),
      reportArtifact: out(build, 'report-artifact'),
      reportSha256: out(build, 'report-sha256'),
    },
    sign: {
      signatureRef: out(sign, 'signature-ref'),
      identity: out(sign, 'certificate-identity'),
      issuer: 'https://token.actions.githubusercontent.com',
      rekorLogIndex: out(sign, 'rekor-log-index'),
      verified: out(sign, 'verified'),
    },
    approvals,
    stages,
  };
}

function bareRepository(image: string): string {
  const at = image.indexOf('@');
  return at >= 0 ? image.slice(0, at) : image;
}
