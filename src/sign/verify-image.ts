import { ActionFailure } from '../runtime/errors.js';
import type { SerializedBundle } from '@sigstore/bundle';
import type { TrustMaterial } from '@sigstore/verify';
import type { RegistryClient } from '../image/registry/client.js';
import { bundleFromClassic } from './classic-format.js';
import { COSIGN_SIGN_PREDICATE, IN_TOTO_PAYLOAD_TYPE, statementSubjects } from './in-toto.js';
import { parseSimpleSigningPayload } from './simple-signing.js';
import { classicTag, readBundles, readClassicSignatures } from './signature-store.js';
import {
  SignatureRejected,
  verifyBundle,
  type RejectionKind,
  type SignerPolicy,
  type VerifiedSigner,
} from './verify-bundle.js';

export type SignatureFormat = 'bundle' | 'classic';

/** A signature of the image that verified. */
export interface ImageVerification {
  signer: VerifiedSigner;
  format: SignatureFormat;
  /** Where it lives: the referrer manifest, or the `.sig` tag. */
  signatureRef: string;
}

/** One signature found and rejected, with its reason. */
export interface Rejection {
  format: SignatureFormat;
  where: string;
  kind: RejectionKind;
  reason: string;
}

/** No signature verified; `rejections` says what was found and why each failed (empty: none found). */
export class NoValidSignature extends ActionFailure {
  constructor(
    readonly image: string,
    readonly rejections: Rejection[],
    formats: SignatureFormat[],
  ) {
    super(
      rejections.length === 0
        ? `${image} has no signature: looked for ${formats.map(describeFormat).join(' and ')}. Was it signed, and pushed to this registry and repository?`
        : `${image} has no valid signature: ${rejections.length} found, none acceptable:\n` +
            rejections.map((r) => `  - ${r.format} signature at ${r.where}: ${r.reason}`).join('\n'),
    );
  }
}

function describeFormat(format: SignatureFormat): string {
  return format === 'bundle' ? 'Sigstore bundle referrers' : 'the cosign tag sha256-<hex>.sig';
}

/**
 * Finds the image's signatures in the requested formats and verifies each against the policy; returns
 * the first that verifies, or throws NoValidSignature listing every rejection. Used by sign-image's
 * verify mode, its check right after signing, and canary-deploy's signature gate.
 */
export async function verifyImageSignatures(options: {
  client: RegistryClient;
  repository: string;
  digest: string;
  image: string;
  formats: SignatureFormat[];
  trust: TrustMaterial;
  policy: SignerPolicy;
}): Promise<ImageVerification> {
  const { client, repository, digest, trust, policy } = options;
  const rejections: Rejection[] = [];
  if (options.formats.includes('bundle')) {
    for (const { manifestDigest, bundle } of await readBundles(client, repository, digest)) {
      const where = `${repository}@${manifestDigest}`;
      try {
        const json = JSON.parse(bundle.toString('utf8')) as SerializedBundle;
        const signer = await verifyBundle(json, undefined, trust, policy);
        checkStatement(json, digest);
        return { signer, format: 'bundle', signatureRef: where };
      } catch (error) {
        rejections.push(toRejection('bundle', where, error));
      }
    }
  }
  if (options.formats.includes('classic')) {
    const where = `${repository}:${classicTag(digest)}`;
    for (const signature of await readClassicSignatures(client, repository, digest)) {
      try {
        const json = bundleFromClassic(signature);
        if (typeof json === 'string') throw new SignatureRejected('malformed', json);
        const signer = await verifyBundle(json, signature.payload, trust, policy);
        const payload = parseSimpleSigningPayload(signature.payload);
        if (!payload)
          throw new SignatureRejected('malformed', 'the signed payload is not a simple-signing payload');
        const signed = payload.critical.image['docker-manifest-digest'];
        if (signed !== digest) throw otherDigest(signed, digest);
        return { signer, format: 'classic', signatureRef: where };
      } catch (error) {
        rejections.push(toRejection('classic', where, error));
      }
    }
  }
  throw new NoValidSignature(options.image, rejections, options.formats);
}

/** A DSSE bundle must carry an in-toto statement whose subject is this digest. */
function checkStatement(json: SerializedBundle, digest: string): void {
  const envelope = json.dsseEnvelope;
  if (!envelope)
    throw new SignatureRejected(
      'malformed',
      'the bundle holds a message signature, not the in-toto statement cosign signs for images',
    );
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    throw new SignatureRejected(
      'malformed',
      `the bundle's payload type is ${envelope.payloadType}, not in-toto`,
    );
  const subjects = statementSubjects(Buffer.from(envelope.payload, 'base64'));
  if (!subjects) throw new SignatureRejected('malformed', 'the signed statement is not an in-toto statement');
  // cosign v3 stores attestations (provenance, SBOMs) as the same referrer type: they are not signatures.
  if (subjects.predicateType !== COSIGN_SIGN_PREDICATE)
    throw new SignatureRejected(
      'malformed',
      `it is an attestation (${subjects.predicateType ?? 'no predicate type'}), not an image signature (${COSIGN_SIGN_PREDICATE})`,
    );
  if (!subjects.digests.includes(digest)) throw otherDigest(subjects.digests.join(', ') || 'none', digest);
}

function otherDigest(signed: string, digest: string): SignatureRejected {
  return new SignatureRejected(
    'other-digest',
    `it is a valid signature, but for another image (${signed}), not ${digest}: a signature copied from another image`,
  );
}

function toRejection(format: SignatureFormat, where: string, error: unknown): Rejection {
  if (error instanceof SignatureRejected) return { format, where, kind: error.kind, reason: error.message };
  if (error instanceof SyntaxError)
    return { format, where, kind: 'malformed', reason: `not valid JSON (${error.message})` };
  throw error;
}
