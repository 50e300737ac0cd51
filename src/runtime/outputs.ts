/** A value an action may return as an output; objects and arrays are written as JSON. */
export type OutputValue =
  string | number | boolean | readonly unknown[] | Record<string, unknown> | undefined;

/** The text written for an output: `undefined` becomes '' so every declared output is always present. */
export function formatOutput(value: OutputValue): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** An action's outputs: exactly the names declared in its action.yml, each given a value. */
export type Outputs<Name extends string> = Record<Name, OutputValue>;
