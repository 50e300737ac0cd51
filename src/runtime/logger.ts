import * as core from '@actions/core';

/** Where a warning or error points in the user's repository (an annotation on GitHub). */
export interface Annotation {
  file: string;
  startLine?: number;
  title?: string;
}

/** What domain code may say; the same code logs through Actions, a CLI or a test. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, annotation?: Annotation): void;
  error(message: string, annotation?: Annotation): void;
  /** Hides a secret fetched at run time (a token) from every later log line. */
  mask(secret: string): void;
}

/** Logs through the Actions runner's workflow commands. */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, annotation) => core.warning(message, annotation ?? {}),
  error: (message, annotation) => core.error(message, annotation ?? {}),
  mask: (secret) => core.setSecret(secret),
};

/** Plain console logging, for scripts and local runs; debug lines only when `verbose`. */
export function consoleLogger(verbose = false): Logger {
  return {
    debug: (message) => {
      if (verbose) console.error(`debug: ${message}`);
    },
    info: (message) => console.log(message),
    warning: (message) => console.error(`warning: ${message}`),
    error: (message) => console.error(`error: ${message}`),
    // A console has no masker; scripts never print fetched tokens.
    mask: () => undefined,
  };
}

/** A logger that keeps every line, for tests that assert what was said (and that no secret was). */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  debug(message: string): void {
    this.lines.push(`debug: ${message}`);
  }
  info(message: string): void {
    this.lines.push(message);
  }
  warning(message: string, annotation?: Annotation): void {
    this.lines.push(`warning: ${message}${where(annotation)}`);
  }
  error(message: string, annotation?: Annotation): void {
    this.lines.push(`error: ${message}${where(annotation)}`);
  }
  /** Secrets registered: tests check a fetched token was masked. */
  readonly masked: string[] = [];
  mask(secret: string): void {
    this.masked.push(secret);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

function where(annotation: Annotation | undefined): string {
  if (!annotation) return '';
  return ` (${annotation.file}${annotation.startLine ? `:${annotation.startLine}` : ''})`;
}
