/** cosign's simple-signing payload type (the `critical.type` value). */
export const SIMPLE_SIGNING_TYPE = 'cosign container image signature';

/** The parts of a simple-signing payload that verification checks. */
export interface SimpleSigningPayload {
  critical: {
    identity: { 'docker-reference': string };
    image: { 'docker-manifest-digest': string };
    type: string;
  };
  optional: Record<string, unknown> | null;
}

/**
 * The payload cosign v2 signs for an image: exactly the bytes Go's encoding/json writes for cosign's
 * struct (field order critical → identity, image, type; then optional; no spaces). `dockerReference` is
 * the repository without tag or digest.
 */
export function simpleSigningPayload(dockerReference: string, digest: string): Buffer {
  const payload: SimpleSigningPayload = {
    critical: {
      identity: { 'docker-reference': dockerReference },
      image: { 'docker-manifest-digest': digest },
      type: SIMPLE_SIGNING_TYPE,
    },
    optional: null,
  };
  return Buffer.from(JSON.stringify(payload));
}

/** Parses a simple-signing payload; `undefined` when it is not one. */
export function parseSimpleSigningPayload(bytes: Buffer): SimpleSigningPayload | undefined {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as SimpleSigningPayload;
    if (typeof parsed?.critical?.image?.['docker-manifest-digest'] !== 'string') return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/** The repository name as cosign writes it in `docker-reference` (go-containerregistry's spelling). */
export function dockerReference(registry: string, repository: string): string {
  return `${registry === 'docker.io' ? 'index.docker.io' : registry}/${repository}`;
}
