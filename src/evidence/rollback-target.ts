import { bareDigest } from './assemble.js';

/** One GitHub deployment of the environment, as the rollback workflow lists it (newest first or not). */
export interface DeploymentRecord {
  id: number;
  /** `payload.prodline.digest`, written by notify; absent for deployments prodline did not make. */
  digest?: string;
  /** The deployment's latest status state (`success`, `inactive`, `failure`, …). */
  state?: string;
}

/** Where a rollback goes, or why it is refused. */
export type RollbackDecision =
  { allowed: true; digest: string; known: boolean; note: string } | { allowed: false; reason: string };

const DIGEST = /^sha256:[a-f0-9]{64}$/;
// A deployment that once served traffic: still active, or replaced by a later one (inactive).
const SERVED = new Set(['success', 'inactive']);

/**
 * Decides the rollback target from the environment's deployments. `previous` is the newest digest that
 * served before the current one; a digest must have served in this environment, unless `force`.
 */
export function resolveRollbackTarget(
  deployments: DeploymentRecord[],
  target: string,
  force: boolean,
): RollbackDecision {
  const served = deployments
    .filter((d) => d.digest && SERVED.has(d.state ?? ''))
    .sort((a, b) => b.id - a.id)
    .map((d) => bareDigest(d.digest as string));
  if (target === 'previous') {
    const current = served[0];
    const previous = served.find((digest) => digest !== current);
    if (!previous)
      return {
        allowed: false,
        reason: `no earlier digest served in this environment (${served.length} successful prodline deployments found); name a digest instead`,
      };
    return {
      allowed: true,
      digest: previous,
      known: true,
      note: `previous: ${previous} (current ${current})`,
    };
  }
  const digest = bareDigest(target.trim());
  if (!DIGEST.test(digest))
    return {
      allowed: false,
      reason: `target must be "previous" or a digest sha256:<64 hex>, got "${target}"`,
    };
  const known = served.includes(digest);
  if (known) return { allowed: true, digest, known, note: `${digest} served here before` };
  if (force) return { allowed: true, digest, known, note: `${digest} never served here: forced` };
  return {
    allowed: false,
    reason: `${digest} was never deployed successfully to this environment; re-run with force to deploy it anyway`,
  };
}
