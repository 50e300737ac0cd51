import { createHash } from 'node:crypto';
import {
  HashAlgorithm,
  PublicKeyDetails,
  TrustedRoot,
  type CertificateAuthority,
  type TransparencyLogInstance,
} from '@sigstore/protobuf-specs';

/** The media type of a Sigstore trusted root (what `cosign --trusted-root` and sigstore-js read). */
export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';

/** The public parts of the stand-in's Fulcio, CT log, Rekor and TSA. */
export interface TrustedParts {
  /** When the keys and certificates were made (whole seconds: Rekor times are in seconds). */
  since: Date;
  fulcioUrl: string;
  /** DER of Fulcio's self-signed root. */
  caRoot: Buffer;
  /** DER (SPKI) of the CT log's key; its log id is the key's SHA-256. */
  ctlogKey: Buffer;
  rekorUrl: string;
  /** DER (SPKI) of Rekor's key; its log id is the key's SHA-256. */
  tlogKey: Buffer;
  tsaUrl: string;
  /** DER of the TSA's signing certificate and root, leaf first. */
  tsaChain: Buffer[];
}

const OPERATOR = 'prodline-testbed';

/**
 * The trusted root a verifier needs for the stand-in, in the protobuf-specs JSON form
 * (`application/vnd.dev.sigstore.trustedroot+json;version=0.1`): Fulcio's root, Rekor's and the CT log's
 * keys, the TSA's chain, each valid from `since` with no end (instances in service). The CT log has no
 * endpoint of its own: the mock CA logs every certificate itself and embeds the SCT.
 */
export function trustedRootJson(parts: TrustedParts): unknown {
  const validFor = { start: parts.since, end: undefined };
  const log = (baseUrl: string, key: Buffer): TransparencyLogInstance => ({
    baseUrl,
    hashAlgorithm: HashAlgorithm.SHA2_256,
    publicKey: { rawBytes: key, keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor },
    logId: { keyId: createHash('sha256').update(key).digest() },
    checkpointKeyId: undefined,
    operator: OPERATOR,
  });
  const authority = (commonName: string, uri: string, chain: Buffer[]): CertificateAuthority => ({
    subject: { organization: 'sigstore.mock', commonName },
    uri,
    certChain: { certificates: chain.map((rawBytes) => ({ rawBytes })) },
    validFor,
    operator: OPERATOR,
  });
  return TrustedRoot.toJSON({
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: [log(parts.rekorUrl, parts.tlogKey)],
    certificateAuthorities: [authority('sigstore', parts.fulcioUrl, [parts.caRoot])],
    ctlogs: [log(`${parts.fulcioUrl}/ct`, parts.ctlogKey)],
    timestampAuthorities: [authority('tsa', parts.tsaUrl, parts.tsaChain)],
  });
}
