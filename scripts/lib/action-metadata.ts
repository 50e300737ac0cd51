import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../testbed/service.js';

/** The parts of an action.yml that the tooling reads. */
export interface ActionMetadata {
  name: string;
  description: string;
  branding?: { icon?: string; color?: string };
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

/** Reads `actions/<name>/action.yml`. */
export function readActionMetadata(action: string): ActionMetadata {
  const text = readFileSync(join(REPO_ROOT, 'actions', action, 'action.yml'), 'utf8');
  const metadata = parse(text) as ActionMetadata;
  return { ...metadata, inputs: metadata.inputs ?? {}, outputs: metadata.outputs ?? {} };
}

/**
 * The inputs a runner would pass: every default from action.yml, then the given values. A default
 * written as an expression is evaluated for the few contexts the runner would fill (`github.token`).
 */
export function inputsWithDefaults(
  metadata: ActionMetadata,
  given: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    if (spec.default !== undefined) inputs[name] = evaluateDefault(String(spec.default), env);
  }
  for (const [name, value] of Object.entries(given)) {
    if (!(name in metadata.inputs))
      throw new Error(`input '${name}' is not declared in ${metadata.name}'s action.yml`);
    inputs[name] = value;
  }
  return inputs;
}

function evaluateDefault(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, env.GITHUB_TOKEN ?? '');
}
