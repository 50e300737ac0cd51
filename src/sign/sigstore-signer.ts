import { createHash, sign as cryptoSign } from 'node:crypto';
import type { SerializedBundle } from '@sigstore/bundle';
import { DeadlineExceeded, type Deadline } from '../runtime/retry.js';
import type { SigningKey } from './cosign-key.js';
import { IN_TOTO_PAYLOAD_TYPE } from './in-toto.js';

/** Where the Sigstore services are (public good, GitHub's, private, or the testbed's). */
export interface SigstoreServices {
  fulcioUrl: string;
  rekorUrl: string;
  tsaUrl?: string;
}

/** Who signs: an ephemeral key certified by Fulcio for an OIDC token, or the user's own key. */
export type SigningIdentity =
  { kind: 'keyless'; idToken: () => Promise<string> } | { kind: 'key'; key: SigningKey };

/** What to sign: cosign v2's simple-signing payload, cosign v3's in-toto statement, or both. */
export interface SigningRequest {
  classicPayload?: Buffer;
  statement?: Buffer;
}

export interface SignedBundles {
  /** Message signature over the classic payload (with the Rekor entry and timestamp). */
  message?: SerializedBundle;
  /** DSSE envelope over the statement: a bundle v0.3. */
  dsse?: SerializedBundle;
}

// @sigstore/sign retries 408/429/5xx itself; these bound it (the overall cap is enforced around it).
const SIGSTORE_RETRY = { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 4_000, randomize: true };

/**
 * Signs with Sigstore: Fulcio (keyless) or the given key, Rekor, and the TSA when configured. The
 * library is loaded on demand, so a bad input never pays for it. Everything fails within the deadline.
 */
export async function signWithSigstore(
  identity: SigningIdentity,
  services: SigstoreServices,
  request: SigningRequest,
  deadline: Deadline,
): Promise<SignedBundles> {
  const sigstore = await import('@sigstore/sign');
  const { bundleToJSON } = await import('@sigstore/bundle');
  const fetchOptions = { retry: SIGSTORE_RETRY, timeout: Math.min(30_000, deadline.remaining()) };
  const signer =
    identity.kind === 'keyless'
      ? new sigstore.FulcioSigner({
          fulcioBaseURL: services.fulcioUrl,
          identityProvider: { getToken: identity.idToken },
          ...fetchOptions,
        })
      : keySigner(identity.key);
  const witnesses = [
    new sigstore.RekorWitness({ rekorBaseURL: services.rekorUrl, fetchOnConflict: true, ...fetchOptions }),
    ...(services.tsaUrl ? [new sigstore.TSAWitness({ tsaBaseURL: services.tsaUrl, ...fetchOptions })] : []),
  ];
  const result: SignedBundles = {};
  const work = async () => {
    if (request.classicPayload) {
      const bundle = await new sigstore.MessageSignatureBundleBuilder({ signer, witnesses }).create({
        data: request.classicPayload,
      });
      result.message = bundleToJSON(bundle);
    }
    if (request.statement) {
      const bundle = await new sigstore.DSSEBundleBuilder({ signer, witnesses }).create({
        data: request.statement,
        type: IN_TOTO_PAYLOAD_TYPE,
      });
      result.dsse = bundleToJSON(bundle);
    }
    return result;
  };
  return withDeadline(work(), deadline, 'signing with Sigstore (Fulcio, Rekor, TSA)');
}

/** A Signer over the user's own key; the hint names the key as sigstore-js does (SHA-256 of its SPKI). */
function keySigner(key: SigningKey): import('@sigstore/sign').Signer {
  const hint = createHash('sha256')
    .update(Buffer.from(key.publicKeyPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'))
    .digest('base64');
  return {
    sign: async (data) => ({
      signature: cryptoSign('sha256', data, key.privateKey),
      key: { $case: 'publicKey', publicKey: key.publicKeyPem, hint },
    }),
  };
}

/** Rejects when the deadline passes first (the pending request is abandoned, the process moves on). */
export function withDeadline<T>(work: Promise<T>, deadline: Deadline, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(what, deadline.totalMs)), deadline.remaining());
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
