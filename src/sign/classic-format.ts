import { createHash, X509Certificate } from 'node:crypto';
import type { SerializedBundle } from '@sigstore/bundle';

/** Layer media type of cosign's classic signatures. */
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';

/** The annotations cosign puts on each signature layer. */
export const CLASSIC_ANNOTATIONS = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  bundle: 'dev.sigstore.cosign/bundle',
  timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
} as const;

/** One classic signature: the payload (the layer's bytes) and the layer's annotations. */
export interface ClassicSignature {
  payload: Buffer;
  annotations: Record<string, string>;
}

/** cosign's "Rekor bundle" annotation: the SET and the logged entry, as rekor's API returned it. */
interface RekorBundle {
  SignedEntryTimestamp: string;
  Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
}

/**
 * Turns a message-signature Sigstore bundle over `payload` into the annotations cosign v2 writes:
 * signature, certificate + chain (keyless), the Rekor bundle (SET + logged entry) and the RFC 3161
 * timestamp when there is one.
 */
export function classicAnnotations(bundle: SerializedBundle): Record<string, string> {
  if (!bundle.messageSignature) throw new Error('a classic signature needs a message-signature bundle');
  const material = bundle.verificationMaterial;
  const annotations: Record<string, string> = {
    [CLASSIC_ANNOTATIONS.signature]: bundle.messageSignature.signature,
  };
  const certificates =
    material.x509CertificateChain?.certificates.map((c) => c.rawBytes) ??
    (material.certificate ? [material.certificate.rawBytes] : []);
  if (certificates.length > 0) {
    annotations[CLASSIC_ANNOTATIONS.certificate] = toPem(certificates[0]);
    annotations[CLASSIC_ANNOTATIONS.chain] = certificates.slice(1).map(toPem).join('');
  }
  const entry = material.tlogEntries[0];
  if (entry?.inclusionPromise) {
    const rekorBundle: RekorBundle = {
      SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
      Payload: {
        body: entry.canonicalizedBody,
        integratedTime: Number(entry.integratedTime),
        logIndex: Number(entry.logIndex),
        logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
      },
    };
    annotations[CLASSIC_ANNOTATIONS.bundle] = JSON.stringify(rekorBundle);
  }
  const timestamp = material.timestampVerificationData?.rfc3161Timestamps?.[0];
  if (timestamp)
    annotations[CLASSIC_ANNOTATIONS.timestamp] = JSON.stringify({
      SignedRFC3161Timestamp: timestamp.signedTimestamp,
    });
  return annotations;
}

/**
 * Rebuilds a verifiable Sigstore bundle (v0.1: Rekor inclusion promise, no proof) from a classic
 * signature, so classic and bundle signatures go through one verifier. Returns the reason when the
 * layer lacks what verification needs.
 */
export function bundleFromClassic(signature: ClassicSignature): SerializedBundle | string {
  const a = signature.annotations;
  const sig = a[CLASSIC_ANNOTATIONS.signature];
  if (!sig) return 'the signature layer has no signature annotation';
  const rekorText = a[CLASSIC_ANNOTATIONS.bundle];
  if (!rekorText) return 'the signature has no transparency log entry (dev.sigstore.cosign/bundle)';
  let rekor: RekorBundle;
  let body: { kind?: string; apiVersion?: string };
  try {
    rekor = JSON.parse(rekorText) as RekorBundle;
    body = JSON.parse(Buffer.from(rekor.Payload.body, 'base64').toString('utf8')) as typeof body;
  } catch {
    return 'the transparency log entry annotation is not valid JSON';
  }
  const certificate = a[CLASSIC_ANNOTATIONS.certificate];
  const chain = certificate ? [certificate, ...splitPem(a[CLASSIC_ANNOTATIONS.chain] ?? '')] : [];
  const timestamps: { signedTimestamp: string }[] = [];
  if (a[CLASSIC_ANNOTATIONS.timestamp]) {
    try {
      const parsed = JSON.parse(a[CLASSIC_ANNOTATIONS.timestamp]) as { SignedRFC3161Timestamp?: string };
      if (parsed.SignedRFC3161Timestamp) timestamps.push({ signedTimestamp: parsed.SignedRFC3161Timestamp });
    } catch {
      return 'the RFC 3161 timestamp annotation is not valid JSON';
    }
  }
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      ...(chain.length > 0
        ? { x509CertificateChain: { certificates: chain.map((pem) => ({ rawBytes: pemToBase64(pem) })) } }
        : { publicKey: { hint: '' } }),
      tlogEntries: [
        {
          logIndex: String(rekor.Payload.logIndex),
          logId: { keyId: Buffer.from(rekor.Payload.logID, 'hex').toString('base64') },
          kindVersion: { kind: body.kind ?? 'hashedrekord', version: body.apiVersion ?? '0.0.1' },
          integratedTime: String(rekor.Payload.integratedTime),
          inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
          canonicalizedBody: rekor.Payload.body,
        },
      ],
      timestampVerificationData: { rfc3161Timestamps: timestamps },
    },
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: createHash('sha256').update(signature.payload).digest('base64'),
      },
      signature: sig,
    },
  } as SerializedBundle;
}

function toPem(base64Der: string): string {
  return new X509Certificate(Buffer.from(base64Der, 'base64')).toString();
}

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
}

function pemToBase64(pem: string): string {
  return pem
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '')
    .trim();
}
