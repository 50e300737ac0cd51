import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInputs } from '../../src/actions/build-and-scan/inputs.js';
import { run, type BuildAndScanOutputs } from '../../src/actions/build-and-scan/run.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import { inputsWithDefaults, readActionMetadata } from '../../scripts/lib/action-metadata.js';
import { readerFor } from './reader.js';

/** What an in-process run of build-and-scan left: outputs or the error, and everything it said. */
export interface InProcessRun {
  outputs?: BuildAndScanOutputs;
  error?: Error & { outputs?: Record<string, unknown> };
  log: MemoryLogger;
  summary: MemorySummary;
  masked: string[];
}

/**
 * Runs build-and-scan in this process as runAction would (defaults from action.yml, inputs parsed by
 * the real reader, secrets masked), with a memory logger and summary to assert on.
 */
export async function runInProcess(
  inputs: Record<string, string>,
  env: Record<string, string>,
): Promise<InProcessRun> {
  const log = new MemoryLogger();
  const summary = new MemorySummary();
  const { read, masked } = readerFor(
    inputsWithDefaults(readActionMetadata('build-and-scan'), inputs, {}),
    env,
  );
  try {
    const parsed = parseInputs(read);
    const outputs = await run(parsed, { logger: log, summary });
    return { outputs, log, summary, masked };
  } catch (error) {
    return { error: error as InProcessRun['error'], log, summary, masked };
  }
}

/** Everything a run made visible (log, summary, outputs, error), for secret checks. */
export function everythingSaid(result: InProcessRun): string {
  return [
    result.log.text(),
    result.summary.markdown,
    JSON.stringify(result.outputs ?? {}),
    result.error?.message ?? '',
    JSON.stringify(result.error?.outputs ?? {}),
  ].join('\n');
}

/** A shell script that records each call's arguments in `<dir>/calls` and then runs `target`. */
export function recordingWrapper(dir: string, name: string, target: string): { path: string; calls: string } {
  const path = join(dir, name);
  const calls = join(dir, `${name}.calls`);
  writeFileSync(path, `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${target}' "$@"\n`);
  chmodSync(path, 0o755);
  return { path, calls };
}
