import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveDiscovery } from './discovery-routes.js';
import { ApiError, reasonForStatus } from './errors.js';
import { denied, type RequestFacts } from './faults.js';
import { parseBody, parseObjectBody, readBody, sendJson } from './http-io.js';
import { getObject, getString, type JsonObject } from './json.js';
import type { WriteOptions } from './objects.js';
import { parseLogQuery, podLog } from './pod-logs.js';
import { apiVersionOf } from './resources.js';
import { resolveRoute, verbOf, type ResourceRoute } from './routes.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { SimState } from './state.js';
import { toTable, wantsTable } from './tables.js';
import { serveWatch } from './watch-stream.js';

function selectorFilter(route: ResourceRoute, query: URLSearchParams): (object: JsonObject) => boolean {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '', route.resource.kind);
  return (object) =>
    matchesLabels(labels, getObject(object, ['metadata', 'labels']) as Record<string, string>) &&
    matchesFields(fields, object);
}

function writeOptions(req: IncomingMessage, query: URLSearchParams, route: ResourceRoute): WriteOptions {
  const agent = req.headers['user-agent'] ?? 'unknown';
  return {
    fieldManager: query.get('fieldManager') ?? agent.split('/')[0],
    force: query.get('force') === 'true',
    dryRun: query.get('dryRun') === 'All',
    subresource: route.subresource,
  };
}

const serialisedObjects = new WeakMap<JsonObject, string>();

function serialised(object: JsonObject): string {
  let text = serialisedObjects.get(object);
  if (text === undefined) serialisedObjects.set(object, (text = JSON.stringify(object)));
  return text;
}

function list(
  sim: SimState,
  route: ResourceRoute,
  query: URLSearchParams,
  res: ServerResponse,
  table: boolean,
): void {
  const filter = selectorFilter(route, query);
  const key = (o: JsonObject) =>
    `${getString(o, ['metadata', 'namespace']) ?? ''}/${getString(o, ['metadata', 'name']) ?? ''}`;
  let items = sim.store
    .list(route.resource, route.namespace)
    .filter(filter)
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const limit = Number(query.get('limit') ?? 0);
  const token = query.get('continue');
  if (token) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    items = items.filter((o) => key(o) > after);
  }
  const metadata: JsonObject = { resourceVersion: sim.store.resourceVersion };
  if (limit > 0 && items.length > limit) {
    metadata.continue = Buffer.from(key(items[limit - 1]), 'utf8').toString('base64url');
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  if (table) {
    const printed = toTable(route.resource, items, sim.store.resourceVersion, sim.clock.now());
    return sendJson(res, 200, { ...printed, metadata: { ...metadata, ...getObject(printed, ['metadata']) } });
  }
  // Stored objects are never mutated in place (updates replace them), so each is serialised once.
  const head = JSON.stringify({
    kind: `${route.resource.kind}List`,
    apiVersion: apiVersionOf(route.resource),
    metadata,
  });
  const text = `${head.slice(0, -1)},"items":[${items.map(serialised).join(',')}]}`;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

// Pod logs are plain text written by the image behaviours (the kubelet's job on a real node).
function serveLog(
  sim: SimState,
  res: ServerResponse,
  route: ResourceRoute,
  verb: string,
  query: URLSearchParams,
): void {
  if (verb !== 'get')
    throw new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  const pod = sim.store.get(route.resource, route.namespace, String(route.name));
  const text = podLog(pod, parseLogQuery(query), sim.behaviours);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function dispatch(
  sim: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  verb: string,
  query: URLSearchParams,
  endWatchAfterMs?: number,
): Promise<void> {
  const { resource, namespace, name, subresource } = route;
  if (subresource && !(resource.subresources as string[]).includes(subresource))
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (resource.namespaced && name !== undefined && namespace === undefined)
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  const contentType = req.headers['content-type'] ?? '';
  if (subresource === 'log') return serveLog(sim, res, route, verb, query);
  switch (verb) {
    case 'get':
      if (subresource === 'scale')
        return sendJson(res, 200, sim.objects.getScale(resource, namespace, String(name)));
      if (wantsTable(req.headers.accept))
        return sendJson(
          res,
          200,
          toTable(
            resource,
            [sim.store.get(resource, namespace, String(name))],
            sim.store.resourceVersion,
            sim.clock.now(),
          ),
        );
      return sendJson(res, 200, sim.store.get(resource, namespace, String(name)));
    case 'list':
      return list(sim, route, query, res, wantsTable(req.headers.accept));
    case 'watch': {
      const timeout = query.get('timeoutSeconds');
      const selected = selectorFilter(route, query);
      // The legacy per-object watch path (`…/deployments/web?watch=true`) is a name filter.
      const filter =
        name === undefined
          ? selected
          : (o: JsonObject) => getString(o, ['metadata', 'name']) === name && selected(o);
      return serveWatch(
        sim.store,
        sim.watches,
        {
          resource,
          namespace,
          filter,
          resourceVersion: query.get('resourceVersion') ?? undefined,
          allowBookmarks: query.get('allowWatchBookmarks') === 'true',
          sendInitialEvents: query.get('sendInitialEvents') === 'true',
          timeoutSeconds: timeout ? Number(timeout) : undefined,
          endAfterMs: endWatchAfterMs,
          bookmarkIntervalMs: sim.options.bookmarkIntervalMs,
          print: wantsTable(req.headers.accept)
            ? (object, withColumns) =>
                toTable(resource, [object], sim.store.resourceVersion, sim.clock.now(), withColumns)
            : undefined,
        },
        res,
      );
    }
    case 'create': {
      if (name !== undefined)
        throw new ApiError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      const created = sim.objects.create(
        resource,
        namespace,
        await parseObjectBody(await readBody(req), contentType),
        writeOptions(req, query, route),
      );
      return sendJson(res, 201, created);
    }
    case 'update': {
      const body = await parseObjectBody(await readBody(req), contentType);
      return sendJson(
        res,
        200,
        sim.objects.update(resource, namespace, String(name), body, writeOptions(req, query, route)),
      );
    }
    case 'patch': {
      const body = await parseBody(await readBody(req), contentType, false);
      const existed = sim.store.find(resource, namespace, String(name)) !== undefined;
      const patched = sim.objects.patch(
        resource,
        namespace,
        String(name),
        contentType,
        body,
        writeOptions(req, query, route),
      );
      return sendJson(res, existed ? 200 : 201, patched);
    }
    case 'delete': {
      const raw = await readBody(req);
      const body = raw.trim() ? await parseObjectBody(raw, 'application/json') : {};
      const policy = query.get('propagationPolicy') ?? getString(body, ['propagationPolicy']) ?? 'Background';
      return sendJson(
        res,
        200,
        sim.objects.delete(resource, namespace, String(name), policy, query.get('dryRun') === 'All'),
      );
    }
    case 'deletecollection': {
      const filter = selectorFilter(route, query);
      const doomed = sim.store
        .list(resource, namespace)
        .filter(filter)
        .map((o) => String(getString(o, ['metadata', 'name'])));
      const items = doomed.map((n) =>
        sim.objects.delete(
          resource,
          namespace ?? getString(sim.store.find(resource, undefined, n), ['metadata', 'namespace']),
          n,
        ),
      );
      return sendJson(res, 200, {
        kind: `${resource.kind}List`,
        apiVersion: apiVersionOf(resource),
        metadata: { resourceVersion: sim.store.resourceVersion },
        items,
      });
    }
    default:
      throw new ApiError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
  }
}

/** The Kubernetes API: authentication, injected faults, the deny list, then discovery or resources. */
export async function handleApi(sim: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = resolveRoute(url.pathname);
  const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
  const verb = verbOf(req.method ?? 'GET', route, watch);
  const facts: RequestFacts = {
    verb,
    resource: route?.resource.plural,
    subresource: route?.subresource,
    namespace: route?.namespace,
    name: route?.name,
    path: url.pathname,
  };
  let fault: string | undefined;
  const log = () =>
    sim.log.add({
      time: sim.clock.timestamp(),
      method: req.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      verb,
      resource: route?.resource.plural,
      status: res.statusCode,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      userAgent: req.headers['user-agent'] ?? '',
      ...(fault ? { fault } : {}),
    });
  res.once('close', log);
  try {
    if (sim.options.token && req.headers.authorization !== `Bearer ${sim.options.token}`)
      throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    let endWatchAfterMs: number | undefined;
    for (const action of sim.faults.take(facts)) {
      fault = action.type;
      if (action.type === 'latency') await sleep(action.ms);
      else if (action.type === 'reset' && action.afterWrite) {
        // The real failure after a write: the server did the work, the answer never arrives.
        res.writeHead = (() => {
          req.socket.destroy();
          return res;
        }) as typeof res.writeHead;
      } else if (action.type === 'reset') {
        req.socket.destroy();
        return;
      } else if (action.type === 'error')
        throw new ApiError(
          action.status,
          reasonForStatus(action.status),
          action.message ?? 'Internal error occurred: injected fault',
        );
      else if (action.type === 'throttle') {
        const status = new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', {
          retryAfterSeconds: action.retryAfterSeconds,
        }).toStatus();
        return sendJson(res, 429, status, { 'Retry-After': String(action.retryAfterSeconds) });
      } else if (action.type === 'end-watch') endWatchAfterMs = action.afterMs;
    }
    if (route && denied(sim.deny, facts)) {
      const where = route.namespace ? ` in the namespace "${route.namespace}"` : ' at the cluster scope';
      const what = route.subresource
        ? `${route.resource.plural}/${route.subresource}`
        : route.resource.plural;
      throw new ApiError(
        403,
        'Forbidden',
        `${route.resource.group ? `${route.resource.plural}.${route.resource.group}` : route.resource.plural}${route.name ? ` "${route.name}"` : ''} is forbidden: User "${sim.options.user}" cannot ${verb} resource "${what}" in API group "${route.resource.group}"${where}`,
        { name: route.name ?? '', group: route.resource.group, kind: route.resource.plural },
      );
    }
    if (!route) {
      if (req.method === 'GET' && serveDiscovery(req, res, url.pathname)) return;
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    await dispatch(sim, req, res, route, verb, url.searchParams, endWatchAfterMs);
  } catch (error) {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(
            500,
            'InternalError',
            `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`,
          );
    if (res.headersSent) res.end();
    else sendJson(res, apiError.code, apiError.toStatus());
  }
}
