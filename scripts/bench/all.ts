import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../testbed/service.js';
import { runningTestbedEnv, startTestbed, stopTestbed } from '../testbed/testbed.js';
import { parseRows, type BenchRow } from './bench-row.js';

/**
 * `npm run bench`: every benchmark, one after the other (never two at once: they would measure each
 * other), then one table of their headline ratios, each with its target and what it is measured against.
 * Each benchmark measures its own subjects side by side in one run; this only collects their rows.
 * Starts the testbed services the benchmarks need when none is running, and stops what it started.
 *
 * Usage: npm run bench [-- --quick] [-- --only cold-start,build-and-scan]
 *   --quick  each benchmark at a size that finishes in under two minutes
 */
const BENCHES: { name: string; file: string; needs: string[] }[] = [
  // First, while nothing else has warmed or loaded the machine.
  { name: 'cold-start', file: 'cold-start.ts', needs: [] },
  { name: 'build-and-scan', file: 'build-and-scan.ts', needs: ['docker', 'registry', 'trivy'] },
  { name: 'decision-latency', file: 'decision-latency.ts', needs: ['prometheus'] },
  { name: 'verify-requests', file: 'verify-requests.ts', needs: [] },
  { name: 'deploy-requests', file: 'deploy-requests.ts', needs: [] },
  { name: 'notify-calls', file: 'notify-calls.ts', needs: [] },
];

const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1].split(',') : undefined;
const selected = BENCHES.filter((b) => !only || only.includes(b.name));

function runBench(file: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(REPO_ROOT, 'node_modules/.bin/tsx'),
      [join(REPO_ROOT, 'scripts/bench', file), ...(quick ? ['--quick'] : [])],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // The benchmark's own detail, indented; its rows are shown once, in the table at the end.
      for (const line of chunk.toString().split('\n'))
        if (line && !line.startsWith('BENCH-ROW ')) process.stdout.write(`  ${line}\n`);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

function table(rows: (BenchRow & { bench: string; seconds: number })[]): string {
  const header = ['measured', 'figure', 'against', 'target', '', 'bench'];
  const cells = rows.map((r) => [
    r.row,
    r.measured,
    r.against,
    r.target,
    r.met ? 'met' : 'MISSED',
    `${r.bench} (${r.seconds} s)`,
  ]);
  const md = (line: string[]) => `| ${line.join(' | ')} |`;
  return [md(header), md(header.map(() => '---')), ...cells.map(md)].join('\n');
}

async function main(): Promise<number> {
  const needed = [...new Set(selected.flatMap((b) => b.needs))];
  const started = needed.length > 0 && !runningTestbedEnv();
  if (started) await startTestbed({ only: needed, log: (line) => console.log(`[testbed] ${line}`) });
  const rows: (BenchRow & { bench: string; seconds: number })[] = [];
  const broken: string[] = [];
  try {
    for (const bench of selected) {
      console.log(`\n== ${bench.name}${quick ? ' (--quick)' : ''}`);
      const begin = Date.now();
      const { code, stdout } = await runBench(bench.file);
      const seconds = Math.round((Date.now() - begin) / 1000);
      const found = parseRows(stdout);
      // A benchmark that ended without its rows is broken, not a pass.
      if (found.length === 0) broken.push(`${bench.name} (exit ${code}, no figures)`);
      rows.push(...found.map((row) => ({ ...row, bench: bench.name, seconds })));
    }
  } finally {
    if (started) await stopTestbed((line) => console.log(`[testbed] ${line}`));
  }
  console.log(`\n## prodline benchmarks${quick ? ' (--quick)' : ''}, measured side by side in one run\n`);
  console.log(table(rows));
  for (const name of broken) console.log(`\nBROKEN: ${name}`);
  const missed = rows.filter((r) => !r.met).length;
  console.log(`\n${rows.length - missed} met, ${missed} missed, ${broken.length} broken`);
  return missed + broken.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
