import { ActionFailure } from '../../runtime/errors.js';
import {
  NetworkError,
  send,
  type HttpBody,
  type HttpMethod,
  type HttpOptions,
  type HttpResponse,
} from '../../runtime/http.js';
import { NO_RETRY } from '../../runtime/retry.js';
import { basicAuthorization, parseChallenge } from './challenge.js';
import { sha256Digest } from './digest.js';
import type { RegistryCredentials } from './docker-config.js';
import { MANIFEST_ACCEPT } from './media-types.js';

export interface RegistryClientOptions extends Omit<HttpOptions, 'idempotent'> {
  /** `host[:port]` as in an image reference (`docker.io` is reached at registry-1.docker.io). */
  registry: string;
  credentials?: RegistryCredentials;
  /** Ask token services for push rights too (push, signing); pull only otherwise (verifying). */
  push?: boolean;
}

/** A manifest as fetched: its raw bytes (digests are over bytes, never re-serialised JSON). */
export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

/** A registry call that cannot go on: refused, unreachable, or an answer that cannot be trusted. */
export class RegistryError extends ActionFailure {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A registry request: a path under `/v2/<repository>` or an absolute URL the registry gave (a Location). */
export interface RegistryCall {
  method: HttpMethod;
  path?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: HttpBody;
}

/**
 * The one OCI distribution client: manifests (always with OCI and Docker types in `Accept`), blobs
 * (file bodies streamed), digests checked on every GET by digest, and authentication as docker does it —
 * nothing sent until the registry challenges, then Basic or the bearer-token flow (GHCR, Docker Hub,
 * distribution's `auth.token`), one token per scope. Plain HTTP only for loopback registries that do not
 * speak TLS. Every request goes through the runtime's HTTP layer (proxies, CAs, retries).
 */
export class RegistryClient {
  private base?: string;
  private authorization?: string;
  private readonly tokens = new Map<string, string>();
  readonly host: string;

  constructor(private readonly options: RegistryClientOptions) {
    this.host = options.registry === 'docker.io' ? 'registry-1.docker.io' : options.registry;
  }

  /** Where this client talks to, e.g. `https://ghcr.io`. */
  async baseUrl(): Promise<string> {
    if (this.base) return this.base;
    const secure = `https://${this.host}`;
    try {
      await send({ method: 'GET', url: `${secure}/v2/` }, { ...this.options, retry: NO_RETRY });
      this.base = secure;
    } catch (error) {
      // Docker treats a loopback registry that does not speak TLS ("wrong version number") as plain HTTP.
      if (!isLoopback(this.host) || !isNotTls(error)) throw this.unreachable(error);
      this.base = `http://${this.host}`;
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

  /** The digest the registry reports for a manifest (HEAD), or undefined when it has none. */
  async headManifest(repository: string, reference: string): Promise<string | undefined> {
    const response = await this.request(repository, {
      method: 'HEAD',
      path: `/manifests/${reference}`,
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (response.status === 404) return undefined;
    this.expect(response, [200], `looking up the manifest ${repository}:${reference}`);
    return response.headers['docker-content-digest'];
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

  /** Uploads bytes as a blob unless the registry has it already; returns its digest. */
  async putBlob(repository: string, data: Buffer): Promise<string> {
    const digest = sha256Digest(data);
    await this.uploadBlob(repository, digest, data);
    return digest;
  }

  /**
   * Uploads a blob whose digest is known (a file is streamed) unless the registry has it already:
   * monolithic POST + PUT. Retrying the POST is safe: it only opens an upload session, and an abandoned
   * session holds nothing (registries expire them).
   */
  async uploadBlob(repository: string, digest: string, body: HttpBody): Promise<void> {
    const head = await this.request(repository, { method: 'HEAD', path: `/blobs/${digest}` });
    if (head.status === 200) return;
    const start = await this.request(repository, { method: 'POST', path: '/blobs/uploads/' }, true);
    this.expect(start, [202], `starting a blob upload to ${repository}`);
    const location = start.headers.location;
    if (!location)
      throw new RegistryError(`the registry started an upload to ${repository} without a Location`);
    // Location may be relative and already carries the upload state in its query.
    const url = new URL(location, await this.baseUrl());
    url.searchParams.set('digest', digest);
    const put = await this.request(repository, {
      method: 'PUT',
      url: url.toString(),
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    this.expect(put, [201], `uploading the blob ${digest} to ${repository}`);
  }

  /**
   * A registry call with authentication: on 401 the challenge says how to authenticate (Basic, or a
   * bearer token from the realm it names), and the call is repeated once with it.
   */
  async request(repository: string, call: RegistryCall, idempotent?: boolean): Promise<HttpResponse> {
    const url = call.url ?? `${await this.baseUrl()}/v2/${repository}${call.path ?? ''}`;
    const attempt = () =>
      this.send(
        {
          method: call.method,
          url,
          headers: { ...call.headers, ...(this.authorization ? { authorization: this.authorization } : {}) },
          body: call.body,
        },
        idempotent,
      );
    const first = await attempt();
    if (first.status !== 401) return first;
    await this.authenticate(repository, first);
    const second = await attempt();
    if (second.status === 401 && this.options.credentials) throw this.refused(second.status);
    return second;
  }

  /** Throws a RegistryError naming the operation when the status is not one of those expected. */
  expect(response: HttpResponse, statuses: number[], what: string): void {
    if (statuses.includes(response.status)) return;
    const detail = registryErrorDetail(response.body);
    const hint =
      response.status === 401 || response.status === 403
        ? ` (the credentials were refused or lack the needed rights: ${this.options.push ? 'push rights are needed to push or sign' : 'pull rights are needed'})`
        : '';
    throw new RegistryError(
      `${what} on ${this.options.registry}: the registry answered ${response.status}${detail ? ` ${detail}` : ''}${hint}`,
      response.status,
    );
  }

  private async send(request: Parameters<typeof send>[0], idempotent?: boolean): Promise<HttpResponse> {
    try {
      return await send(request, { ...this.options, idempotent });
    } catch (error) {
      throw this.unreachable(error);
    }
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
    const service = `${realm.origin}${realm.pathname}`;
    const response = await this.send({
      method: 'GET',
      url: realm.toString(),
      headers: credentials ? { authorization: basicAuthorization(credentials) } : {},
    });
    if (response.status === 401 || response.status === 403) {
      if (!credentials) throw this.noCredentials();
      throw this.refused(
        response.status,
        `The token service of ${this.options.registry} (${service}) refused the credentials given for ${repository}.`,
      );
    }
    this.expect(response, [200], `getting a registry token from ${service}`);
    let token: string | undefined;
    try {
      const body = JSON.parse(response.body.toString('utf8')) as { token?: string; access_token?: string };
      token = body.token ?? body.access_token;
    } catch {
      token = undefined;
    }
    if (!token) throw new RegistryError(`the token service ${realm.origin} answered without a token`);
    this.tokens.set(scope, token);
    this.authorization = `Bearer ${token}`;
  }

  /** The credentials were refused: by the registry itself (Basic) or by its token service. */
  private refused(status: number, detail = ''): RegistryError {
    const user = this.options.credentials?.username ?? '';
    return new RegistryError(
      `The registry ${this.options.registry} refused the credentials of user '${user}' (HTTP ${status}). Nothing was pushed. ${detail ? `${detail} ` : ''}` +
        `Check the username/password inputs, or that a login step (docker/login-action) ran for ${this.options.registry} and that the token may ${this.options.push ? 'push to' : 'read'} this repository.`,
      status,
    );
  }

  private noCredentials(): RegistryError {
    return new RegistryError(
      `${this.options.registry} needs a login and none was found: give the username and password inputs, or run a login step (docker/login-action) before this one`,
      401,
    );
  }

  private unreachable(error: unknown): unknown {
    if (!(error instanceof NetworkError)) return error;
    const tls = /certificate|self.signed|unable to verify|CERT_/i.test(error.message)
      ? ` The registry's TLS certificate is not trusted: give its CA with the registry-ca input (if it uses a private CA, give its certificate file as registry-ca), or put it in <DOCKER_CONFIG>/certs.d/${this.options.registry}/ca.crt.`
      : '';
    const what = tls ? `TLS to the registry failed (${error.message})` : error.message;
    return new RegistryError(`Cannot reach the registry ${this.options.registry}: ${what}.${tls}`);
  }
}

function isLoopback(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
}

function isNotTls(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /EPROTO|wrong version number|packet length too long|ECONNRESET|other side closed|http request to an https/i.test(
    text,
  );
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
