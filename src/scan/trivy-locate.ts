import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ActionFailure } from '../runtime/errors.js';

/** An executable file, or undefined. */
function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/** The first `name` on a PATH string, or undefined. */
export function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    const found = executable(join(dir, name));
    if (found) return found;
  }
  return undefined;
}

/**
 * The Trivy to use without installing: the given path (which must exist), else `trivy` on PATH.
 * Undefined means it must be installed.
 */
export function locateTrivy(given: string | undefined, path: string | undefined): string | undefined {
  if (given) {
    const found = executable(given);
    if (!found)
      throw new ActionFailure(
        `trivy-path points at ${given}, which is not an executable file. Fix the path, or leave trivy-path empty to use the trivy on PATH or install the pinned version.`,
      );
    return found;
  }
  return findOnPath('trivy', path);
}
