/**
 * Which proxy a request goes through, by the conventions self-hosted runners behind a corporate proxy
 * use: `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http ones (either case), and `NO_PROXY` for the
 * hosts that bypass it. Unlike `@actions/http-client`, loopback hosts are not special: a proxy on the
 * same machine is a legitimate setup, and `NO_PROXY` says what bypasses it.
 */

/** The proxy-related variables of an environment. */
export type ProxyEnv = Record<string, string | undefined>;

/** The proxy URL to use for `target`, or undefined for a direct connection. */
export function proxyFor(target: URL, env: ProxyEnv): URL | undefined {
  const https = target.protocol === 'https:';
  const raw = https ? pick(env, 'https_proxy') : pick(env, 'http_proxy');
  if (!raw) return undefined;
  if (bypasses(target, pick(env, 'no_proxy') ?? '')) return undefined;
  try {
    // A proxy written without a scheme ("proxy.corp:3128") is an HTTP proxy, as curl reads it.
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}

/** The proxy as it may be written in a log: scheme, host and port, never its credentials. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * NO_PROXY: a comma- or space-separated list of `*`, host names (matching the host and its
 * subdomains; a leading dot or `*.` means the same), IP addresses, and `host:port` entries.
 */
export function bypasses(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase().replace(/^\[|\]$/g, '')) as RegExpExecArray;
    const name = match[1].replace(/^\*?\./, '');
    if (match[2] && match[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

function pick(env: ProxyEnv, lowerName: string): string | undefined {
  const value = env[lowerName] ?? env[lowerName.toUpperCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}
