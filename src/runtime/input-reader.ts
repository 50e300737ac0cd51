import { ConfigurationError, describe, InvalidValue } from './errors.js';
import { DURATION_ACCEPTED, formatDuration, parseDuration } from './duration.js';

/** Reads one raw input value by its action.yml name ('' when unset, as the runner does). */
export type RawInputSource = (name: string) => string;
/** Reads one environment variable (the runner's context: GITHUB_SHA, RUNNER_TEMP, …). */
export type EnvSource = (name: string) => string | undefined;
/** Registers a value with the log masker. */
export type Masker = (secret: string) => void;

export interface Bounds {
  min?: number;
  max?: number;
}

/**
 * The runner's environment variable for an input: `INPUT_` + the name upper-cased with spaces turned
 * into underscores. Hyphens are kept, exactly as the Actions runner does (`INPUT_SEVERITY-THRESHOLD`).
 */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Raw inputs read from a process environment, trimmed as `@actions/core` trims them. */
export function envInputSource(env: NodeJS.ProcessEnv): RawInputSource {
  return (name) => (env[inputEnvName(name)] ?? '').trim();
}

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/**
 * Typed readers for action inputs. Every reader validates and throws a ConfigurationError naming the
 * input, the problem and what is accepted. Optional readers return `undefined` for an empty value;
 * defaults live in action.yml only, so inputs that have a default are read with the required readers.
 *
 * Every name read is recorded, so a contract test can compare what an action reads with what its
 * action.yml declares.
 */
export class InputReader {
  private readonly namesRead = new Set<string>();

  constructor(
    private readonly raw: RawInputSource,
    private readonly masker: Masker,
    private readonly environment: EnvSource = () => undefined,
  ) {}

  /**
   * Registers a value derived from a secret (such as the value half of a `id=value` line) with the
   * log masker, so it is hidden wherever it appears on its own.
   */
  mask(value: string): void {
    if (value.trim().length > 0) this.masker(value);
  }

  /** The input names read so far, in order of first read. */
  get read(): string[] {
    return [...this.namesRead];
  }

  /** An environment variable of the runner's context (not an input). */
  env(name: string): string | undefined {
    const value = this.environment(name);
    return value === undefined || value === '' ? undefined : value;
  }

  /** An optional string. */
  string(name: string): string | undefined {
    const value = this.rawValue(name);
    return value === '' ? undefined : value;
  }

  /** A string that must not be empty. */
  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined)
      throw new ConfigurationError(name, 'a value is required but none was given', 'a non-empty value');
    return value;
  }

  /**
   * A secret: registered with the log masker the moment it is read (the whole value and each of its
   * lines, because log lines are masked one at a time), then returned like an optional string.
   */
  secret(name: string): string | undefined {
    const value = this.string(name);
    if (value !== undefined) {
      this.mask(value);
      for (const line of value.split(/\r?\n/))
        if (line.trim().length > 0 && line !== value) this.mask(line.trim());
    }
    return value;
  }

  /** A secret that must be given. */
  requiredSecret(name: string): string {
    const value = this.secret(name);
    if (value === undefined)
      throw new ConfigurationError(name, 'a value is required but none was given', 'a non-empty secret');
    return value;
  }

  /** A boolean in the YAML 1.2 core schema spellings the runner accepts (true/True/TRUE, false/False/FALSE). */
  boolean(name: string): boolean {
    const value = this.rawValue(name);
    if (TRUE_VALUES.includes(value)) return true;
    if (FALSE_VALUES.includes(value)) return false;
    throw new ConfigurationError(name, `${describe(value)} is not a boolean`, 'true or false');
  }

  /** An integer within optional bounds. */
  integer(name: string, bounds: Bounds = {}): number {
    return this.required(
      name,
      this.optionalInteger(name, bounds),
      'an integer' + describeBounds(bounds, String),
    );
  }

  /** An optional integer within optional bounds. */
  optionalInteger(name: string, bounds: Bounds = {}): number | undefined {
    return this.parse(name, (value) => {
      const accepted = 'an integer' + describeBounds(bounds, String);
      if (!/^[+-]?\d+$/.test(value)) throw new InvalidValue(`${describe(value)} is not an integer`, accepted);
      const number = Number(value);
      if (!Number.isSafeInteger(number)) throw new InvalidValue(`${value} is too large`, accepted);
      checkBounds(number, bounds, accepted, String);
      return number;
    });
  }

  /** A duration (`90s`, `10m`, `1h30m`, `500ms`, bare seconds) in milliseconds, within optional bounds. */
  duration(name: string, bounds: Bounds = {}): number {
    return this.required(
      name,
      this.optionalDuration(name, bounds),
      DURATION_ACCEPTED + describeBounds(bounds, formatDuration),
    );
  }

  /** An optional duration in milliseconds. */
  optionalDuration(name: string, bounds: Bounds = {}): number | undefined {
    return this.parse(name, (value) => {
      const ms = parseDuration(value);
      checkBounds(ms, bounds, DURATION_ACCEPTED + describeBounds(bounds, formatDuration), formatDuration);
      return ms;
    });
  }

  /** A percentage from 0 to 100, written `25`, `25%` or `12.5%`; returned as a number (25). */
  percentage(name: string): number {
    return this.required(name, this.optionalPercentage(name), PERCENT_ACCEPTED);
  }

  /** An optional percentage. */
  optionalPercentage(name: string): number | undefined {
    return this.parse(name, (value) => {
      const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(value);
      if (!match) throw new InvalidValue(`${describe(value)} is not a percentage`, PERCENT_ACCEPTED);
      const number = Number(match[1]);
      if (number > 100) throw new InvalidValue(`${value} is more than 100%`, PERCENT_ACCEPTED);
      return number;
    });
  }

  /** One of a fixed set of values (compared exactly). */
  enumeration<T extends string>(name: string, allowed: readonly T[]): T {
    return this.required(name, this.optionalEnumeration(name, allowed), oneOf(allowed));
  }

  /** An optional value from a fixed set. */
  optionalEnumeration<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    return this.parse(name, (value) => {
      if (!(allowed as readonly string[]).includes(value)) {
        throw new InvalidValue(`${describe(value)} is not a recognised value`, oneOf(allowed));
      }
      return value as T;
    });
  }

  /** A list separated by commas and/or new lines; items trimmed, empty items dropped. */
  list(name: string): string[] {
    return splitList(this.rawValue(name), /[,\n]/);
  }

  /** A list with one item per line (items may contain commas); trimmed, blank lines dropped. */
  multiline(name: string): string[] {
    return splitList(this.rawValue(name), /\n/);
  }

  /** An http(s) URL that must be given. */
  requiredUrl(name: string): string {
    return this.required(name, this.url(name), 'an http:// or https:// URL');
  }

  /** An optional http(s) URL. */
  url(name: string): string | undefined {
    return this.parse(name, parseHttpUrl);
  }

  /** A value checked by a domain parser that must be given; `accepted` says what to give when it is not. */
  requiredCustom<T>(name: string, parser: (value: string) => T, accepted: string): T {
    return this.required(name, this.custom(name, parser), accepted);
  }

  /**
   * An optional value checked by a domain parser (image references, PromQL checks, …). The parser throws
   * InvalidValue; the reader turns it into a ConfigurationError naming this input.
   */
  custom<T>(name: string, parser: (value: string) => T): T | undefined {
    return this.parse(name, parser);
  }

  private parse<T>(name: string, parser: (value: string) => T): T | undefined {
    const value = this.rawValue(name);
    if (value === '') return undefined;
    try {
      return parser(value);
    } catch (error) {
      if (error instanceof InvalidValue) throw new ConfigurationError(name, error.problem, error.accepted);
      throw error;
    }
  }

  private required<T>(name: string, value: T | undefined, accepted: string): T {
    if (value === undefined)
      throw new ConfigurationError(name, 'a value is required but none was given', accepted);
    return value;
  }

  private rawValue(name: string): string {
    this.namesRead.add(name);
    return this.raw(name);
  }
}

const PERCENT_ACCEPTED = 'a percentage from 0 to 100, such as 10 or 12.5%';

/** Parses an http or https URL; anything else is an InvalidValue. */
export function parseHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidValue(`${describe(value)} is not a URL`, 'an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidValue(`the URL scheme ${url.protocol} is not supported`, 'an http:// or https:// URL');
  }
  return value;
}

export { describe };

function oneOf(allowed: readonly string[]): string {
  return `one of ${allowed.join(', ')}`;
}

function splitList(value: string, separator: RegExp): string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function describeBounds(bounds: Bounds, format: (n: number) => string): string {
  if (bounds.min !== undefined && bounds.max !== undefined)
    return ` from ${format(bounds.min)} to ${format(bounds.max)}`;
  if (bounds.min !== undefined) return ` of at least ${format(bounds.min)}`;
  if (bounds.max !== undefined) return ` of at most ${format(bounds.max)}`;
  return '';
}

function checkBounds(value: number, bounds: Bounds, accepted: string, format: (n: number) => string): void {
  if (bounds.min !== undefined && value < bounds.min) {
    throw new InvalidValue(`${format(value)} is below the minimum of ${format(bounds.min)}`, accepted);
  }
  if (bounds.max !== undefined && value > bounds.max) {
    throw new InvalidValue(`${format(value)} is above the maximum of ${format(bounds.max)}`, accepted);
  }
}
