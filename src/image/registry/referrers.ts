import type { RegistryClient } from './client.js';
import { digestTag } from './digest.js';
import { OCI_INDEX, type Descriptor, type ImageIndex } from './media-types.js';

/**
 * The referrers of a subject digest: from the OCI 1.1 referrers API when the registry has one, else from
 * the referrers tag schema (an index tagged `sha256-<hex>`), as cosign v3 and oras do. Optionally only
 * those of one artifact type.
 */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  subject: string,
  artifactType?: string,
): Promise<Descriptor[]> {
  const api = await client.request(repository, {
    method: 'GET',
    path: `/referrers/${subject}`,
    headers: { accept: OCI_INDEX },
  });
  let manifests: Descriptor[];
  if (api.status === 200 && (api.headers['content-type'] ?? '').startsWith(OCI_INDEX)) {
    manifests = (JSON.parse(api.body.toString('utf8')) as ImageIndex).manifests ?? [];
  } else {
    if (api.status !== 404)
      client.expect(api, [200, 404], `listing the referrers of ${repository}@${subject}`);
    manifests = (await readTagIndex(client, repository, subject))?.manifests ?? [];
  }
  return artifactType ? manifests.filter((m) => m.artifactType === artifactType) : manifests;
}

/**
 * Records a referrer pushed with a `subject`. A registry with the referrers API says so with the
 * `OCI-Subject` header on the manifest PUT; otherwise the `sha256-<hex>` tag index is read, the
 * descriptor appended (never replacing others) and written back. Idempotent: running it again after a
 * partial write completes the index.
 */
export async function recordReferrer(
  client: RegistryClient,
  repository: string,
  subject: string,
  referrer: Descriptor,
  putHeaders: Record<string, string>,
): Promise<'api' | 'tag'> {
  if (putHeaders['oci-subject'] === subject) return 'api';
  const existing = await readTagIndex(client, repository, subject);
  const manifests = existing?.manifests ?? [];
  if (!manifests.some((m) => m.digest === referrer.digest)) manifests.push(referrer);
  const index: ImageIndex = { schemaVersion: 2, mediaType: OCI_INDEX, manifests };
  await client.putManifest(repository, digestTag(subject), Buffer.from(JSON.stringify(index)), OCI_INDEX);
  return 'tag';
}

async function readTagIndex(
  client: RegistryClient,
  repository: string,
  subject: string,
): Promise<ImageIndex | undefined> {
  const fetched = await client.getManifest(repository, digestTag(subject));
  if (!fetched) return undefined;
  const parsed = JSON.parse(fetched.bytes.toString('utf8')) as Partial<ImageIndex>;
  return Array.isArray(parsed.manifests) ? (parsed as ImageIndex) : undefined;
}
