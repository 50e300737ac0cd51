import { createHash } from 'node:crypto';

/** One blob of an OCI artifact: its media type, bytes and optional annotations. */
export interface OciBlob {
  mediaType: string;
  data: Uint8Array;
  annotations?: Record<string, string>;
}

export interface OciPushOptions {
  /** `host:port` of a registry reached over plain HTTP (the testbed's plain registry). */
  registry: string;
  /** Repository name, e.g. `aquasecurity/trivy-db`. */
  repository: string;
  tag: string;
  config: OciBlob;
  layers: OciBlob[];
  /** Sent as HTTP basic auth when given (distribution's htpasswd auth accepts it directly). */
  auth?: { username: string; password: string };
}

export const OCI_MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

/** `sha256:<hex>` of some bytes, as registries name blobs. */
export function ociDigest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/**
 * Pushes an OCI artifact (config blob, layers, then an OCI image manifest under `tag`) with the
 * registry HTTP API: monolithic blob uploads (POST then PUT) and a manifest PUT. Blobs the registry
 * already holds are not uploaded again. Returns the manifest's digest.
 */
export async function pushOciArtifact(options: OciPushOptions): Promise<string> {
  const base = `http://${options.registry}/v2/${options.repository}`;
  const headers: Record<string, string> = options.auth
    ? {
        authorization: `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`,
      }
    : {};
  const blobs = [options.config, ...options.layers];
  await Promise.all(blobs.map((blob) => uploadBlob(base, blob.data, headers)));
  const descriptor = (blob: OciBlob) => ({
    mediaType: blob.mediaType,
    digest: ociDigest(blob.data),
    size: blob.data.byteLength,
    ...(blob.annotations ? { annotations: blob.annotations } : {}),
  });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_TYPE,
      config: descriptor(options.config),
      layers: options.layers.map(descriptor),
    }),
  );
  const response = await fetch(`${base}/manifests/${options.tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': OCI_MANIFEST_TYPE },
    body: manifest,
  });
  await expectStatus(response, 201, `PUT manifest ${options.repository}:${options.tag}`);
  return response.headers.get('docker-content-digest') ?? ociDigest(manifest);
}

async function uploadBlob(base: string, data: Uint8Array, headers: Record<string, string>): Promise<void> {
  const digest = ociDigest(data);
  const head = await fetch(`${base}/blobs/${digest}`, { method: 'HEAD', headers });
  if (head.status === 200) return;
  const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST', headers });
  await expectStatus(start, 202, `POST blob upload for ${digest}`);
  const location = start.headers.get('location');
  if (!location) throw new Error(`registry answered the blob upload POST without a Location (${base})`);
  // Location may be relative and already carries the upload state in its query.
  const url = new URL(location, base);
  url.searchParams.set('digest', digest);
  const put = await fetch(url, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: data,
  });
  await expectStatus(put, 201, `PUT blob ${digest}`);
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  if (response.status === status) return;
  const body = await response.text().catch(() => '');
  throw new Error(`${what}: registry answered ${response.status} (expected ${status}) ${body.slice(0, 500)}`);
}
