import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TESTBED_DIR } from '../../scripts/testbed/testbed.js';
import { until } from './poll.js';

const LOCK = join(TESTBED_DIR, 'exporter-follow.lock');

function ownerPid(): number | undefined {
  try {
    return Number(readFileSync(join(LOCK, 'pid'), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

function ownerAlive(): boolean {
  try {
    process.kill(ownerPid() ?? 0, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The testbed's metrics exporter follows one kube-sim at a time and keeps one list of image rules, so two
 * test files that point it at their own clusters (run by two Jest workers at once) would steal it from
 * each other. A file claims it in beforeAll and releases it in afterAll: a lock directory created
 * atomically, with the owner's pid so a crashed worker's claim is taken over instead of waited for.
 * Returns the release function.
 */
export async function claimExporter(timeoutMs: number): Promise<() => void> {
  await until(
    'the metrics exporter to be released by another test file',
    timeoutMs,
    async () => {
      try {
        mkdirSync(LOCK);
        writeFileSync(join(LOCK, 'pid'), String(process.pid));
        return true;
      } catch {
        // A pid file not written yet is an owner still claiming: wait. A dead owner's claim is taken over.
        if (ownerPid() !== undefined && !ownerAlive()) rmSync(LOCK, { recursive: true, force: true });
        return false;
      }
    },
    250,
  );
  return () => rmSync(LOCK, { recursive: true, force: true });
}
