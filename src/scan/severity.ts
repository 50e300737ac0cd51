import { InvalidValue } from '../runtime/errors.js';
import { describe } from '../runtime/input-reader.js';

/** Trivy's severities, most severe first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

const SEVERITY_ACCEPTED = `one of ${SEVERITIES.join(', ')} (case-insensitive)`;

/** Parses one severity name, case-insensitively. */
export function parseSeverity(text: string): Severity {
  const value = text.trim().toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new InvalidValue(`${describe(text)} is not a severity`, SEVERITY_ACCEPTED);
  }
  return value as Severity;
}

/** Parses a comma-separated list of severities (`CRITICAL,HIGH`), without duplicates. */
export function parseSeverityList(text: string): Severity[] {
  const items = text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0)
    throw new InvalidValue('the list is empty', `a comma-separated list of ${SEVERITY_ACCEPTED}`);
  return [...new Set(items.map(parseSeverity))];
}

/** True when `severity` is at or above `threshold` (UNKNOWN ranks lowest). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}
