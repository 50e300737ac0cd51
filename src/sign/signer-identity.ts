/** Who must have signed an image, and the trust material to check it with (sign-image verify, deploy gate). */
export interface SignerIdentity {
  /** Exact certificate identity (SAN), e.g. `https://github.com/org/prodline/.github/workflows/pipeline.yml@refs/tags/v1`. */
  certificateIdentity?: string;
  /** A regular expression the certificate identity must match (anchored by the caller's pattern). */
  certificateIdentityRegexp?: string;
  /** The OIDC issuer that must have vouched for the identity. */
  certificateOidcIssuer: string;
  /** Key-based verification: a PEM public key's content, or a path to one. */
  publicKey?: string;
  /** Trusted root JSON file; the public-good Sigstore root when undefined. */
  trustedRoot?: string;
}
