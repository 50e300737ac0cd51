import { createHash, sign as cryptoSign } from 'node:crypto';
import type { SerializedBundle } from '@sigstore/bundle';
import {
  DeadlineExceeded,
  isRetryableStatus,
  withRetry,
  type Deadline,
  type RetryVerdict,
} from '../runtime/retry.js';
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

// @sigstore/sign's own retries are off: the runtime's engine repeats each service call instead, which is
// safe — a new Fulcio certificate, Rekor answering 409 with the existing entry (fetchOnConflict), and a
// stateless TSA — and keeps backoff, the time cap and the attempt count the same as everywhere else.
const SIGSTORE_RETRY = { retries: 0 };
const SIGSTORE_ATTEMPTS = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4_000 };

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
  const retried = async <T>(what: string, call: () => Promise<T>): Promise<T> =>
    (await withRetry(what, call, { policy: SIGSTORE_ATTEMPTS, deadline, classify: classifySigstoreFailure }))
      .value;
  // Each service call is retried on its own, so an outage of one does not use up the others' attempts.
  const signer: import('@sigstore/sign').Signer =
    identity.kind === 'keyless'
      ? retriedSigner(
          new sigstore.FulcioSigner({
            fulcioBaseURL: services.fulcioUrl,
            identityProvider: { getToken: identity.idToken },
            ...fetchOptions,
          }),
          (call) => retried('getting a signing certificate from Fulcio', call),
        )
      : keySigner(identity.key);
  const witness = (
    inner: import('@sigstore/sign').Witness,
    what: string,
  ): import('@sigstore/sign').Witness => ({
    testify: (content, publicKey) => retried(what, () => inner.testify(content, publicKey)),
  });
  const witnesses = [
    witness(
      new sigstore.RekorWitness({ rekorBaseURL: services.rekorUrl, fetchOnConflict: true, ...fetchOptions }),
      'recording the signature in Rekor',
    ),
    ...(services.tsaUrl
      ? [
          witness(
            new sigstore.TSAWitness({ tsaBaseURL: services.tsaUrl, ...fetchOptions }),
            'timestamping with the TSA',
          ),
        ]
      : []),
  ];
  const result: SignedBundles = {};
  const work = async () => {
    if (request.classicPayload) {
      const data = request.classicPayload;
      const bundle = await new sigstore.MessageSignatureBundleBuilder({ signer, witnesses }).create({ data });
      result.message = bundleToJSON(bundle);
    }
    if (request.statement) {
      const data = request.statement;
      const bundle = await new sigstore.DSSEBundleBuilder({ signer, witnesses }).create({
        data,
        type: IN_TOTO_PAYLOAD_TYPE,
      });
      result.dsse = bundleToJSON(bundle);
    }
    return result;
  };
  return withDeadline(work(), deadline, 'signing with Sigstore (Fulcio, Rekor, TSA)');
}

/** A signer whose every certificate request goes through the retry engine. */
function retriedSigner(
  inner: import('@sigstore/sign').Signer,
  retry: <T>(call: () => Promise<T>) => Promise<T>,
): import('@sigstore/sign').Signer {
  return { sign: (data) => retry(() => inner.sign(data)) };
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

/**
 * @sigstore/sign wraps a service's failure in an error whose cause is an HTTPError (with its status) or
 * the fetch's network error: 408/429/5xx and network errors are worth another try; a 4xx is final.
 */
export function classifySigstoreFailure(error: unknown): RetryVerdict {
  const cause = (error as { cause?: unknown }).cause;
  if (typeof cause !== 'object' || cause === null) return { retryable: false };
  const status = (cause as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number') return { retryable: isRetryableStatus(status) };
  const code = String((cause as { code?: unknown }).code ?? '');
  return {
    retryable: /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE|ERR_SOCKET)/.test(code),
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
