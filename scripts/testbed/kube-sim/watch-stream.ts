import type { ServerResponse } from 'node:http';
import { ApiError } from './errors.js';
import { clone, type JsonObject } from './json.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { EventType, Store, StoreEvent } from './store.js';

/** What a watch request asked for. */
export interface WatchRequest {
  resource: ResourceType;
  namespace?: string;
  filter: (object: JsonObject) => boolean;
  /** undefined or "0": start with the current state as ADDED events. */
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  /** Ends the stream after this many ms (the "watch drop" fault). */
  endAfterMs?: number;
  bookmarkIntervalMs: number;
  /** Server-side printing (`kubectl get -w`): each object becomes a one-row Table. */
  print?: (object: JsonObject, withColumns: boolean) => JsonObject;
}

// Each event is serialised once per type however many watchers receive it (the 64-watcher fan-out).
const lines = new WeakMap<StoreEvent, Map<EventType, string>>();

function lineFor(event: StoreEvent, type: EventType): string {
  let byType = lines.get(event);
  if (!byType) lines.set(event, (byType = new Map()));
  let line = byType.get(type);
  if (line === undefined) {
    line = `${JSON.stringify({ type, object: event.object })}\n`;
    byType.set(type, line);
  }
  return line;
}

/** Open watch streams, so the control API can end them all (a dropped watch for every client). */
export class WatchRegistry {
  private readonly open = new Set<() => void>();

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  /** Ends every open watch stream; returns how many were ended. */
  endAll(): number {
    const ends = [...this.open];
    for (const end of ends) end();
    return ends.length;
  }

  get size(): number {
    return this.open.size;
  }
}

/**
 * Serves one watch as newline-delimited JSON events over a chunked 200 response, as the API server
 * does: replay from resourceVersion (or the current state), selector-aware ADDED/MODIFIED/DELETED,
 * bookmarks, timeoutSeconds, and an ERROR event with a 410 Status when the version is too old.
 */
export function serveWatch(
  store: Store,
  registry: WatchRegistry,
  request: WatchRequest,
  res: ServerResponse,
): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  const { resource } = request;
  const inNamespace = (object: JsonObject) =>
    request.namespace === undefined ||
    (object.metadata as JsonObject | undefined)?.namespace === request.namespace;
  const visible = (object: JsonObject | undefined) =>
    object !== undefined && inNamespace(object) && request.filter(object);
  // The API server sends column definitions with the first printed event only.
  let columnsSent = false;
  const printed = (type: EventType, object: JsonObject): string => {
    const table = request.print?.(object, !columnsSent) ?? object;
    columnsSent = true;
    return `${JSON.stringify({ type, object: table })}\n`;
  };
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: () => void = () => undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    unregister();
    for (const t of timers) clearTimeout(t);
    res.end();
  };
  const unregister = registry.add(end);
  res.on('close', end);
  const bookmark = (annotations?: JsonObject) =>
    res.write(
      `${JSON.stringify({
        type: 'BOOKMARK',
        object: {
          kind: resource.kind,
          apiVersion: apiVersionOf(resource),
          metadata: { resourceVersion: store.resourceVersion, ...(annotations ? { annotations } : {}) },
        },
      })}\n`,
    );
  const deliver = (event: StoreEvent) => {
    if (ended) return;
    const now = visible(event.object);
    const before = event.type === 'ADDED' ? false : visible(event.previous);
    let type: EventType | undefined;
    if (event.type === 'DELETED') type = before ? 'DELETED' : undefined;
    else if (now) type = before || event.type === 'ADDED' ? event.type : 'ADDED';
    else if (before) type = 'DELETED';
    if (type) res.write(request.print ? printed(type, event.object) : lineFor(event, type));
  };
  const rv = request.resourceVersion;
  const fromCurrent = rv === undefined || rv === '' || rv === '0' || request.sendInitialEvents;
  try {
    if (rv !== undefined && rv !== '' && !/^\d+$/.test(rv))
      throw new ApiError(400, 'BadRequest', `invalid resource version: ${rv}`);
    if (fromCurrent) {
      for (const object of store.list(resource, request.namespace))
        if (request.filter(object))
          res.write(
            request.print
              ? printed('ADDED', object)
              : `${JSON.stringify({ type: 'ADDED', object: clone(object) })}\n`,
          );
      if (request.sendInitialEvents && request.allowBookmarks)
        bookmark({ 'k8s.io/initial-events-end': 'true' });
      unsubscribe = store.watch({ resource, namespace: request.namespace, deliver }, undefined);
    } else unsubscribe = store.watch({ resource, namespace: request.namespace, deliver }, Number(rv));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    res.write(`${JSON.stringify({ type: 'ERROR', object: error.toStatus() })}\n`);
    end();
    return;
  }
  if (request.allowBookmarks) {
    const tick = () => {
      if (ended) return;
      bookmark();
      timers.push(setTimeout(tick, request.bookmarkIntervalMs).unref());
    };
    timers.push(setTimeout(tick, request.bookmarkIntervalMs).unref());
  }
  if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0)
    timers.push(setTimeout(end, request.timeoutSeconds * 1000).unref());
  if (request.endAfterMs !== undefined) timers.push(setTimeout(end, request.endAfterMs).unref());
}
