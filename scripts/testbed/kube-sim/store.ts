import { randomUUID } from 'node:crypto';
import type { SimClock } from './clock.js';
import { alreadyExists, conflict, gone, notFound } from './errors.js';
import { clone, deepEqual, getString, isObject, type JsonObject } from './json.js';
import { resourceByPlural, type ResourceType } from './resources.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change in the store's history; `previous` lets watchers with selectors see objects leave. */
export interface StoreEvent {
  rv: number;
  type: EventType;
  resource: ResourceType;
  object: JsonObject;
  previous?: JsonObject;
}

/** A watch registered on the store (the HTTP layer turns it into a stream). */
export interface StoreWatcher {
  resource: ResourceType;
  namespace?: string;
  deliver(event: StoreEvent): void;
}

const key = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/**
 * The object store: one global resourceVersion counter as etcd's revision, a bounded history of
 * changes (older resourceVersions answer 410 Gone), and fan-out to watchers and controllers.
 */
export class Store {
  private revision = 1;
  private readonly objects = new Map<string, Map<string, JsonObject>>();
  private history: StoreEvent[] = [];
  /** Changes at or below this revision are no longer retained. */
  private compactedRevision = 0;
  private readonly watchers = new Set<StoreWatcher>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(
    private readonly clock: SimClock,
    private readonly retainedEvents = 10_000,
  ) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  private bucket(resource: ResourceType): Map<string, JsonObject> {
    let bucket = this.objects.get(resource.plural);
    if (!bucket) this.objects.set(resource.plural, (bucket = new Map()));
    return bucket;
  }

  /** A copy of the object, or undefined. */
  find(resource: ResourceType, namespace: string | undefined, name: string): JsonObject | undefined {
    const found = this.bucket(resource).get(key(namespace, name));
    return found ? clone(found) : undefined;
  }

  /** A copy of the object, or 404. */
  get(resource: ResourceType, namespace: string | undefined, name: string): JsonObject {
    const found = this.find(resource, namespace, name);
    if (!found) throw notFound(resource.plural, resource.group, name);
    return found;
  }

  /** Stored objects (not copies: callers must not mutate them), optionally in one namespace. */
  list(resource: ResourceType, namespace?: string): JsonObject[] {
    const all = [...this.bucket(resource).values()];
    return namespace === undefined
      ? all
      : all.filter((o) => getString(o, ['metadata', 'namespace']) === namespace);
  }

  /** Stores a new object: uid, resourceVersion, creationTimestamp and generation are assigned here. */
  create(resource: ResourceType, object: JsonObject): JsonObject {
    const meta = isObject(object.metadata) ? object.metadata : (object.metadata = {});
    const name = String(meta.name);
    const namespace = resource.namespaced ? String(meta.namespace) : undefined;
    const bucket = this.bucket(resource);
    if (bucket.has(key(namespace, name))) throw alreadyExists(resource.plural, resource.group, name);
    meta.uid = randomUUID();
    meta.creationTimestamp = this.clock.timestamp();
    if (resource.hasGeneration) meta.generation = 1;
    meta.resourceVersion = String(++this.revision);
    const stored = clone(object);
    bucket.set(key(namespace, name), stored);
    this.emit({ rv: this.revision, type: 'ADDED', resource, object: stored });
    return clone(stored);
  }

  /**
   * Replaces an object. A resourceVersion in the new object must match the stored one (409 otherwise);
   * a spec change bumps generation; a no-op update keeps the resourceVersion, as the API server does.
   */
  update(resource: ResourceType, object: JsonObject): JsonObject {
    const meta = isObject(object.metadata) ? object.metadata : (object.metadata = {});
    const name = String(meta.name);
    const namespace = resource.namespaced ? String(meta.namespace) : undefined;
    const bucket = this.bucket(resource);
    const current = bucket.get(key(namespace, name));
    if (!current) throw notFound(resource.plural, resource.group, name);
    const currentMeta = current.metadata as JsonObject;
    if (
      meta.resourceVersion !== undefined &&
      meta.resourceVersion !== '' &&
      meta.resourceVersion !== currentMeta.resourceVersion
    )
      throw conflict(
        resource.plural,
        resource.group,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    for (const field of ['uid', 'creationTimestamp', 'generation', 'resourceVersion'])
      if (currentMeta[field] !== undefined) meta[field] = currentMeta[field];
    if (resource.hasGeneration && !deepEqual(object.spec, current.spec))
      meta.generation = Number(currentMeta.generation ?? 0) + 1;
    if (deepEqual(object, current)) return clone(current);
    meta.resourceVersion = String(++this.revision);
    const stored = clone(object);
    bucket.set(key(namespace, name), stored);
    this.emit({ rv: this.revision, type: 'MODIFIED', resource, object: stored, previous: current });
    return clone(stored);
  }

  /** Removes an object; the DELETED event carries the object at a new resourceVersion. */
  delete(resource: ResourceType, namespace: string | undefined, name: string): JsonObject {
    const bucket = this.bucket(resource);
    const current = bucket.get(key(namespace, name));
    if (!current) throw notFound(resource.plural, resource.group, name);
    bucket.delete(key(namespace, name));
    const deleted = clone(current);
    (deleted.metadata as JsonObject).resourceVersion = String(++this.revision);
    this.emit({ rv: this.revision, type: 'DELETED', resource, object: deleted, previous: current });
    return clone(deleted);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.retainedEvents) {
      const dropped = this.history.splice(0, this.history.length - this.retainedEvents);
      this.compactedRevision = dropped[dropped.length - 1].rv;
    }
    for (const watcher of this.watchers) if (watcher.resource === event.resource) watcher.deliver(event);
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Registers a watcher, first replaying retained changes after `fromRevision`; throws 410 Gone when
   * that revision is older than the retained history.
   */
  watch(watcher: StoreWatcher, fromRevision: number | undefined): () => void {
    if (fromRevision !== undefined) {
      if (fromRevision < this.compactedRevision) throw gone(String(fromRevision), this.compactedRevision + 1);
      for (const event of this.history)
        if (event.rv > fromRevision && event.resource === watcher.resource) watcher.deliver(event);
    }
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Forgets all history up to now, so any watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.compactedRevision = this.revision;
    this.history = [];
  }

  /** Controllers subscribe here (called synchronously after each change). */
  onChange(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** Shorthand for the simulator's own code. */
  static resource(plural: string): ResourceType {
    return resourceByPlural(plural);
  }
}
