import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './testbed/service.js';

/**
 * Bundles every action with ncc: `src/actions/<name>/index.ts` → `actions/<name>/dist/`. Dynamic imports
 * become separate chunks loaded only when reached, which keeps each entry chunk (and start-up) small.
 * Usage: npm run build [-- name …]
 */
export function actionNames(): string[] {
  return readdirSync(join(REPO_ROOT, 'src/actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, 'src/actions', entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

function build(name: string): void {
  const out = join(REPO_ROOT, 'actions', name, 'dist');
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', join('src/actions', name, 'index.ts'), '-o', out, '--license', 'licenses.txt', '--quiet'],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
}

const requested = process.argv.slice(2);
for (const name of requested.length > 0 ? requested : actionNames()) {
  const started = Date.now();
  build(name);
  console.log(`built actions/${name}/dist in ${Date.now() - started} ms`);
}
