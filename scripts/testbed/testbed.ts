import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDebianPackages } from './packages.js';
import { isAlive, stopDaemon } from './process.js';
import { REPO_ROOT, serviceContext, type TestbedService } from './service.js';
import { ALL_SERVICES } from './services/index.js';

/** Where a running testbed keeps its state, env file and service directories (git-ignored). */
export const TESTBED_DIR = join(REPO_ROOT, '.testbed');
export const ENV_FILE = join(TESTBED_DIR, 'env');
const STATE_FILE = join(TESTBED_DIR, 'state.json');

interface ServiceState {
  pids: number[];
  env: Record<string, string>;
}
interface TestbedState {
  startedAt: string;
  services: Record<string, ServiceState>;
}

export interface StartOptions {
  /** Start only these services (and what they depend on); all but the optional ones by default. */
  only?: string[];
  log?: (line: string) => void;
}

/**
 * Starts the testbed's services (dependencies first, independent ones in parallel), writes `.testbed/env`
 * and records every pid in `.testbed/state.json`. If anything fails to start, everything already started
 * is stopped before the error is rethrown.
 */
export async function startTestbed(options: StartOptions = {}): Promise<Record<string, string>> {
  const log = options.log ?? ((line: string) => console.error(`[testbed] ${line}`));
  if (readState())
    throw new Error(
      `a testbed is already running (${STATE_FILE}); stop it first with: npm run testbed -- stop`,
    );
  const services = selectServices(options.only);
  ensureDebianPackages([...new Set(services.flatMap((s) => s.debianPackages ?? []))], log);
  unmountLeftovers(log); // from a testbed that died without a stop
  rmSync(TESTBED_DIR, { recursive: true, force: true });
  mkdirSync(TESTBED_DIR, { recursive: true });
  const state: TestbedState = { startedAt: new Date().toISOString(), services: {} };
  const started = new Map<string, Promise<void>>();
  const env: Record<string, string> = {};

  const startOne = (service: TestbedService): Promise<void> => {
    let promise = started.get(service.name);
    if (promise) return promise;
    promise = (async () => {
      const deps = (service.dependsOn ?? []).map((name) => byName(services, name));
      await Promise.all(deps.map(startOne));
      const dir = join(TESTBED_DIR, service.name);
      mkdirSync(dir, { recursive: true });
      const pids: number[] = [];
      state.services[service.name] = { pids, env: {} };
      const begin = Date.now();
      const published = await service.start(
        serviceContext(dir, { ...env }, pids, (line) => log(`${service.name}: ${line}`)),
      );
      state.services[service.name].env = published;
      Object.assign(env, published);
      writeState(state);
      log(`${service.name} ready in ${Date.now() - begin} ms`);
    })();
    started.set(service.name, promise);
    return promise;
  };

  try {
    writeState(state);
    await Promise.all(services.map(startOne));
  } catch (error) {
    await stopTestbed(log);
    throw error;
  }
  writeFileSync(ENV_FILE, formatEnvFile(env));
  return env;
}

/** Stops every process the testbed started (recorded pids), then removes its state. */
export async function stopTestbed(
  log: (line: string) => void = (line) => console.error(`[testbed] ${line}`),
): Promise<void> {
  const state = readState();
  if (!state) return;
  await Promise.all(
    Object.entries(state.services).map(async ([name, service]) => {
      await Promise.all(service.pids.map((pid) => stopDaemon(pid)));
      log(`${name} stopped`);
    }),
  );
  // Nothing may be left behind: a process that survived is a bug in a service's start.
  const survivors = Object.values(state.services).flatMap((service) => service.pids.filter(isAlive));
  if (survivors.length > 0)
    throw new Error(`testbed processes still running after stop: ${survivors.join(' ')}`);
  rmSync(STATE_FILE, { force: true });
  rmSync(ENV_FILE, { force: true });
  unmountLeftovers(log);
}

/**
 * dockerd bind-mounts its network namespace under its exec root; killed, it can leave that mount behind,
 * and the next start's clean-up of .testbed then fails with EBUSY. Lazily unmounts whatever is left.
 */
function unmountLeftovers(log: (line: string) => void): void {
  let mounts: string[];
  try {
    mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((point) => point.startsWith(`${TESTBED_DIR}/`));
  } catch {
    return; // no /proc: nothing we could unmount either
  }
  for (const point of mounts.reverse()) {
    const result = spawnSync('umount', ['-l', point], { stdio: 'ignore' });
    log(`${point} ${result.status === 0 ? 'unmounted' : 'could not be unmounted'}`);
  }
}

/** What runs: each service with its pids and whether they are all alive. */
export function testbedStatus(): { name: string; pids: number[]; alive: boolean }[] {
  const state = readState();
  if (!state) return [];
  return Object.entries(state.services).map(([name, service]) => ({
    name,
    pids: service.pids,
    // A service may run no process of its own (trivy only puts its DB into the registry).
    alive: service.pids.every(isAlive),
  }));
}

/** The env of a running testbed (from `.testbed/env`), or undefined when none runs. */
export function runningTestbedEnv(): Record<string, string> | undefined {
  const status = testbedStatus();
  if (status.length === 0 || !status.every((s) => s.alive) || !existsSync(ENV_FILE)) return undefined;
  return parseEnvFile(readFileSync(ENV_FILE, 'utf8'));
}

/** Shell `KEY=value` lines, quoted so `source .testbed/env` works for any value. */
export function formatEnvFile(env: Record<string, string>): string {
  return Object.entries(env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([key, value]) =>
        `${key}=${/^[\w@%+=:,./-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`,
    )
    .join('\n')
    .concat('\n');
}

export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    const raw = match[2];
    env[match[1]] = raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
  }
  return env;
}

function selectServices(only?: string[]): TestbedService[] {
  if (!only) return ALL_SERVICES.filter((s) => !s.optional);
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dep of byName(ALL_SERVICES, name).dependsOn ?? []) add(dep);
  };
  only.forEach(add);
  return ALL_SERVICES.filter((s) => wanted.has(s.name));
}

function byName(services: TestbedService[], name: string): TestbedService {
  const service = services.find((s) => s.name === name);
  if (!service)
    throw new Error(
      `unknown testbed service '${name}'; known: ${ALL_SERVICES.map((s) => s.name).join(', ')}`,
    );
  return service;
}

function readState(): TestbedState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TestbedState;
}

function writeState(state: TestbedState): void {
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}
