import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerArchive } from '../../src/image/docker-archive.js';
import { pushArchive, stageArchive } from '../../src/image/push-archive.js';
import { RegistryClient, RegistryError } from '../../src/image/registry/client.js';
import { describeWithServices } from '../support/services.js';

/**
 * A GHCR-style token front for the testbed's plain registry: `/v2/` wants `Bearer <token>` and answers
 * 401 with a `WWW-Authenticate: Bearer realm,service,scope` challenge; `/token` hands out a token for
 * the right Basic credentials and records the scopes asked for; authorised requests are proxied.
 */
function tokenFront(registry: string, user: string, password: string) {
  const token = `tok-${randomBytes(8).toString('hex')}`;
  const scopes: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://front');
    if (url.pathname === '/token') {
      const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      if (req.headers.authorization !== expected)
        return void res.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      scopes.push(`${url.searchParams.get('service')} ${url.searchParams.get('scope')}`);
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      const { port } = server.address() as AddressInfo;
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="prodline-front",scope="repository:x:pull"`,
      });
      return void res.end();
    }
    const headers = { ...req.headers };
    delete headers.authorization;
    const upstream = request(`http://${registry}${req.url}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  return { server, scopes };
}

describeWithServices(['REGISTRY'], 'registry client: the Bearer token flow (GHCR style)', (env) => {
  let dir = '';
  let front: ReturnType<typeof tokenFront>;
  let host = '';
  const password = `pw-${randomBytes(6).toString('hex')}`;
  let archive: DockerArchive;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prodline-token-'));
    front = tokenFront(env.REGISTRY, 'bot', password);
    await new Promise<void>((resolve) => front.server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(front.server.address() as AddressInfo).port}`;
    const layer = join(dir, 'layer.tar');
    writeFileSync(layer, randomBytes(2048));
    const configBytes = Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
    );
    archive = {
      configBytes,
      config: JSON.parse(configBytes.toString()) as DockerArchive['config'],
      layers: [layer],
    };
  });
  afterAll(async () => {
    await new Promise((resolve) => front.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a token is fetched for the push scope with the credentials, and the digest matches the registry', async () => {
    const repository = `token-${randomBytes(3).toString('hex')}/app`;
    const client = new RegistryClient({
      registry: host,
      credentials: { username: 'bot', password },
      push: true,
    });
    const pushed = await pushArchive(client, repository, await stageArchive(archive, dir), ['v1']);
    expect(front.scopes).toContain(`prodline-front repository:${repository}:pull,push`);
    const head = await fetch(`http://${env.REGISTRY}/v2/${repository}/manifests/v1`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    expect(pushed.digest).toBe(head.headers.get('docker-content-digest'));
  });

  test('a wrong password is refused by the token service with a clear message', async () => {
    const client = new RegistryClient({
      registry: host,
      credentials: { username: 'bot', password: 'wrong' },
      push: true,
    });
    const error = await pushArchive(client, 'token/denied', await stageArchive(archive, dir), ['v1']).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(401);
    expect((error as Error).message).toMatch(
      new RegExp(`^The registry ${host} refused the credentials of user 'bot' \\(HTTP 401\\)`),
    );
  });
});

describeWithServices(
  ['REGISTRY_TLS', 'REGISTRY_CA', 'REGISTRY_USER', 'REGISTRY_PASSWORD'],
  'registry client: TLS with a private CA',
  (env) => {
    const credentials = () => ({ username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD });

    test('without the CA the error says the certificate is not trusted and how to fix it', async () => {
      const client = new RegistryClient({ registry: env.REGISTRY_TLS, credentials: credentials() });
      const error = await client.baseUrl().catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /^Cannot reach the registry .*certificate.* The registry's TLS certificate is not trusted: give its CA with the registry-ca input/,
      );
      expect((error as Error).message).not.toContain(env.REGISTRY_PASSWORD);
    });

    test('with the CA the registry answers', async () => {
      const client = new RegistryClient({
        registry: env.REGISTRY_TLS,
        credentials: credentials(),
        ca: [readFileSync(env.REGISTRY_CA, 'utf8')],
      });
      const answer = await client.request('x', { method: 'GET', url: `${await client.baseUrl()}/v2/` });
      expect(answer.status).toBe(200);
    });
  },
);
