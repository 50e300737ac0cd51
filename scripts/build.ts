import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { actionNames } from './lib/action-names.js';
import { REPO_ROOT } from './testbed/service.js';

/**
 * Bundles every action with ncc: `src/actions/<name>/index.ts` → `actions/<name>/dist/`, one ncc process
 * per core, and the workflows' evidence tool (`src/evidence/main.ts` → `scripts/evidence/dist/`).
 * Dynamic imports become separate chunks loaded only when reached, which keeps each entry chunk (and
 * start-up) small. Usage: npm run build [-- name …] (the evidence tool's name is `evidence`).
 */
const EVIDENCE = { entry: 'src/evidence/main.ts', out: 'scripts/evidence/dist' };

function build(name: string): Promise<void> {
  const entry = name === 'evidence' ? EVIDENCE.entry : join('src/actions', name, 'index.ts');
  const out = join(REPO_ROOT, name === 'evidence' ? EVIDENCE.out : join('actions', name, 'dist'));
  rmSync(out, { recursive: true, force: true });
  const ncc = join(REPO_ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [ncc, 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet'],
      {
        cwd: REPO_ROOT,
        stdio: 'inherit',
      },
    );
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`ncc failed for ${name} (exit ${code})`));
      console.log(`built ${relative(REPO_ROOT, out)} in ${Date.now() - started} ms`);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const queue = process.argv.length > 2 ? process.argv.slice(2) : [...actionNames(), 'evidence'];
  const workers = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    for (let name = queue.shift(); name; name = queue.shift()) await build(name);
  });
  await Promise.all(workers);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
