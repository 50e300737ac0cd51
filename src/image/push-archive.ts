import { join } from 'node:path';
import { ActionFailure } from '../runtime/errors.js';
import { gzipLayer, sha256, type BlobFile, type DockerArchive } from './docker-archive.js';
import { excerpt, MANIFEST_ACCEPT, RegistryClient, type Body } from './registry-client.js';

export const DOCKER_MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json';
const LAYER_TYPE = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** What a push left in the registry. */
export interface PushResult {
  /** The digest the registry reports for the manifest (checked by a HEAD). */
  digest: string;
  tags: string[];
}

/**
 * Pushes an image saved with `docker save` to `repository`: layers (gzip), config, then a Docker v2
 * manifest under each tag (or by digest alone when there is no tag). The digest is the one the registry
 * reports on a HEAD of the manifest, checked against the bytes sent: what was scanned is what was pushed.
 */
export async function pushArchive(
  client: RegistryClient,
  repository: string,
  archive: DockerArchive,
  tags: string[],
  workDir: string,
): Promise<PushResult> {
  const scope = { repository, push: true };
  const layers: BlobFile[] = [];
  for (const [index, layer] of archive.layers.entries())
    layers.push(await gzipLayer(layer, join(workDir, `layer-${index}.tar.gz`)));
  const config = { digest: sha256(archive.configBytes), size: archive.configBytes.length };
  const unique = new Map<string, Body>([[config.digest, archive.configBytes]]);
  for (const layer of layers) unique.set(layer.digest, { file: layer.file, size: layer.size });
  for (const [digest, body] of unique) await uploadBlob(client, repository, digest, body);

  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST_TYPE,
      config: { mediaType: CONFIG_TYPE, size: config.size, digest: config.digest },
      layers: layers.map((layer) => ({ mediaType: LAYER_TYPE, size: layer.size, digest: layer.digest })),
    }),
  );
  const expected = sha256(manifest);
  for (const reference of tags.length > 0 ? tags : [expected]) {
    const put = await client.send(
      'PUT',
      `${repository}/manifests/${reference}`,
      scope,
      { 'content-type': DOCKER_MANIFEST_TYPE },
      manifest,
    );
    if (put.status !== 201)
      throw new ActionFailure(
        `The registry refused the manifest for ${repository}:${reference} (HTTP ${put.status}): ${excerpt(put.body)}`,
      );
  }
  const head = await client.send('HEAD', `${repository}/manifests/${expected}`, scope, {
    accept: MANIFEST_ACCEPT,
  });
  const reported = head.headers['docker-content-digest'];
  if (head.status !== 200 || typeof reported !== 'string')
    throw new ActionFailure(
      `The pushed manifest ${repository}@${expected} cannot be found in the registry (HEAD answered ${head.status}).`,
    );
  if (reported !== expected)
    throw new ActionFailure(
      `The registry reports digest ${reported} for the manifest prodline pushed as ${expected}: the registry rewrote it, so the digest cannot be trusted.`,
    );
  return { digest: reported, tags };
}

async function uploadBlob(
  client: RegistryClient,
  repository: string,
  digest: string,
  body: Body,
): Promise<void> {
  const scope = { repository, push: true };
  const head = await client.send('HEAD', `${repository}/blobs/${digest}`, scope);
  if (head.status === 200) return;
  const start = await client.send('POST', `${repository}/blobs/uploads/`, scope);
  const location = start.headers.location;
  if (start.status !== 202 || typeof location !== 'string')
    throw new ActionFailure(
      `The registry refused to start a blob upload to ${repository} (HTTP ${start.status}): ${excerpt(start.body)}`,
    );
  // Location may be relative and already carries the upload state in its query.
  const url = await client.url(location);
  url.searchParams.set('digest', digest);
  const put = await client.send(
    'PUT',
    `${url.pathname}${url.search}`,
    scope,
    { 'content-type': 'application/octet-stream' },
    body,
  );
  if (put.status !== 201)
    throw new ActionFailure(
      `The registry refused blob ${digest} for ${repository} (HTTP ${put.status}): ${excerpt(put.body)}`,
    );
}
