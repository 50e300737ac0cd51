import { InvalidValue } from '../runtime/errors.js';
import { describe } from '../runtime/input-reader.js';

/** A parsed image reference: `registry/repository[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host (and port), normalised: `docker.io` when none was written. */
  registry: string;
  /** Repository path inside the registry, normalised: `library/x` for official Docker Hub images. */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` (or `sha512:<128 hex>`). */
  digest?: string;
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const NAME_MAX = 255;

export const IMAGE_ACCEPTED =
  'an image reference such as ghcr.io/org/app, ghcr.io/org/app:1.2.3 or ghcr.io/org/app@sha256:<64 hex digits> (lower-case repository)';
export const DIGEST_REFERENCE_ACCEPTED =
  'an image pinned by digest, such as ghcr.io/org/app@sha256:<64 hex digits>';
export const REPOSITORY_ACCEPTED =
  'a repository without tag or digest, such as ghcr.io/org/app or 127.0.0.1:5000/app';

/** Parses a Docker/OCI image reference, with or without tag and digest. Throws InvalidValue. */
export function parseImageReference(text: string): ImageReference {
  const value = text.trim();
  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      throw new InvalidValue(`${describe(value)} has a malformed digest ${describe(digest)}`, IMAGE_ACCEPTED);
    }
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      throw new InvalidValue(`${describe(value)} has an invalid tag ${describe(tag)}`, IMAGE_ACCEPTED);
  }
  if (rest.length === 0) throw new InvalidValue(`${describe(value)} has no repository name`, IMAGE_ACCEPTED);
  if (rest.length > NAME_MAX)
    throw new InvalidValue(`the repository name is longer than ${NAME_MAX} characters`, IMAGE_ACCEPTED);

  const components = rest.split('/');
  let registry = 'docker.io';
  if (components.length > 1 && isDomain(components[0])) {
    registry = components.shift() as string;
    if (!DOMAIN.test(registry))
      throw new InvalidValue(
        `${describe(value)} has an invalid registry ${describe(registry)}`,
        IMAGE_ACCEPTED,
      );
  }
  for (const component of components) {
    if (!PATH_COMPONENT.test(component)) {
      throw new InvalidValue(
        `${describe(value)} has an invalid path component ${describe(component)}`,
        IMAGE_ACCEPTED,
      );
    }
  }
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && components.length === 1) components.unshift('library');
  return { registry, repository: components.join('/'), tag, digest };
}

/** Parses a reference that must carry a digest (what prodline deploys and signs). */
export function parseDigestReference(text: string): ImageReference & { digest: string } {
  const reference = parseImageReference(text);
  if (!reference.digest) {
    throw new InvalidValue(`${describe(text.trim())} is not pinned by digest`, DIGEST_REFERENCE_ACCEPTED);
  }
  return reference as ImageReference & { digest: string };
}

/** Parses a bare repository (no tag, no digest), such as the `image` a build pushes to. */
export function parseRepository(text: string): ImageReference {
  const reference = parseImageReference(text);
  if (reference.tag || reference.digest) {
    throw new InvalidValue(`${describe(text.trim())} includes a tag or digest`, REPOSITORY_ACCEPTED);
  }
  return reference;
}

/** `registry/repository` — the name without tag or digest. */
export function repositoryName(reference: ImageReference): string {
  return `${reference.registry}/${reference.repository}`;
}

/** The canonical string: `registry/repository[:tag][@digest]`. */
export function formatReference(reference: ImageReference): string {
  return `${repositoryName(reference)}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

// As in the Docker reference grammar: the first component is a registry when it looks like a host.
function isDomain(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}
