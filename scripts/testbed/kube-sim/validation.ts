import { invalid, type ApiError } from './errors.js';
import { getObject, getObjects, getStringMap, isObject, type JsonObject } from './json.js';
import { matchesLabels, requirementsOf } from './selectors.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

interface Cause {
  field: string;
  message: string;
}

function podSpecCauses(spec: JsonObject, prefix: string): Cause[] {
  const causes: Cause[] = [];
  const containers = getObjects(spec, ['containers']);
  if (containers.length === 0) causes.push({ field: `${prefix}.containers`, message: 'Required value' });
  containers.forEach((c, i) => {
    if (typeof c.name !== 'string' || c.name === '')
      causes.push({ field: `${prefix}.containers[${i}].name`, message: 'Required value' });
    if (typeof c.image !== 'string' || c.image === '')
      causes.push({ field: `${prefix}.containers[${i}].image`, message: 'Required value' });
  });
  return causes;
}

/**
 * The subset of the API server's validation that clients run into: names, required container fields,
 * a Deployment selector that matches its template, and immutable selectors. Returns a 422 or undefined.
 */
export function validate(kind: string, object: JsonObject, previous?: JsonObject): ApiError | undefined {
  const name = String(getObject(object, ['metadata']).name ?? '');
  const causes: Cause[] = [];
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253)
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  const spec = getObject(object, ['spec']);
  if (kind === 'Pod') causes.push(...podSpecCauses(spec, 'spec'));
  if (kind === 'Deployment' || kind === 'ReplicaSet') {
    if (typeof spec.replicas === 'number' && spec.replicas < 0)
      causes.push({
        field: 'spec.replicas',
        message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`,
      });
    const selector = spec.selector;
    const templateLabels = getStringMap(spec, ['template', 'metadata', 'labels']);
    if (!isObject(selector) || requirementsOf(selector).length === 0)
      causes.push({ field: 'spec.selector', message: 'Required value' });
    else if (!matchesLabels(requirementsOf(selector), templateLabels))
      causes.push({
        field: 'spec.template.metadata.labels',
        message: `Invalid value: ${JSON.stringify(templateLabels)}: \`selector\` does not match template \`labels\``,
      });
    if (
      previous &&
      JSON.stringify(previous.spec && getObject(previous, ['spec']).selector) !== JSON.stringify(selector)
    )
      causes.push({
        field: 'spec.selector',
        message: `Invalid value: ${JSON.stringify(selector)}: field is immutable`,
      });
    causes.push(...podSpecCauses(getObject(spec, ['template', 'spec']), 'spec.template.spec'));
  }
  return causes.length > 0 ? invalid(kind, name, causes) : undefined;
}
