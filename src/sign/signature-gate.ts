import { readFileSync } from 'node:fs';
import type { SignerIdentity } from './signer-identity.js';
import type { RegistryClient } from '../image/registry/client.js';
import { loadTrustMaterial, TrustedRootError, type SignerPolicy } from './verify-bundle.js';
import { verifyImageSignatures, type ImageVerification, type SignatureFormat } from './verify-image.js';

/**
 * The deploy gate: verifies that `registry/repository@digest` carries a valid signature by the given
 * identity (keyless identity + issuer, or public key), in any of `formats`. Shared by sign-image's
 * verify mode and canary-deploy's signature gate; throws NoValidSignature (with every reason) when
 * none verifies.
 */
export async function verifySignedDigest(options: {
  client: RegistryClient;
  registry: string;
  repository: string;
  digest: string;
  identity: SignerIdentity;
  formats: SignatureFormat[];
  /** Where the public-good trusted root is cached when none is given. */
  cacheDir: string;
}): Promise<{ verification: ImageVerification; policy: SignerPolicy }> {
  const publicKeyPem = readPublicKey(options.identity.publicKey);
  const policy: SignerPolicy = {
    certificateIdentity: options.identity.certificateIdentity,
    certificateIdentityRegexp: options.identity.certificateIdentityRegexp,
    certificateOidcIssuer: options.identity.certificateOidcIssuer,
    publicKeyPem,
  };
  const trust = await loadTrustMaterial(options.identity.trustedRoot, publicKeyPem, options.cacheDir);
  const verification = await verifyImageSignatures({
    client: options.client,
    repository: options.repository,
    digest: options.digest,
    image: `${options.registry}/${options.repository}@${options.digest}`,
    formats: options.formats,
    trust,
    policy,
  });
  return { verification, policy };
}

/** `public-key` is PEM content, or a path to a PEM file. */
function readPublicKey(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch {
    throw new TrustedRootError(`public-key: ${value} is neither PEM content nor a readable file`);
  }
}
