import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { selfSignedEcCertificate } from '../certificates.js';
import { TESTBED_HOST_NAMES } from '../host-names.js';
import { httpReady, waitFor } from '../process.js';
import type { ServiceContext, TestbedService } from '../service.js';

/**
 * Debian's `docker-registry` (distribution 2.8) in four flavours: plain HTTP, HTTP with basic auth,
 * TLS with basic auth (self-signed CA, valid for 127.0.0.1, 127.0.0.2 and registry.prodline.test), and bearer-token auth with a
 * local token service (the GHCR / Docker Hub flow).
 */
export const registryService: TestbedService = {
  name: 'registry',
  debianPackages: ['docker-registry', 'apache2-utils', 'openssl'],
  async start(context) {
    const user = 'prodline';
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const htpasswd = join(context.dir, 'htpasswd');
    writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' }));
    const { cert, key } = selfSignedEcCertificate(context.dir, 'tls', '/CN=prodline-testbed-registry', [
      // The name too, so clients that reach it by name (the proxy suite) can verify it.
      `subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost,DNS:${TESTBED_HOST_NAMES.registry}`,
    ]);

    const tokenAuth = await startTokenService(context, user, password);
    const [plain, auth, tls, token] = await Promise.all([
      startRegistry(context, 'plain', {}),
      startRegistry(context, 'auth', { htpasswd }),
      startRegistry(context, 'tls', { htpasswd, tls: { cert, key } }),
      startRegistry(context, 'token', { token: tokenAuth }),
    ]);
    return {
      REGISTRY: plain.address,
      REGISTRY_AUTH: auth.address,
      REGISTRY_TLS: tls.address,
      REGISTRY_TOKEN_AUTH: token.address,
      REGISTRY_USER: user,
      REGISTRY_PASSWORD: password,
      REGISTRY_CA: cert,
      // The plain registry's storage, so tests can see that nothing at all (not even a blob) was pushed.
      REGISTRY_STORAGE: join(context.dir, 'plain-data'),
      // Each registry's access log (one Apache combined line per request), so tests can see every write.
      REGISTRY_LOG: plain.log,
      REGISTRY_AUTH_LOG: auth.log,
      REGISTRY_TLS_LOG: tls.log,
      REGISTRY_TOKEN_AUTH_LOG: token.log,
    };
  },
};

interface Flavour {
  htpasswd?: string;
  tls?: { cert: string; key: string };
  token?: TokenAuth;
}

interface TokenAuth {
  realm: string;
  service: string;
  issuer: string;
  rootCertBundle: string;
}

/** The token service (stand-ins/registry-token.ts) with its own ES256 signing key and certificate. */
async function startTokenService(
  context: ServiceContext,
  user: string,
  password: string,
): Promise<TokenAuth> {
  const { cert, key } = selfSignedEcCertificate(
    context.dir,
    'token-signer',
    '/CN=prodline-testbed-token-signer',
  );
  const service = 'prodline-testbed-registry';
  const issuer = 'prodline-testbed-token-service';
  const { url } = await context.standIn<{ url: string }>(
    'registry-token',
    'scripts/testbed/stand-ins/registry-token.ts',
    ['--key', key, '--cert', cert, '--service', service, '--issuer', issuer],
    // Through the environment, not argv, which anyone on the machine can read with ps.
    { PRODLINE_REGISTRY_USER: user, PRODLINE_REGISTRY_PASSWORD: password },
  );
  return { realm: url, service, issuer, rootCertBundle: cert };
}

async function startRegistry(
  context: ServiceContext,
  name: string,
  flavour: Flavour,
): Promise<{ address: string; log: string }> {
  const port = await context.freePort();
  const address = `127.0.0.1:${port}`;
  const config = [
    'version: 0.1',
    'log: {level: warn}',
    `storage: {filesystem: {rootdirectory: ${join(context.dir, `${name}-data`)}}, delete: {enabled: true}}`,
    `http:`,
    `  addr: ${address}`,
    `  secret: ${randomBytes(8).toString('hex')}`,
    ...(flavour.tls ? [`  tls: {certificate: ${flavour.tls.cert}, key: ${flavour.tls.key}}`] : []),
    ...(flavour.htpasswd ? [`auth: {htpasswd: {realm: prodline-testbed, path: ${flavour.htpasswd}}}`] : []),
    ...(flavour.token
      ? [
          `auth: {token: {realm: '${flavour.token.realm}', service: ${flavour.token.service}, issuer: ${flavour.token.issuer}, rootcertbundle: ${flavour.token.rootCertBundle}}}`,
        ]
      : []),
  ].join('\n');
  const configFile = join(context.dir, `${name}.yml`);
  writeFileSync(configFile, `${config}\n`);
  // distribution reads REGISTRY_* variables as overrides of its config (REGISTRY_STORAGE would replace
  // the storage driver): drop the ones a shell that sourced .testbed/env, or a test process, carries.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('REGISTRY_')));
  const { logFile } = context.daemon(`registry-${name}`, 'docker-registry', ['serve', configFile], { env });
  const scheme = flavour.tls ? 'https' : 'http';
  // /v2/ answers 200 (plain) or 401 (auth): either means it serves. TLS readiness is checked by TCP,
  // because Node's fetch does not trust the self-signed CA.
  if (flavour.tls) {
    const { tcpReady } = await import('../process.js');
    await waitFor(`registry ${name} on ${address}`, () => tcpReady('127.0.0.1', port), 15_000, logFile);
  } else {
    await waitFor(
      `registry ${name} on ${address}`,
      () => httpReady(`${scheme}://${address}/v2/`, (s) => s === 200 || s === 401),
      15_000,
      logFile,
    );
  }
  return { address, log: logFile };
}
