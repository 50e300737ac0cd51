import type { JsonObject, JsonValue } from './json.js';

/** Resolves an int-or-percent (`maxSurge: 25%`) against a replica count, rounding as Kubernetes does. */
export function resolveIntOrPercent(value: JsonValue | undefined, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+%$/.test(value)) {
    const exact = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 0;
}

/** maxSurge (rounded up) and maxUnavailable (rounded down); both zero would deadlock, so unavailable becomes 1. */
export function surgeAndUnavailable(
  replicas: number,
  rollingUpdate: JsonObject | undefined,
): { maxSurge: number; maxUnavailable: number } {
  const maxSurge = resolveIntOrPercent(rollingUpdate?.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = resolveIntOrPercent(rollingUpdate?.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

/** Replica counts of one ReplicaSet as the deployment controller sees them. */
export interface RsCounts {
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  available: number;
}

/** The new ReplicaSet's next size during a rolling update (the controller's reconcileNewReplicaSet). */
export function nextNewReplicaSetSize(
  desired: number,
  maxSurge: number,
  newRs: RsCounts,
  all: RsCounts[],
): number {
  if (newRs.replicas === desired) return desired;
  if (newRs.replicas > desired) return desired;
  const current = all.reduce((sum, rs) => sum + rs.replicas, 0);
  const maxTotal = desired + maxSurge;
  if (current >= maxTotal) return newRs.replicas;
  const scaleUp = Math.min(maxTotal - current, desired - newRs.replicas);
  return newRs.replicas + scaleUp;
}

/**
 * How many pods may leave the old ReplicaSets now (reconcileOldReplicaSets): unhealthy old pods first,
 * then available ones while at least `desired - maxUnavailable` stay available. Returns the new size of
 * each old ReplicaSet, oldest first as given.
 */
export function scaleDownOldReplicaSets(
  desired: number,
  maxUnavailable: number,
  newRs: RsCounts,
  old: RsCounts[],
): number[] {
  const sizes = old.map((rs) => rs.replicas);
  if (sizes.every((s) => s === 0)) return sizes;
  const all = [newRs, ...old];
  const allPods = all.reduce((sum, rs) => sum + rs.replicas, 0);
  const minAvailable = desired - maxUnavailable;
  const newUnavailable = newRs.replicas - newRs.available;
  let budget = allPods - minAvailable - newUnavailable;
  if (budget <= 0) return sizes;
  // Unhealthy old pods first: removing them costs no availability.
  old.forEach((rs, i) => {
    if (budget <= 0) return;
    const unhealthy = Math.max(0, sizes[i] - rs.available);
    const cut = Math.min(unhealthy, budget);
    sizes[i] -= cut;
    budget -= cut;
  });
  const available = newRs.available + old.reduce((sum, rs, i) => sum + Math.min(rs.available, sizes[i]), 0);
  if (available <= minAvailable) return sizes;
  let remaining = available - minAvailable;
  old.forEach((_rs, i) => {
    if (remaining <= 0) return;
    const cut = Math.min(sizes[i], remaining);
    sizes[i] -= cut;
    remaining -= cut;
  });
  return sizes;
}

/** The status counters the controller derives from its ReplicaSets. */
export interface RolloutCounts {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

/** True when the rollout is complete (kubectl would say "successfully rolled out"). */
export function rolloutComplete(desired: number, counts: RolloutCounts): boolean {
  return (
    counts.updatedReplicas === desired && counts.replicas === desired && counts.availableReplicas === desired
  );
}

/** True when the rollout moved since the last status (the controller's DeploymentProgressing). */
export function rolloutProgressed(before: RolloutCounts, after: RolloutCounts): boolean {
  const oldBefore = before.replicas - before.updatedReplicas;
  const oldAfter = after.replicas - after.updatedReplicas;
  return (
    after.updatedReplicas > before.updatedReplicas ||
    oldAfter < oldBefore ||
    after.readyReplicas > before.readyReplicas ||
    after.availableReplicas > before.availableReplicas
  );
}

/** True when `progressDeadlineSeconds` passed since the Progressing condition's lastUpdateTime. */
export function progressDeadlineExceeded(
  lastUpdateMs: number,
  deadlineSeconds: number,
  nowMs: number,
): boolean {
  return lastUpdateMs + deadlineSeconds * 1000 < nowMs;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a 32-bit, as the controller hashes pod templates. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A `pod-template-hash` in Kubernetes' alphabet (no vowels, no look-alike digits). */
export function safeEncode(value: number): string {
  return [...String(value)].map((ch) => SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}
