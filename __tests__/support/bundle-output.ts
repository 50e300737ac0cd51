import type { BundleResult } from '../../scripts/lib/run-bundle.js';

/**
 * What a bundle run's log must and must not contain, shared by the e2e and reliability suites: the
 * `::error::` lines the runner turns into annotations, and the signs of a crash.
 */

/** The raw `::error` lines of a run (as written, before the runner decodes them). */
export function errorLines(result: Pick<BundleResult, 'stdout'>): string[] {
  return result.stdout.split('\n').filter((line) => line.startsWith('::error'));
}

/** True when stdout or stderr holds anything that looks like a JavaScript stack frame. */
export function hasStackTrace(result: Pick<BundleResult, 'stdout' | 'stderr'>): boolean {
  return /^\s+at .+[(:]\d+/m.test(result.stdout + result.stderr);
}

/**
 * The signs of a crash rather than a handled failure: a stack frame, Node's own uncaught-exception or
 * unhandled-rejection report, or runAction's "a bug in prodline" line. Empty when there are none.
 */
export function crashSigns(result: Pick<BundleResult, 'stdout' | 'stderr'>): string[] {
  const text = `${result.stdout}\n${result.stderr}`;
  const signs: string[] = [];
  if (hasStackTrace(result)) signs.push('a stack trace');
  if (/Unexpected error \(a bug in prodline/.test(text)) signs.push('"Unexpected error (a bug in prodline"');
  if (/uncaught|unhandled ?(promise )?rejection|UnhandledPromiseRejection/i.test(text))
    signs.push('an uncaught exception or unhandled rejection');
  if (/^(node:internal|\S+\.js:\d+)$/m.test(text)) signs.push("Node's crash header");
  if (/\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/.test(result.stderr))
    signs.push('a JavaScript error on stderr');
  return signs;
}

/**
 * The workflow commands a prodline action may write. Anything else at the start of a line (`::set-output`,
 * `::add-path`, `::stop-commands`, `::save-state`, …) would be a command injected through a value.
 */
const OWN_COMMANDS = ['error', 'warning', 'notice', 'debug', 'add-mask', 'group', 'endgroup'];

/** Lines that the runner would read as workflow commands prodline never writes itself. */
export function foreignCommands(result: Pick<BundleResult, 'stdout'>): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('::'))
    .filter((line) => !OWN_COMMANDS.some((command) => new RegExp(`^::${command}( [^:]*)?::`).test(line)));
}

/** The `::add-mask::` lines: the one place a secret may appear, since that is how the runner learns it. */
export function maskLines(result: Pick<BundleResult, 'stdout'>): string[] {
  return result.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
}
