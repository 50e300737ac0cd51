import { sortFindings } from './gate.js';
import type { Finding } from './report.js';
import type { Severity } from './severity.js';

/** GitHub code scanning shows at most 5,000 results per run (by severity) and takes files up to 10 MB. */
export const SARIF_LIMITS = { results: 5_000, bytes: 10 * 1024 * 1024, tags: 10 } as const;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};
/** GitHub maps `security-severity` to its own levels: ≥9 critical, ≥7 high, ≥4 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.0',
};

export interface SarifOptions {
  /** Repository-relative path of the Dockerfile: image findings are shown on it. */
  dockerfile: string;
  /** The image name, shown in each message. */
  image: string;
  toolVersion?: string;
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per finding id with help text and a security severity,
 * one result per finding located on the Dockerfile (its line for misconfigurations). Within GitHub's
 * limits: the most severe results first, cut to the result limit and to the file size limit; how many
 * were cut is recorded in the run's properties.
 */
export function toSarif(findings: Finding[], options: SarifOptions): string {
  let kept = sortFindings(findings).slice(0, SARIF_LIMITS.results);
  for (;;) {
    const text = JSON.stringify(sarifDocument(kept, findings.length - kept.length, options));
    if (Buffer.byteLength(text) <= SARIF_LIMITS.bytes || kept.length === 0) return text;
    kept = kept.slice(0, Math.floor(kept.length * 0.8));
  }
}

function sarifDocument(findings: Finding[], omitted: number, options: SarifOptions): object {
  const rules = new Map<string, object>();
  for (const finding of findings) {
    const ruleId = ruleIdOf(finding);
    if (rules.has(ruleId)) continue;
    const help = [
      finding.title,
      finding.description,
      finding.fixedVersion && finding.packageName
        ? `Fix: upgrade ${finding.packageName} to ${finding.fixedVersion}.`
        : undefined,
      finding.resolution ? `Fix: ${finding.resolution}` : undefined,
      finding.url ? `More: ${finding.url}` : undefined,
    ]
      .filter(Boolean)
      .join('\n\n');
    rules.set(ruleId, {
      id: ruleId,
      name: finding.kind,
      shortDescription: { text: truncate(finding.title, 1_000) },
      fullDescription: { text: truncate(finding.description ?? finding.title, 4_000) },
      ...(finding.url ? { helpUri: finding.url } : {}),
      help: { text: truncate(help, 8_000), markdown: truncate(help, 8_000) },
      defaultConfiguration: { level: LEVEL[finding.severity] },
      properties: {
        'security-severity': SECURITY_SEVERITY[finding.severity],
        precision: 'very-high',
        tags: ['security', finding.kind, finding.severity.toLowerCase()].slice(0, SARIF_LIMITS.tags),
      },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Trivy',
            informationUri: 'https://github.com/aquasecurity/trivy',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules: [...rules.values()],
          },
        },
        results: findings.map((finding) => ({
          ruleId: ruleIdOf(finding),
          level: LEVEL[finding.severity],
          message: { text: truncate(messageOf(finding, options.image), 2_000) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: options.dockerfile, uriBaseId: '%SRCROOT%' },
                region: { startLine: finding.kind === 'misconfiguration' && finding.line ? finding.line : 1 },
              },
            },
          ],
        })),
        properties: { omittedResults: omitted },
      },
    ],
  };
}

function ruleIdOf(finding: Finding): string {
  return finding.kind === 'vulnerability' ? finding.id : `${finding.kind}/${finding.id}`;
}

function messageOf(finding: Finding, image: string): string {
  if (finding.kind === 'vulnerability') {
    const fix = finding.fixedVersion ? `fixed in ${finding.fixedVersion}` : 'no fix yet';
    return `${finding.severity} ${finding.id} in ${finding.packageName ?? '?'} ${finding.installedVersion ?? ''} (${fix}) in image ${image}: ${finding.title}`;
  }
  if (finding.kind === 'secret')
    return `${finding.severity} secret (${finding.title}) in ${finding.target}${finding.line ? ` line ${finding.line}` : ''} of image ${image}`;
  return `${finding.severity} ${finding.id}: ${finding.title}${finding.description ? ` — ${finding.description}` : ''}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
