import { InvalidValue } from '../runtime/errors.js';
import { describe } from '../runtime/input-reader.js';

export const WORKLOAD_KINDS = ['deployment'] as const;

/** A workload to watch; `role` says what canary-deploy made of it (stable, canary, blue, green). */
export interface WorkloadRef {
  kind: (typeof WORKLOAD_KINDS)[number];
  name: string;
  namespace?: string;
  role?: string;
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const ACCEPTED =
  'the workloads output of canary-deploy (a JSON list), or names such as web or deployment/web (comma or newline separated)';

/** Parses canary-deploy's JSON list, or a list of `name` / `deployment/name`. */
export function parseWorkloads(text: string): WorkloadRef[] {
  const value = text.trim();
  const workloads = value.startsWith('[')
    ? parseJsonList(value)
    : value
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean)
        .map(parseName);
  if (workloads.length === 0) throw new InvalidValue('no workload was named', ACCEPTED);
  return workloads;
}

function parseName(item: string): WorkloadRef {
  const [kind, name] = item.includes('/') ? item.split('/', 2) : ['deployment', item];
  const normalisedKind = kind.toLowerCase().replace(/^deployments?(\.apps)?$/, 'deployment');
  if (normalisedKind !== 'deployment')
    throw new InvalidValue(`${describe(kind)} is not a supported workload kind`, ACCEPTED);
  if (!NAME.test(name)) throw new InvalidValue(`${describe(name)} is not a valid workload name`, ACCEPTED);
  return { kind: 'deployment', name };
}

function parseJsonList(value: string): WorkloadRef[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidValue('the value starts with [ but is not valid JSON', ACCEPTED);
  }
  if (!Array.isArray(parsed)) throw new InvalidValue('the JSON value is not a list', ACCEPTED);
  return parsed.map((entry: unknown) => {
    if (typeof entry === 'string') return parseName(entry);
    if (typeof entry !== 'object' || entry === null)
      throw new InvalidValue('a list entry is neither a name nor an object', ACCEPTED);
    const record = entry as Record<string, unknown>;
    if (typeof record.name !== 'string') throw new InvalidValue('a list entry has no "name"', ACCEPTED);
    const workload = parseName(
      `${typeof record.kind === 'string' ? record.kind : 'deployment'}/${record.name}`,
    );
    return {
      ...workload,
      namespace: typeof record.namespace === 'string' ? record.namespace : undefined,
      role: typeof record.role === 'string' ? record.role : undefined,
    };
  });
}
