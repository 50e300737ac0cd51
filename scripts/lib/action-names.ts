import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../testbed/service.js';

/** The actions that have an entry point: `src/actions/<name>/index.ts`. */
export function actionNames(): string[] {
  return readdirSync(join(REPO_ROOT, 'src/actions'), { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, 'src/actions', entry.name, 'index.ts')),
    )
    .map((entry) => entry.name)
    .sort();
}
