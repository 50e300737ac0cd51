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
