import { createHash, verify, type KeyObject } from 'node:crypto';
import {
  fulcioHandler,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn,
  type initializeCA,
  type initializeTLog,
} from '@sigstore/mock';
import { TokenError, type GithubOidc } from './github-oidc.js';

type CA = Awaited<ReturnType<typeof initializeCA>>;
type TLog = Awaited<ReturnType<typeof initializeTLog>>;

/** A claim only this stand-in adds, so the mock uses it as the certificate's SAN. */
const SAN_CLAIM = 'prodline_testbed_san';

interface SigningCertRequest {
  credentials?: { oidcIdentityToken?: string };
  publicKeyRequest?: { publicKey?: { content?: string }; proofOfPossession?: string };
  certificateSigningRequest?: string;
}

/**
 * Fulcio's `POST /api/v2/signingCert` for GitHub Actions tokens. The mock neither checks the token nor knows
 * GitHub's identity rule (it copies a claim verbatim into the SAN), so this wrapper does what real Fulcio
 * does first: checks the token (signature, issuer, audience `sigstore`, lifetime, `job_workflow_ref`
 * present) and the proof of possession (the request key's signature over `sub`); then hands the mock an
 * unsigned copy of the claims carrying the SAN real Fulcio derives: `https://github.com/<job_workflow_ref>`.
 * The mock turns the other claims into Fulcio's GitHub extensions (issuer, repository, sha, ref, …).
 */
export function githubFulcioHandler(ca: CA, oidc: GithubOidc): HandlerFn {
  const mock = fulcioHandler(ca, { subjectClaim: SAN_CLAIM });
  return async (body) => {
    let request: SigningCertRequest;
    try {
      request = JSON.parse(body) as SigningCertRequest;
    } catch {
      return errorResult(400, 'the request body is not JSON');
    }
    const token = request.credentials?.oidcIdentityToken;
    if (!token) return errorResult(401, 'no identity token in the request');
    let claims;
    try {
      claims = oidc.verify(token, 'sigstore');
    } catch (error) {
      if (error instanceof TokenError) return errorResult(error.status, error.message);
      throw error;
    }
    if (typeof claims.job_workflow_ref !== 'string')
      return errorResult(400, 'the token has no job_workflow_ref claim');
    const key = request.publicKeyRequest?.publicKey?.content;
    const proof = request.publicKeyRequest?.proofOfPossession;
    // A CSR carries its own proof (its signature); the mock reads only its key, which is all we need here.
    if (!request.certificateSigningRequest) {
      if (!key || !proof)
        return errorResult(400, 'publicKeyRequest needs a public key and a proof of possession');
      if (!verify('sha256', Buffer.from(String(claims.sub)), key, Buffer.from(proof, 'base64')))
        return errorResult(400, 'the proof of possession does not verify against the public key');
    }
    const unsigned = [
      { alg: 'none', typ: 'JWT' },
      { ...claims, [SAN_CLAIM]: `https://github.com/${claims.job_workflow_ref}` },
    ]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.');
    return mock.fn(JSON.stringify({ ...request, credentials: { oidcIdentityToken: `${unsigned}.` } }));
  };
}

interface ProposedDsseEntry {
  apiVersion: string;
  kind: 'dsse';
  spec: { proposedContent?: { envelope: string; verifiers: string[] } };
}

/**
 * Rekor's `POST /api/v1/log/entries`. Workaround for a mock bug: real Rekor does not store a `dsse` entry as
 * proposed (`spec.proposedContent: {envelope, verifiers}`) but in its canonical form (`envelopeHash`,
 * `payloadHash`, `signatures: [{signature, verifier}]`), which is what verifiers compare the bundle against.
 * The mock logs the proposal verbatim, so @sigstore/verify finds no `signatures` in the logged body and
 * fails with "signature count mismatch". We canonicalise the proposal before the mock logs it.
 */
export function canonicalRekorHandler(tlog: TLog): HandlerFn {
  const mock = rekorHandler(tlog);
  return async (body) => {
    let entry: { kind?: string };
    try {
      entry = JSON.parse(body) as { kind?: string };
    } catch {
      return errorResult(400, 'the request body is not JSON');
    }
    if (entry.kind !== 'dsse') return mock.fn(body);
    const canonical = canonicalDsseEntry(entry as ProposedDsseEntry);
    return canonical ? mock.fn(JSON.stringify(canonical)) : errorResult(400, 'malformed dsse entry');
  };
}

/** The body Rekor logs for a proposed `dsse` 0.0.1 entry (rekor pkg/types/dsse/v0.0.1). */
export function canonicalDsseEntry(entry: ProposedDsseEntry): object | undefined {
  const proposed = entry.spec.proposedContent;
  if (!proposed) return undefined;
  const envelope = JSON.parse(proposed.envelope) as { payload: string; signatures: { sig: string }[] };
  return {
    apiVersion: entry.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256Hex(Buffer.from(proposed.envelope)) },
      payloadHash: { algorithm: 'sha256', value: sha256Hex(Buffer.from(envelope.payload, 'base64')) },
      // Rekor pairs each signature with the key that verified it and sorts them by signature.
      signatures: envelope.signatures
        .map((signature, index) => ({
          signature: signature.sig,
          verifier: proposed.verifiers[index] ?? proposed.verifiers[0],
        }))
        .sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0)),
    },
  };
}

/**
 * The TSA's `POST /api/v1/timestamp`, with its root and signing certificates. Workaround for a mock bug:
 * the mock writes `genTime` with milliseconds, and in DER a fraction loses its trailing zeros (…00.12Z for
 * 120 ms), which @sigstore/core's time parser (0 or exactly 3 digits) rejects as "invalid time" — about
 * one timestamp in ten. Real Sigstore TSAs write whole seconds, so we do too: the mock takes its clock as
 * a Date object and reads it on every request, so we set that Date to the current whole second before each
 * request, one request at a time (the mock reads the clock again after an await).
 */
export async function wholeSecondTsa(keyPair: { publicKey: KeyObject; privateKey: KeyObject }): Promise<{
  handler: HandlerFn;
  rootCertificate: Buffer;
  signingCertificate: Buffer;
}> {
  const clock = new Date();
  const tsa = await initializeTSA(keyPair, clock);
  const mock = tsaHandler(tsa);
  let queue: Promise<unknown> = Promise.resolve();
  const handler: HandlerFn = (body) => {
    const result = queue.then(() => {
      clock.setTime(Math.floor(Date.now() / 1000) * 1000);
      return mock.fn(body);
    });
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    handler,
    rootCertificate: toBuffer(tsa.rootCertificate),
    signingCertificate: toBuffer(tsa.intCertificate),
  };
}

/** A view's bytes as a Buffer (the mock hands out views over larger buffers). */
export function toBuffer(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function errorResult(statusCode: number, message: string): Awaited<ReturnType<HandlerFn>> {
  // Fulcio and Rekor answer errors as gRPC-gateway / go-swagger JSON: {code, message}.
  return {
    statusCode,
    response: JSON.stringify({ code: statusCode, message }),
    contentType: 'application/json',
  };
}
