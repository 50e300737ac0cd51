import { badRequest } from './errors.js';
import { getPath, isObject, type JsonObject, type JsonValue } from './json.js';

/** One parsed requirement of a label selector. */
export interface LabelRequirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | 'doesnotexist';
  values: string[];
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** Splits on commas that are not inside parentheses (`a in (x,y),b`). */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key))
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
  return key;
}

/** Parses the `labelSelector` query syntax (equality and set-based), as the API server accepts it. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTerms(selector).map((term) => {
    let match = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (match) {
      const values = match[3]
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
      return { key: checkKey(match[1], selector), operator: match[2] as 'in' | 'notin', values };
    }
    match = /^(\S+?)\s*(==|!=|=)\s*(\S*)$/.exec(term);
    if (match) {
      return {
        key: checkKey(match[1], selector),
        operator: match[2] === '!=' ? 'notin' : 'in',
        values: [match[3]],
      };
    }
    if (term.startsWith('!'))
      return { key: checkKey(term.slice(1).trim(), selector), operator: 'doesnotexist', values: [] };
    return { key: checkKey(term, selector), operator: 'exists', values: [] };
  });
}

/** Requirements of a metav1.LabelSelector object (matchLabels and matchExpressions). */
export function requirementsOf(selector: JsonValue | undefined): LabelRequirement[] {
  if (!isObject(selector)) return [];
  const requirements: LabelRequirement[] = [];
  const matchLabels = selector.matchLabels;
  if (isObject(matchLabels)) {
    for (const [key, value] of Object.entries(matchLabels))
      requirements.push({ key, operator: 'in', values: [String(value)] });
  }
  const expressions = selector.matchExpressions;
  if (Array.isArray(expressions)) {
    for (const expression of expressions.filter(isObject)) {
      const operator = String(expression.operator).toLowerCase();
      const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
      if (operator === 'in' || operator === 'notin' || operator === 'exists' || operator === 'doesnotexist')
        requirements.push({ key: String(expression.key), operator, values });
    }
  }
  return requirements;
}

/** True when the labels satisfy every requirement (an empty selector matches everything). */
export function matchesLabels(requirements: LabelRequirement[], labels: Record<string, string>): boolean {
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'in':
        return has && r.values.includes(labels[r.key]);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]);
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
    }
  });
}

/** The selector as a string, as `status.selector` of a Scale shows it (`app=web,track in (canary)`). */
export function formatRequirements(requirements: LabelRequirement[]): string {
  return requirements
    .map((r) => {
      if (r.operator === 'exists') return r.key;
      if (r.operator === 'doesnotexist') return `!${r.key}`;
      if (r.values.length === 1) return `${r.key}${r.operator === 'in' ? '=' : '!='}${r.values[0]}`;
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    })
    .join(',');
}

/** One term of a field selector. */
export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

/** Field selectors a real API server accepts per kind (beyond metadata.name and metadata.namespace). */
const FIELD_LABELS: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
};

/** Parses `fieldSelector` (`metadata.name=web,status.phase!=Running`), rejecting fields the kind lacks. */
export function parseFieldSelector(selector: string, kind: string): FieldRequirement[] {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(FIELD_LABELS[kind] ?? [])]);
  return splitTerms(selector).map((term) => {
    const match = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const field = match[1];
    if (!allowed.has(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, equal: match[2] !== '!=', value: match[3] };
  });
}

/** True when the object's fields satisfy the field selector. */
export function matchesFields(requirements: FieldRequirement[], object: JsonObject): boolean {
  return requirements.every((r) => {
    const raw =
      r.field === 'source' ? getPath(object, ['source', 'component']) : getPath(object, r.field.split('.'));
    const value = raw === undefined || raw === null ? '' : String(raw);
    return (value === r.value) === r.equal;
  });
}
