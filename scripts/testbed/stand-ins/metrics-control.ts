import type { Fleet, SeriesSnapshot } from './metrics-fleet.js';
import { parseSeriesInput, SeriesInputError } from './metrics-series.js';

/**
 * The exporter's JSON control API, as a function of (fleet, request) so it is tested without HTTP:
 *
 * - `GET    /control/series`                  → 200 `{series: [{config, totals}]}`
 * - `PUT    /control/series`                  → 201 created / 200 replaced; fields left out take defaults
 * - `PATCH  /control/series`                  → 200; fields left out keep their values; 404 if unknown
 * - `DELETE /control/series/<service>[/<track>]` → 204; 404 when nothing matched
 * - `POST   /control/reset`                   → 204; removes every series
 *
 * PUT and PATCH take `{service, track, …}` (see `SeriesConfig`) and answer `{series: {config, totals}}`.
 * Errors answer `{error: "<what is wrong and what is accepted>"}`.
 */

export interface ControlRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** The raw request body (may be empty). */
  body: string;
}

export interface ControlResponse {
  status: number;
  /** JSON-serialisable; undefined for 204. */
  body?: unknown;
}

/** The most a control body may hold; anything longer is refused before parsing. */
export const MAX_CONTROL_BODY = 64 * 1024;

/** Handles one control request against the fleet; never throws for bad input (answers 4xx instead). */
export function handleControl(fleet: Fleet, request: ControlRequest): ControlResponse {
  const segments = request.path.split('/').filter(Boolean).map(decodeSegment);
  if (segments[0] !== 'control') return error(404, `no such path ${request.path}`);
  const [, resource, ...rest] = segments;
  try {
    if (resource === 'reset' && rest.length === 0) {
      if (request.method !== 'POST') return notAllowed(request, 'POST');
      fleet.reset();
      return { status: 204 };
    }
    if (resource === 'series' && rest.length === 0) {
      switch (request.method) {
        case 'GET':
          return { status: 200, body: { series: fleet.list() } };
        case 'PUT': {
          const config = parseSeriesInput(parseJson(request.body));
          const created = fleet.upsert(config);
          return {
            status: created ? 201 : 200,
            body: { series: snapshot(fleet, config.service, config.track) },
          };
        }
        case 'PATCH': {
          const body = parseJson(request.body);
          const { service, track } = identify(body);
          const base = fleet.get(service, track);
          if (!base) return error(404, `no series ${service}/${track}; create it with PUT /control/series`);
          fleet.upsert(parseSeriesInput(body, base));
          return { status: 200, body: { series: snapshot(fleet, service, track) } };
        }
        default:
          return notAllowed(request, 'GET, PUT, PATCH');
      }
    }
    if (resource === 'series' && (rest.length === 1 || rest.length === 2)) {
      if (request.method !== 'DELETE') return notAllowed(request, 'DELETE');
      const [service, track] = rest;
      const removed = fleet.remove(service, track);
      return removed > 0 ? { status: 204 } : error(404, `no series ${rest.join('/')}`);
    }
    return error(404, `no such path ${request.path}; see GET /control/series`);
  } catch (caught) {
    if (caught instanceof SeriesInputError) return error(400, caught.message);
    throw caught;
  }
}

function parseJson(body: string): unknown {
  if (body.length > MAX_CONTROL_BODY)
    throw new SeriesInputError(`the body is larger than ${MAX_CONTROL_BODY} bytes`);
  if (body.trim() === '') throw new SeriesInputError('the body is empty; send a JSON object');
  try {
    return JSON.parse(body) as unknown;
  } catch (caught) {
    throw new SeriesInputError(`the body is not valid JSON (${(caught as Error).message})`);
  }
}

/** The series a PATCH names; the full check happens in parseSeriesInput. */
function identify(body: unknown): { service: string; track: string } {
  const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof input.service !== 'string' || typeof input.track !== 'string')
    throw new SeriesInputError(`'service' and 'track' are required strings naming the series to change`);
  return { service: input.service, track: input.track };
}

function snapshot(fleet: Fleet, service: string, track: string): SeriesSnapshot | undefined {
  return fleet.list().find((s) => s.config.service === service && s.config.track === track);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function notAllowed(request: ControlRequest, allowed: string): ControlResponse {
  return error(405, `${request.method} is not allowed on ${request.path}; use ${allowed}`);
}

function error(status: number, message: string): ControlResponse {
  return { status, body: { error: message } };
}
