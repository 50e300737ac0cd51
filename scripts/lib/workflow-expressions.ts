import { Evaluator, Lexer, Parser, data } from '@actions/expressions';

/** What the status functions answer for the job being decided (GitHub computes them from its needs). */
export interface Status {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always'];

/** Removes the optional `${{ }}` around an `if:`. */
const bare = (text: string): string =>
  text
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .trim();

/**
 * Evaluates an expression the way the runner does, against a plain context object, with the status
 * functions supplied. Returns the plain JSON value.
 */
export function evaluate(expression: string, context: Record<string, unknown>, status?: Status): unknown {
  const tokens = new Lexer(bare(expression)).lex().tokens;
  const answers: Record<string, boolean> = {
    success: status?.success ?? true,
    failure: status?.failure ?? false,
    cancelled: status?.cancelled ?? false,
    always: true,
  };
  const functions = new Map(
    STATUS_FUNCTIONS.map((name) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(answers[name]) },
    ]),
  );
  const parsed = new Parser(tokens, Object.keys(context), [...functions.values()]).parse();
  const dictionary = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
  const result = new Evaluator(parsed, dictionary, functions).evaluate();
  return JSON.parse(JSON.stringify(result, data.replacer)) as unknown;
}

/**
 * Whether a job or step with this `if:` runs: GitHub adds `success() &&` when the condition calls no
 * status function, and an absent condition means `success()`.
 */
export function runs(
  condition: string | undefined,
  context: Record<string, unknown>,
  status: Status,
): boolean {
  const text = condition === undefined ? 'success()' : bare(condition);
  const withStatus = /\b(success|failure|cancelled|always)\s*\(/.test(text) ? text : `success() && (${text})`;
  const value = evaluate(withStatus, context, status);
  return value !== false && value !== null && value !== 0 && value !== '';
}

/** Substitutes every `${{ }}` in a value such as `${{ a }}@${{ b }}`, as the runner does for `with:`. */
export function interpolate(template: string, context: Record<string, unknown>): string {
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_all, expression: string) => {
    const value = evaluate(expression, context);
    return asText(value);
  });
}

/** A value as the runner renders it into a string: null is empty, objects are JSON. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A `with:`/`env:`/`outputs:` value as the runner evaluates it: a value that is one whole `${{ }}` keeps
 * its type (a reusable workflow's number input stays a number); anything else is interpolated to text.
 */
export function evaluateTemplate(template: unknown, context: Record<string, unknown>): unknown {
  if (typeof template !== 'string') return template;
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(template);
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], context);
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_all, expression: string) =>
    asText(evaluate(expression, context)),
  );
}
