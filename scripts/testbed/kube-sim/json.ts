/** A JSON value as the simulator stores it: objects are plain records, never class instances. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy: stored objects are never shared with callers, so nobody mutates the store by accident. */
export function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/** Structural equality of two JSON values (key order does not matter). */
export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** JSON with object keys sorted, so equal values hash equally. */
export function stableStringify(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The object at `obj[key]`, created empty when missing (for building nested fields). */
export function child(obj: JsonObject, key: string): JsonObject {
  const existing = obj[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** Reads a nested value by path; undefined when any step is missing. */
export function getPath(obj: JsonValue | undefined, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = obj;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A nested string field, or undefined. */
export function getString(obj: JsonValue | undefined, path: readonly string[]): string | undefined {
  const value = getPath(obj, path);
  return typeof value === 'string' ? value : undefined;
}

/** A nested number field, or undefined. */
export function getNumber(obj: JsonValue | undefined, path: readonly string[]): number | undefined {
  const value = getPath(obj, path);
  return typeof value === 'number' ? value : undefined;
}

/** A nested object field, or an empty object when missing. */
export function getObject(obj: JsonValue | undefined, path: readonly string[]): JsonObject {
  const value = getPath(obj, path);
  return isObject(value) ? value : {};
}

/** A nested array of objects, or an empty array. */
export function getObjects(obj: JsonValue | undefined, path: readonly string[]): JsonObject[] {
  const value = getPath(obj, path);
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** A nested map of strings (labels, annotations), or an empty one. */
export function getStringMap(obj: JsonValue | undefined, path: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [k, v] of Object.entries(getObject(obj, path))) if (typeof v === 'string') map[k] = v;
  return map;
}

/**
 * A copy without null fields: typed Kubernetes objects cannot hold a null (the API server decodes it
 * to a zero value), so `creationTimestamp: null` in a template sent back by kubectl equals no field.
 */
export function pruneNulls<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => pruneNulls(v)) as T;
  if (isObject(value)) {
    const result: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) result[k] = pruneNulls(v);
    return result as T;
  }
  return value;
}
