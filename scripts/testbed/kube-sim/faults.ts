/** What a fault does to a request it matches. */
export type FaultAction =
  | { type: 'error'; status: number; message?: string }
  | { type: 'throttle'; retryAfterSeconds: number }
  | { type: 'reset'; afterWrite?: boolean }
  | { type: 'latency'; ms: number }
  | { type: 'end-watch'; afterMs: number };

/** Which requests a fault applies to; every given field must match. */
export interface FaultMatch {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete. */
  verb?: string;
  /** Resource plural (`deployments`), optionally with subresource (`deployments/scale`). */
  resource?: string;
  namespace?: string;
  name?: string;
  /** A substring of the request path. */
  path?: string;
}

export interface FaultRule {
  id: number;
  match: FaultMatch;
  action: FaultAction;
  /** How many more requests it applies to (undefined: all). */
  remaining?: number;
  /** Matching requests to let through first (a fault at the N-th write: skip N − 1). */
  skip?: number;
}

/** The facts of a request that faults and the deny list match on. */
export interface RequestFacts {
  verb: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  path: string;
}

function matches(match: FaultMatch, request: RequestFacts): boolean {
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return (
    (match.verb === undefined || match.verb === request.verb) &&
    (match.resource === undefined || match.resource === resource || match.resource === request.resource) &&
    (match.namespace === undefined || match.namespace === request.namespace) &&
    (match.name === undefined || match.name === request.name) &&
    (match.path === undefined || request.path.includes(match.path))
  );
}

/** Injected faults, consumed in the order they were added. */
export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(match: FaultMatch, action: FaultAction, times?: number, skip?: number): FaultRule {
    const rule: FaultRule = { id: this.nextId++, match, action, remaining: times, skip };
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The actions that apply to this request (latency composes with one other action); uses up counts. */
  take(request: RequestFacts): FaultAction[] {
    const taken: FaultAction[] = [];
    for (const rule of this.rules) {
      if (!matches(rule.match, request)) continue;
      if (rule.skip) {
        rule.skip--;
        continue;
      }
      if (rule.action.type !== 'latency' && taken.some((a) => a.type !== 'latency')) continue;
      taken.push(rule.action);
      if (rule.remaining !== undefined) rule.remaining--;
    }
    this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
    return taken;
  }
}

/** A deny rule: the simple RBAC stand-in (`verb` / `resource` / `namespace`, `*` or absent for any). */
export interface DenyRule {
  verb?: string;
  resource?: string;
  namespace?: string;
}

/** True when a deny rule forbids this request. */
export function denied(rules: readonly DenyRule[], request: RequestFacts): boolean {
  const any = (want: string | undefined, got: string | undefined) =>
    want === undefined || want === '*' || want === got;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return rules.some(
    (r) =>
      any(r.verb, request.verb) &&
      (any(r.resource, resource) || any(r.resource, request.resource)) &&
      any(r.namespace, request.namespace),
  );
}

/** One line of the request log. */
export interface LoggedRequest {
  time: string;
  method: string;
  path: string;
  verb: string;
  resource?: string;
  status: number;
  durationMs: number;
  userAgent: string;
  fault?: string;
}

/** The request log (bounded) and per-verb/resource counters, for tests and benchmarks. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private counters = new Map<string, number>();
  total = 0;

  constructor(private readonly limit = 5_000) {}

  add(entry: LoggedRequest): void {
    this.total++;
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    const key = `${entry.verb} ${entry.resource ?? entry.path}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.counters.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.entries = [];
    this.counters = new Map();
    this.total = 0;
  }
}
