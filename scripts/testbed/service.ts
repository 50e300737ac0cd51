import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnDaemon, waitFor, type DaemonOptions } from './process.js';
import { readFileSync, existsSync } from 'node:fs';

/** The repository root (scripts/testbed/ is two levels below it). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a service's `start` can use: its own work directory, port picking, daemons it records. */
export interface ServiceContext {
  /** A fresh directory for this service's files (config, data, logs), inside the testbed directory. */
  dir: string;
  /** The environment published by the services started before this one (its `dependsOn`). */
  env: Readonly<Record<string, string>>;
  log(line: string): void;
  freePort(): Promise<number>;
  /** Starts a detached process and records its pid so `stop` ends it. Output goes to `<dir>/<name>.log`. */
  daemon(
    name: string,
    command: string,
    args: string[],
    options?: Omit<DaemonOptions, 'logFile'>,
  ): { pid: number; logFile: string };
  /**
   * Starts one of the testbed's Node stand-ins (a TypeScript file run through tsx) detached, passing
   * `--ready-file F`; resolves with the JSON the stand-in writes to F once it listens.
   */
  standIn<T = Record<string, string>>(
    name: string,
    script: string,
    args?: string[],
    env?: NodeJS.ProcessEnv,
  ): Promise<T>;
}

/** One real service (or stand-in) of the testbed. */
export interface TestbedService {
  name: string;
  /** Services whose env this one needs; they are started first. */
  dependsOn?: string[];
  /** Started only when named (`npm run testbed -- start kube-sim-staging`), not by a plain start. */
  optional?: boolean;
  /** Debian packages this service needs (installed when missing). */
  debianPackages?: string[];
  /** Starts the service, waits until it is ready, and returns the `.testbed/env` entries it publishes. */
  start(context: ServiceContext): Promise<Record<string, string>>;
}

/** Builds the context handed to a service; `pids` collects every process it starts. */
export function serviceContext(
  dir: string,
  env: Record<string, string>,
  pids: number[],
  log: (line: string) => void,
): ServiceContext {
  const context: ServiceContext = {
    dir,
    env,
    log,
    freePort: () => freePort(),
    daemon(name, command, args, options = {}) {
      const logFile = join(dir, `${name}.log`);
      const pid = spawnDaemon(command, args, { ...options, logFile });
      pids.push(pid);
      return { pid, logFile };
    },
    async standIn<T>(
      name: string,
      script: string,
      args: string[] = [],
      extraEnv: NodeJS.ProcessEnv = {},
    ): Promise<T> {
      const readyFile = join(dir, `${name}.ready.json`);
      writeFileSync(readyFile, '');
      const { logFile } = context.daemon(
        name,
        process.execPath,
        ['--import', 'tsx', join(REPO_ROOT, script), '--ready-file', readyFile, ...args],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, ...extraEnv },
        },
      );
      return waitFor(
        `stand-in ${name}`,
        () => {
          const text = existsSync(readyFile) ? readFileSync(readyFile, 'utf8') : '';
          return text.trim() ? (JSON.parse(text) as T) : undefined;
        },
        30_000,
        logFile,
      );
    },
  };
  return context;
}
