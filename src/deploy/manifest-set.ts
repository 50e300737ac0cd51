import type { ImageReference } from '../image/reference.js';
import type { KubeObject } from '../kube/kube-client.js';
import { isSupportedKind, KINDS } from '../kube/kinds.js';
import { ManifestError, type SourcedObject } from './manifests.js';

/** A checked manifest set: every object supported, unique, in the target namespace, images pinned. */
export interface ManifestSet {
  objects: SourcedObject[];
  /** The Deployments whose containers now run the deployed image. */
  deployments: SourcedObject[];
  services: SourcedObject[];
}

type Container = { name?: string; image?: string };

/** `ghcr.io/org/web@sha256:…` or `ghcr.io/org/web:1.2` → `ghcr.io/org/web` (Docker Hub names normalised). */
export function imageRepository(image: string): string {
  let rest = image.split('@')[0];
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) rest = rest.slice(0, colon);
  const first = rest.split('/')[0];
  const hasRegistry =
    rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) rest = `docker.io/${rest.includes('/') ? rest : `library/${rest}`}`;
  return rest;
}

/** The image string to deploy: `registry/repository@digest` (or `:tag` outside production). */
export function imageString(image: ImageReference): string {
  return `${image.registry}/${image.repository}${image.digest ? `@${image.digest}` : `:${image.tag ?? 'latest'}`}`;
}

function containersOf(object: KubeObject): Container[] {
  const spec = (
    object.spec?.template as { spec?: { containers?: Container[]; initContainers?: Container[] } } | undefined
  )?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/**
 * Checks the set before anything is written, each problem naming its file: only supported kinds,
 * no kind/name twice, a namespace (when set) equal to the target; then pins `image` into every
 * container whose repository matches. An image that no container uses is refused (a typo in
 * `image` or the manifests would otherwise deploy nothing new).
 */
export function prepareManifestSet(
  objects: SourcedObject[],
  namespace: string,
  image: ImageReference | undefined,
): ManifestSet {
  const seen = new Map<string, SourcedObject>();
  for (const entry of objects) {
    const { object, file, line } = entry;
    if (!isSupportedKind(object.kind))
      throw new ManifestError(
        file,
        `${object.kind} "${object.metadata.name}" is a kind canary-deploy does not deploy (supported: ${Object.keys(KINDS).join(', ')}); apply it in a separate step`,
        line,
      );
    if (object.apiVersion !== KINDS[object.kind].apiVersion)
      throw new ManifestError(
        file,
        `${object.kind} "${object.metadata.name}" has apiVersion ${object.apiVersion}; use ${KINDS[object.kind].apiVersion}`,
        line,
      );
    if (object.metadata.namespace && object.metadata.namespace !== namespace)
      throw new ManifestError(
        file,
        `${object.kind} "${object.metadata.name}" names namespace "${object.metadata.namespace}" but the deploy targets "${namespace}": remove metadata.namespace or fix the namespace input`,
        line,
      );
    const key = `${object.kind}/${object.metadata.name}`;
    const earlier = seen.get(key);
    if (earlier)
      throw new ManifestError(
        file,
        `${key} is defined twice (also in ${earlier.file}${earlier.line ? `:${earlier.line}` : ''}): keep one`,
        line,
      );
    seen.set(key, entry);
  }
  const pinned = objects.map((entry) => ({
    ...entry,
    object: withNamespace(structuredClone(entry.object), namespace),
  }));
  if (image) {
    const repository = imageRepository(imageString(image));
    let used = false;
    for (const { object } of pinned)
      for (const container of containersOf(object))
        if (container.image && imageRepository(container.image) === repository) {
          container.image = imageString(image);
          used = true;
        }
    if (!used) {
      const images = [
        ...new Set(pinned.flatMap(({ object }) => containersOf(object).map((c) => c.image))),
      ].join(', ');
      throw new ManifestError(
        [...new Set(objects.map((o) => o.file))].join(', '),
        `no container uses the image repository ${repository} (the manifests use: ${images || 'no images'}); fix the image input or the container image`,
      );
    }
  }
  return {
    objects: pinned,
    deployments: pinned.filter((o) => o.object.kind === 'Deployment'),
    services: pinned.filter((o) => o.object.kind === 'Service'),
  };
}

function withNamespace(object: KubeObject, namespace: string): KubeObject {
  object.metadata.namespace = namespace;
  return object;
}
