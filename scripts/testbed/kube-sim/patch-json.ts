import { badRequest, ApiError } from './errors.js';
import { clone, deepEqual, isObject, type JsonValue } from './json.js';

/** RFC 7386 JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return clone(patch);
  const result = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** Decodes one RFC 6901 pointer into its reference tokens. */
function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = JsonValue[] | { [key: string]: JsonValue };

/** The parent container of the pointer's last token, and that token. */
function locate(doc: JsonValue, tokens: string[], op: string, path: string): [Container, string] {
  let current: JsonValue = doc;
  for (const token of tokens.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(current)
      ? current[Number(token)]
      : isObject(current)
        ? current[token]
        : undefined;
    if (next === undefined)
      throw unprocessable(`${op} operation does not apply: doc is missing path: "${path}"`);
    current = next;
  }
  if (!Array.isArray(current) && !isObject(current))
    throw unprocessable(`${op} operation does not apply: doc is missing path: "${path}"`);
  return [current, tokens[tokens.length - 1]];
}

const unprocessable = (message: string): ApiError => new ApiError(422, 'Invalid', message);

function arrayIndex(array: JsonValue[], token: string, forAdd: boolean, path: string): number {
  if (forAdd && token === '-') return array.length;
  const index = Number(token);
  const limit = forAdd ? array.length : array.length - 1;
  if (!/^\d+$/.test(token) || index > limit) throw unprocessable(`index out of range in path "${path}"`);
  return index;
}

function get(doc: JsonValue, path: string, op: string): JsonValue {
  const tokens = pointer(path);
  if (tokens.length === 0) return doc;
  const [parent, token] = locate(doc, tokens, op, path);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, token, false, path)] : parent[token];
  if (value === undefined)
    throw unprocessable(`${op} operation does not apply: doc is missing path: "${path}"`);
  return value;
}

function remove(doc: JsonValue, path: string, op: string): void {
  const [parent, token] = locate(doc, pointer(path), op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, token, false, path), 1);
  else {
    if (!(token in parent))
      throw unprocessable(`${op} operation does not apply: doc is missing key: "${path}"`);
    delete parent[token];
  }
}

function add(doc: JsonValue, path: string, value: JsonValue, replace: boolean): JsonValue {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const op = replace ? 'replace' : 'add';
  const [parent, token] = locate(doc, tokens, op, path);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, token, !replace, path);
    parent.splice(index, replace ? 1 : 0, value);
  } else {
    if (replace && !(token in parent))
      throw unprocessable(`replace operation does not apply: doc is missing key: "${path}"`);
    parent[token] = value;
  }
  return doc;
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test) applied to a copy of the target. */
export function applyJsonPatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!Array.isArray(patch)) throw badRequest('json patch must be an array of operations');
  let doc = clone(target);
  for (const operation of patch) {
    if (!isObject(operation)) throw badRequest('json patch operation must be an object');
    const op = String(operation.op);
    const path = typeof operation.path === 'string' ? operation.path : '';
    const value = operation.value;
    switch (op) {
      case 'add':
      case 'replace':
        if (value === undefined) throw badRequest(`${op} operation missing value`);
        doc = add(doc, path, clone(value), op === 'replace');
        break;
      case 'remove':
        remove(doc, path, op);
        break;
      case 'move':
      case 'copy': {
        const from = String(operation.from);
        const moved = clone(get(doc, from, op));
        if (op === 'move') remove(doc, from, op);
        doc = add(doc, path, moved, false);
        break;
      }
      case 'test':
        if (!deepEqual(get(doc, path, op), value ?? null))
          throw unprocessable(`testing value ${path} failed: test failed`);
        break;
      default:
        throw badRequest(`unexpected json patch operation "${op}"`);
    }
  }
  return doc;
}
