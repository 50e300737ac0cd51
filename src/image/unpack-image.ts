import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lastLines, type CommandRunner } from '../runtime/command-runner.js';
import { ActionFailure } from '../runtime/errors.js';
import { readDockerArchive, type DockerArchive } from './docker-archive.js';

/**
 * Unpacks a `docker save` tar into `<work>/image` and reads it: its config (for the image policy) and
 * its layers (for the push). `tar` is run rather than parsed here because the layers are large and the
 * runner's tar streams them straight to disk.
 */
export async function unpackImage(runner: CommandRunner, tar: string, work: string): Promise<DockerArchive> {
  const dir = join(work, 'image');
  mkdirSync(dir);
  const unpacked = await runner.run('tar', ['-x', '-f', tar, '-C', dir]);
  if (unpacked.exitCode !== 0)
    throw new ActionFailure(`unpacking the saved image failed: ${lastLines(unpacked.stderr, 5)}`);
  return readDockerArchive(dir);
}
