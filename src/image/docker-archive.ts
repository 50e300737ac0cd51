import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  openSync,
  readSync,
  closeSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { ImageConfig } from './image-config.js';

/** An image unpacked from `docker save`: its config (bytes as the engine wrote them) and layer files. */
export interface DockerArchive {
  configBytes: Buffer;
  config: ImageConfig;
  /** Layer files in order, uncompressed tar (or already gzip, as containerd-backed engines may save). */
  layers: string[];
}

interface ArchiveManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

/**
 * Reads an unpacked `docker save` directory through its `manifest.json`, which both the legacy layout
 * (`<id>.json`, `<id>/layer.tar`) and the OCI layout of newer engines (`blobs/sha256/…`) carry.
 */
export function readDockerArchive(dir: string): DockerArchive {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ArchiveManifestEntry[];
  if (!Array.isArray(manifest) || manifest.length !== 1)
    throw new Error(`the docker save archive in ${dir} holds ${manifest.length} images; expected one`);
  const [entry] = manifest;
  const configBytes = readFileSync(join(dir, entry.Config));
  return {
    configBytes,
    config: JSON.parse(configBytes.toString('utf8')) as ImageConfig,
    layers: entry.Layers.map((layer) => join(dir, layer)),
  };
}

/** A blob ready to upload: where its bytes are, their digest and size. */
export interface BlobFile {
  file: string;
  digest: string;
  size: number;
}

/** `sha256:<hex>` of some bytes. */
export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** True when a file starts with the gzip magic bytes. */
export function isGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * The layer as a gzip blob: an already-compressed file as it is, otherwise compressed into `out` while
 * hashing (streamed: layers can be large). Node's gzip writes no timestamp, so the same layer gives
 * the same blob every time.
 */
export async function gzipLayer(file: string, out: string): Promise<BlobFile> {
  if (isGzip(file)) return { file, digest: await hashFile(file), size: statSync(file).size };
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(createReadStream(file), createGzip({ level: 6 }), tap, createWriteStream(out));
  return { file: out, digest: `sha256:${hash.digest('hex')}`, size };
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}
