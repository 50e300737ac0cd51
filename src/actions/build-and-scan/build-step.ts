import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildCommand,
  builderProblem,
  githubCacheDefaults,
  type BuildSpec,
} from '../../docker/build-arguments.js';
import type { DockerCli } from '../../docker/docker-cli.js';
import { lastLines } from '../../runtime/command-runner.js';
import { ActionFailure, ConfigurationError } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/logger.js';
import type { BuildAndScanInputs } from './inputs.js';

/** What the build left: the engine's image ID and the local names it carries. */
export interface BuiltImage {
  id: string;
  names: string[];
}

/**
 * Builds the image with the CLI's best builder. BuildKit secrets go through files readable only by us,
 * removed as soon as the build ends; their values never reach a command line or a log.
 */
export async function buildImage(
  inputs: BuildAndScanInputs,
  docker: DockerCli,
  dockerfile: string,
  names: string[],
  labels: Record<string, string>,
  work: string,
  logger: Logger,
): Promise<BuiltImage> {
  const builder = await docker.detectBuilder();
  logger.info(
    `building with ${builder.kind === 'buildx' ? 'docker buildx' : builder.kind === 'buildkit' ? "the engine's BuildKit" : 'the classic builder'} (${docker.binary}${builder.clientVersion ? ` ${builder.clientVersion}` : ''})`,
  );
  const secretsDir = join(work, 'secrets');
  const secretFiles: Record<string, string> = {};
  const cache = githubCacheDefaults(
    inputs,
    builder.kind,
    builder.canExportCache,
    inputs.runtime.actionsCache,
  );
  const spec: BuildSpec = {
    builder: builder.kind,
    context: inputs.context,
    dockerfile,
    names,
    buildArgs: inputs.buildArgs,
    secretFiles,
    labels,
    platforms: inputs.platforms,
    target: inputs.target,
    cacheFrom: cache.cacheFrom,
    cacheTo: cache.cacheTo,
    network: inputs.buildNetwork,
    iidFile: join(work, 'iid'),
  };
  const problem = builderProblem({ ...spec, secretFiles: inputs.secrets });
  if (problem)
    throw new ConfigurationError(inputInTrouble(inputs), problem, 'inputs this docker CLI can build');
  try {
    if (Object.keys(inputs.secrets).length > 0) {
      mkdirSync(secretsDir, { mode: 0o700 });
      for (const [id, value] of Object.entries(inputs.secrets)) {
        secretFiles[id] = join(secretsDir, id);
        writeFileSync(secretFiles[id], value, { mode: 0o600 });
      }
    }
    const command = buildCommand(spec);
    const result = await docker.exec(command.args, { env: command.env, onLine: (line) => logger.info(line) });
    if (result.exitCode !== 0) {
      throw new ActionFailure(
        `docker build failed (exit ${result.exitCode}); nothing was scanned or pushed. Its last lines:\n${lastLines(`${result.stdout}\n${result.stderr}`, 20)}`,
      );
    }
  } finally {
    rmSync(secretsDir, { recursive: true, force: true });
  }
  return { id: readFileSync(spec.iidFile, 'utf8').trim(), names };
}

function inputInTrouble(inputs: BuildAndScanInputs): string {
  if (inputs.platforms.length > 1) return 'platforms';
  if (inputs.cacheTo.length > 0) return 'cache-to';
  return 'secrets';
}

/** Runs the test command inside the image, without network; a failure stops everything. */
export async function testImage(
  docker: DockerCli,
  image: BuiltImage,
  words: string[],
  logger: Logger,
): Promise<void> {
  logger.info(`testing inside the image: ${words.join(' ')}`);
  const result = await docker.exec(['run', '--rm', '--network', 'none', image.id, ...words], {
    onLine: (line) => logger.info(line),
  });
  if (result.exitCode !== 0) {
    throw new ActionFailure(
      `The tests inside the image failed (\`${words.join(' ')}\` exited ${result.exitCode}); the image was not pushed. Its last lines:\n${lastLines(`${result.stdout}\n${result.stderr}`, 30)}`,
    );
  }
}

/** Saves the image to a tar: what Trivy scans and what is pushed. */
export async function saveImage(docker: DockerCli, image: BuiltImage, work: string): Promise<string> {
  const tar = join(work, 'image.tar');
  const saved = await docker.exec(['save', '--output', tar, image.names[0] ?? image.id]);
  if (saved.exitCode !== 0)
    throw new ActionFailure(`docker save failed (exit ${saved.exitCode}): ${lastLines(saved.stderr, 5)}`);
  return tar;
}
