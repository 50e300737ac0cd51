import type { SignerPolicy } from '../../sign/verify-bundle.js';
import type { ImageVerification, SignatureFormat } from '../../sign/verify-image.js';
import type { SignImageInputs } from './inputs.js';

const PUBLIC_GOOD_REKOR = 'https://rekor.sigstore.dev';

/**
 * The exact `cosign verify` commands for what was written: cosign v3 reads the bundle referrer by default;
 * cosign v2 reads the classic `.sig` tag. Private Sigstore instances need their trusted root (v3) or
 * Rekor URL (v2).
 */
export function cosignCommands(
  subject: string,
  formats: SignatureFormat[],
  policy: SignerPolicy,
  inputs: Pick<SignImageInputs, 'rekorUrl' | 'identity'>,
): string[] {
  const who = policy.publicKeyPem
    ? ['--key cosign.pub']
    : [
        policy.certificateIdentity
          ? `--certificate-identity '${policy.certificateIdentity}'`
          : `--certificate-identity-regexp '${policy.certificateIdentityRegexp ?? ''}'`,
        `--certificate-oidc-issuer '${policy.certificateOidcIssuer}'`,
      ];
  const commands: string[] = [];
  if (formats.includes('bundle'))
    commands.push(
      [
        'cosign verify',
        ...who,
        ...(inputs.identity.trustedRoot ? ['--trusted-root trusted-root.json'] : []),
        subject,
      ].join(' '),
    );
  if (formats.includes('classic'))
    commands.push(
      [
        'cosign verify',
        ...who,
        ...(inputs.rekorUrl !== PUBLIC_GOOD_REKOR ? [`--rekor-url '${inputs.rekorUrl}'`] : []),
        subject,
        '  # cosign v2 (classic .sig format)',
      ].join(' '),
    );
  return commands;
}

/** The job summary after signing: what, by whom, where, and how to check it. */
export function signSummary(
  subject: string,
  stored: { format: SignatureFormat; ref: string }[],
  signer: string,
  policy: SignerPolicy,
  commands: string[],
): string {
  return [
    '### Image signed',
    '',
    `| | |`,
    `|---|---|`,
    `| image | \`${subject}\` |`,
    `| signer | \`${signer}\`${policy.publicKeyPem ? '' : ` (issuer \`${policy.certificateOidcIssuer}\`)`} |`,
    ...stored.map(
      (s) => `| ${s.format === 'bundle' ? 'bundle (cosign v3)' : 'classic (cosign v2)'} | \`${s.ref}\` |`,
    ),
    '',
    'Verified right after signing. To check it yourself:',
    '',
    '```sh',
    ...commands,
    '```',
    ...(policy.publicKeyPem
      ? []
      : [
          '',
          'Deploy gates must verify against this identity. Inside a reusable workflow it is the reusable workflow (`job_workflow_ref`), not the calling workflow.',
        ]),
  ].join('\n');
}

/** The job summary of verify mode. */
export function verifySummary(
  subject: string,
  verification: ImageVerification,
  policy: SignerPolicy,
): string {
  return [
    '### Image signature verified',
    '',
    `| | |`,
    `|---|---|`,
    `| image | \`${subject}\` |`,
    `| signer | \`${verification.signer.identity}\`${policy.publicKeyPem ? '' : ` (issuer \`${verification.signer.issuer ?? policy.certificateOidcIssuer}\`)`} |`,
    `| format | ${verification.format} |`,
    `| signature | \`${verification.signatureRef}\` |`,
  ].join('\n');
}
