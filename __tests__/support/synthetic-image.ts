import { randomBytes } from 'node:crypto';
import { RegistryClient } from '../../src/image/registry/client.js';
import { OCI_MANIFEST } from '../../src/image/registry/media-types.js';

/** Pushes a small unique OCI image (config + one layer) and returns its digest. */
export async function pushSyntheticImage(
  client: RegistryClient,
  repository: string,
  tag = 'latest',
): Promise<string> {
  const layer = randomBytes(64);
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const [configDigest, layerDigest] = await Promise.all([
    client.putBlob(repository, config),
    client.putBlob(repository, layer),
  ]);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length },
      ],
    }),
  );
  const { digest } = await client.putManifest(repository, tag, manifest, OCI_MANIFEST);
  return digest;
}

/** A unique repository name per test, so tests never see each other's signatures. */
export function uniqueRepository(prefix: string): string {
  return `prodline-test/${prefix}-${randomBytes(4).toString('hex')}`;
}
