import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byName, ensureHostNames, TESTBED_HOST_NAMES } from '../host-names.js';
import { tcpReady, waitFor } from '../process.js';
import type { ServiceContext, TestbedService } from '../service.js';

/** The user of the authenticating proxy (its password is generated at each start). */
export const PROXY_USER = 'prodline';

interface Instance {
  /** `open`, `auth` or `refusing`. */
  name: string;
  /** tinyproxy ACL lines for this instance. */
  access: string[];
  basicAuth?: { user: string; password: string };
}

/**
 * Debian's `tinyproxy` (a real HTTP/HTTPS forward proxy) ×3 on 127.0.0.1, each with its own log so a
 * test can see which hosts crossed it: `open` (any local client), `auth` (BasicAuth, generated
 * password) and `refusing` (denies every local client with tinyproxy's own 403, so the error an action
 * shows is the one a real proxy causes). Also maps the testbed's service names to 127.0.0.1 in
 * /etc/hosts (see host-names.ts) and publishes the registry's and Sigstore's addresses by those names.
 */
export const proxyService: TestbedService = {
  name: 'proxy',
  // Only for their addresses, republished by name.
  dependsOn: ['registry', 'sigstore'],
  debianPackages: ['tinyproxy'],
  async start(context) {
    const named = ensureHostNames(context.log);
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const [open, auth, refusing] = await Promise.all([
      startTinyproxy(context, { name: 'open', access: ['Allow 127.0.0.1'] }),
      startTinyproxy(context, {
        name: 'auth',
        access: ['Allow 127.0.0.1'],
        basicAuth: { user: PROXY_USER, password },
      }),
      // With only Deny lines tinyproxy allows the rest; denying all of loopback denies everyone who can
      // reach a loopback listener.
      startTinyproxy(context, { name: 'refusing', access: ['Deny 127.0.0.0/8'] }),
    ]);
    const proxies = {
      PROXY_URL: `http://${open.address}`,
      PROXY_LOG: open.log,
      PROXY_AUTH_URL: `http://${PROXY_USER}:${password}@${auth.address}`,
      PROXY_AUTH_ADDRESS: auth.address,
      PROXY_AUTH_USER: PROXY_USER,
      PROXY_AUTH_PASSWORD: password,
      PROXY_AUTH_LOG: auth.log,
      PROXY_REFUSING_URL: `http://${refusing.address}`,
      PROXY_REFUSING_LOG: refusing.log,
    };
    // Without the names nothing by name is published, so tests that need them skip (or fail in CI)
    // saying which keys are missing, instead of failing on a name that does not resolve.
    return named ? { ...proxies, ...namedAddresses(context.env) } : proxies;
  },
};

/** The names, and the registry's and Sigstore's addresses by name (same ports). */
function namedAddresses(env: Readonly<Record<string, string>>): Record<string, string> {
  const names = TESTBED_HOST_NAMES;
  return {
    PROXY_NAME_REGISTRY: names.registry,
    PROXY_NAME_SIGSTORE: names.sigstore,
    PROXY_NAME_OIDC: names.oidc,
    PROXY_NAME_SLACK: names.slack,
    PROXY_NAME_GITHUB: names.github,
    // The TLS registry: its certificate names registry.prodline.test. The plain ones are not
    // republished, because clients (ours, @sigstore/oci, Docker) speak plain HTTP only to loopback.
    REGISTRY_TLS_BY_NAME: byName(required(env, 'REGISTRY_TLS'), names.registry),
    SIGSTORE_FULCIO_URL_BY_NAME: byName(required(env, 'SIGSTORE_FULCIO_URL'), names.sigstore),
    SIGSTORE_REKOR_URL_BY_NAME: byName(required(env, 'SIGSTORE_REKOR_URL'), names.sigstore),
    SIGSTORE_TSA_URL_BY_NAME: byName(required(env, 'SIGSTORE_TSA_URL'), names.sigstore),
    ACTIONS_ID_TOKEN_REQUEST_URL_BY_NAME: byName(required(env, 'ACTIONS_ID_TOKEN_REQUEST_URL'), names.oidc),
  };
}

/** Writes an instance's config and starts `tinyproxy -d` (foreground, so its pid is the one recorded). */
async function startTinyproxy(
  context: ServiceContext,
  instance: Instance,
): Promise<{ address: string; log: string }> {
  const port = await context.freePort();
  const log = join(context.dir, `${instance.name}-access.log`);
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 120',
    'MaxClients 100',
    `LogFile "${log}"`,
    // Info level logs each request line and each upstream connection ("Established connection to
    // host ..."), which is what tests read; it never logs request headers, so no credentials.
    'LogLevel Info',
    ...instance.access,
    ...(instance.basicAuth ? [`BasicAuth ${instance.basicAuth.user} ${instance.basicAuth.password}`] : []),
    // No ConnectPort line: tinyproxy then allows CONNECT to every port, which the testbed's TLS
    // services on ephemeral ports need (Debian's sample config would allow only 443 and 563).
    // No User line: we run as the testbed's user, which can write the log above (tinyproxy warns).
  ].join('\n');
  const file = join(context.dir, `${instance.name}.conf`);
  // The auth instance's config holds its password: readable by us only.
  writeFileSync(file, `${config}\n`, { mode: 0o600 });
  const { logFile } = context.daemon(`tinyproxy-${instance.name}`, 'tinyproxy', ['-d', '-c', file]);
  const address = `127.0.0.1:${port}`;
  await waitFor(
    `tinyproxy ${instance.name} on ${address}`,
    () => tcpReady('127.0.0.1', port),
    15_000,
    logFile,
  );
  return { address, log };
}

function required(env: Readonly<Record<string, string>>, key: string): string {
  const value = env[key];
  if (!value) throw new Error(`the proxy service needs ${key} from the services it depends on`);
  return value;
}
