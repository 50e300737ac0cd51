import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ReleaseEvidence } from './types.js';

/** The outcome of checking a document against the release-evidence schema. */
export type Validation = { valid: true; evidence: ReleaseEvidence } | { valid: false; errors: string[] };

/**
 * Checks a document against schemas/release-evidence.schema.json (passed in, so the caller chooses where
 * the schema comes from). Errors read `<path> <problem>`, e.g. `/image/digest must match pattern …`.
 */
export function validateEvidence(schema: object, document: unknown): Validation {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // ajv-formats is CommonJS: under ESM its function is the default export's `default`.
  addFormatsModule.default(ajv);
  const validate = ajv.compile(schema);
  if (validate(document)) return { valid: true, evidence: document as ReleaseEvidence };
  return { valid: false, errors: (validate.errors ?? []).map(describe) };
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}
