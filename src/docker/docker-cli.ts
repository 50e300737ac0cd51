import { ActionFailure, shorten } from '../runtime/errors.js';
import type { CommandResult, CommandRunner } from '../runtime/command-runner.js';
import type { BuilderKind } from './build-arguments.js';

/** The builder this docker CLI offers, and whether it can export a build cache (buildx, non-docker driver). */
export interface BuilderInfo {
  kind: BuilderKind;
  canExportCache: boolean;
  clientVersion?: string;
}

/**
 * The docker CLI, by path. Every verb goes through `exec`, one small seam; output parsers are the pure
 * functions below.
 */
export class DockerCli {
  constructor(
    readonly binary: string,
    private readonly runner: CommandRunner,
    /** Variables docker runs with besides the inherited ones. */
    private readonly env: Record<string, string>,
  ) {}

  /** Runs `docker <args>` with extra environment. */
  exec(
    args: readonly string[],
    options: { env?: Record<string, string>; onLine?: (line: string) => void; timeoutMs?: number } = {},
  ): Promise<CommandResult> {
    return this.runner.run(this.binary, args, {
      env: { ...this.env, ...options.env },
      onLine: options.onLine,
      timeoutMs: options.timeoutMs,
    });
  }

  /**
   * buildx when the plugin answers; otherwise the engine's built-in BuildKit for clients before 23.0
   * (which still have it), else the classic builder (newer clients without buildx fail with BuildKit).
   */
  async detectBuilder(): Promise<BuilderInfo> {
    const [buildx, version] = await Promise.all([
      this.exec(['buildx', 'inspect']),
      this.exec(['version', '--format', '{{.Client.Version}}']),
    ]);
    const clientVersion = version.exitCode === 0 ? version.stdout.trim() : undefined;
    if (buildx.exitCode === 0) {
      return { kind: 'buildx', canExportCache: parseBuildxDriver(buildx.stdout) !== 'docker', clientVersion };
    }
    if (version.exitCode !== 0) {
      throw new DockerUnavailable(this.binary, version);
    }
    return {
      kind: hasBuiltInBuildKit(clientVersion) ? 'buildkit' : 'classic',
      canExportCache: false,
      clientVersion,
    };
  }
}

/** The docker CLI could not be run or could not reach an engine. */
export class DockerUnavailable extends ActionFailure {
  constructor(
    readonly binary: string,
    readonly result: CommandResult,
  ) {
    super(
      `${shorten(binary, 200)} version failed (exit ${result.exitCode}): ${shorten(result.stderr.trim().split('\n').slice(-3).join(' '), 500)}`,
    );
  }
}

/** The driver line of `docker buildx inspect` (`Driver: docker-container`). */
export function parseBuildxDriver(text: string): string | undefined {
  return /^Driver:\s*(\S+)/m.exec(text)?.[1];
}

/** Docker clients before 23.0 build with BuildKit themselves when DOCKER_BUILDKIT=1; later ones need buildx. */
export function hasBuiltInBuildKit(clientVersion: string | undefined): boolean {
  const major = Number(/^(\d+)\./.exec(clientVersion ?? '')?.[1]);
  return Number.isFinite(major) && major > 0 && major < 23;
}
