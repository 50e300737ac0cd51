import { InvalidValue } from '../runtime/errors.js';
import { describe, parseHttpUrl } from '../runtime/input-reader.js';

/** A health check: a URL, the status it must answer, and optionally a pattern its body must match. */
export interface HealthCheck {
  url: string;
  expectedStatus: number;
  bodyPattern?: string;
}

const ACCEPTED =
  'one check per line: URL [status] [/body regex/], e.g. https://web.example.com/healthz 200 /"ok"/';

/** Parses `URL [status] [/regex/]`. */
export function parseHealthCheck(line: string): HealthCheck {
  const match = /^(\S+)(?:\s+(\d{3}))?(?:\s+\/(.*)\/)?\s*$/.exec(line.trim());
  if (!match) throw new InvalidValue(`${describe(line)} is not a health check`, ACCEPTED);
  const [, url, status, pattern] = match;
  try {
    parseHttpUrl(url);
  } catch {
    throw new InvalidValue(`${describe(url)} is not an http(s) URL`, ACCEPTED);
  }
  const expectedStatus = status ? Number(status) : 200;
  if (expectedStatus < 100 || expectedStatus > 599)
    throw new InvalidValue(`${status} is not an HTTP status`, ACCEPTED);
  if (pattern !== undefined) {
    try {
      new RegExp(pattern);
    } catch {
      throw new InvalidValue(`${describe(pattern)} is not a valid regular expression`, ACCEPTED);
    }
  }
  return { url, expectedStatus, bodyPattern: pattern };
}
