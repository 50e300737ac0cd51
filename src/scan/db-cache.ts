import { join } from 'node:path';
import { loadActionsCache } from '../runtime/toolkit.js';

/** The GitHub cache key of today's Trivy DB: one a day, as the DB itself is rebuilt about daily. */
export function dbCacheKey(now: Date): string {
  return `prodline-trivy-db-${now.toISOString().slice(0, 10)}`;
}

/**
 * Restores the Trivy DB directory from the GitHub Actions cache (`@actions/cache`, loaded only on this path).
 * Returns the key restored, or undefined. A cache outage only costs a download, so it never fails the run.
 */
export async function restoreDbCache(
  cacheDir: string,
  now: Date,
  log: (line: string) => void,
): Promise<string | undefined> {
  try {
    const cache = await loadActionsCache();
    if (!cache.isFeatureAvailable()) return undefined;
    return await cache.restoreCache([join(cacheDir, 'db')], dbCacheKey(now), ['prodline-trivy-db-']);
  } catch (error) {
    log(
      `the Trivy DB cache could not be restored (${error instanceof Error ? error.message : String(error)}); the DB is downloaded`,
    );
    return undefined;
  }
}

/** Saves the DB directory under today's key when it was not restored with exactly that key. */
export async function saveDbCache(
  cacheDir: string,
  now: Date,
  restoredKey: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  if (restoredKey === dbCacheKey(now)) return;
  try {
    const cache = await loadActionsCache();
    if (!cache.isFeatureAvailable()) return;
    await cache.saveCache([join(cacheDir, 'db')], dbCacheKey(now));
  } catch (error) {
    log(`the Trivy DB cache could not be saved (${error instanceof Error ? error.message : String(error)})`);
  }
}
