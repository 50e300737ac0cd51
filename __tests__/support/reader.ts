import { InputReader } from '../../src/runtime/input-reader.js';

/** An InputReader over plain values (as the runner would pass them), recording what was masked. */
export function readerFor(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): { read: InputReader; masked: string[] } {
  const masked: string[] = [];
  const read = new InputReader(
    (name) => (inputs[name] ?? '').trim(),
    (secret) => masked.push(secret),
    (name) => env[name],
  );
  return { read, masked };
}
