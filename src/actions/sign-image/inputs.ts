import {
  DIGEST_REFERENCE_ACCEPTED,
  parseImageReference,
  type ImageReference,
} from '../../image/reference.js';
import { ConfigurationError, InvalidValue } from '../../runtime/errors.js';
import { readGitHubContext, type GitHubContext } from '../../runtime/github-context.js';
import { describe, type InputReader } from '../../runtime/input-reader.js';
import { readRegistryCredentials } from '../shared-inputs.js';
import { namesSigner, readSignerIdentity, type SignerIdentity } from '../signature-inputs.js';

export const MODES = ['sign', 'verify'] as const;
export const FORMATS = ['bundle', 'classic', 'both'] as const;

/** Everything sign-image needs, validated; names follow action.yml. */
export interface SignImageInputs {
  mode: (typeof MODES)[number];
  /** The subject. Pinned by digest unless `resolveTag` (then resolved through the registry first). */
  image: ImageReference;
  /** Where signatures are written (sign) or looked for (verify). */
  format: (typeof FORMATS)[number];
  /** Key-based signing: a cosign-format encrypted key or a PEM ECDSA P-256 key (masked). Keyless when undefined. */
  key?: string;
  keyPassword?: string;
  /** Who must have signed (verify mode; also the identity checked right after signing). */
  identity: SignerIdentity;
  fulcioUrl: string;
  rekorUrl: string;
  tsaUrl?: string;
  resolveTag: boolean;
  attestProvenance: boolean;
  pushProvenance: boolean;
  /** The job's token, to store the provenance attestation with GitHub (masked). */
  githubToken?: string;
  /** GitHub's REST API (`GITHUB_API_URL`, GHES included). */
  githubApiUrl: string;
  /** Overall time cap for signing or verifying, retries included (ms). */
  timeoutMs: number;
  username?: string;
  password?: string;
  /** Extra CA certificates (PEM file path) to trust for the registry. */
  registryCa?: string;
  /** Docker's config directory (`$DOCKER_CONFIG`, else `~/.docker`): credentials of a login step. */
  dockerConfigDir?: string;
  /** The Actions OIDC token endpoint (keyless signing); absent without `permissions: id-token: write`. */
  idTokenRequest?: { url: string; token: string };
  github: GitHubContext;
}

const PRIVATE_KEY_HEADERS = [
  'ENCRYPTED SIGSTORE PRIVATE KEY',
  'ENCRYPTED COSIGN PRIVATE KEY',
  'EC PRIVATE KEY',
  'PRIVATE KEY',
];

/** Reads and validates every sign-image input before any registry or Sigstore call. */
export function parseInputs(read: InputReader): SignImageInputs {
  const mode = read.enumeration('mode', MODES);
  const resolveTag = read.boolean('resolve-tag');
  const image = read.requiredCustom(
    'image',
    (value) => parseSubject(value, resolveTag),
    DIGEST_REFERENCE_ACCEPTED,
  );
  const github = readGitHubContext(read);
  const inputs: SignImageInputs = {
    mode,
    image,
    format: read.enumeration('format', FORMATS),
    key: readPrivateKey(read),
    keyPassword: read.secret('key-password'),
    identity: readSignerIdentity(read),
    fulcioUrl: read.requiredUrl('fulcio-url'),
    rekorUrl: read.requiredUrl('rekor-url'),
    tsaUrl: read.url('tsa-url'),
    resolveTag,
    attestProvenance: read.boolean('attest-provenance'),
    pushProvenance: read.boolean('push-provenance'),
    githubToken: read.secret('github-token'),
    githubApiUrl: github.apiUrl,
    timeoutMs: read.duration('timeout', { min: 5_000, max: 3_600_000 }),
    ...readRegistryCredentials(read),
    registryCa: read.string('registry-ca'),
    dockerConfigDir: read.env('DOCKER_CONFIG') ?? homeDockerDir(read.env('HOME')),
    idTokenRequest: github.idTokenRequest,
    github,
  };
  checkCombinations(inputs);
  return inputs;
}

function checkCombinations(inputs: SignImageInputs): void {
  if (inputs.keyPassword !== undefined && inputs.key === undefined) {
    throw new ConfigurationError(
      'key-password',
      'it was given without a key',
      'key-password only together with key',
    );
  }
  if (inputs.pushProvenance && !inputs.attestProvenance) {
    throw new ConfigurationError(
      'push-provenance',
      'it needs attest-provenance: true',
      'push-provenance: true only with attest-provenance: true',
    );
  }
  if (inputs.attestProvenance && (inputs.mode !== 'sign' || inputs.key !== undefined)) {
    throw new ConfigurationError(
      'attest-provenance',
      'a build-provenance attestation is made with the keyless GitHub identity, when signing',
      "attest-provenance: true with mode: sign and no key (and 'permissions: id-token: write, attestations: write')",
    );
  }
  if (inputs.mode === 'verify') {
    if (inputs.key !== undefined) {
      throw new ConfigurationError(
        'key',
        'a private key is not used to verify',
        'public-key (key-based) or certificate-identity (keyless) in verify mode',
      );
    }
    if (!namesSigner(inputs.identity)) {
      throw new ConfigurationError(
        'certificate-identity',
        'verify mode needs to know who must have signed',
        'certificate-identity or certificate-identity-regexp (keyless), or public-key (key-based)',
      );
    }
  }
  if (inputs.mode === 'sign' && inputs.key === undefined && inputs.idTokenRequest === undefined) {
    throw new ConfigurationError(
      'key',
      'keyless signing needs an OIDC token, but this job cannot request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set)',
      "add 'permissions: id-token: write' to the job for keyless signing, or give a key",
    );
  }
}

/** The subject must be pinned by digest, unless the caller asked to resolve a tag through the registry. */
function parseSubject(value: string, resolveTag: boolean): ImageReference {
  const reference = parseImageReference(value);
  if (!reference.digest && !resolveTag) {
    throw new InvalidValue(
      `${describe(value)} is a tag, and prodline signs digests only (a tag can be moved after it was signed)`,
      `${DIGEST_REFERENCE_ACCEPTED}, or set resolve-tag: true to resolve the tag to its digest first`,
    );
  }
  if (!reference.tag && !reference.digest) {
    throw new InvalidValue(`${describe(value)} has neither tag nor digest`, DIGEST_REFERENCE_ACCEPTED);
  }
  return reference;
}

function homeDockerDir(home: string | undefined): string | undefined {
  return home ? `${home}/.docker` : undefined;
}

/** The private key, masked first, then checked by its PEM header only: its content never appears in a message. */
function readPrivateKey(read: InputReader): string | undefined {
  const key = read.secret('key');
  if (key === undefined) return undefined;
  const header = /^-----BEGIN ([A-Z ]+)-----/.exec(key)?.[1];
  if (!header || !PRIVATE_KEY_HEADERS.includes(header)) {
    throw new ConfigurationError(
      'key',
      'the value is not a PEM private key (its content is not shown)',
      `the key's PEM content (from a secret) with one of the headers ${PRIVATE_KEY_HEADERS.map((h) => `BEGIN ${h}`).join(', ')}`,
    );
  }
  return key;
}
