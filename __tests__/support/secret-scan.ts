import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, type BundleResult, type RunBundleOptions } from '../../scripts/lib/run-bundle.js';
import { visibleOutput } from './proxy.js';

/**
 * Runs a bundle with its own RUNNER_TEMP, TMPDIR and workspace (its working directory), then looks for
 * planted secrets in everything the run left visible — stdout (but for the `::add-mask::` lines, the
 * one place a secret must appear), stderr, the step summary, the outputs — and in every file it wrote.
 * A secret is looked for as written, URL-encoded, JSON-escaped and base64-encoded.
 */
export interface ScannedRun {
  result: BundleResult;
  /** Each planted secret found, and where: `stdout`, `stderr`, `summary`, `outputs` or a file's path. */
  leaks: string[];
  /** How many files the run left in its directories (0 would make the file scan hollow). */
  filesScanned: number;
}

/** The ways a secret can be written down without being quoted as is. */
export function secretForms(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret).toString('base64'),
    ]),
  ];
}

/** The ID token's signature-less JWT shape (`eyJ….eyJ…`): no fetched token may be written anywhere. */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/** Runs `action` and scans everything it produced for `secrets` (and any JWT). */
export async function runAndScan(
  action: string,
  inputs: Record<string, string>,
  secrets: string[],
  options: RunBundleOptions = {},
): Promise<ScannedRun> {
  const base = mkdtempSync(join(tmpdir(), `prodline-secrets-${action}-`));
  const dirs = {
    RUNNER_TEMP: join(base, 'runner-temp'),
    TMPDIR: join(base, 'tmp'),
    GITHUB_WORKSPACE: join(base, 'workspace'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  try {
    const result = await runBundle(action, inputs, {
      ...options,
      env: { ...options.env, ...dirs },
      cwd: dirs.GITHUB_WORKSPACE,
    });
    const places: [string, string][] = [
      ['stdout', visibleOutput({ ...result, stderr: '', summary: '', outputs: {} })],
      ['stderr', result.stderr],
      ['summary', result.summary],
      ['outputs', JSON.stringify(result.outputs)],
    ];
    const files = filesUnder(base);
    for (const file of files)
      if (statSync(file).size < 200 * 1024 * 1024)
        places.push([file.slice(base.length + 1), readFileSync(file, 'latin1')]);
    const leaks: string[] = [];
    for (const [place, text] of places) {
      for (const secret of secrets)
        if (secretForms(secret).some((form) => text.includes(form)))
          leaks.push(`${place}: ${secret.slice(0, 12)}…`);
      if (JWT.test(text)) leaks.push(`${place}: a JWT (the fetched ID token?)`);
    }
    return { result, leaks, filesScanned: files.length };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
