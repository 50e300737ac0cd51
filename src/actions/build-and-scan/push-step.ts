import { pushArchive, type PushResult, type StagedImage } from '../../image/push-archive.js';
import { RegistryClient } from '../../image/registry/client.js';
import { dockerConfigCredentials, registryTrust } from '../../image/registry/docker-config.js';
import type { CommandRunner } from '../../runtime/command-runner.js';
import type { BuildAndScanInputs } from './inputs.js';

/**
 * Pushes the saved image through prodline's registry client rather than `docker push`: the bytes pushed
 * are the bytes scanned, the digest is known exactly (and checked by a HEAD), and a private CA or the
 * username/password inputs work without changing the Docker engine's configuration or writing a login.
 */
export async function pushImage(
  inputs: BuildAndScanInputs,
  staged: StagedImage,
  tags: string[],
  runner: CommandRunner,
): Promise<PushResult> {
  const credentials =
    inputs.username !== undefined && inputs.password !== undefined
      ? { username: inputs.username, password: inputs.password }
      : await dockerConfigCredentials(inputs.image.registry, inputs.runtime.dockerConfigDir, runner);
  const ca = registryTrust(inputs.image.registry, inputs.runtime.dockerConfigDir, inputs.registryCa);
  const client = new RegistryClient({ registry: inputs.image.registry, credentials, ca, push: true });
  return pushArchive(client, inputs.image.repository, staged, tags);
}
