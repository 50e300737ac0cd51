import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube/kube-client.js';

/** Rollback memory and bookkeeping on the objects themselves (DESIGN.md: no outside store). */
export const ANNOTATIONS = {
  digest: 'prodline.dev/digest',
  previousDigest: 'prodline.dev/previous-digest',
  runUrl: 'prodline.dev/run-url',
  commit: 'prodline.dev/commit',
  changeCause: 'kubernetes.io/change-cause',
  /** Hash of the manifest as prodline applied it: the same hash again means nothing to write. */
  manifestHash: 'prodline.dev/manifest-hash',
  /** The stable object a derived one (canary, colour) was made from, so promote can apply it exactly. */
  source: 'prodline.dev/source',
  /** On derived objects: the name of the stable Deployment or Service they belong to. */
  stable: 'prodline.dev/stable',
  /** On a blue-green Deployment: the Service that routes to it. */
  service: 'prodline.dev/service',
  /**
   * On a canary routed through Gateway API: the HTTPRoute whose backendRef weights canary-deploy set, so
   * verify-rollout (which has no traffic-router input) rolls back and promotes through the route too.
   */
  httpRoute: 'prodline.dev/http-route',
} as const;

export const LABELS = { track: 'prodline.dev/track', colour: 'prodline.dev/colour' } as const;

/** What a release records about itself. */
export interface ReleaseRecord {
  digest: string;
  previousDigest?: string;
  runUrl?: string;
  commit?: string;
  changeCause?: string;
}

/** A stable hash of an object (keys sorted), over what the user's manifest says plus the digest. */
export function manifestHash(object: KubeObject): string {
  return createHash('sha256').update(canonical(object)).digest('hex').slice(0, 32);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** Returns a copy of `object` with the release annotations and the manifest hash set. */
export function annotate(
  object: KubeObject,
  record: ReleaseRecord | undefined,
  extra: Record<string, string> = {},
): KubeObject {
  const copy = structuredClone(object);
  const hash = manifestHash(copy);
  const annotations: Record<string, string> = {
    ...(copy.metadata.annotations ?? {}),
    ...extra,
    [ANNOTATIONS.manifestHash]: hash,
  };
  if (record) {
    annotations[ANNOTATIONS.digest] = record.digest;
    if (record.previousDigest) annotations[ANNOTATIONS.previousDigest] = record.previousDigest;
    if (record.runUrl) annotations[ANNOTATIONS.runUrl] = record.runUrl;
    if (record.commit) annotations[ANNOTATIONS.commit] = record.commit;
    if (record.changeCause && copy.kind === 'Deployment')
      annotations[ANNOTATIONS.changeCause] = record.changeCause;
  }
  copy.metadata.annotations = annotations;
  return copy;
}

/** An annotation of a live object. */
export function annotationOf(object: KubeObject | undefined, name: string): string | undefined {
  return object?.metadata.annotations?.[name];
}

/** The digest a live Deployment serves: its annotation, else the digest in its first pinned image. */
export function servedDigest(object: KubeObject | undefined): string | undefined {
  const annotated = annotationOf(object, ANNOTATIONS.digest);
  if (annotated) return annotated;
  const containers =
    (object?.spec?.template as { spec?: { containers?: { image?: string }[] } } | undefined)?.spec
      ?.containers ?? [];
  for (const c of containers) {
    const match = /@(sha256:[0-9a-f]{64})$/.exec(c.image ?? '');
    if (match) return match[1];
  }
  return undefined;
}
