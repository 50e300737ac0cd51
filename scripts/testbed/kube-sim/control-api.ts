import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DenyRule, FaultAction, FaultMatch } from './faults.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';
import type { Behaviour, BehaviourKind } from './pod-behaviours.js';
import { RESOURCES } from './resources.js';
import type { SimState } from './state.js';

const BEHAVIOURS: BehaviourKind[] = ['healthy', 'slow', 'never-ready', 'crash-loop', 'pull-failure', 'oom'];
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

class ControlError extends Error {}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<JsonValue> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new ControlError('body is not JSON');
  }
}

function behaviourOf(value: JsonValue | undefined): Behaviour {
  const raw = typeof value === 'string' ? { kind: value } : value;
  if (!isObject(raw) || !BEHAVIOURS.includes(raw.kind as BehaviourKind))
    throw new ControlError(
      `behaviour must be one of ${BEHAVIOURS.join(', ')} (or {kind, readyAfterMs, runMs, backoffMs})`,
    );
  const num = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : undefined);
  return {
    kind: raw.kind as BehaviourKind,
    readyAfterMs: num('readyAfterMs'),
    runMs: num('runMs'),
    backoffMs: num('backoffMs'),
  };
}

function faultOf(body: JsonObject): { match: FaultMatch; action: FaultAction; times?: number } {
  const match = (isObject(body.match) ? body.match : {}) as FaultMatch;
  const a = isObject(body.action) ? body.action : {};
  const times = typeof body.times === 'number' ? body.times : undefined;
  switch (a.type) {
    case 'error':
      return {
        match,
        action: {
          type: 'error',
          status: typeof a.status === 'number' ? a.status : 500,
          message: typeof a.message === 'string' ? a.message : undefined,
        },
        times,
      };
    case 'throttle':
      return {
        match,
        action: {
          type: 'throttle',
          retryAfterSeconds: typeof a.retryAfterSeconds === 'number' ? a.retryAfterSeconds : 1,
        },
        times,
      };
    case 'reset':
      return { match, action: { type: 'reset', afterWrite: a.afterWrite === true }, times };
    case 'latency':
      return { match, action: { type: 'latency', ms: typeof a.ms === 'number' ? a.ms : 100 }, times };
    case 'end-watch':
      return {
        match: { ...match, verb: 'watch' },
        action: { type: 'end-watch', afterMs: typeof a.afterMs === 'number' ? a.afterMs : 0 },
        times,
      };
    default:
      throw new ControlError('action.type must be error, throttle, reset, latency or end-watch');
  }
}

/** Deletes every object outside the system namespaces and clears faults, behaviours, deny rules and logs. */
export function resetSimulation(sim: SimState): void {
  for (const r of RESOURCES) {
    for (const object of [...sim.store.list(r)]) {
      const meta = object.metadata as JsonObject;
      const name = String(meta.name);
      if (r.kind === 'Namespace' && SYSTEM_NAMESPACES.includes(name)) continue;
      if (sim.store.find(r, r.namespaced ? String(meta.namespace) : undefined, name))
        sim.store.delete(r, r.namespaced ? String(meta.namespace) : undefined, name);
    }
  }
  sim.faults.clear();
  sim.behaviours.length = 0;
  sim.deny.length = 0;
  sim.log.reset();
}

/**
 * The control API (its own port, never the Kubernetes API): image behaviours, faults, the deny list,
 * the simulated clock, watch drops, history compaction, request counters and a reset.
 */
export async function handleControl(sim: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/$/, '')}`;
  try {
    const body = req.method === 'GET' ? {} : await readJson(req);
    const obj = isObject(body) ? body : {};
    switch (route) {
      case 'GET /state':
        return send(res, 200, {
          resourceVersion: sim.store.resourceVersion,
          watchers: sim.watches.size,
          clock: { now: sim.clock.timestamp(), nowMs: sim.clock.now(), frozen: sim.clock.frozen },
          behaviours: sim.behaviours,
          behaviourDefaults: sim.behaviourDefaults,
          faults: sim.faults.list(),
          deny: sim.deny,
          requests: sim.log.total,
        });
      case 'GET /clock':
        return send(res, 200, {
          now: sim.clock.timestamp(),
          nowMs: sim.clock.now(),
          frozen: sim.clock.frozen,
        });
      case 'POST /clock/advance': {
        const ms =
          typeof obj.ms === 'number' ? obj.ms : typeof obj.seconds === 'number' ? obj.seconds * 1000 : NaN;
        if (!Number.isFinite(ms) || ms < 0) throw new ControlError('give {"ms": N} or {"seconds": N}, N ≥ 0');
        sim.clock.advance(ms);
        return send(res, 200, { now: sim.clock.timestamp(), nowMs: sim.clock.now() });
      }
      case 'POST /clock/freeze':
        sim.clock.freeze();
        return send(res, 200, { frozen: true, nowMs: sim.clock.now() });
      case 'POST /clock/resume':
        sim.clock.resume();
        return send(res, 200, { frozen: false, nowMs: sim.clock.now() });
      case 'GET /behaviours':
        return send(res, 200, { rules: sim.behaviours, defaults: sim.behaviourDefaults });
      case 'POST /behaviours': {
        if (typeof obj.image !== 'string' || !obj.image)
          throw new ControlError('give {"image": "<pattern>", "behaviour": "<kind>"}');
        sim.behaviours.push({ image: obj.image, behaviour: behaviourOf(obj.behaviour) });
        sim.controllers.runNow();
        return send(res, 200, { rules: sim.behaviours });
      }
      case 'PUT /behaviours/defaults': {
        for (const key of ['readyAfterMs', 'slowReadyAfterMs', 'runMs', 'backoffMs'] as const)
          if (typeof obj[key] === 'number') sim.behaviourDefaults[key] = obj[key];
        return send(res, 200, sim.behaviourDefaults);
      }
      case 'DELETE /behaviours':
        sim.behaviours.length = 0;
        return send(res, 200, { rules: [] });
      case 'GET /faults':
        return send(res, 200, { faults: sim.faults.list() });
      case 'POST /faults': {
        const { match, action, times } = faultOf(obj);
        const skip = typeof obj.skip === 'number' ? obj.skip : undefined;
        return send(res, 200, sim.faults.add(match, action, times, skip));
      }
      case 'DELETE /faults':
        sim.faults.clear();
        return send(res, 200, { faults: [] });
      case 'POST /watches/end':
        return send(res, 200, { ended: sim.watches.endAll() });
      case 'POST /compact':
        sim.store.compact();
        return send(res, 200, { compactedAt: sim.store.resourceVersion });
      case 'GET /requests':
        return send(res, 200, { total: sim.log.total, requests: sim.log.list() });
      case 'GET /counters':
        return send(res, 200, { total: sim.log.total, counts: sim.log.counts() });
      case 'DELETE /requests':
        sim.log.reset();
        return send(res, 200, { total: 0 });
      case 'GET /deny':
        return send(res, 200, { rules: sim.deny });
      case 'POST /deny':
        sim.deny.push({
          verb: obj.verb as string | undefined,
          resource: obj.resource as string | undefined,
          namespace: obj.namespace as string | undefined,
        } satisfies DenyRule);
        return send(res, 200, { rules: sim.deny });
      case 'DELETE /deny':
        sim.deny.length = 0;
        return send(res, 200, { rules: [] });
      case 'POST /reconcile':
        sim.controllers.runNow();
        return send(res, 200, { resourceVersion: sim.store.resourceVersion });
      case 'POST /reset':
        resetSimulation(sim);
        return send(res, 200, { reset: true });
      default:
        return send(res, 404, { error: `no control endpoint ${route}` });
    }
  } catch (error) {
    send(res, error instanceof ControlError ? 400 : 500, {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
