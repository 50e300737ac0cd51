import { createHash } from 'node:crypto';

/** `sha256:<hex>` of some bytes, as registries name blobs and manifests. */
export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The referrers tag schema's tag for a subject digest: `sha256:abc…` → `sha256-abc…`. */
export function digestTag(digest: string): string {
  return digest.replace(':', '-');
}
