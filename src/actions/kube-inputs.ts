import { InvalidValue } from '../runtime/errors.js';
import { describe } from '../runtime/input-reader.js';

// Kubernetes object names (RFC 1123 labels for namespaces, subdomains for most objects).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace name: an RFC 1123 label of at most 63 characters. */
export function parseNamespace(value: string): string {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new InvalidValue(
      `${describe(value)} is not a valid namespace name`,
      'lower-case letters, digits and -, at most 63 characters, e.g. production',
    );
  }
  return value;
}

/** An object name: an RFC 1123 subdomain of at most 253 characters. */
export function parseObjectName(value: string): string {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new InvalidValue(
      `${describe(value)} is not a valid Kubernetes object name`,
      'lower-case letters, digits, - and ., e.g. web-frontend',
    );
  }
  return value;
}
