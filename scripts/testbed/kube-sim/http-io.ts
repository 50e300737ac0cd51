import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from './errors.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';
import { parseJson } from './object-views.js';
import { PATCH_TYPES } from './objects.js';

const MAX_BODY = 3 * 1024 * 1024;

/** Answers with a JSON body (and its length, so keep-alive connections stay usable). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: JsonValue,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The request body as text (bounded). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY) throw new ApiError(413, 'BadRequest', 'request entity too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses YAML; the parser is loaded on first use (it is most of the start-up cost otherwise). */
async function parseYamlText(raw: string): Promise<unknown> {
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJson(raw);
  const { parse } = await import('yaml');
  try {
    return parse(raw) as unknown;
  } catch (error) {
    throw badRequest(`error decoding YAML: ${String(error)}`);
  }
}

/** A request body as JSON (or YAML for apply patches and `application/yaml`). */
export async function parseBody(
  raw: string,
  contentType: string,
  objectRequired: boolean,
): Promise<JsonValue> {
  const type = contentType.split(';')[0].trim();
  let value: unknown;
  if (type === 'application/yaml' || type === PATCH_TYPES.apply) value = await parseYamlText(raw);
  else if (
    ['', 'application/json', '*/*', PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.strategic].includes(type)
  )
    value = parseJson(raw);
  else
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, ${Object.values(PATCH_TYPES).join(', ')}`,
    );
  if (objectRequired && !isObject(value)) throw badRequest('the request body must be an object');
  return value as JsonValue;
}

/** A request body that must be an object (create, update). */
export async function parseObjectBody(raw: string, contentType: string): Promise<JsonObject> {
  return (await parseBody(raw, contentType, true)) as JsonObject;
}
