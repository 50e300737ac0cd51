import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputReader } from '../../src/runtime/input-reader.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import { parseInputs, type NotifyInputs } from '../../src/actions/notify/inputs.js';
import { run, type NotifyOutputs } from '../../src/actions/notify/run.js';

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>;
  outputs: Record<string, { description: string }>;
}

/** actions/notify/action.yml, parsed. */
export const NOTIFY_ACTION = parse(
  readFileSync(new URL('../../actions/notify/action.yml', import.meta.url), 'utf8'),
) as ActionYml;

export const SHA = 'a'.repeat(40);
export const DIGEST = `sha256:${'1'.repeat(64)}`;
export const PREVIOUS_DIGEST = `sha256:${'2'.repeat(64)}`;

/** The inputs as the runner would present them: action.yml defaults, then the step's `with:` values. */
export function rawInputs(values: Record<string, string>): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [name, input] of Object.entries(NOTIFY_ACTION.inputs)) {
    if (input.default !== undefined) raw[name] = input.default;
  }
  return { ...raw, ...values };
}

export const RUN_ENV: Record<string, string> = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/web',
  GITHUB_SHA: SHA,
  GITHUB_RUN_ID: '42',
  GITHUB_ACTOR: 'alice',
  GITHUB_REF_NAME: 'main',
};

/** Parses inputs as the action does, recording what was masked. */
export function parseNotifyInputs(
  values: Record<string, string>,
  env: Record<string, string> = RUN_ENV,
): { inputs: NotifyInputs; masked: string[] } {
  const raw = rawInputs(values);
  const masked: string[] = [];
  const reader = new InputReader(
    (name) => (raw[name] ?? '').trim(),
    (secret) => masked.push(secret),
    (name) => env[name],
  );
  return { inputs: parseInputs(reader), masked };
}

/** Parses and runs notify in-process with memory logger and summary. */
export async function runNotify(
  values: Record<string, string>,
  env: Record<string, string> = RUN_ENV,
): Promise<{ outputs: NotifyOutputs; logger: MemoryLogger; summary: MemorySummary; inputs: NotifyInputs }> {
  const { inputs } = parseNotifyInputs(values, env);
  const logger = new MemoryLogger();
  const summary = new MemorySummary();
  const outputs = await run(inputs, { logger, summary });
  return { outputs, logger, summary, inputs };
}

/** What a run through the real runner path (`runAction` with `@actions/core`) left behind. */
export interface RunnerResult {
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  exitCode: number;
}

/**
 * Runs notify the way the runner does: `INPUT_*` variables (action.yml defaults applied), the real
 * `@actions/core` writing to temp GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, stdout captured.
 * The environment and exit code are restored afterwards.
 */
export async function runThroughRunner(
  values: Record<string, string>,
  env: Record<string, string> = RUN_ENV,
): Promise<RunnerResult> {
  const { mkdtempSync, readFileSync: read, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runAction } = await import('../../src/runtime/run-action.js');
  const { inputEnvName } = await import('../../src/runtime/input-reader.js');
  const dir = mkdtempSync(join(tmpdir(), 'notify-runner-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const variables: Record<string, string> = { ...env, ...files };
  for (const [name, value] of Object.entries(rawInputs(values))) variables[inputEnvName(name)] = value;
  const saved = Object.fromEntries(Object.keys(variables).map((key) => [key, process.env[key]]));
  Object.assign(process.env, variables);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => (
    chunks.push(String(chunk)),
    true
  )) as typeof process.stdout.write;
  const exitBefore = process.exitCode;
  let exitCode: number;
  try {
    await runAction(parseInputs, run);
  } finally {
    process.stdout.write = write;
    exitCode = Number(process.exitCode ?? 0);
    process.exitCode = exitBefore;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return {
    stdout: chunks.join(''),
    outputs: parseOutputFile(read(files.GITHUB_OUTPUT, 'utf8')),
    summary: read(files.GITHUB_STEP_SUMMARY, 'utf8'),
    exitCode,
  };
}

// `name<<DELIMITER\nvalue\nDELIMITER\n`, as @actions/core writes GITHUB_OUTPUT.
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^(.+?)<<(\S+)\n([\s\S]*?)\n?\2$/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) outputs[match[1]] = match[3];
  return outputs;
}
