import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRunner } from '../runtime/command-runner.js';

/** A user name and a password or token for one registry. */
export interface Credentials {
  username: string;
  password: string;
}

/** A `WWW-Authenticate` challenge: `Basic realm=…` or `Bearer realm=…,service=…,scope=…`. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses a `WWW-Authenticate` header (one challenge; quoted or token parameter values). */
export function parseChallenge(header: string): Challenge | undefined {
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const param = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
  for (let m = param.exec(match[2]); m; m = param.exec(match[2]))
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  return { scheme: match[1].toLowerCase(), params };
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The keys a login step may have written for a registry host (`ghcr.io`, `https://ghcr.io`, Docker Hub's URL). */
function hostKeys(host: string): string[] {
  const keys = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
  if (host === 'docker.io' || host === 'registry-1.docker.io')
    keys.push('https://index.docker.io/v1/', 'index.docker.io', 'docker.io');
  return keys;
}

/**
 * Credentials for a registry from the Docker config a login step wrote (`$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`): a credential helper when one is configured for the host (or as the store),
 * otherwise the `auth` entry. Undefined when the config has nothing for the host.
 */
export async function dockerConfigCredentials(
  host: string,
  configDir: string,
  runner: CommandRunner,
): Promise<Credentials | undefined> {
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  let config: DockerConfigFile;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as DockerConfigFile;
  } catch {
    // Not quoted: a config file holds credentials.
    throw new Error(`the Docker config ${file} is not valid JSON`);
  }
  const keys = hostKeys(host);
  const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean) ?? config.credsStore;
  if (helper) {
    const fromHelper = await helperCredentials(helper, host, runner);
    if (fromHelper) return fromHelper;
  }
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
    // An identity token is used as a refresh token with the `<token>` user, as docker does.
    if (entry.identitytoken) return { username: '<token>', password: entry.identitytoken };
  }
  return undefined;
}

async function helperCredentials(
  helper: string,
  host: string,
  runner: CommandRunner,
): Promise<Credentials | undefined> {
  const result = await runner.run(`docker-credential-${helper}`, ['get'], { input: host, timeoutMs: 30_000 });
  if (result.exitCode !== 0) return undefined;
  try {
    const answer = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
    if (answer.Username && answer.Secret) return { username: answer.Username, password: answer.Secret };
  } catch {
    // A helper that answers something else has nothing for us.
  }
  return undefined;
}

/**
 * PEM CA certificates docker itself would trust for a registry: `<config dir>/certs.d/<host>/*.crt` and
 * `/etc/docker/certs.d/<host>/*.crt`.
 */
export function dockerCertsFor(
  host: string,
  configDir: string,
  readDir: (dir: string) => string[],
): string[] {
  const pems: string[] = [];
  for (const base of [join(configDir, 'certs.d', host), join('/etc/docker/certs.d', host)]) {
    for (const name of readDir(base))
      if (name.endsWith('.crt')) pems.push(readFileSync(join(base, name), 'utf8'));
  }
  return pems;
}
