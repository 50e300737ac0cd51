import type { OutputValue } from './outputs.js';

/** A user's value shortened for a message (a pasted blob or a 100 kB path must not flood the log). */
export function shorten(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max - 3)}...` : value;
}

/** Quotes a user's value for an error message, shortened. */
export function describe(value: string): string {
  return JSON.stringify(shorten(value));
}

/**
 * A failure that is an expected outcome, not a bug: the message is written for the person reading the
 * run log and is reported without a stack trace.
 */
export class ActionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * An expected failure that still has outputs to give (a failed scan gate still reports its counts and
 * report files), so later steps with `if: failure()` can use them.
 */
export class FailureWithOutputs extends ActionFailure {
  constructor(
    message: string,
    readonly outputs: Record<string, OutputValue>,
  ) {
    super(message);
  }
}

/**
 * A mistake the user can fix in their workflow: names the input, says what was wrong with the value and
 * what is accepted. Always thrown before anything is changed in a registry or cluster.
 */
export class ConfigurationError extends ActionFailure {
  constructor(
    /** The input (or inputs, for a combination) at fault, as named in action.yml. */
    readonly input: string,
    /** What is wrong with the value given. */
    readonly problem: string,
    /** What would have been accepted. */
    readonly accepted: string,
  ) {
    super(`Input '${input}': ${problem}. Accepted: ${accepted}.`);
  }
}

/** Thrown by a value parser to say why a value is invalid; the reader turns it into a ConfigurationError. */
export class InvalidValue extends Error {
  constructor(
    readonly problem: string,
    readonly accepted: string,
  ) {
    super(problem);
    this.name = 'InvalidValue';
  }
}

/** A capability whose inputs are declared and validated but whose behaviour lands in a later issue. */
export class NotImplementedError extends ActionFailure {
  constructor(action: string) {
    super(`${action}: not implemented yet (the inputs are valid; the behaviour lands in a later release)`);
  }
}
