/**
 * The GitHub Actions toolkit packages that domain code needs, loaded on demand. Only `src/runtime/` may
 * import `@actions/*` (lint enforces it), so domain modules ask for them here; the dynamic import keeps
 * each package in its own bundle chunk, read only on the path that uses it.
 */

/** `@actions/cache`: the GitHub Actions cache (the Trivy DB between runs). */
export function loadActionsCache() {
  return import('@actions/cache');
}

/** `@actions/tool-cache`: downloads, extraction and the runner's tool cache (installing Trivy). */
export function loadToolCache() {
  return import('@actions/tool-cache');
}
