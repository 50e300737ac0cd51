import { clone, deepEqual, isObject, type JsonObject, type JsonValue } from './json.js';

/**
 * Merge keys of the Kubernetes types' `patchMergeKey` tags, by field name. The built-in types never
 * use one field name with two different keys except `ports` (container ports merge on containerPort,
 * service ports on port), which is decided from the items themselves.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  resourceClaims: 'name',
  topologySpreadConstraints: 'topologyKey',
};

/** Lists of scalars whose strategy is `merge` (a set union) rather than replace. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

const ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

/** The merge key for a list field, or undefined when the list is replaced as a whole. */
export function mergeKeyFor(field: string, items: JsonValue[]): string | undefined {
  if (field === 'ports')
    return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

/**
 * Applies a strategic merge patch (as kubectl sends for `apply`, `set image`, `rollout undo`) to a copy
 * of the target: keyed lists merge item by item, `$patch`, `$retainKeys`, `$setElementOrder` and
 * `$deleteFromPrimitiveList` directives are honoured, null deletes a field.
 */
export function applyStrategicMergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  return mergeMap(clone(target), patch) ?? {};
}

function mergeMap(original: JsonObject, patch: JsonObject): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives(patch);
  const result = original;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(ORDER)) continue;
    if (key.startsWith(DELETE_FROM)) {
      const field = key.slice(DELETE_FROM.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value))
        result[field] = current.filter((item) => !value.some((v) => deepEqual(v, item)));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    if (isObject(value)) {
      const merged = mergeMap(isObject(current) ? current : {}, value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, Array.isArray(current) ? current : [], value);
    } else result[key] = value;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(ORDER) || !Array.isArray(value)) continue;
    const field = key.slice(ORDER.length);
    const list = result[field];
    if (Array.isArray(list)) result[field] = reorder(field, list, value);
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(field: string, original: JsonValue[], patch: JsonValue[]): JsonValue[] {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace'))
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map(stripDirectivesValue);
  const key = mergeKeyFor(field, [...original, ...patch]);
  if (key === undefined) {
    if (MERGED_PRIMITIVE_LISTS.has(field)) {
      const union = [...original];
      for (const item of patch) if (!union.some((u) => deepEqual(u, item))) union.push(item);
      return union;
    }
    return patch.map(stripDirectivesValue);
  }
  const result = [...original];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = result.findIndex((existing) => isObject(existing) && deepEqual(existing[key], item[key]));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const existing = result[index];
      const merged = mergeMap(isObject(existing) ? existing : {}, item);
      if (merged === undefined) result.splice(index, 1);
      else result[index] = merged;
    } else result.push(stripDirectives(item));
  }
  return result;
}

/** Orders a merged list as `$setElementOrder` asks; items it does not name keep their place after. */
function reorder(field: string, list: JsonValue[], order: JsonValue[]): JsonValue[] {
  const key = mergeKeyFor(field, list);
  const identity = (item: JsonValue): JsonValue | undefined => (key && isObject(item) ? item[key] : item);
  const ordered: JsonValue[] = [];
  for (const wanted of order) {
    const id = identity(wanted);
    const found = list.find((item) => deepEqual(identity(item), id));
    if (found !== undefined && !ordered.includes(found)) ordered.push(found);
  }
  return [...ordered, ...list.filter((item) => !ordered.includes(item))];
}

function stripDirectivesValue(value: JsonValue): JsonValue {
  if (isObject(value)) return stripDirectives(value);
  if (Array.isArray(value)) return value.map(stripDirectivesValue);
  return value;
}

function stripDirectives(obj: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(ORDER) || key.startsWith(DELETE_FROM))
      continue;
    if (value === null) continue;
    result[key] = stripDirectivesValue(value);
  }
  return result;
}
