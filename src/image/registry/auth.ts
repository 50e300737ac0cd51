import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChallenge as parseAuthenticateHeader } from '../registry-auth.js';

/** Registry credentials: a user name and password (or token), as `docker login` stores them. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** A `WWW-Authenticate` challenge: Basic, or Bearer with the token service's realm, service and scope. */
export interface Challenge {
  scheme: 'basic' | 'bearer';
  realm?: string;
  service?: string;
  scope?: string;
}

/**
 * Parses `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`) into the
 * fields a registry client uses; the header grammar itself is parsed once, in registry-auth.ts.
 */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  const parsed = header ? parseAuthenticateHeader(header) : undefined;
  if (!parsed || (parsed.scheme !== 'basic' && parsed.scheme !== 'bearer')) return undefined;
  const { realm, service, scope } = parsed.params;
  return { scheme: parsed.scheme, realm, service, scope };
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
}

/**
 * Credentials for `registry` from a Docker config directory (`$DOCKER_CONFIG` or `~/.docker`), as a
 * login step (docker/login-action) writes them. Credential helpers are not run: a helper would be a
 * separate binary on the runner, and login actions write plain `auths` entries.
 */
export function dockerConfigCredentials(
  configDir: string | undefined,
  registry: string,
): RegistryCredentials | undefined {
  if (!configDir) return undefined;
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  let config: DockerConfig;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const keys = registryKeys(registry);
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!keys.includes(normaliseKey(key))) continue;
    if (entry.identitytoken) return { username: '<token>', password: entry.identitytoken };
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
  }
  return undefined;
}

// Docker Hub is stored under its legacy index URL; others under host[:port], sometimes with a scheme.
function registryKeys(registry: string): string[] {
  if (registry === 'docker.io') return ['docker.io', 'index.docker.io', 'registry-1.docker.io'];
  return [registry];
}

function normaliseKey(key: string): string {
  return key
    .replace(/^https?:\/\//, '')
    .replace(/\/v[12]\/?$/, '')
    .replace(/\/$/, '');
}

/** `Authorization: Basic …` for a user and password. */
export function basicAuthorization(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
