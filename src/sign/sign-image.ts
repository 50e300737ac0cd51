import type { SerializedBundle } from '@sigstore/bundle';
import type { RegistryClient } from '../image/registry/client.js';
import type { Deadline } from '../runtime/retry.js';
import { classicAnnotations } from './classic-format.js';
import { COSIGN_SIGN_PREDICATE, signatureStatement } from './in-toto.js';
import { dockerReference, simpleSigningPayload } from './simple-signing.js';
import { signWithSigstore, type SigningIdentity, type SigstoreServices } from './sigstore-signer.js';
import { appendClassicSignature, attachBundle } from './signature-store.js';
import type { SignatureFormat } from './verify-image.js';

/** The image to sign: a digest that exists in the registry, with its manifest's type and size. */
export interface SigningSubject {
  registry: string;
  repository: string;
  digest: string;
  mediaType: string;
  size: number;
}

export interface SignImageResult {
  /** The bundle written locally and attached (DSSE, v0.3), or the message-signature bundle (classic only). */
  bundle: SerializedBundle;
  stored: { format: SignatureFormat; ref: string }[];
  rekorLogIndex?: string;
  /** The leaf certificate (base64 DER) for keyless signatures. */
  certificate?: string;
}

/**
 * Signs a digest and stores the signature in the requested formats: a Sigstore bundle v0.3 (DSSE over
 * cosign v3's in-toto statement) as an OCI referrer, and/or cosign v2's classic simple-signing
 * signature appended to the `.sig` tag.
 */
export async function signImage(options: {
  client: RegistryClient;
  subject: SigningSubject;
  formats: SignatureFormat[];
  identity: SigningIdentity;
  services: SigstoreServices;
  deadline: Deadline;
}): Promise<SignImageResult> {
  const { client, subject, formats } = options;
  const name = dockerReference(subject.registry, subject.repository);
  const classicPayload = formats.includes('classic') ? simpleSigningPayload(name, subject.digest) : undefined;
  const statement = formats.includes('bundle') ? signatureStatement(name, subject.digest) : undefined;
  const signed = await signWithSigstore(
    options.identity,
    options.services,
    { classicPayload, statement },
    options.deadline,
  );
  const stored: SignImageResult['stored'] = [];
  if (signed.dsse) {
    const at = await attachBundle(
      client,
      subject.repository,
      { digest: subject.digest, mediaType: subject.mediaType, size: subject.size },
      Buffer.from(JSON.stringify(signed.dsse)),
      {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': COSIGN_SIGN_PREDICATE,
        'org.opencontainers.image.created': new Date().toISOString(),
      },
    );
    stored.push({ format: 'bundle', ref: `${subject.registry}/${at.ref}` });
  }
  if (signed.message && classicPayload) {
    const at = await appendClassicSignature(client, subject.repository, subject.digest, {
      payload: classicPayload,
      annotations: classicAnnotations(signed.message),
    });
    stored.push({ format: 'classic', ref: `${subject.registry}/${at.ref}` });
  }
  const bundle = (signed.dsse ?? signed.message) as SerializedBundle;
  const material = bundle.verificationMaterial;
  return {
    bundle,
    stored,
    rekorLogIndex: material.tlogEntries[0]?.logIndex,
    certificate: material.x509CertificateChain?.certificates[0]?.rawBytes ?? material.certificate?.rawBytes,
  };
}
