import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionFailure } from '../runtime/errors.js';
import { loadToolCache } from '../runtime/toolkit.js';

/** Where Trivy releases come from (a mirror with the same layout can be given). */
export const TRIVY_RELEASES = 'https://github.com/aquasecurity/trivy/releases/download';

/** The release asset for this machine: `trivy_0.58.1_Linux-64bit.tar.gz`. */
export function trivyAsset(version: string, platform: NodeJS.Platform, arch: string): string {
  const os = { linux: 'Linux', darwin: 'macOS', freebsd: 'FreeBSD' }[platform as string];
  const cpu = { x64: '64bit', arm64: 'ARM64', arm: 'ARM', s390x: 's390x', ppc64: 'PPC64LE' }[arch];
  if (!os || !cpu)
    throw new ActionFailure(
      `No Trivy release exists for ${platform}/${arch}: install Trivy yourself and set trivy-path.`,
    );
  return `trivy_${version}_${os}-${cpu}.tar.gz`;
}

/** The expected sha256 of `asset` in a release's `checksums.txt` (`<hex>  <name>` lines). */
export function checksumFor(checksums: string, asset: string): string | undefined {
  for (const line of checksums.split('\n')) {
    const [hex, name] = line.trim().split(/\s+/);
    if (name === asset && /^[0-9a-f]{64}$/.test(hex)) return hex;
  }
  return undefined;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Installs the pinned Trivy release with `@actions/tool-cache` (loaded only on this path): reuses the runner's
 * tool cache, else downloads the archive and the release's checksums file, refuses an archive whose
 * sha256 differs, extracts and caches it. Returns the binary's path.
 */
export async function installTrivy(
  version: string,
  baseUrl = TRIVY_RELEASES,
  log: (line: string) => void = () => undefined,
): Promise<string> {
  const tc = await loadToolCache();
  const cached = tc.find('trivy', version);
  if (cached) return join(cached, 'trivy');
  const asset = trivyAsset(version, process.platform, process.arch);
  const base = `${baseUrl.replace(/\/$/, '')}/v${version}`;
  log(`installing Trivy ${version} from ${base}/${asset}`);
  const [archive, sums] = await Promise.all([
    tc.downloadTool(`${base}/${asset}`),
    tc.downloadTool(`${base}/trivy_${version}_checksums.txt`),
  ]);
  const expected = checksumFor(readFileSync(sums, 'utf8'), asset);
  if (!expected)
    throw new ActionFailure(
      `The checksums file of Trivy ${version} has no entry for ${asset}; refusing to install it.`,
    );
  const actual = await sha256File(archive);
  if (actual !== expected)
    throw new ActionFailure(
      `The downloaded ${asset} has sha256 ${actual}, but the release says ${expected}: refusing to run it (a corrupted or tampered download).`,
    );
  const dir = await tc.extractTar(archive);
  const cachedDir = await tc.cacheDir(dir, 'trivy', version);
  return join(cachedDir, 'trivy');
}
