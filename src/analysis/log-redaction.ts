/**
 * Redaction of container log lines before they reach a job log or summary. Services print credentials
 * far more often than they should (connection strings at start-up, tokens in error messages), and a
 * crash report is exactly where they turn up; the runner's masker only knows the secrets it was given.
 */

const RULES: readonly [RegExp, string][] = [
  // user:password@ in any URL (postgres://app:pw@db, https://u:p@host).
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, '$1:***@'],
  // Authorization headers and bearer tokens.
  [/\b(authorization\s*[:=]\s*)(bearer|basic|token)?\s*[^\s,;]+/gi, '$1$2 ***'],
  [/\bbearer\s+[a-z0-9._~+/=-]{8,}/gi, 'Bearer ***'],
  // key=value / key: value pairs whose key says secret.
  [
    /\b([a-z0-9_.-]*(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[a-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
    '$1$3***',
  ],
  // Well-known token shapes: AWS access keys, GitHub tokens, JWTs, Slack tokens.
  [/\bAKIA[0-9A-Z]{16}\b/g, '***'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, '***'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, '***'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, '***'],
];

/** One log line with credentials replaced by `***`; `known` adds exact values to hide (e.g. inputs). */
export function redactLine(line: string, known: readonly string[] = []): string {
  let out = line;
  for (const value of known) if (value.length >= 4) out = out.split(value).join('***');
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** The last `count` lines of a log, redacted, without the trailing empty line a log ends with. */
export function lastLogLines(text: string, count: number, known: readonly string[] = []): string[] {
  const lines = text.replace(/\n$/, '').split('\n');
  return (text === '' ? [] : lines.slice(-count)).map((line) => redactLine(line, known));
}
