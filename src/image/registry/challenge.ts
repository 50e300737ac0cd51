/** A `WWW-Authenticate` challenge: Basic, or Bearer with the token service's realm, service and scope. */
export interface Challenge {
  scheme: 'basic' | 'bearer';
  realm?: string;
  service?: string;
  scope?: string;
}

/**
 * Parses `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`): one
 * challenge, quoted (with backslash escapes) or token parameter values. Other schemes are undefined.
 */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  const match = header ? /^\s*(\w+)\s*(.*)$/s.exec(header) : null;
  if (!match) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  const param = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
  for (let m = param.exec(match[2]); m; m = param.exec(match[2]))
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  const challenge: Challenge = { scheme };
  for (const key of ['realm', 'service', 'scope'] as const)
    if (params[key] !== undefined) challenge[key] = params[key];
  return challenge;
}

/** `Authorization: Basic …` for a user and password. */
export function basicAuthorization(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
