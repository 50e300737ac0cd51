import type { RegistryClient } from '../image/registry/client.js';
import { digestTag, sha256Digest } from '../image/registry/digest.js';
import {
  OCI_EMPTY,
  OCI_MANIFEST,
  type Descriptor,
  type ImageManifest,
} from '../image/registry/media-types.js';
import { listReferrers, recordReferrer } from '../image/registry/referrers.js';
import { SIMPLE_SIGNING_MEDIA_TYPE, type ClassicSignature } from './classic-format.js';

export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const BUNDLE_MEDIA_PREFIX = 'application/vnd.dev.sigstore.bundle';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

/** Where a signature was stored: a human-readable reference and the manifest digest. */
export interface StoredSignature {
  ref: string;
  manifestDigest: string;
}

/** `sha256-<hex>.sig`: cosign's classic signature tag for an image digest. */
export function classicTag(digest: string): string {
  return `${digestTag(digest)}.sig`;
}

/**
 * Appends a classic signature to the image's `sha256-<hex>.sig` manifest (created when absent). Existing
 * signatures are kept, never replaced; the same signature is not added twice, so re-running after a
 * partial write (blob uploaded, tag not moved) simply completes it.
 */
export async function appendClassicSignature(
  client: RegistryClient,
  repository: string,
  digest: string,
  signature: ClassicSignature,
): Promise<StoredSignature> {
  const tag = classicTag(digest);
  const existing = await readClassicManifest(client, repository, digest);
  const layers = existing?.layers ?? [];
  const payloadDigest = await client.putBlob(repository, signature.payload);
  const layer: Descriptor = {
    mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
    size: signature.payload.byteLength,
    digest: payloadDigest,
    annotations: signature.annotations,
  };
  const sig = signature.annotations['dev.cosignproject.cosign/signature'];
  if (!layers.some((l) => l.annotations?.['dev.cosignproject.cosign/signature'] === sig)) layers.push(layer);
  // The config lists each layer as a diff id, as go-containerregistry (and so cosign) writes it.
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
  );
  const configDigest = await client.putBlob(repository, config);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, size: config.byteLength, digest: configDigest },
    layers,
  };
  const { digest: manifestDigest } = await client.putManifest(
    repository,
    tag,
    Buffer.from(JSON.stringify(manifest)),
    OCI_MANIFEST,
  );
  return { ref: `${repository}:${tag}`, manifestDigest };
}

/** Every classic signature stored for a digest (an empty list when there is no `.sig` tag). */
export async function readClassicSignatures(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<ClassicSignature[]> {
  const manifest = await readClassicManifest(client, repository, digest);
  const signatures: ClassicSignature[] = [];
  for (const layer of manifest?.layers ?? []) {
    if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) continue;
    signatures.push({
      payload: await client.getBlob(repository, layer.digest),
      annotations: layer.annotations ?? {},
    });
  }
  return signatures;
}

async function readClassicManifest(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<ImageManifest | undefined> {
  const fetched = await client.getManifest(repository, classicTag(digest));
  return fetched ? (JSON.parse(fetched.bytes.toString('utf8')) as ImageManifest) : undefined;
}

/**
 * Stores a Sigstore bundle as an OCI referrer of the image, as cosign v3 does: the bundle as the one
 * layer of an artifact manifest (empty config, `subject` = the image), then recorded in the referrers
 * index (the API when the registry has one, else the `sha256-<hex>` tag).
 */
export async function attachBundle(
  client: RegistryClient,
  repository: string,
  subject: { digest: string; mediaType: string; size: number },
  bundleJson: Buffer,
  annotations: Record<string, string>,
): Promise<StoredSignature> {
  const empty = Buffer.from('{}');
  const [emptyDigest, bundleDigest] = await Promise.all([
    client.putBlob(repository, empty),
    client.putBlob(repository, bundleJson),
  ]);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: BUNDLE_V03_MEDIA_TYPE,
    config: { mediaType: OCI_EMPTY, digest: emptyDigest, size: 2 },
    layers: [
      {
        mediaType: BUNDLE_V03_MEDIA_TYPE,
        digest: bundleDigest,
        size: bundleJson.byteLength,
        annotations: { 'org.opencontainers.image.title': `${digestTag(bundleDigest)}.sigstore.json` },
      },
    ],
    subject,
    annotations,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = sha256Digest(bytes);
  const { headers } = await client.putManifest(repository, manifestDigest, bytes, OCI_MANIFEST);
  await recordReferrer(
    client,
    repository,
    subject.digest,
    {
      mediaType: OCI_MANIFEST,
      digest: manifestDigest,
      size: bytes.byteLength,
      artifactType: BUNDLE_V03_MEDIA_TYPE,
      annotations,
    },
    headers,
  );
  return { ref: `${repository}@${manifestDigest}`, manifestDigest };
}

/** Every Sigstore bundle attached to a digest as a referrer, with the referrer manifest's digest. */
export async function readBundles(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<{ manifestDigest: string; bundle: Buffer }[]> {
  const referrers = (await listReferrers(client, repository, digest)).filter((d) =>
    d.artifactType?.startsWith(BUNDLE_MEDIA_PREFIX),
  );
  const bundles: { manifestDigest: string; bundle: Buffer }[] = [];
  for (const referrer of referrers) {
    const fetched = await client.getManifest(repository, referrer.digest);
    if (!fetched) continue;
    const manifest = JSON.parse(fetched.bytes.toString('utf8')) as ImageManifest;
    const layer = manifest.layers?.find((l) => l.mediaType.startsWith(BUNDLE_MEDIA_PREFIX));
    if (!layer) continue;
    bundles.push({ manifestDigest: referrer.digest, bundle: await client.getBlob(repository, layer.digest) });
  }
  return bundles;
}
