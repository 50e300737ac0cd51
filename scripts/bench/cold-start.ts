import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNode24 } from '../lib/node24.js';
import { readActionMetadata } from '../lib/action-metadata.js';
import { REPO_ROOT } from '../testbed/service.js';
import { actionNames } from '../lib/action-names.js';
import { median, reportRow } from './bench-row.js';

/**
 * Cold start of each bundle on its fail-fast path (a required input missing), measured side by side with
 * `node -e 0` and with a bundle of `@actions/core` alone, in alternating order, so machine noise hits
 * all of them alike. Prints the median of the per-round ratios. Target: every bundle ≤ 1.10× core-only.
 *
 * Usage: npx tsx scripts/bench/cold-start.ts [--rounds 40] [--quick]
 */
const rounds =
  Number(process.argv[process.argv.indexOf('--rounds') + 1]) || (process.argv.includes('--quick') ? 30 : 40);
const TARGET = 1.1;

function buildCoreOnly(): string {
  const out = join(REPO_ROOT, '.cache/bench/core-only');
  const bundle = join(out, 'index.js');
  const source = join(REPO_ROOT, 'scripts/bench/core-only-entry.ts');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(out, { recursive: true });
    execFileSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', source, '-o', out, '--quiet'],
      { cwd: REPO_ROOT },
    );
  }
  return bundle;
}

function timeOnce(node: string, args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(node, args, { env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return ms;
}

function measure(node: string, label: string): boolean {
  const env = { PATH: process.env.PATH, GITHUB_OUTPUT: '/dev/null' };
  const coreOnly = buildCoreOnly();
  const subjects = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: '@actions/core only', args: [coreOnly] },
    ...actionNames().map((name) => ({
      name,
      args: [join(REPO_ROOT, 'actions', name, readActionMetadata(name).runs.main)],
    })),
  ];
  const times = new Map(subjects.map((s) => [s.name, [] as number[]]));
  for (const s of subjects) timeOnce(node, s.args, env); // warm the page cache
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no subject always runs first or last.
    const order = subjects.map((_, i) => subjects[(i + round) % subjects.length]);
    for (const s of order) times.get(s.name)?.push(timeOnce(node, s.args, env));
  }
  const bare = times.get('node -e 0') ?? [];
  const core = times.get('@actions/core only') ?? [];
  console.log(`\ncold start under ${label} (${rounds} rounds, median of paired per-round ratios)`);
  console.log(
    `${'bundle'.padEnd(22)} ${'median ms'.padStart(10)} ${'× node -e 0'.padStart(12)} ${'× core-only'.padStart(12)}  target`,
  );
  let ok = true;
  const bundleRatios: { vsBare: number; vsCore: number }[] = [];
  for (const s of subjects) {
    const t = times.get(s.name) ?? [];
    const vsBare = median(t.map((v, i) => v / bare[i]));
    const vsCore = median(t.map((v, i) => v / core[i]));
    const isBundle = s.name !== 'node -e 0' && s.name !== '@actions/core only';
    const pass = !isBundle || vsCore <= TARGET;
    ok &&= pass;
    if (isBundle) bundleRatios.push({ vsBare, vsCore });
    console.log(
      `${s.name.padEnd(22)} ${median(t).toFixed(1).padStart(10)} ${vsBare.toFixed(2).padStart(12)} ${vsCore.toFixed(2).padStart(12)}  ${isBundle ? `≤ ${TARGET} ${pass ? 'ok' : 'MISSED'}` : ''}`,
    );
  }
  const range = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}×`;
  reportRow({
    row: `cold start of each bundle, ${label}`,
    measured: `${range(bundleRatios.map((r) => r.vsCore))} (${range(bundleRatios.map((r) => r.vsBare))} node -e 0)`,
    against: '@actions/core-only bundle (and node -e 0)',
    target: `≤ ${TARGET.toFixed(2)}×`,
    met: ok,
  });
  return ok;
}

const ok = [
  measure(process.execPath, `Node ${process.version} (this machine)`),
  measure(ensureNode24(), 'Node 24 (GitHub runners)'),
].every(Boolean);
process.exit(ok ? 0 : 1);
