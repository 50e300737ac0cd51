import { ApiError } from './errors.js';
import { clone, deepEqual, isObject, type JsonObject, type JsonValue } from './json.js';
import { applyStrategicMergePatch, mergeKeyFor } from './patch-strategic.js';

/** A field path in managedFields' own spelling: `f:spec`, `k:{"name":"app"}`, `v:"x"`. */
export type FieldPath = string[];
const SEP = '\u0000';
const IGNORED_TOP = new Set(['apiVersion', 'kind', 'status']);
const IGNORED_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
]);

/** Every leaf field (and keyed list item) an object sets, as managedFields would record it. */
export function fieldSet(obj: JsonObject): Set<string> {
  const paths = new Set<string>();
  const walk = (value: JsonObject, prefix: FieldPath, top: boolean): void => {
    for (const [key, child] of Object.entries(value)) {
      if (top && IGNORED_TOP.has(key)) continue;
      if (prefix.length === 1 && prefix[0] === 'f:metadata' && IGNORED_META.has(key)) continue;
      const path = [...prefix, `f:${key}`];
      if (isObject(child) && Object.keys(child).length > 0) walk(child, path, false);
      else if (Array.isArray(child) && child.length > 0) {
        const mergeKey = mergeKeyFor(key, child);
        if (mergeKey && child.every(isObject)) {
          for (const item of child.filter(isObject)) {
            const itemPath = [...path, `k:${JSON.stringify({ [mergeKey]: item[mergeKey] ?? null })}`];
            paths.add(itemPath.join(SEP));
            walk(item, itemPath, false);
          }
        } else if (key === 'finalizers')
          for (const item of child) paths.add([...path, `v:${JSON.stringify(item)}`].join(SEP));
        else paths.add(path.join(SEP));
      } else paths.add(path.join(SEP));
    }
  };
  walk(obj, [], true);
  return paths;
}

/** The value at a field path, or undefined when absent. */
export function valueAt(obj: JsonValue | undefined, path: FieldPath): JsonValue | undefined {
  let current: JsonValue | undefined = obj;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const body = segment.slice(2);
    if (segment.startsWith('f:')) current = isObject(current) ? current[body] : undefined;
    else if (segment.startsWith('k:')) {
      const key = JSON.parse(body) as JsonObject;
      current = Array.isArray(current)
        ? current.find(
            (item) => isObject(item) && Object.entries(key).every(([k, v]) => deepEqual(item[k], v)),
          )
        : undefined;
    } else if (segment.startsWith('v:')) {
      const wanted = JSON.parse(body) as JsonValue;
      current = Array.isArray(current) ? current.find((item) => deepEqual(item, wanted)) : undefined;
    }
  }
  return current;
}

function removeAt(obj: JsonObject, path: FieldPath): void {
  const parent = valueAt(obj, path.slice(0, -1));
  const last = path[path.length - 1];
  const body = last.slice(2);
  if (last.startsWith('f:') && isObject(parent)) delete parent[body];
  else if (Array.isArray(parent)) {
    const index = last.startsWith('k:')
      ? parent.findIndex((item) =>
          Object.entries(JSON.parse(body) as JsonObject).every(
            ([k, v]) => isObject(item) && deepEqual(item[k], v),
          ),
        )
      : parent.findIndex((item) => deepEqual(item, JSON.parse(body) as JsonValue));
    if (index >= 0) parent.splice(index, 1);
  }
}

/** Converts a set of paths to the nested `fieldsV1` object. */
export function toFieldsV1(paths: Set<string>): JsonObject {
  const root: JsonObject = {};
  for (const joined of paths) {
    const path = joined.split(SEP);
    let node = root;
    for (const segment of path) {
      const next = node[segment];
      node = isObject(next) ? next : (node[segment] = {});
    }
    if (path[path.length - 1].startsWith('k:')) node['.'] = {};
  }
  return root;
}

/** Reads a `fieldsV1` object back into a set of paths. */
export function fromFieldsV1(fields: JsonValue | undefined): Set<string> {
  const paths = new Set<string>();
  const walk = (node: JsonObject, prefix: FieldPath): void => {
    const children = Object.keys(node).filter((k) => k !== '.');
    if (prefix.length > 0 && (children.length === 0 || '.' in node)) paths.add(prefix.join(SEP));
    for (const key of children) {
      const next = node[key];
      if (isObject(next)) walk(next, [...prefix, key]);
    }
  };
  if (isObject(fields)) walk(fields, []);
  return paths;
}

/** One managedFields entry, simplified to what ownership needs. */
export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  fields: Set<string>;
}

/** Parses metadata.managedFields. */
export function readManaged(obj: JsonObject): ManagedEntry[] {
  const entries =
    isObject(obj.metadata) && Array.isArray(obj.metadata.managedFields) ? obj.metadata.managedFields : [];
  return entries.filter(isObject).map((e) => ({
    manager: String(e.manager),
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    fields: fromFieldsV1(e.fieldsV1),
  }));
}

/** Writes managedFields back (entries with no fields left are dropped, as the API server does). */
export function writeManaged(
  obj: JsonObject,
  entries: ManagedEntry[],
  apiVersion: string,
  time: string,
): void {
  if (!isObject(obj.metadata)) obj.metadata = {};
  const before = Array.isArray(obj.metadata.managedFields) ? obj.metadata.managedFields.filter(isObject) : [];
  obj.metadata.managedFields = entries
    .filter((e) => e.fields.size > 0)
    .map((e) => {
      const fieldsV1 = toFieldsV1(e.fields);
      // An entry whose fields did not change keeps its time: a no-op write must stay a no-op.
      const same = before.find(
        (b) => b.manager === e.manager && b.operation === e.operation && deepEqual(b.fieldsV1, fieldsV1),
      );
      return {
        manager: e.manager,
        operation: e.operation,
        apiVersion: same ? String(same.apiVersion ?? apiVersion) : apiVersion,
        time: same ? String(same.time ?? time) : time,
        fieldsType: 'FieldsV1',
        fieldsV1,
      };
    });
}

/** Records that `manager` (an Update) set the fields that differ between before and after. */
export function recordUpdate(
  before: JsonObject | undefined,
  after: JsonObject,
  manager: string,
): ManagedEntry[] {
  const entries = before ? readManaged(before) : [];
  const changed = new Set(
    [...fieldSet(after)].filter(
      (p) => !deepEqual(valueAt(before, p.split(SEP)), valueAt(after, p.split(SEP))),
    ),
  );
  if (changed.size === 0) return entries;
  const own = entries.find((e) => e.manager === manager && e.operation === 'Update');
  for (const entry of entries) if (entry !== own) for (const p of changed) entry.fields.delete(p);
  if (own) for (const p of changed) own.fields.add(p);
  else entries.push({ manager, operation: 'Update', fields: changed });
  return entries;
}

/**
 * Server-side apply: merges the applied configuration into the live object, removes fields this manager
 * applied before and no longer sets (unless someone else owns them), and refuses (409) to change fields
 * another manager owns unless `force`. Returns the new object with managedFields updated.
 */
export function serverSideApply(
  live: JsonObject,
  applied: JsonObject,
  manager: string,
  force: boolean,
  strategic: boolean,
): { object: JsonObject; managed: ManagedEntry[] } {
  const entries = readManaged(live);
  const wanted = fieldSet(applied);
  const conflicts: { entry: ManagedEntry; path: string }[] = [];
  const apiVersion = typeof applied.apiVersion === 'string' ? applied.apiVersion : 'v1';
  // Managers are (name, operation) pairs: `kubectl scale` (an Update by "kubectl") conflicts with an
  // apply by "kubectl", as on a real API server.
  for (const entry of entries) {
    if (entry.manager === manager && entry.operation === 'Apply') continue;
    for (const path of wanted) {
      if (!entry.fields.has(path)) continue;
      const segments = path.split(SEP);
      if (segments[segments.length - 1].startsWith('k:')) continue;
      if (!deepEqual(valueAt(live, segments), valueAt(applied, segments))) conflicts.push({ entry, path });
    }
  }
  // The API server's upgrade path from client-side apply: for the manager "kubectl", conflicts on
  // fields the last-applied-configuration annotation lists are not conflicts (ownership moves over).
  const lastApplied = lastAppliedFields(live);
  if (manager === 'kubectl' && conflicts.length > 0 && conflicts.every((c) => lastApplied.has(c.path)))
    force = true;
  if (conflicts.length > 0 && !force) {
    const lines = conflicts.map(
      (c) => `conflict with "${c.entry.manager}" using ${apiVersion}: ${dotted(c.path)}`,
    );
    throw new ApiError(
      409,
      'Conflict',
      `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${lines.join('\n')}`,
      {
        causes: conflicts.map((c) => ({
          reason: 'FieldManagerConflict',
          message: `conflict with "${c.entry.manager}" using ${apiVersion}`,
          field: dotted(c.path),
        })),
      },
    );
  }
  for (const c of conflicts) c.entry.fields.delete(c.path);
  const own = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  let object = clone(live);
  if (own) {
    const others = entries.filter((e) => e !== own);
    const dropped = [...own.fields]
      .filter((p) => !wanted.has(p) && !others.some((e) => e.fields.has(p)))
      .sort((a, b) => b.length - a.length);
    for (const path of dropped) {
      const segments = path.split(SEP);
      removeAt(object, segments);
      // Maps emptied by the removal go too (nobody sets an empty `labels: {}` on purpose).
      for (let depth = segments.length - 1; depth > 0; depth--) {
        const parent = valueAt(object, segments.slice(0, depth));
        if (!isObject(parent) || Object.keys(parent).length > 0 || !segments[depth - 1].startsWith('f:'))
          break;
        removeAt(object, segments.slice(0, depth));
      }
    }
  }
  object = strategic ? applyStrategicMergePatch(object, applied) : mergeReplacingLists(object, applied);
  if (own) own.fields = wanted;
  else entries.push({ manager, operation: 'Apply', fields: wanted });
  return { object, managed: entries };
}

function mergeReplacingLists(target: JsonObject, patch: JsonObject): JsonObject {
  const result = clone(target);
  for (const [key, value] of Object.entries(patch)) {
    const current = result[key];
    result[key] = isObject(value) && isObject(current) ? mergeReplacingLists(current, value) : clone(value);
  }
  return result;
}

function lastAppliedFields(live: JsonObject): Set<string> {
  const annotations =
    isObject(live.metadata) && isObject(live.metadata.annotations) ? live.metadata.annotations : {};
  const text = annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (typeof text !== 'string') return new Set();
  try {
    const parsed = JSON.parse(text) as JsonValue;
    return isObject(parsed) ? fieldSet(parsed) : new Set();
  } catch {
    return new Set();
  }
}

/** `.spec.template.spec.containers[name="app"].image` for messages. */
function dotted(path: string): string {
  return path
    .split(SEP)
    .map((s) =>
      s.startsWith('f:') ? `.${s.slice(2)}` : s.startsWith('k:') ? `[${s.slice(2)}]` : `[=${s.slice(2)}]`,
    )
    .join('');
}
