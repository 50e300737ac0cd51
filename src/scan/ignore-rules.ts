import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './report.js';

/** The names Trivy itself looks for in a build context, in the order it prefers them. */
export const IGNORE_FILE_NAMES = ['.trivyignore.yaml', '.trivyignore.yml', '.trivyignore'] as const;

/**
 * The ignore file to use: the one named, else the first of {@link IGNORE_FILE_NAMES} present in the build
 * context, else undefined. A named file is returned even when missing, so the caller can say so.
 */
export function findIgnoreFile(contextDir: string, named: string | undefined): string | undefined {
  return named ?? IGNORE_FILE_NAMES.map((name) => join(contextDir, name)).find((file) => existsSync(file));
}

/** One entry of a `.trivyignore` / `.trivyignore.yaml` file. */
export interface IgnoreRule {
  id: string;
  /** The rule stops applying after this instant. */
  expiresAt?: Date;
  /** Only findings in these packages (YAML `purls` are matched by package name). */
  packages?: string[];
  statement?: string;
}

/** What applying the rules did: the findings left, those ignored, and rules that have expired. */
export interface IgnoreOutcome {
  kept: Finding[];
  ignored: Finding[];
  expired: IgnoreRule[];
}

/**
 * Parses `.trivyignore` (one ID per line, `#` comments, optional `exp:YYYY-MM-DD`) or, when the name ends in
 * `.yaml`/`.yml`, `.trivyignore.yaml` (`vulnerabilities`, `secrets`, `misconfigurations`, `licenses` lists of
 * `{id, expired_at, purls, statement}`).
 */
export async function parseIgnoreFile(name: string, text: string): Promise<IgnoreRule[]> {
  // The YAML parser is loaded only for YAML ignore files.
  if (/\.ya?ml$/i.test(name)) return parseYamlIgnore((await import('yaml')).parse(text) as unknown);
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [id, ...options] = line.split(/\s+/);
    const exp = options.find((option) => option.startsWith('exp:'));
    rules.push({ id, expiresAt: exp ? parseExpiry(exp.slice(4), id) : undefined });
  }
  return rules;
}

function parseYamlIgnore(parsed: unknown): IgnoreRule[] {
  const document = (parsed ?? {}) as Record<string, unknown>;
  const rules: IgnoreRule[] = [];
  for (const section of ['vulnerabilities', 'secrets', 'misconfigurations', 'licenses']) {
    const entries = document[section];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as Record<string, unknown>[]) {
      if (typeof entry?.id !== 'string') continue;
      const expired = entry.expired_at;
      const purls = Array.isArray(entry.purls)
        ? (entry.purls as unknown[]).filter((p) => typeof p === 'string')
        : [];
      rules.push({
        id: entry.id,
        expiresAt:
          expired instanceof Date
            ? expired
            : expired !== undefined
              ? parseExpiry(String(expired), entry.id)
              : undefined,
        packages: purls.length > 0 ? purls.map((purl) => purlName(purl as string)) : undefined,
        statement: typeof entry.statement === 'string' ? entry.statement : undefined,
      });
    }
  }
  return rules;
}

function parseExpiry(text: string, id: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59Z` : text);
  if (Number.isNaN(date.getTime()))
    throw new Error(`ignore entry ${id} has an expiry "${text}" that is not a date (YYYY-MM-DD)`);
  return date;
}

/** `pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64` → `zlib`. */
function purlName(purl: string): string {
  const path = purl.replace(/^pkg:/, '').split(/[?#@]/)[0];
  return decodeURIComponent(path.split('/').pop() ?? path);
}

/** Applies ignore rules at `now`: an expired rule no longer hides anything and is reported. */
export function applyIgnoreRules(findings: Finding[], rules: IgnoreRule[], now: Date): IgnoreOutcome {
  const active = rules.filter((rule) => !rule.expiresAt || rule.expiresAt.getTime() >= now.getTime());
  const expired = rules.filter((rule) => rule.expiresAt && rule.expiresAt.getTime() < now.getTime());
  const kept: Finding[] = [];
  const ignored: Finding[] = [];
  for (const finding of findings) {
    const hit = active.some(
      (rule) =>
        rule.id === finding.id && (!rule.packages || rule.packages.includes(finding.packageName ?? '')),
    );
    (hit ? ignored : kept).push(finding);
  }
  return { kept, ignored, expired };
}
