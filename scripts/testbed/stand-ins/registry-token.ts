/**
 * A registry token service in the style of GHCR and Docker Hub, for distribution's `auth.token`:
 * `GET /token?service=S&scope=repository:NAME:pull,push` with HTTP Basic credentials answers
 * `{"token", "access_token", "expires_in", "issued_at"}`, an ES256 JWT whose `x5c` header carries the
 * signing certificate (the registry trusts it through `rootcertbundle`). Wrong credentials get 401;
 * anonymous requests get a token without access, as real token services do.
 *
 *   stand-ins/registry-token.ts --ready-file F --key K --cert C --service S --issuer I
 *   env PRODLINE_REGISTRY_USER / PRODLINE_REGISTRY_PASSWORD: the one account it knows
 */
import { randomUUID, sign, timingSafeEqual, X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'ready-file': { type: 'string' },
    key: { type: 'string' },
    cert: { type: 'string' },
    service: { type: 'string' },
    issuer: { type: 'string' },
  },
});
const user = process.env.PRODLINE_REGISTRY_USER;
const password = process.env.PRODLINE_REGISTRY_PASSWORD;
if (
  !values['ready-file'] ||
  !values.key ||
  !values.cert ||
  !values.service ||
  !values.issuer ||
  !user ||
  !password
) {
  console.error(
    'usage: registry-token.ts --ready-file F --key K --cert C --service S --issuer I (with PRODLINE_REGISTRY_USER/PASSWORD)',
  );
  process.exit(2);
}
const privateKey = createPrivateKey(readFileSync(values.key));
const certificate = new X509Certificate(readFileSync(values.cert));
const expected = Buffer.from(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);

function token(access: { type: string; name: string; actions: string[] }[], subject: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certificate.raw.toString('base64')] };
  const claims = {
    iss: values.issuer,
    sub: subject,
    aud: values.service,
    exp: now + 300,
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access,
  };
  const input = [header, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.');
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const server = createServer((request, response): void => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  response.on('finish', () => console.log(`token: ${request.method} ${url.pathname} ${response.statusCode}`));
  if (url.pathname !== '/token') {
    response.writeHead(404).end();
    return;
  }
  const presented = Buffer.from(request.headers.authorization ?? '');
  const authenticated = presented.length === expected.length && timingSafeEqual(presented, expected);
  if (request.headers.authorization && !authenticated) {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ details: 'incorrect username or password' }));
    return;
  }
  // Scopes look like repository:NAME:pull,push; only the signed-in user gets any access.
  const access = authenticated
    ? url.searchParams.getAll('scope').flatMap((scope) => {
        const match = /^(repository):(.+):([a-z,*]+)$/.exec(scope);
        return match ? [{ type: match[1], name: match[2], actions: match[3].split(',') }] : [];
      })
    : [];
  const issued = token(access, authenticated ? user : '');
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      token: issued,
      access_token: issued,
      expires_in: 300,
      issued_at: new Date().toISOString(),
    }),
  );
});
server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  writeFileSync(values['ready-file'] as string, JSON.stringify({ url }));
  console.log(`registry token service ready: ${url}`);
});
