import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validates requests and responses against GitHub's published OpenAPI description
 * (`@octokit/openapi`), so a stand-in built on it cannot drift from the real API unnoticed.
 */

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, unknown>;
    parameters: Record<string, Parameter>;
    responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
  };
}

const DOCUMENT_ID = 'https://api.github.com/openapi.json';
let cached: Description | undefined;

/** GitHub's description of api.github.com (13 MB of JSON, read once per process). */
export function gitHubDescription(): Description {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    cached = JSON.parse(readFileSync(file, 'utf8')) as Description;
  }
  return cached;
}

/** One operation's validators: each returns the list of problems (empty when valid). */
export interface OperationValidator {
  operationId: string;
  request(input: {
    path: Record<string, string>;
    query: Record<string, string>;
    body: unknown;
    contentType?: string;
  }): string[];
  response(status: number, body: unknown): string[];
}

/** Builds validators for the given operations (`METHOD /path/{template}`), compiling only what they use. */
export function operationValidators(keys: string[]): Map<string, OperationValidator> {
  const description = gitHubDescription();
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  // GitHub answers "" for unset URLs that its description types as `format: uri`; accept exactly that.
  ajv.addFormat('uri', {
    validate: (value: string) => value === '' || /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(value),
  });
  ajv.addFormat('int32', true).addFormat('int64', true);
  ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: description.components.schemas } });
  const compile = (schema: Record<string, unknown>): ValidateFunction => ajv.compile(rebase(schema));

  const validators = new Map<string, OperationValidator>();
  for (const key of keys) {
    const [method, path] = key.split(' ');
    const operation = description.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${key} is not in GitHub's OpenAPI description`);
    const parameters = (operation.parameters ?? []).map((p) =>
      '$ref' in p ? description.components.parameters[p.$ref.split('/').pop() as string] : p,
    );
    const parameterValidators = parameters.map((p) => ({ parameter: p, validate: compile(p.schema ?? {}) }));
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    const bodyValidator = bodySchema ? compile(bodySchema) : undefined;
    const responseValidators = new Map<string, ValidateFunction | undefined>();
    for (const [status, response] of Object.entries(operation.responses)) {
      const resolved = response.$ref
        ? description.components.responses[response.$ref.split('/').pop() as string]
        : response;
      const schema = resolved.content?.['application/json']?.schema;
      responseValidators.set(status, schema ? compile(schema) : undefined);
    }
    validators.set(key, {
      operationId: operation.operationId,
      request({ path: pathValues, query, body, contentType }) {
        const problems: string[] = [];
        for (const { parameter, validate } of parameterValidators) {
          if (parameter.in !== 'path' && parameter.in !== 'query') continue;
          const raw = parameter.in === 'path' ? pathValues[parameter.name] : query[parameter.name];
          if (raw === undefined) {
            if (parameter.required) problems.push(`missing ${parameter.in} parameter ${parameter.name}`);
            continue;
          }
          if (!validate(coerce(raw, parameter.schema)))
            problems.push(`${parameter.in} parameter ${parameter.name}: ${ajv.errorsText(validate.errors)}`);
        }
        const known = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
        for (const name of Object.keys(query))
          if (!known.has(name)) problems.push(`query parameter ${name} is not described`);
        if (bodyValidator) {
          if (body === undefined && operation.requestBody?.required)
            problems.push('the request body is required');
          else if (body !== undefined) {
            if (contentType && !contentType.startsWith('application/json'))
              problems.push(`content type ${contentType} is not application/json`);
            if (!bodyValidator(body)) problems.push(`request body: ${ajv.errorsText(bodyValidator.errors)}`);
          }
        } else if (body !== undefined) problems.push('this operation takes no request body');
        return problems;
      },
      response(status, body) {
        // GitHub's description omits most error answers (404, 401); only success answers must be listed.
        if (!responseValidators.has(String(status)))
          return status < 400 ? [`status ${status} is not described for ${operation.operationId}`] : [];
        const validate = responseValidators.get(String(status));
        if (validate && !validate(body))
          return [`response ${status} body: ${ajv.errorsText(validate.errors)}`];
        return [];
      },
    });
  }
  return validators;
}

// Local `#/components/...` references point into the document registered under DOCUMENT_ID.
function rebase(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOCUMENT_ID}#/`)) as Record<
    string,
    unknown
  >;
}

// Path and query values arrive as text; the description types them.
function coerce(raw: string, schema: Record<string, unknown> | undefined): unknown {
  if (schema?.type === 'integer' || schema?.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (schema?.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}
