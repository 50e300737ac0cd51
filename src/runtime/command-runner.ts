import { spawn } from 'node:child_process';

/** What a finished command left behind. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Variables set for the child on top of the inherited environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Bytes written to the child's stdin, then closed. */
  input?: string;
  /** Killed (SIGKILL) after this long; the result then has exit code 124, as `timeout(1)` reports. */
  timeoutMs?: number;
  /** Each complete line of stdout and stderr as it arrives (for live logs). */
  onLine?: (line: string) => void;
  /** Killed (SIGKILL) when aborted: work started ahead that is no longer wanted (the step failed). */
  signal?: AbortSignal;
}

/** Runs a program with an argument list, never through a shell. */
export interface CommandRunner {
  run(file: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult>;
}

/** Keeps at most this much of each stream: build logs can be huge; their tail is what people read. */
const MAX_KEPT = 8 * 1024 * 1024;

/**
 * The real runner: `child_process.spawn` without a shell. A missing binary resolves with exit 127, a
 * binary that cannot be started (not executable, a path too long) with 126.
 * Not `@actions/exec`: it cannot kill on a timeout (exit 124), rejects instead of answering 127 for a
 * missing binary, and keeps whole outputs in memory where build logs need a bounded tail.
 */
export const spawnRunner: CommandRunner = {
  run(file, args, options = {}) {
    return new Promise((resolve) => {
      // As a shell answers: 127 for a binary that is not there, 126 for one that cannot be started.
      const cannotStart = (error: NodeJS.ErrnoException, stdout = '', stderr = '') =>
        resolve({
          exitCode: error.code === 'ENOENT' ? 127 : 126,
          stdout,
          stderr: `${stderr}${error.message}`,
        });
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn(file, [...args], {
          env: { ...process.env, ...options.env },
          cwd: options.cwd,
          stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        });
      } catch (error) {
        // Some failures are thrown at once rather than emitted (a path too long: ENAMETOOLONG).
        cannotStart(error as NodeJS.ErrnoException);
        return;
      }
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const split = (stream: 'stdout' | 'stderr') => {
        let partial = '';
        return (chunk: Buffer) => {
          const text = chunk.toString();
          if (stream === 'stdout') stdout = keepTail(stdout + text);
          else stderr = keepTail(stderr + text);
          if (!options.onLine) return;
          const lines = (partial + text).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) options.onLine(line.replace(/\r$/, ''));
        };
      };
      child.stdout?.on('data', split('stdout'));
      child.stderr?.on('data', split('stderr'));
      if (options.input !== undefined) child.stdin?.end(options.input);
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill('SIGKILL');
            }, options.timeoutMs);
      const abandon = () => child.kill('SIGKILL');
      if (options.signal?.aborted) abandon();
      options.signal?.addEventListener('abort', abandon, { once: true });
      const settled = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abandon);
      };
      child.once('error', (error: NodeJS.ErrnoException) => {
        settled();
        cannotStart(error, stdout, stderr);
      });
      child.once('close', (code, signal) => {
        settled();
        resolve({ exitCode: timedOut ? 124 : (code ?? (signal ? 128 : 1)), stdout, stderr });
      });
    });
  },
};

function keepTail(text: string): string {
  return text.length > MAX_KEPT ? text.slice(text.length - MAX_KEPT) : text;
}

/** The last `count` non-empty lines of some output, for error messages. */
export function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(Boolean)
    .slice(-count)
    .join('\n');
}
