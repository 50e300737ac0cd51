import { InvalidValue } from '../runtime/errors.js';
import { describe } from '../runtime/input-reader.js';

/** One Alertmanager label matcher: `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`. */
export interface AlertMatcher {
  name: string;
  operator: '=' | '!=' | '=~' | '!~';
  value: string;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;
const ACCEPTED =
  'one matcher set per line, such as service="web",severity="critical" (operators = != =~ !~, values in double quotes)';

/** Parses one line of comma-separated matchers (Alertmanager's syntax, values always quoted). */
export function parseMatcherSet(line: string): AlertMatcher[] {
  // Braces are optional, but only as a pair: `{a="x"` is a typo, not a matcher set.
  const text = line.trim();
  const parts = splitOutsideQuotes(/^\{.*\}$/s.test(text) ? text.slice(1, -1) : text);
  if (parts.length === 0) throw new InvalidValue('a matcher set is empty', ACCEPTED);
  return parts.map((part) => {
    const match = MATCHER.exec(part);
    if (!match) throw new InvalidValue(`${describe(part.trim())} is not a label matcher`, ACCEPTED);
    const [, name, operator, value] = match;
    if (operator === '=~' || operator === '!~') {
      try {
        new RegExp(value);
      } catch {
        throw new InvalidValue(`${describe(value)} is not a valid regular expression`, ACCEPTED);
      }
    }
    return { name, operator: operator as AlertMatcher['operator'], value: value.replace(/\\(.)/g, '$1') };
  });
}

// Commas inside quoted values belong to the value.
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && quoted) {
      current += char + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}
