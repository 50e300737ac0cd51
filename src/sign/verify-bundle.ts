import { ActionFailure } from '../runtime/errors.js';
import { readFileSync } from 'node:fs';
import { createPublicKey, X509Certificate } from 'node:crypto';
import type { SerializedBundle } from '@sigstore/bundle';
import type { TrustMaterial } from '@sigstore/verify';

/** Who must have signed: a keyless identity (exact or pattern) and its issuer, or a public key. */
export interface SignerPolicy {
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer: string;
  publicKeyPem?: string;
}

/** Why one signature was rejected; `kind` keeps the reasons apart for callers and tests. */
export type RejectionKind =
  'wrong-identity' | 'wrong-key' | 'bad-signature' | 'untrusted' | 'other-digest' | 'malformed';

export class SignatureRejected extends ActionFailure {
  constructor(
    readonly kind: RejectionKind,
    message: string,
  ) {
    super(message);
  }
}

/** A signature that verified: who signed it and where it is logged. */
export interface VerifiedSigner {
  /** The certificate SAN, or `key` for a key-based signature. */
  identity: string;
  issuer?: string;
  rekorLogIndex?: string;
}

/**
 * The trust material: the trusted root (a file, or the public-good root through Sigstore's TUF
 * repository when none is given) and, for key-based verification, the public key whatever the bundle's
 * key hint says (cosign does not rely on hints either).
 */
export async function loadTrustMaterial(
  trustedRootFile: string | undefined,
  publicKeyPem: string | undefined,
  cacheDir: string,
): Promise<TrustMaterial> {
  const { TrustedRoot } = await import('@sigstore/protobuf-specs');
  const { toTrustMaterial } = await import('@sigstore/verify');
  const root = trustedRootFile
    ? readTrustedRoot(trustedRootFile, TrustedRoot)
    : await publicGoodRoot(cacheDir);
  if (!publicKeyPem)
    return toTrustMaterial(root, () => {
      throw new SignatureRejected(
        'wrong-key',
        'it was signed with a key, but a keyless signer (certificate identity) is required',
      );
    });
  const publicKey = createPublicKey(publicKeyPem);
  return toTrustMaterial(root, () => ({ publicKey, validFor: () => true }));
}

/** The trusted root could not be read or fetched; says what to do about it. */
export class TrustedRootError extends ActionFailure {
  constructor(message: string) {
    super(message);
  }
}

function readTrustedRoot(
  file: string,
  TrustedRoot: typeof import('@sigstore/protobuf-specs').TrustedRoot,
): ReturnType<typeof TrustedRoot.fromJSON> {
  try {
    return TrustedRoot.fromJSON(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new TrustedRootError(
      `trusted-root: ${file} could not be read as a Sigstore trusted root JSON (${(error as Error).message})`,
    );
  }
}

/** The public-good root through Sigstore's TUF repository (online; cached under `cacheDir`). */
async function publicGoodRoot(cacheDir: string): ReturnType<typeof import('@sigstore/tuf').getTrustedRoot> {
  const { getTrustedRoot } = await import('@sigstore/tuf');
  try {
    return await getTrustedRoot({ cachePath: cacheDir, retry: 2, timeout: 15_000 });
  } catch (error) {
    throw new TrustedRootError(
      `could not fetch the public-good Sigstore trusted root from Sigstore's TUF repository (${(error as Error).message}); for a private or offline Sigstore instance give trusted-root`,
    );
  }
}

/**
 * Verifies one Sigstore bundle against the trust material and the signer policy. `message` is the
 * signed content of a message-signature bundle (a DSSE bundle carries its own payload). Throws
 * SignatureRejected with the reason a person can act on.
 */
export async function verifyBundle(
  json: SerializedBundle,
  message: Buffer | undefined,
  trust: TrustMaterial,
  policy: SignerPolicy,
): Promise<VerifiedSigner> {
  const { bundleFromJSON } = await import('@sigstore/bundle');
  const { Verifier, toSignedEntity } = await import('@sigstore/verify');
  let bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    throw new SignatureRejected('malformed', `the bundle is malformed (${(error as Error).message})`);
  }
  const material = json.verificationMaterial;
  const keyless = Boolean(material.x509CertificateChain || material.certificate);
  if (policy.publicKeyPem && keyless)
    throw new SignatureRejected(
      'wrong-key',
      'it was signed keyless (with a certificate), but a signature by the given public key is required',
    );
  const verifier = new Verifier(trust, {
    tlogThreshold: 1,
    ctlogThreshold: keyless ? 1 : 0,
    timestampThreshold: 1,
  });
  let signer;
  try {
    signer = verifier.verify(
      toSignedEntity(bundle, message),
      keyless && policy.certificateIdentity
        ? {
            subjectAlternativeName: policy.certificateIdentity,
            extensions: { issuer: policy.certificateOidcIssuer },
          }
        : keyless
          ? { extensions: { issuer: policy.certificateOidcIssuer } }
          : undefined,
    );
  } catch (error) {
    throw rejection(error, policy, json);
  }
  const identity = signer.identity?.subjectAlternativeName ?? 'key';
  if (
    keyless &&
    policy.certificateIdentityRegexp &&
    !new RegExp(policy.certificateIdentityRegexp).test(identity)
  )
    throw new SignatureRejected(
      'wrong-identity',
      `signed by ${identity}, which does not match the required pattern ${policy.certificateIdentityRegexp}`,
    );
  return {
    identity,
    issuer: signer.identity?.extensions?.issuer,
    rekorLogIndex: material.tlogEntries[0]?.logIndex,
  };
}

function rejection(error: unknown, policy: SignerPolicy, json: SerializedBundle): SignatureRejected {
  if (error instanceof SignatureRejected) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  if (code === 'UNTRUSTED_SIGNER_ERROR') {
    const actual = certificateIdentity(json);
    return new SignatureRejected(
      'wrong-identity',
      `signed by ${actual ?? 'another identity'}, but ${policy.certificateIdentity ?? policy.certificateIdentityRegexp ?? 'another signer'} (issuer ${policy.certificateOidcIssuer}) is required (${message})`,
    );
  }
  if (code === 'CERTIFICATE_ERROR' || code === 'TIMESTAMP_ERROR' || /TLOG_INCLUSION|TLOG_ERROR/.test(code))
    return new SignatureRejected(
      'untrusted',
      `it does not chain to the trusted root: ${message} (is trusted-root the root of the Sigstore instance that signed it?)`,
    );
  if (
    policy.publicKeyPem &&
    (code === 'SIGNATURE_ERROR' || code === 'PUBLIC_KEY_ERROR' || /public key/i.test(message))
  )
    return new SignatureRejected(
      'wrong-key',
      `it does not verify with the given public key: signed by another key, or altered (${message})`,
    );
  return new SignatureRejected(
    'bad-signature',
    `the signature does not match the signed content: it was altered or corrupted (${code || 'error'}: ${message})`,
  );
}

/** The SAN of the bundle's leaf certificate, for messages. */
function certificateIdentity(json: SerializedBundle): string | undefined {
  const raw =
    json.verificationMaterial.x509CertificateChain?.certificates[0]?.rawBytes ??
    json.verificationMaterial.certificate?.rawBytes;
  if (!raw) return undefined;
  try {
    const san = new X509Certificate(Buffer.from(raw, 'base64')).subjectAltName ?? '';
    return san.replace(/^(URI|email):/, '');
  } catch {
    return undefined;
  }
}
