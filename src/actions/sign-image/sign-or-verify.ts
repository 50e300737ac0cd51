import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { RegistryClient } from '../../image/registry/client.js';
import { dockerConfigCredentials, registryTrust } from '../../image/registry/docker-config.js';
import { formatReference, repositoryName } from '../../image/reference.js';
import { spawnRunner } from '../../runtime/command-runner.js';
import { ActionFailure } from '../../runtime/errors.js';
import { Deadline } from '../../runtime/retry.js';
import type { ActionContext } from '../../runtime/run-action.js';
import { loadSigningKey } from '../../sign/cosign-key.js';
import { requestIdToken, tokenClaims } from '../../sign/oidc.js';
import { signImage } from '../../sign/sign-image.js';
import { attestProvenance } from './provenance-step.js';
import type { SigningIdentity } from '../../sign/sigstore-signer.js';
import { loadTrustMaterial, type SignerPolicy } from '../../sign/verify-bundle.js';
import { verifyImageSignatures, type SignatureFormat } from '../../sign/verify-image.js';
import { verifySignedDigest } from '../../sign/signature-gate.js';
import type { SignImageInputs } from './inputs.js';
import type { SignImageOutputs } from './types.js';
import { cosignCommands, signSummary, verifySummary } from './summary.js';

/** Sign a digest (keyless or with a key) and verify what was written, or only verify (a deploy gate). */
export async function signOrVerify(
  inputs: SignImageInputs,
  context: ActionContext,
): Promise<SignImageOutputs> {
  try {
    return await runChecked(inputs, context);
  } catch (error) {
    if (error instanceof ActionFailure) throw error;
    // Sigstore's and Node's own failures become one plain message; bugs keep their stack.
    const message = expectedFailure(error);
    if (message) throw new ActionFailure(message);
    throw error;
  }
}

async function runChecked(
  inputs: SignImageInputs,
  { logger, summary }: ActionContext,
): Promise<SignImageOutputs> {
  const deadline = new Deadline(inputs.timeoutMs);
  // A bad key or password fails before any network call.
  const signingKey =
    inputs.mode === 'sign' && inputs.key !== undefined
      ? await loadSigningKey(inputs.key, inputs.keyPassword)
      : undefined;
  const { image } = inputs;
  const credentials =
    inputs.username && inputs.password
      ? { username: inputs.username, password: inputs.password }
      : await dockerConfigCredentials(image.registry, inputs.dockerConfigDir, spawnRunner);
  const client = new RegistryClient({
    registry: image.registry,
    credentials,
    ca: registryTrust(image.registry, inputs.dockerConfigDir, inputs.registryCa),
    push: inputs.mode === 'sign',
    deadline,
    onRetry: (message) => logger.warning(`registry: ${message}`),
  });
  const reference = image.digest ?? (image.tag as string);
  const manifest = await client.getManifest(image.repository, reference);
  if (!manifest)
    throw new ActionFailure(
      `${formatReference(image)} was not found in the registry: check the repository and ${image.digest ? 'digest' : 'tag'}, and that it was pushed`,
    );
  const digest = manifest.digest;
  const subject = `${repositoryName(image)}@${digest}`;
  if (!image.digest) logger.info(`resolved the tag ${image.tag} to ${digest} through the registry`);
  const formats: SignatureFormat[] = inputs.format === 'both' ? ['bundle', 'classic'] : [inputs.format];
  const cacheDir = join(inputs.github.tempDir ?? tmpdir(), 'prodline-sigstore');
  mkdirSync(cacheDir, { recursive: true });

  if (inputs.mode === 'verify') {
    const { verification, policy } = await verifySignedDigest({
      client,
      registry: image.registry,
      repository: image.repository,
      digest,
      identity: inputs.identity,
      formats,
      cacheDir,
    });
    logger.info(`${subject}: ${verification.format} signature by ${verification.signer.identity} verified`);
    summary.append(verifySummary(subject, verification, policy));
    return {
      digest,
      'signature-ref': verification.signatureRef,
      'bundle-path': undefined,
      'certificate-identity': verification.signer.identity,
      'rekor-log-index': verification.signer.rekorLogIndex,
      verified: true,
    };
  }

  let identity: SigningIdentity;
  let policy: SignerPolicy;
  let claims: Record<string, unknown> = {};
  if (signingKey) {
    const key = signingKey;
    identity = { kind: 'key', key };
    policy = { certificateOidcIssuer: inputs.identity.certificateOidcIssuer, publicKeyPem: key.publicKeyPem };
  } else {
    const request = inputs.idTokenRequest as { url: string; token: string };
    let token: string | undefined;
    identity = {
      kind: 'keyless',
      idToken: async () => {
        token ??= await requestIdToken(request, 'sigstore', (secret) => logger.mask(secret), {
          deadline,
          onRetry: (message) => logger.warning(`OIDC token endpoint: ${message.replace(/\?.*$/, '')}`),
        });
        claims = tokenClaims(token);
        return token;
      },
    };
    policy = { certificateOidcIssuer: inputs.identity.certificateOidcIssuer };
  }
  logger.info(
    `signing ${subject} (${formats.join(' + ')}, ${identity.kind === 'key' ? 'with a key' : 'keyless'})`,
  );
  const result = await signImage({
    client,
    subject: {
      registry: image.registry,
      repository: image.repository,
      digest,
      mediaType: manifest.mediaType,
      size: manifest.bytes.byteLength,
    },
    formats,
    identity,
    services: { fulcioUrl: inputs.fulcioUrl, rekorUrl: inputs.rekorUrl, tsaUrl: inputs.tsaUrl },
    deadline,
  });
  for (const stored of result.stored) logger.info(`stored the ${stored.format} signature at ${stored.ref}`);
  const bundlePath = join(inputs.github.tempDir ?? tmpdir(), `${digest.replace(':', '-')}.sigstore.json`);
  writeFileSync(bundlePath, `${JSON.stringify(result.bundle, null, 2)}\n`);

  if (identity.kind === 'keyless') policy = keylessPolicy(inputs, claims, result.certificate);
  const trust = await loadTrustMaterial(inputs.identity.trustedRoot, policy.publicKeyPem, cacheDir);
  let signer;
  for (const format of formats) {
    // Every format written must verify on its own: a deploy gate may accept only one of them.
    const verification = await verifyImageSignatures({
      client,
      repository: image.repository,
      digest,
      image: subject,
      formats: [format],
      trust,
      policy,
    });
    signer = verification.signer;
    logger.info(`verified the ${format} signature just written (signer ${signer.identity})`);
  }
  const attestation =
    inputs.attestProvenance && identity.kind === 'keyless'
      ? await attestProvenance(inputs, { client, identity, claims, digest, manifest, deadline, logger })
      : undefined;
  const commands = cosignCommands(subject, formats, policy, inputs);
  summary.append(signSummary(subject, result.stored, signer?.identity ?? 'key', policy, commands));
  if (attestation)
    summary.append(
      `\nBuild provenance attested (GitHub attestation ${attestation.id || '(no id)'})${attestation.ref ? `, also stored at \`${attestation.ref}\`` : ''}. Check it with \`gh attestation verify oci://${subject} --repo ${inputs.github.repository ?? '<owner>/<repo>'}\`.`,
    );
  return {
    digest,
    'signature-ref': result.stored.map((s) => s.ref).join('\n'),
    'bundle-path': bundlePath,
    'certificate-identity': signer?.identity ?? 'key',
    'rekor-log-index': result.rekorLogIndex,
    verified: true,
  };
}

/**
 * The identity to verify right after keyless signing: the one asked for, else the one the token names
 * (GitHub: `https://github.com/<job_workflow_ref>`, the reusable workflow when inside one), which must
 * also be the certificate's.
 */
function keylessPolicy(
  inputs: SignImageInputs,
  claims: Record<string, unknown>,
  certificate: string | undefined,
): SignerPolicy {
  const issuer = typeof claims.iss === 'string' ? claims.iss : inputs.identity.certificateOidcIssuer;
  if (inputs.identity.certificateIdentity || inputs.identity.certificateIdentityRegexp)
    return { ...inputs.identity, certificateOidcIssuer: issuer, publicKeyPem: undefined };
  const san = certificate
    ? new X509Certificate(Buffer.from(certificate, 'base64')).subjectAltName?.replace(/^(URI|email):/, '')
    : undefined;
  const fromToken =
    typeof claims.job_workflow_ref === 'string' ? `https://github.com/${claims.job_workflow_ref}` : undefined;
  const identity = fromToken ?? san;
  if (!identity)
    throw new ActionFailure(
      'the signing certificate names no identity; cannot verify the signature just made',
    );
  if (san && san !== identity)
    throw new ActionFailure(
      `Fulcio certified ${san}, but the OIDC token names ${identity}: the Sigstore instance does not map GitHub tokens as expected`,
    );
  return { certificateIdentity: identity, certificateOidcIssuer: issuer };
}

/** Which Sigstore service an error code of @sigstore/sign points at, in words for the log. */
const SIGSTORE_SERVICES: [string, string][] = [
  ['CA_', 'Fulcio (the certificate authority, fulcio-url)'],
  ['TLOG_', 'Rekor (the transparency log, rekor-url)'],
  ['TSA_', 'the timestamp authority (tsa-url)'],
  ['IDENTITY_TOKEN_', 'the Actions OIDC token endpoint (id-token: write)'],
];

/** The message to report for a failure that is an outcome, not a bug; undefined for a bug. */
function expectedFailure(error: unknown): string | undefined {
  // Node's own errors may come from another realm (a test VM), so check the shape, not instanceof Error.
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return undefined;
  const text = String(code ?? '');
  // @sigstore/sign's errors carry codes such as CA_CREATE_SIGNING_CERTIFICATE_ERROR or TLOG_CREATE_ENTRY_ERROR.
  const service = SIGSTORE_SERVICES.find(([prefix]) => text.startsWith(prefix))?.[1];
  if (service)
    return `Sigstore refused or failed the request (${text}): ${service} did not do its part: ${message}${causeText(error)}`;
  if (/CERT|SSL|TLS/.test(text))
    return `TLS to the registry failed (${message}): if it uses a private CA, give its certificate file as registry-ca`;
  return undefined;
}

function causeText(error: object): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
