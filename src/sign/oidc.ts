import { ActionFailure } from '../runtime/errors.js';
import { send } from '../runtime/http.js';
import type { Deadline, RetryPolicy } from '../runtime/retry.js';

/** The Actions ID-token endpoint a job with `id-token: write` gets. */
export interface TokenRequest {
  url: string;
  /** The bearer token that authorises the request (a secret: never logged). */
  token: string;
}

/** A token refused or unavailable; the message never contains a token. */
export class OidcError extends ActionFailure {
  constructor(message: string) {
    super(message);
  }
}

/**
 * Requests an OIDC token for `audience` from the Actions token endpoint, retrying 429/5xx and network
 * errors. Never interactive: without an endpoint there is no token. The token is handed to `mask`
 * the moment it is parsed, before anything else can log it (as `core.getIDToken` does).
 */
export async function requestIdToken(
  request: TokenRequest,
  audience: string,
  mask: (secret: string) => void,
  options: { retry?: RetryPolicy; deadline?: Deadline; onRetry?: (message: string) => void } = {},
): Promise<string> {
  const url = new URL(request.url);
  url.searchParams.set('audience', audience);
  const response = await send(
    {
      method: 'GET',
      url: url.toString(),
      headers: { authorization: `Bearer ${request.token}`, accept: 'application/json' },
    },
    options,
  );
  if (response.status !== 200)
    throw new OidcError(
      `the Actions OIDC token endpoint answered ${response.status}; check that the job has 'permissions: id-token: write'`,
    );
  let value: unknown;
  try {
    value = (JSON.parse(response.body.toString('utf8')) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value === 'string' && value !== '') mask(value);
  if (typeof value !== 'string' || value.split('.').length !== 3)
    throw new OidcError('the Actions OIDC token endpoint answered without a token');
  return value;
}

/** The claims of a JWT (not verified: Fulcio verifies the token; we only read who it names). */
export function tokenClaims(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}
