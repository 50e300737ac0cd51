import { createHash, generateKeyPairSync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { sign, timingSafeEqual, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The issuer of GitHub Actions OIDC tokens; Fulcio puts it in the certificate's issuer extension. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/** The test repository and workflow the testbed's tokens speak for. */
export interface TestRepository {
  /** `owner/name`. */
  repository: string;
  /** The workflow file that runs, e.g. `.github/workflows/release.yml`. */
  workflowPath: string;
  /** The git ref the workflow runs on. */
  ref: string;
}

/** Claims of an issued token (GitHub's claim set, plus the registered JWT claims). */
export type TokenClaims = Record<string, string | number | boolean>;

/** A refused token: `status` is what the receiving endpoint should answer. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly status = 401,
  ) {
    super(message);
  }
}

/** Issues and checks GitHub-Actions-style OIDC tokens for one test repository. */
export interface GithubOidc {
  /** The identity Fulcio derives from a token of this repository's default workflow. */
  readonly identity: string;
  /** The path of the token endpoint, shaped like the one GitHub hands to jobs (random plan and job ids). */
  readonly tokenPath: string;
  /**
   * A signed token for `audience`. `jobWorkflowRef` overrides the workflow that runs the job (as inside a
   * reusable workflow, where `job_workflow_ref` names the called workflow and `workflow_ref` the caller).
   */
  issue(audience: string, jobWorkflowRef?: string): string;
  /** Checks signature, issuer, audience and lifetime; returns the claims or throws TokenError. */
  verify(token: string, audience: string): TokenClaims;
}

const TOKEN_LIFETIME_S = 300;

/**
 * A token issuer with a fresh ES256 key. Tokens are signed (GitHub signs with RS256; the algorithm does not
 * matter to Sigstore clients, which never check the token themselves) so that the Fulcio stand-in can
 * refuse forged or expired tokens the way real Fulcio does.
 */
export function githubOidc(test: TestRepository): GithubOidc {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
  const [owner] = test.repository.split('/');
  const fixed = {
    sha: randomBytes(20).toString('hex'),
    repositoryId: String(randomInt(100_000_000, 999_999_999)),
    ownerId: String(randomInt(1_000_000, 9_999_999)),
    runId: String(randomInt(1_000_000_000, 9_999_999_999)),
  };
  const workflowRef = `${test.repository}/${test.workflowPath}@${test.ref}`;

  const claimsFor = (audience: string, jobWorkflowRef: string, now: number): TokenClaims => ({
    jti: randomUUID(),
    sub: `repo:${test.repository}:ref:${test.ref}`,
    aud: audience,
    ref: test.ref,
    sha: fixed.sha,
    repository: test.repository,
    repository_owner: owner,
    repository_owner_id: fixed.ownerId,
    run_id: fixed.runId,
    run_number: '7',
    run_attempt: '1',
    repository_visibility: 'private',
    repository_id: fixed.repositoryId,
    actor_id: fixed.ownerId,
    actor: owner,
    workflow: 'release',
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    ref_protected: 'true',
    ref_type: 'branch',
    workflow_ref: workflowRef,
    workflow_sha: fixed.sha,
    job_workflow_ref: jobWorkflowRef,
    job_workflow_sha: fixed.sha,
    runner_environment: 'github-hosted',
    iss: GITHUB_OIDC_ISSUER,
    // GitHub backdates nbf so that small clock skews do not reject fresh tokens.
    nbf: now - 600,
    exp: now + TOKEN_LIFETIME_S,
    iat: now,
  });

  return {
    identity: `https://github.com/${workflowRef}`,
    tokenPath: `/_apis/distributedtask/hubs/Actions/plans/${randomUUID()}/jobs/${randomUUID()}/idtoken`,
    issue(audience, jobWorkflowRef = workflowRef) {
      const header = { typ: 'JWT', alg: 'ES256', kid };
      const claims = claimsFor(audience, jobWorkflowRef, Math.floor(Date.now() / 1000));
      const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
      const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return `${input}.${signature.toString('base64url')}`;
    },
    verify(token, audience) {
      const parts = token.split('.');
      if (parts.length !== 3) throw new TokenError('the identity token is not a JWT');
      const [header, payload, signature] = parts;
      const valid = verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      );
      if (!valid) throw new TokenError('the identity token is not signed by the testbed OIDC issuer');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
      const now = Math.floor(Date.now() / 1000);
      if (claims.iss !== GITHUB_OIDC_ISSUER) throw new TokenError(`unexpected issuer ${String(claims.iss)}`);
      if (claims.aud !== audience) throw new TokenError(`the token's audience is not ${audience}`);
      if (typeof claims.exp !== 'number' || claims.exp < now) throw new TokenError('the token has expired');
      if (typeof claims.nbf !== 'number' || claims.nbf > now)
        throw new TokenError('the token is not valid yet');
      return claims;
    },
  };
}

/** What the token endpoint answers: status and JSON body. */
export interface TokenResponse {
  status: number;
  body: unknown;
}

/**
 * The Actions ID-token endpoint: `GET <tokenPath>?api-version=2.0&audience=A` with
 * `Authorization: Bearer <request token>` answers `{"value": "<jwt>"}`, as `@actions/core`'s getIDToken
 * expects. Without an audience GitHub's default applies (`https://github.com/<owner>`). A testbed-only
 * `job_workflow_ref` parameter stands for a job running inside a reusable workflow.
 */
export function answerTokenRequest(
  request: IncomingMessage,
  oidc: GithubOidc,
  requestToken: string,
  owner: string,
): TokenResponse {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== oidc.tokenPath) return { status: 404, body: { message: 'not found' } };
  if (request.method !== 'GET') return { status: 405, body: { message: 'method not allowed' } };
  const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  // Constant-time comparison: the request token is the only secret guarding the endpoint.
  const expected = Buffer.from(requestToken);
  const given = Buffer.from(presented);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { status: 401, body: { message: 'Bad credentials' } };
  const audience = url.searchParams.get('audience') ?? `https://github.com/${owner}`;
  const jobWorkflowRef = url.searchParams.get('job_workflow_ref') ?? undefined;
  if (jobWorkflowRef !== undefined && !/^[\w.-]+\/[\w.-]+\/\S+@\S+$/.test(jobWorkflowRef))
    return { status: 400, body: { message: 'job_workflow_ref must look like owner/repo/path@ref' } };
  return { status: 200, body: { value: oidc.issue(audience, jobWorkflowRef) } };
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
