import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRunner } from '../../runtime/command-runner.js';
import type { Logger } from '../../runtime/logger.js';
import { restoreDbCache, saveDbCache } from '../../scan/db-cache.js';
import { cachedDbIsFresh, orderDbRepositories, probeDbRepository } from '../../scan/db-mirrors.js';
import { parseTrivyReport, type ScanReport } from '../../scan/report.js';
import { TrivyCli } from '../../scan/trivy-cli.js';
import { installTrivy } from '../../scan/trivy-install.js';
import { locateTrivy } from '../../scan/trivy-locate.js';
import type { BuildAndScanInputs } from './inputs.js';

/** Finds Trivy, or installs the pinned version (tool-cache is loaded only on that path). */
export async function resolveTrivy(
  inputs: BuildAndScanInputs,
  runner: CommandRunner,
  logger: Logger,
): Promise<TrivyCli> {
  const found = locateTrivy(inputs.trivyPath, inputs.runtime.path);
  const binary = found ?? (await installTrivy(inputs.trivyVersion, undefined, (line) => logger.info(line)));
  return new TrivyCli(binary, runner, {});
}

/**
 * Starts the Dockerfile misconfiguration scan. It needs only the Dockerfile, so it runs while the image
 * builds; its own cache directory keeps it off the image scan's lock.
 */
export function startConfigScan(
  trivy: Promise<TrivyCli>,
  dockerfile: string,
  work: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ScanReport> {
  const output = join(work, 'trivy-config.json');
  const run = async () => {
    const cli = await trivy;
    await cli.scanConfig({
      dockerfile,
      output,
      cacheDir: join(work, 'trivy-config-cache'),
      ignoreFile: emptyIgnoreFile(work),
      timeoutMs,
      signal,
    });
    return parseTrivyReport(readFileSync(output, 'utf8'));
  };
  return run();
}

/** Scans the saved image (vulnerabilities and/or secrets), trying the DB mirrors in turn. */
export async function scanImage(
  inputs: BuildAndScanInputs,
  trivy: TrivyCli,
  tar: string,
  work: string,
  now: Date,
  logger: Logger,
): Promise<{ report: ScanReport; raw: Record<string, unknown> }> {
  const scanners = inputs.scanners.filter((scanner) => scanner !== 'misconfig');
  if (scanners.length === 0) return { report: { findings: [] }, raw: {} };
  // The DB outlives the run's work directory: the runner's temp dir holds it for the job's later steps.
  const cacheDir = join(inputs.github.tempDir ?? work, 'prodline-trivy-cache');
  mkdirSync(cacheDir, { recursive: true });
  const restored = inputs.runtime.actionsCache
    ? await restoreDbCache(cacheDir, now, (l) => logger.info(l))
    : undefined;
  const output = join(work, 'trivy-image.json');
  const repositories = await orderDbRepositories(
    inputs.dbRepositories,
    !cachedDbIsFresh(cacheDir, now),
    probeDbRepository,
    (line) => logger.warning(line),
  );
  const used = await trivy.scanImage(
    {
      input: tar,
      output,
      cacheDir,
      scanners,
      ignoreFile: emptyIgnoreFile(work),
      timeoutMs: inputs.scanTimeoutMs,
    },
    repositories,
    (line) => logger.warning(line),
  );
  logger.info(`scanned with the vulnerability DB from ${used}`);
  if (inputs.runtime.actionsCache) await saveDbCache(cacheDir, now, restored, (l) => logger.info(l));
  const text = readFileSync(output, 'utf8');
  return { report: parseTrivyReport(text), raw: JSON.parse(text) as Record<string, unknown> };
}

function emptyIgnoreFile(work: string): string {
  const file = join(work, 'trivy-ignore-none');
  writeFileSync(file, '');
  return file;
}
