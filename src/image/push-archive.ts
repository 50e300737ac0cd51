import { join } from 'node:path';
import type { HttpBody } from '../runtime/http.js';
import { gzipLayer, sha256, type BlobFile, type DockerArchive } from './docker-archive.js';
import { RegistryError, type RegistryClient } from './registry/client.js';

export const DOCKER_MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json';
const LAYER_TYPE = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
// docker push's own default (max-concurrent-uploads).
const BLOB_UPLOADS_AT_ONCE = 5;

/** What a push left in the registry. */
export interface PushResult {
  /** The digest the registry reports for the manifest (checked by a HEAD). */
  digest: string;
  tags: string[];
}

/** An image ready to push: its layers compressed and hashed on local disk, nothing sent yet. */
export interface StagedImage {
  config: { digest: string; size: number; bytes: Buffer };
  layers: BlobFile[];
}

/**
 * Compresses and hashes the layers of an image saved with `docker save`: the local half of a push, which
 * build-and-scan runs while Trivy scans, so that only the upload waits for the gate.
 */
export async function stageArchive(archive: DockerArchive, workDir: string): Promise<StagedImage> {
  const layers = await Promise.all(
    archive.layers.map((layer, index) => gzipLayer(layer, join(workDir, `layer-${index}.tar.gz`))),
  );
  return {
    config: {
      digest: sha256(archive.configBytes),
      size: archive.configBytes.length,
      bytes: archive.configBytes,
    },
    layers,
  };
}

/**
 * Pushes a staged image (`stageArchive`) to `repository`: layers (gzip), config, then a Docker v2
 * manifest under each tag (or by digest alone when there is no tag). The digest is the one the registry
 * reports on a HEAD of the manifest, checked against the bytes sent: what was scanned is what was pushed.
 */
export async function pushArchive(
  client: RegistryClient,
  repository: string,
  { config, layers }: StagedImage,
  tags: string[],
): Promise<PushResult> {
  const unique = new Map<string, HttpBody>([[config.digest, config.bytes]]);
  for (const layer of layers) unique.set(layer.digest, { file: layer.file, size: layer.size });
  // Blobs go up side by side (a few at a time, as docker push does); the manifest only once all are there.
  const queue = [...unique];
  const uploader = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await client.uploadBlob(repository, ...next);
  };
  await Promise.all(Array.from({ length: Math.min(BLOB_UPLOADS_AT_ONCE, queue.length) }, uploader));

  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST_TYPE,
      config: { mediaType: CONFIG_TYPE, size: config.size, digest: config.digest },
      layers: layers.map((layer) => ({ mediaType: LAYER_TYPE, size: layer.size, digest: layer.digest })),
    }),
  );
  const expected = sha256(manifest);
  for (const reference of tags.length > 0 ? tags : [expected])
    await client.putManifest(repository, reference, manifest, DOCKER_MANIFEST_TYPE);
  const reported = await client.headManifest(repository, expected);
  if (reported === undefined)
    throw new RegistryError(
      `The pushed manifest ${repository}@${expected} cannot be found in the registry (HEAD answered 404).`,
    );
  if (reported !== expected)
    throw new RegistryError(
      `The registry reports digest ${reported} for the manifest prodline pushed as ${expected}: the registry rewrote it, so the digest cannot be trusted.`,
    );
  return { digest: reported, tags };
}
