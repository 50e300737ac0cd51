import { createReadStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { ActionFailure } from '../runtime/errors.js';
import { parseChallenge, type Credentials } from './registry-auth.js';

/** Manifest media types sent in every `Accept`: without the OCI ones distribution answers 404 for OCI images. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

export interface RegistryOptions {
  /** `host[:port]` */
  registry: string;
  credentials?: Credentials;
  /** Extra PEM CA certificates trusted besides the system ones (a private registry's CA). */
  ca?: string[];
  /** Per-request time limit. */
  timeoutMs?: number;
}

/** A request body: bytes, or a file streamed with its length. */
export type Body = Buffer | { file: string; size: number };

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** The registry refused our credentials, or wanted some and had none. */
export class RegistryAuthError extends ActionFailure {}

/**
 * A small OCI distribution client: HTTPS (with extra CAs) or plain HTTP for registries that only speak it,
 * Basic auth and the Bearer token flow (realm/service/scope), one token per scope.
 */
export class RegistryClient {
  private base?: string;
  private readonly tokens = new Map<string, string>();
  private readonly agentOptions: { ca?: string[] };

  constructor(private readonly options: RegistryOptions) {
    this.agentOptions =
      options.ca && options.ca.length > 0 ? { ca: [...rootCertificates, ...options.ca] } : {};
  }

  /** Sends a request to `/v2/<path>` with auth for `repository` (push or pull scope). */
  async send(
    method: string,
    path: string,
    scope: { repository: string; push: boolean },
    headers: Record<string, string> = {},
    body?: Body,
  ): Promise<Answer> {
    const url = await this.url(path);
    const scopeKey = `repository:${scope.repository}:${scope.push ? 'pull,push' : 'pull'}`;
    const auth = this.tokens.get(scopeKey);
    const first = await this.raw(method, url, { ...headers, ...(auth ? { authorization: auth } : {}) }, body);
    if (first.status !== 401) return first;
    const authorization = await this.authorize(first, scopeKey);
    this.tokens.set(scopeKey, authorization);
    const second = await this.raw(method, url, { ...headers, authorization }, body);
    if (second.status === 401 || second.status === 403) throw this.refused(second.status);
    return second;
  }

  /** The absolute URL for a path under `/v2/` or an absolute/relative Location the registry gave. */
  async url(path: string): Promise<URL> {
    const base = await this.baseUrl();
    return new URL(path.startsWith('/') || /^https?:/.test(path) ? path : `/v2/${path}`, base);
  }

  // Docker treats loopback registries as insecure: HTTPS is tried first, plain HTTP when TLS is not spoken.
  private async baseUrl(): Promise<string> {
    if (this.base) return this.base;
    const secure = `https://${this.options.registry}`;
    try {
      await this.raw('GET', new URL('/v2/', secure), {});
      this.base = secure;
    } catch (error) {
      const plain = `http://${this.options.registry}`;
      if (!isLoopback(this.options.registry) || !isNotTls(error)) throw this.unreachable(error);
      await this.raw('GET', new URL('/v2/', plain), {}).catch((e: unknown) => {
        throw this.unreachable(e);
      });
      this.base = plain;
    }
    return this.base;
  }

  private async authorize(answer: Answer, scope: string): Promise<string> {
    const challenge = parseChallenge(String(answer.headers['www-authenticate'] ?? ''));
    const credentials = this.options.credentials;
    if (challenge?.scheme === 'bearer' && challenge.params.realm) {
      const tokenUrl = new URL(challenge.params.realm);
      if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service);
      tokenUrl.searchParams.set('scope', scope);
      const headers: Record<string, string> = credentials ? { authorization: basic(credentials) } : {};
      const token = await this.raw('GET', tokenUrl, headers);
      if (token.status === 401 || token.status === 403) throw this.refused(token.status);
      if (token.status !== 200)
        throw new ActionFailure(
          `The token service of ${this.options.registry} answered HTTP ${token.status}: ${excerpt(token.body)}`,
        );
      const parsed = JSON.parse(token.body.toString('utf8')) as { token?: string; access_token?: string };
      const value = parsed.token ?? parsed.access_token;
      if (!value) throw new ActionFailure(`The token service of ${this.options.registry} gave no token.`);
      return `Bearer ${value}`;
    }
    if (!credentials) throw this.refused(401);
    return basic(credentials);
  }

  private refused(status: number): RegistryAuthError {
    const who = this.options.credentials
      ? `the credentials of user '${this.options.credentials.username}'`
      : 'an anonymous request (no credentials were found)';
    return new RegistryAuthError(
      `The registry ${this.options.registry} refused ${who} (HTTP ${status}). Nothing was pushed. ` +
        `Check the username/password inputs, or that a login step (docker/login-action) ran for ${this.options.registry} ` +
        `and that the token may push to this repository.`,
    );
  }

  private unreachable(error: unknown): ActionFailure {
    const message = error instanceof Error ? error.message : String(error);
    const tls = /certificate|self.signed|unable to verify/i.test(message)
      ? ` The registry's TLS certificate is not trusted: give its CA with the registry-ca input, or put it in <DOCKER_CONFIG>/certs.d/${this.options.registry}/ca.crt.`
      : '';
    return new ActionFailure(`Cannot reach the registry ${this.options.registry}: ${message}.${tls}`);
  }

  private raw(method: string, url: URL, headers: Record<string, string>, body?: Body): Promise<Answer> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const length = body === undefined ? 0 : Buffer.isBuffer(body) ? body.length : body.size;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          headers: { ...headers, ...(body !== undefined ? { 'content-length': String(length) } : {}) },
          timeout: this.options.timeoutMs ?? 120_000,
          ...(url.protocol === 'https:' ? this.agentOptions : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.once('error', reject);
        },
      );
      req.once('timeout', () => req.destroy(new Error(`${method} ${url.host}${url.pathname} timed out`)));
      req.once('error', reject);
      if (body === undefined) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else createReadStream(body.file).once('error', reject).pipe(req);
    });
  }
}

function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

function isLoopback(registry: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(registry);
}

function isNotTls(error: unknown): boolean {
  const text = `${(error as { code?: string }).code ?? ''} ${error instanceof Error ? error.message : ''}`;
  return /EPROTO|wrong version number|packet length too long|ECONNRESET|http request to an https/i.test(text);
}

/** The start of an error body, for messages (registries answer JSON errors). */
export function excerpt(body: Buffer): string {
  return body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 300);
}
