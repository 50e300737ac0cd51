import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputEnvName } from '../../src/runtime/input-reader.js';
import { REPO_ROOT } from '../testbed/service.js';
import { inputsWithDefaults, readActionMetadata } from './action-metadata.js';

export interface RunBundleOptions {
  /** The node binary (the machine's by default; Node 24 to run as GitHub's runners do). */
  node?: string;
  /** Extra environment (GitHub context, testbed env, …); the process env is NOT inherited except PATH and HOME. */
  env?: NodeJS.ProcessEnv;
  /** Inherit the whole process environment (for local runs against `.testbed/env`). */
  inheritEnv?: boolean;
  cwd?: string;
  timeoutMs?: number;
}

export interface BundleResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  durationMs: number;
}

/**
 * Runs `actions/<name>/dist/index.js` exactly as the runner does: `INPUT_*` variables (hyphens kept),
 * defaults filled from action.yml, `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY` / `GITHUB_STATE` in temp files
 * that are read back and removed.
 */
export async function runBundle(
  action: string,
  inputs: Record<string, string>,
  options: RunBundleOptions = {},
): Promise<BundleResult> {
  const metadata = readActionMetadata(action);
  const dir = mkdtempSync(join(tmpdir(), `prodline-${action}-`));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const base: NodeJS.ProcessEnv = options.inheritEnv
    ? { ...process.env }
    : { PATH: process.env.PATH, HOME: process.env.HOME };
  const env: NodeJS.ProcessEnv = {
    ...base,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    ...options.env,
    ...files,
  };
  for (const [name, value] of Object.entries(inputsWithDefaults(metadata, inputs, env)))
    env[inputEnvName(name)] = value;

  const started = process.hrtime.bigint();
  try {
    const { exitCode, stdout, stderr } = await spawnCollect(
      options.node ?? process.execPath,
      [join(REPO_ROOT, 'actions', action, metadata.runs.main)],
      {
        env,
        cwd: options.cwd ?? REPO_ROOT,
        timeoutMs: options.timeoutMs ?? 120_000,
      },
    );
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      state: parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `::error::` (and other workflow-command) messages of a run, decoded as the runner shows them. */
export function commandMessages(stdout: string, command: string): string[] {
  const prefix = `::${command}::`;
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) =>
      line.slice(prefix.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'),
    );
}

/** Parses the runner's file-command format: `name<<DELIMITER\nvalue\nDELIMITER` or `name=value` lines. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`unterminated value for '${name}' in a command file`);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const simple = /^([^=]+)=(.*)$/.exec(lines[i]);
    if (simple) values[simple[1]] = simple[2];
  }
  return values;
}

function spawnCollect(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number },
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
