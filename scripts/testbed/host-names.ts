import { appendFileSync, readFileSync } from 'node:fs';

/**
 * Names for the testbed's services that HTTP clients do not take for loopback. `@actions/http-client`
 * (and Go's proxy rules, and others) never send `localhost` / `127.*` through a proxy whatever
 * `NO_PROXY` says, so a test that wants to see traffic cross a proxy must address services by a name.
 * Each maps to 127.0.0.1 in /etc/hosts, which the proxy (tinyproxy, through getaddrinfo) resolves too.
 * `.test` is reserved (RFC 2606): these names can never mean a real host.
 */
export const TESTBED_HOST_NAMES = {
  registry: 'registry.prodline.test',
  sigstore: 'sigstore.prodline.test',
  oidc: 'oidc.prodline.test',
  slack: 'slack.prodline.test',
  github: 'github.prodline.test',
} as const;

/** The file the names are added to (the system resolver's, also read by tinyproxy). */
export const HOSTS_FILE = '/etc/hosts';

const MARKER = '# prodline testbed';

/** The names (of `names`) that `hostsText` does not yet map to 127.0.0.1. */
export function missingHostNames(hostsText: string, names: readonly string[]): string[] {
  const mapped = new Set<string>();
  for (const line of hostsText.split('\n')) {
    const [address, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address === '127.0.0.1') for (const alias of aliases) mapped.add(alias.toLowerCase());
  }
  return names.filter((name) => !mapped.has(name.toLowerCase()));
}

/**
 * Maps every testbed name to 127.0.0.1 in /etc/hosts, adding only the lines missing (idempotent, so
 * several testbeds on one machine share them). Lines are appended, never rewritten: in containers
 * /etc/hosts is often a bind mount that a rename would detach. They are left in place on stop, since
 * another testbed may be using them and they can only ever point at this machine.
 * Returns false (after logging the lines to add) when some are missing and we may not write the file:
 * not being root must not stop the rest of the testbed.
 */
export function ensureHostNames(log: (line: string) => void, file = HOSTS_FILE): boolean {
  const names = Object.values(TESTBED_HOST_NAMES);
  const text = readFileSync(file, 'utf8');
  const missing = missingHostNames(text, names);
  if (missing.length === 0) return true;
  const lines = missing.map((name) => `127.0.0.1 ${name} ${MARKER}`);
  if (process.getuid?.() !== 0) {
    log(`cannot add the service names to ${file} (not root); add these lines as root:\n${lines.join('\n')}`);
    return false;
  }
  appendFileSync(file, `${text.endsWith('\n') || text === '' ? '' : '\n'}${lines.join('\n')}\n`);
  log(`added to ${file}: ${missing.join(' ')}`);
  return true;
}

/** `url` (or `host:port`) with its host replaced by `name`, port and path kept. */
export function byName(address: string, name: string): string {
  if (!address.includes('://')) return address.replace(/^[^:/]+/, name);
  const url = new URL(address);
  url.hostname = name;
  // URL adds a trailing slash to bare origins; keep the caller's form.
  const text = url.toString();
  return address.endsWith('/') || url.pathname !== '/' || url.search ? text : text.replace(/\/$/, '');
}
