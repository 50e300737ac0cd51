import type { JsonObject } from './json.js';

/** The reasons of metav1.Status the simulator answers with (as the real API server spells them). */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'Expired';

/** The reason the API server pairs with an HTTP status (for injected errors). */
export function reasonForStatus(status: number): StatusReason {
  const reasons: Record<number, StatusReason> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    410: 'Expired',
    422: 'Invalid',
    429: 'TooManyRequests',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[status] ?? 'InternalError';
}

/** An API error that becomes a `Status` body with the same code and reason a real API server sends. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: JsonObject,
  ) {
    super(message);
  }

  /** The metav1.Status object for this error. */
  toStatus(): JsonObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `<plural>.<group> "<name>"` as the API server names an object in messages ("deployments.apps \"web\""). */
export function qualifiedName(plural: string, group: string, name: string): string {
  return `${group ? `${plural}.${group}` : plural} "${name}"`;
}

function details(plural: string, group: string, name: string): JsonObject {
  return { name, group, kind: plural };
}

export const notFound = (plural: string, group: string, name: string): ApiError =>
  new ApiError(
    404,
    'NotFound',
    `${qualifiedName(plural, group, name)} not found`,
    details(plural, group, name),
  );

export const alreadyExists = (plural: string, group: string, name: string): ApiError =>
  new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedName(plural, group, name)} already exists`,
    details(plural, group, name),
  );

/** The optimistic-concurrency conflict (stale resourceVersion), with the server's own wording. */
export const conflict = (plural: string, group: string, name: string, why: string): ApiError =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(plural, group, name)}: ${why}`,
    details(plural, group, name),
  );

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

/** 422 Invalid with one cause per field, as `kubectl` prints them. */
export function invalid(kind: string, name: string, causes: { field: string; message: string }[]): ApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${text}`, {
    name,
    kind,
    causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

/** The watch/list error for a resourceVersion older than the retained history. */
export const gone = (resourceVersion: string, oldest: number): ApiError =>
  new ApiError(410, 'Expired', `too old resource version: ${resourceVersion} (${oldest})`);
