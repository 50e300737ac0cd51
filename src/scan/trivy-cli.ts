import { lastLines, type CommandResult, type CommandRunner } from '../runtime/command-runner.js';
import { ActionFailure } from '../runtime/errors.js';

export interface ImageScanSpec {
  /** A `docker save` tar: the exact image that will be pushed. */
  input: string;
  output: string;
  cacheDir: string;
  dbRepository: string;
  /** Trivy scanners for the image: `vuln`, `secret`. */
  scanners: string[];
  /** An ignore file for Trivy itself; prodline applies ignore rules to the parsed report, so this is empty. */
  ignoreFile: string;
  timeoutMs: number;
}

/** `trivy image` arguments for one DB repository. Pure. Severity and unfixed filters stay off: the gate decides. */
export function imageScanArgs(spec: ImageScanSpec): string[] {
  return [
    'image',
    ...['--input', spec.input],
    ...['--format', 'json', '--output', spec.output],
    ...['--scanners', spec.scanners.join(',')],
    ...['--cache-dir', spec.cacheDir, '--db-repository', spec.dbRepository],
    ...['--ignorefile', spec.ignoreFile],
    ...['--timeout', `${Math.ceil(spec.timeoutMs / 1000)}s`],
    // Not --quiet: some builds then print nothing at all when they fail.
    '--no-progress',
  ];
}

export interface ConfigScanSpec {
  dockerfile: string;
  output: string;
  cacheDir: string;
  ignoreFile: string;
  timeoutMs: number;
  /** Stops the scan when the step fails before it needs the result. */
  signal?: AbortSignal;
}

/** `trivy config` arguments for the Dockerfile (built-in checks; no download, see TRIVY_ENV). Pure. */
export function configScanArgs(spec: ConfigScanSpec): string[] {
  return [
    'config',
    ...['--format', 'json', '--output', spec.output],
    ...['--cache-dir', spec.cacheDir],
    ...['--ignorefile', spec.ignoreFile],
    ...['--timeout', `${Math.ceil(spec.timeoutMs / 1000)}s`],
    // No progress flag: `trivy config` has none, and its log lines are kept for errors only.
    spec.dockerfile,
  ];
}

/**
 * Settings by environment rather than flags, because flag names changed across Trivy versions and an
 * unknown variable is ignored where an unknown flag is fatal: use the checks built into the binary
 * (`--skip-policy-update` before 0.53, `--skip-check-update` after) instead of downloading them.
 */
export const TRIVY_ENV: Record<string, string> = {
  TRIVY_SKIP_POLICY_UPDATE: 'true',
  TRIVY_SKIP_CHECK_UPDATE: 'true',
};

/** True when Trivy failed to fetch its DB because the registry throttled (429) or failed (5xx). */
export function isRetryableDbError(output: string): boolean {
  return (
    /(db|database|OCI repository|artifact)/i.test(output) &&
    /(\b429\b|TOOMANYREQUESTS|too many requests|\b5\d\d\b|service unavailable|bad gateway|internal server error|gateway timeout)/i.test(
      output,
    )
  );
}

/** Trivy, by path. */
export class TrivyCli {
  constructor(
    readonly binary: string,
    private readonly runner: CommandRunner,
    private readonly env: Record<string, string>,
  ) {}

  /** Runs `trivy <args>` with prodline's Trivy environment. */
  exec(args: string[], timeoutMs: number, signal?: AbortSignal): Promise<CommandResult> {
    return this.runner.run(this.binary, args, { env: { ...this.env, ...TRIVY_ENV }, timeoutMs, signal });
  }

  /**
   * Scans the saved image, trying each DB repository in turn while the failure is a 429/5xx from the DB
   * registry; any other failure stops at once. Returns the repository that worked.
   */
  async scanImage(
    spec: Omit<ImageScanSpec, 'dbRepository'>,
    dbRepositories: string[],
    log: (line: string) => void,
  ): Promise<string> {
    let last: CommandResult | undefined;
    for (const [index, dbRepository] of dbRepositories.entries()) {
      // A little slack over Trivy's own timeout, so Trivy reports it (with its message) rather than us.
      last = await this.exec(imageScanArgs({ ...spec, dbRepository }), spec.timeoutMs + 30_000);
      if (last.exitCode === 0) return dbRepository;
      const output = `${last.stderr}\n${last.stdout}`;
      if (!isRetryableDbError(output) || index === dbRepositories.length - 1) break;
      log(
        `the Trivy DB repository ${dbRepository} is throttled or failing; trying ${dbRepositories[index + 1]}`,
      );
    }
    throw scanFailure('trivy image', last, dbRepositories);
  }

  /** Scans the Dockerfile for misconfigurations. */
  async scanConfig(spec: ConfigScanSpec): Promise<void> {
    const result = await this.exec(configScanArgs(spec), spec.timeoutMs + 30_000, spec.signal);
    if (result.exitCode !== 0) throw scanFailure('trivy config', result, []);
  }
}

function scanFailure(what: string, result: CommandResult | undefined, repositories: string[]): ActionFailure {
  const tail = lastLines(`${result?.stderr ?? ''}\n${result?.stdout ?? ''}`, 15);
  const hint =
    result?.exitCode === 124
      ? 'The scan ran out of time: raise scan-timeout.'
      : isRetryableDbError(tail)
        ? `Every Trivy DB repository was throttled or failing (${repositories.join(', ')}): retry later or add a mirror to db-repository.`
        : 'The image was not pushed.';
  const lines = tail
    ? `Trivy's last lines:\n${tail}`
    : 'Trivy printed nothing (some builds stay silent on errors; a release build says why).';
  return new ActionFailure(`${what} failed (exit ${result?.exitCode ?? '?'}). ${hint} ${lines}`);
}
