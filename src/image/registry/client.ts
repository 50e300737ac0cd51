import { basicAuthorization, parseChallenge, type RegistryCredentials } from './auth.js';
import { sha256Digest } from './digest.js';
import { send, type HttpOptions, type HttpRequest, type HttpResponse } from './http.js';
import { MANIFEST_ACCEPT } from './media-types.js';

export interface RegistryClientOptions extends HttpOptions {
  /** `host[:port]` as in an image reference (`docker.io` is reached at registry-1.docker.io). */
  registry: string;
  credentials?: RegistryCredentials;
  /** Ask token services for push rights too (signing); pull only otherwise (verifying). */
  push?: boolean;
}

/** A manifest as fetched: its raw bytes (digests are over bytes, never re-serialised JSON). */
export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

/** A registry answered something this client cannot go on from; the message says what and where. */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/**
 * A small OCI distribution client: manifests (always with OCI and Docker types in `Accept`), blobs, and
 * authentication by Basic credentials or the bearer-token flow (GHCR, Docker Hub, distribution's
 * `auth.token`). Plain HTTP is used only for loopback registries that do not speak TLS, as Docker does.
 */
export class RegistryClient {
  private base?: string;
  private authorization?: string;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {}

  /** Where this client talks to, e.g. `https://ghcr.io`. */
  async baseUrl(): Promise<string> {
    if (this.base) return this.base;
    const host = this.options.registry === 'docker.io' ? 'registry-1.docker.io' : this.options.registry;
    const https = `https://${host}`;
    if (!isLoopback(host)) return (this.base = https);
    try {
      await send({ method: 'GET', url: `${https}/v2/` }, { ...this.options, retry: NO_RETRY });
      this.base = https;
    } catch (error) {
      // A loopback registry that does not speak TLS (the "wrong version number" answer) is plain HTTP.
      if (!/wrong version number|EPROTO|packet length/i.test(String(error))) throw error;
      this.base = `http://${host}`;
    }
    return this.base;
  }

  /** A manifest by tag or digest; `undefined` when the registry has none (404). */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const response = await this.request(repository, {
      method: 'GET',
      path: `/manifests/${reference}`,
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (response.status === 404) return undefined;
    this.expect(response, [200], `fetching the manifest ${repository}:${reference}`);
    const digest = sha256Digest(response.body);
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new RegistryError(
        `the registry answered ${repository}@${reference} with content whose digest is ${digest}; refusing it`,
      );
    return {
      digest,
      mediaType: (response.headers['content-type'] ?? '').split(';')[0],
      bytes: response.body,
    };
  }

  /** Stores a manifest under a tag or its digest; returns its digest and the raw answer's headers. */
  async putManifest(
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<{ digest: string; headers: Record<string, string> }> {
    const response = await this.request(repository, {
      method: 'PUT',
      path: `/manifests/${reference}`,
      headers: { 'content-type': mediaType },
      body: bytes,
    });
    this.expect(response, [200, 201], `storing the manifest ${repository}:${reference}`);
    return { digest: sha256Digest(bytes), headers: response.headers };
  }

  /** A blob's bytes, checked against its digest. */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const response = await this.request(repository, { method: 'GET', path: `/blobs/${digest}` });
    this.expect(response, [200], `fetching the blob ${repository}@${digest}`);
    if (sha256Digest(response.body) !== digest)
      throw new RegistryError(`the blob ${repository}@${digest} does not match its digest; refusing it`);
    return response.body;
  }

  /** Uploads a blob unless the registry already has it (monolithic POST + PUT); returns its digest. */
  async putBlob(repository: string, data: Buffer): Promise<string> {
    const digest = sha256Digest(data);
    const head = await this.request(repository, { method: 'HEAD', path: `/blobs/${digest}` });
    if (head.status === 200) return digest;
    const start = await this.request(repository, { method: 'POST', path: '/blobs/uploads/' });
    this.expect(start, [202], `starting a blob upload to ${repository}`);
    const location = start.headers.location;
    if (!location)
      throw new RegistryError(`the registry started an upload to ${repository} without a Location`);
    const url = new URL(location, await this.baseUrl());
    url.searchParams.set('digest', digest);
    const put = await this.request(repository, {
      method: 'PUT',
      url: url.toString(),
      headers: { 'content-type': 'application/octet-stream' },
      body: data,
    });
    this.expect(put, [201], `uploading the blob ${digest} to ${repository}`);
    return digest;
  }

  /**
   * A registry call with authentication: on 401 the challenge says how to authenticate (Basic, or a
   * bearer token from the realm it names), and the call is repeated once with it.
   */
  async request(
    repository: string,
    call: Omit<HttpRequest, 'url'> & { path?: string; url?: string },
  ): Promise<HttpResponse> {
    const url = call.url ?? `${await this.baseUrl()}/v2/${repository}${call.path ?? ''}`;
    const attempt = () =>
      send(
        {
          method: call.method,
          url,
          headers: { ...call.headers, ...(this.authorization ? { authorization: this.authorization } : {}) },
          body: call.body,
        },
        this.options,
      );
    const first = await attempt();
    if (first.status !== 401) return first;
    await this.authenticate(repository, first);
    return attempt();
  }

  private async authenticate(repository: string, unauthorised: HttpResponse): Promise<void> {
    const challenge = parseChallenge(unauthorised.headers['www-authenticate']);
    const credentials = this.options.credentials;
    if (challenge?.scheme === 'basic') {
      if (!credentials) throw this.noCredentials();
      this.authorization = basicAuthorization(credentials);
      return;
    }
    if (challenge?.scheme !== 'bearer' || !challenge.realm)
      throw new RegistryError(
        `${this.options.registry} refused the request (401) without saying how to authenticate`,
        401,
      );
    const scope = `repository:${repository}:${this.options.push ? 'pull,push' : 'pull'}`;
    const cached = this.tokens.get(scope);
    if (cached && `Bearer ${cached}` !== this.authorization) {
      this.authorization = `Bearer ${cached}`;
      return;
    }
    const realm = new URL(challenge.realm);
    if (challenge.service) realm.searchParams.set('service', challenge.service);
    realm.searchParams.set('scope', scope);
    const response = await send(
      {
        method: 'GET',
        url: realm.toString(),
        headers: credentials ? { authorization: basicAuthorization(credentials) } : {},
      },
      this.options,
    );
    if (response.status === 401 || response.status === 403)
      throw credentials
        ? new RegistryError(
            `the token service of ${this.options.registry} (${realm.origin}${realm.pathname}) refused the credentials given for ${repository} (${response.status}); check the user name, the password or token, and its scopes`,
            response.status,
          )
        : this.noCredentials();
    this.expect(response, [200], `getting a registry token from ${realm.origin}${realm.pathname}`);
    const body = JSON.parse(response.body.toString('utf8')) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(`the token service ${realm.origin} answered without a token`);
    this.tokens.set(scope, token);
    this.authorization = `Bearer ${token}`;
  }

  private noCredentials(): RegistryError {
    return new RegistryError(
      `${this.options.registry} needs a login and none was found: give the username and password inputs, or run a login step (docker/login-action) before this one`,
      401,
    );
  }

  /** Throws a RegistryError naming the operation when the status is not one of those expected. */
  expect(response: HttpResponse, statuses: number[], what: string): void {
    if (statuses.includes(response.status)) return;
    const detail = registryErrorDetail(response.body);
    const hint =
      response.status === 401 || response.status === 403
        ? ' (the credentials were refused or lack the needed rights: push rights are needed to sign)'
        : '';
    throw new RegistryError(
      `${what} on ${this.options.registry}: the registry answered ${response.status}${detail ? ` ${detail}` : ''}${hint}`,
      response.status,
    );
  }
}

const NO_RETRY = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '');
  return name === 'localhost' || /^127\./.test(name) || name === '[::1]';
}

/** The `errors[0]` code and message of a distribution error body, shortened. */
function registryErrorDetail(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first) return `${first.code ?? ''} ${first.message ?? ''}`.trim().slice(0, 200);
  } catch {
    // not JSON: say nothing rather than dump a page of HTML
  }
  return '';
}
