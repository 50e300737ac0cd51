import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readActionMetadata } from './lib/action-metadata.js';
import { actionNames } from './lib/action-names.js';
import { withTables } from './lib/readme-tables.js';
import { REPO_ROOT } from './testbed/service.js';

/** Regenerates the inputs/outputs tables of every actions/<name>/README.md from its action.yml. */
for (const action of actionNames()) {
  const file = join(REPO_ROOT, 'actions', action, 'README.md');
  const metadata = readActionMetadata(action);
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : `# ${metadata.name}\n\n${metadata.description}\n`;
  const next = withTables(current, metadata);
  if (next !== current) {
    writeFileSync(file, next);
    console.log(`updated ${file}`);
  }
}
