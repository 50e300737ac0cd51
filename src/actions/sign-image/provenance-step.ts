import type { RegistryClient } from '../../image/registry/client.js';
import { ActionFailure } from '../../runtime/errors.js';
import type { Deadline } from '../../runtime/retry.js';
import type { ActionContext } from '../../runtime/run-action.js';
import { provenanceStatement, SLSA_PROVENANCE_V1, uploadAttestation } from '../../sign/provenance.js';
import { attachBundle } from '../../sign/signature-store.js';
import { dockerReference } from '../../sign/simple-signing.js';
import { signWithSigstore, type SigningIdentity } from '../../sign/sigstore-signer.js';
import type { SignImageInputs } from './inputs.js';

/** A SLSA build-provenance attestation, signed keyless, stored with GitHub (and in the registry if asked). */
export async function attestProvenance(
  inputs: SignImageInputs,
  work: {
    client: RegistryClient;
    identity: SigningIdentity;
    claims: Record<string, unknown>;
    digest: string;
    manifest: { mediaType: string; bytes: Buffer };
    deadline: Deadline;
    logger: ActionContext['logger'];
  },
): Promise<{ id: string; ref?: string }> {
  const { image } = inputs;
  const repository =
    inputs.github.repository ??
    (typeof work.claims.repository === 'string' ? work.claims.repository : undefined);
  if (!inputs.githubToken || !repository)
    throw new ActionFailure(
      'attest-provenance: no GitHub token or repository to store the attestation with (github-token defaults to the job token; GITHUB_REPOSITORY must be set)',
    );
  const statement = provenanceStatement(
    dockerReference(image.registry, image.repository),
    work.digest,
    work.claims,
    inputs.github.serverUrl,
  );
  const { dsse } = await signWithSigstore(
    work.identity,
    { fulcioUrl: inputs.fulcioUrl, rekorUrl: inputs.rekorUrl, tsaUrl: inputs.tsaUrl },
    { statement },
    work.deadline,
  );
  const id = await uploadAttestation({
    apiUrl: inputs.githubApiUrl,
    repository,
    token: inputs.githubToken,
    bundle: dsse,
    deadline: work.deadline,
    onRetry: (message) => work.logger.warning(`GitHub attestations API: ${message}`),
  });
  work.logger.info(`stored the build-provenance attestation with GitHub (id ${id})`);
  if (!inputs.pushProvenance) return { id };
  const stored = await attachBundle(
    work.client,
    image.repository,
    { digest: work.digest, mediaType: work.manifest.mediaType, size: work.manifest.bytes.byteLength },
    Buffer.from(JSON.stringify(dsse)),
    {
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': SLSA_PROVENANCE_V1,
      'org.opencontainers.image.created': new Date().toISOString(),
    },
  );
  work.logger.info(`pushed the provenance attestation to ${image.registry}/${stored.ref}`);
  return { id, ref: `${image.registry}/${stored.ref}` };
}
