import { readFileSync } from 'node:fs';
import { ConfigurationError, InvalidValue } from '../runtime/errors.js';
import { describe, type InputReader } from '../runtime/input-reader.js';

/** Inputs shared by several actions, parsed the same way everywhere. */

export const POLICY_MODES = ['enforce', 'warn', 'off'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

/** `enforce | warn | off` — what a policy finding does. */
export function parsePolicyMode(text: string): PolicyMode {
  if (!(POLICY_MODES as readonly string[]).includes(text)) {
    throw new InvalidValue(`${describe(text)} is not a policy mode`, `one of ${POLICY_MODES.join(', ')}`);
  }
  return text as PolicyMode;
}

/** A Trivy release version (`0.56.2`, `v0.56.2`), returned without the `v`. */
export function parseTrivyVersion(text: string): string {
  const match = /^v?(\d+\.\d+\.\d+)$/.exec(text);
  if (!match)
    throw new InvalidValue(
      `${describe(text)} is not a Trivy release version`,
      'a version such as 0.56.2 or v0.56.2',
    );
  return match[1];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `KEY=value` lines into a record; the value may contain `=` and commas. */
export function parseKeyValue(input: string, lines: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of lines) {
    const equals = line.indexOf('=');
    const key = equals > 0 ? line.slice(0, equals).trim() : '';
    if (!KEY.test(key)) {
      // The line itself is not quoted: it may be (part of) a secret.
      throw new ConfigurationError(
        input,
        `a line has no valid KEY before '='`,
        'one KEY=value per line (KEY of letters, digits, _ . -)',
      );
    }
    if (key in result)
      throw new ConfigurationError(input, `the key ${describe(key)} is given twice`, 'each key once');
    result[key] = line.slice(equals + 1);
  }
  return result;
}

/** A secret input of `id=value` lines: masked whole, line by line and value by value. */
export function readSecretKeyValues(read: InputReader, input: string): Record<string, string> {
  const text = read.secret(input) ?? '';
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const values = parseKeyValue(input, lines);
  for (const value of Object.values(values)) read.mask(value);
  return values;
}

/** Registry credentials are given as a pair or not at all (then the Docker config is used). */
export function readRegistryCredentials(read: InputReader): { username?: string; password?: string } {
  const username = read.string('username');
  const password = read.secret('password');
  if ((username === undefined) !== (password === undefined)) {
    throw new ConfigurationError(
      'username, password',
      'only one of the two was given',
      'both (registry login) or neither (the Docker config written by a login step is used)',
    );
  }
  return { username, password };
}

/**
 * A file input checked before any work starts: it must be readable, and (`json`) parse as JSON. A typo
 * in a path must fail the step before anything is signed, pushed or applied, not halfway through.
 */
export function checkInputFile(
  input: string,
  path: string | undefined,
  accepted: string,
  options: { json?: boolean } = {},
): void {
  if (path === undefined) return;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigurationError(input, `the file ${describe(path)} cannot be read`, accepted);
  }
  if (options.json) {
    try {
      JSON.parse(text);
    } catch {
      throw new ConfigurationError(input, `the file ${describe(path)} is not valid JSON`, accepted);
    }
  }
}

/**
 * A PEM input given as its content or as the path of a file holding it: the PEM text, read before any
 * work starts, so a wrong path fails the step at once rather than halfway through.
 */
export function readPemInput(input: string, value: string | undefined, accepted: string): string | undefined {
  if (value === undefined || value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch {
    throw new ConfigurationError(
      input,
      `${describe(value)} is neither PEM content nor a readable file`,
      accepted,
    );
  }
}
