import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionFailure } from '../../runtime/errors.js';
import type { CommandRunner } from '../../runtime/command-runner.js';

/** A user name and a password or token for one registry, as `docker login` stores them. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** The Docker config could not be used: the user's file, named, never a bug in prodline. */
export class DockerConfigError extends ActionFailure {}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The keys a login step may have written for a registry host (`ghcr.io`, `https://ghcr.io`, Docker Hub's URL). */
function hostKeys(host: string): string[] {
  const keys = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
  if (host === 'docker.io' || host === 'registry-1.docker.io' || host === 'index.docker.io')
    keys.push('https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io');
  return keys;
}

/**
 * Credentials for a registry from the Docker config a login step wrote (`$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`), as docker itself resolves them: the credential helper configured for the
 * host (`credHelpers`), else the store (`credsStore`), each run as `docker-credential-<name> get`; then
 * the `auths` entry. Undefined when nothing is there for the host. A config that cannot be read or
 * parsed is reported naming the file (its content is never quoted: it holds credentials).
 */
export async function dockerConfigCredentials(
  host: string,
  configDir: string | undefined,
  runner: CommandRunner,
): Promise<RegistryCredentials | undefined> {
  if (!configDir) return undefined;
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  let config: DockerConfigFile;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as DockerConfigFile;
  } catch (error) {
    const why =
      error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${(error as Error).message})`;
    throw new DockerConfigError(
      `The Docker config ${file} ${why}. Fix or remove it (a login step such as docker/login-action writes it), or give the username and password inputs.`,
    );
  }
  if (typeof config !== 'object' || config === null)
    throw new DockerConfigError(`The Docker config ${file} is not a JSON object. Fix or remove it.`);
  const keys = hostKeys(host);
  const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean) ?? config.credsStore;
  if (helper) {
    const fromHelper = await helperCredentials(helper, host, runner);
    if (fromHelper) return fromHelper;
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!keys.includes(key) || typeof entry !== 'object' || entry === null) continue;
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
): Promise<RegistryCredentials | undefined> {
  const result = await runner.run(`docker-credential-${helper}`, ['get'], { input: host, timeoutMs: 30_000 });
  // "credentials not found" (exit 1) or a missing helper (127): docker then falls back to auths too.
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
 * Every CA docker itself would trust for a registry, plus the one given as an input: the `registry-ca`
 * file, `<config dir>/certs.d/<host>/*.crt` and `/etc/docker/certs.d/<host>/*.crt`, as PEM texts.
 */
export function registryTrust(
  host: string,
  configDir: string | undefined,
  registryCaFile?: string,
): string[] {
  const pems: string[] = [];
  if (registryCaFile) {
    try {
      pems.push(readFileSync(registryCaFile, 'utf8'));
    } catch (error) {
      throw new ActionFailure(
        `registry-ca: ${registryCaFile} could not be read (${(error as Error).message})`,
      );
    }
  }
  const dirs = [...(configDir ? [join(configDir, 'certs.d', host)] : []), join('/etc/docker/certs.d', host)];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir))
      if (name.endsWith('.crt')) pems.push(readFileSync(join(dir, name), 'utf8'));
  }
  return pems;
}
