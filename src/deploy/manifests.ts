import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { ActionFailure, shorten } from '../runtime/errors.js';
import type { CommandRunner } from '../runtime/command-runner.js';
import type { KubeObject } from '../kube/kube-client.js';
import { renderKustomization } from './kustomize.js';

/** One object of the manifest set, with where it came from (for findings and errors). */
export interface SourcedObject {
  object: KubeObject;
  /** The file (or kustomize directory) it was read from. */
  file: string;
  /** 1-based line of the document start, when known. */
  line?: number;
}

/** A manifest the user has to fix: names the file (and line) and what is wrong. */
export class ManifestError extends ActionFailure {
  constructor(
    readonly file: string,
    problem: string,
    readonly line?: number,
  ) {
    super(`Manifest ${shorten(file, 200)}${line ? `:${line}` : ''}: ${problem}`);
  }
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Reads every manifest: files as YAML multi-documents, directories file by file (`.yaml`, `.yml`,
 * `.json`, sorted), or through kustomize when the directory holds a kustomization. Empty documents
 * and `List` kinds are flattened; a parse error names the file and line.
 */
export async function loadManifests(paths: string[], runner: CommandRunner): Promise<SourcedObject[]> {
  const objects: SourcedObject[] = [];
  for (const path of paths) {
    if (!existsSync(path))
      throw new ManifestError(path, 'no such file or directory (paths are relative to the workspace)');
    if (statSync(path).isDirectory()) {
      if (KUSTOMIZATION_FILES.some((f) => existsSync(join(path, f)))) {
        objects.push(...parseManifestText(await renderKustomization(path, runner), `${path} (kustomize)`));
        continue;
      }
      const files = readdirSync(path)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort();
      if (files.length === 0)
        throw new ManifestError(path, 'the directory holds no .yaml, .yml or .json file');
      for (const file of files)
        objects.push(...parseManifestText(readFileSync(join(path, file), 'utf8'), join(path, file)));
    } else {
      objects.push(...parseManifestText(readFileSync(path, 'utf8'), path));
    }
  }
  return objects;
}

/** Parses one YAML multi-document text; every document must be a Kubernetes object. */
export function parseManifestText(text: string, file: string): SourcedObject[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(documents)) return [];
  const objects: SourcedObject[] = [];
  for (const document of documents) {
    const line = lineCounter.linePos(document.range[0]).line;
    const error = document.errors[0];
    if (error)
      throw new ManifestError(
        file,
        `does not parse as YAML: ${error.message.split('\n')[0]}`,
        lineCounter.linePos(error.pos[0]).line,
      );
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    for (const object of flatten(value, file, line)) objects.push({ object, file, line });
  }
  return objects;
}

function flatten(value: unknown, file: string, line: number): KubeObject[] {
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ManifestError(
      file,
      'a document is not a Kubernetes object (expected a mapping with apiVersion, kind and metadata)',
      line,
    );
  const object = value as Partial<KubeObject> & { items?: unknown[] };
  if (object.kind === 'List' || (object.kind?.endsWith('List') && Array.isArray(object.items)))
    return (object.items ?? []).flatMap((item) => flatten(item, file, line));
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string')
    throw new ManifestError(file, 'an object has no apiVersion or kind', line);
  if (typeof object.metadata?.name !== 'string' || object.metadata.name === '')
    throw new ManifestError(file, `the ${object.kind} has no metadata.name`, line);
  return [object as KubeObject];
}
