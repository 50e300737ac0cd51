import { ConfigurationError, InvalidValue } from '../runtime/errors.js';
import { describe, type InputReader } from '../runtime/input-reader.js';
import type { SignerIdentity } from '../sign/signer-identity.js';

export type { SignerIdentity };

/** Reads the identity inputs shared by sign-image and canary-deploy's signature gate. */
export function readSignerIdentity(read: InputReader): SignerIdentity {
  const identity: SignerIdentity = {
    certificateIdentity: read.string('certificate-identity'),
    certificateIdentityRegexp: read.custom('certificate-identity-regexp', parseRegExp),
    certificateOidcIssuer: read.requiredUrl('certificate-oidc-issuer'),
    publicKey: read.string('public-key'),
    trustedRoot: read.string('trusted-root'),
  };
  if (identity.certificateIdentity && identity.certificateIdentityRegexp) {
    throw new ConfigurationError(
      'certificate-identity, certificate-identity-regexp',
      'both were given',
      'one of them: an exact identity, or a regular expression',
    );
  }
  if (identity.publicKey && (identity.certificateIdentity || identity.certificateIdentityRegexp)) {
    throw new ConfigurationError(
      'public-key',
      'it was given together with a certificate identity',
      'public-key (key-based signatures) or certificate-identity (keyless), not both',
    );
  }
  return identity;
}

/** True when the identity says who must have signed (a key, an exact identity or an identity pattern). */
export function namesSigner(identity: SignerIdentity): boolean {
  return Boolean(identity.publicKey || identity.certificateIdentity || identity.certificateIdentityRegexp);
}

function parseRegExp(value: string): string {
  try {
    new RegExp(value);
  } catch (error) {
    throw new InvalidValue(
      `${describe(value)} is not a valid regular expression (${(error as Error).message})`,
      'a JavaScript regular expression, e.g. ^https://github.com/org/',
    );
  }
  return value;
}
