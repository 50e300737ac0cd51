import { SEVERITIES, type Severity } from './severity.js';

/** What kind of thing Trivy found. */
export type FindingKind = 'vulnerability' | 'secret' | 'misconfiguration';

/** One finding, the same shape whatever Trivy version or scanner produced it. */
export interface Finding {
  kind: FindingKind;
  /** CVE / GHSA id, secret rule id, or misconfiguration id (`DS002`). */
  id: string;
  severity: Severity;
  title: string;
  /** Where it was found: the image's OS / language target, or the Dockerfile. */
  target: string;
  url?: string;
  packageName?: string;
  installedVersion?: string;
  fixedVersion?: string;
  /** Line in the target file (secrets, misconfigurations). */
  line?: number;
  description?: string;
  resolution?: string;
}

/** A parsed Trivy report: its findings, and the artifact it describes. */
export interface ScanReport {
  artifact?: string;
  os?: string;
  findings: Finding[];
}

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;
const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A severity Trivy wrote; anything unrecognised counts as UNKNOWN rather than being dropped. */
export function normaliseSeverity(value: unknown): Severity {
  const text = typeof value === 'string' ? value.toUpperCase() : '';
  return (SEVERITIES as readonly string[]).includes(text) ? (text as Severity) : 'UNKNOWN';
}

/**
 * Parses Trivy's JSON report (schema 2, any version seen so far): `Results` may be null or missing,
 * a result may lack `Vulnerabilities` / `Secrets` / `Misconfigurations`, and optional fields come and go
 * (`PkgIdentifier`, `VendorSeverity`, `CreatedAt`). Passed misconfiguration checks are dropped.
 */
export function parseTrivyReport(text: string): ScanReport {
  const root = asRecord(JSON.parse(text));
  if (!root) throw new Error('the Trivy report is not a JSON object');
  const metadata = asRecord(root.Metadata);
  const os = asRecord(metadata?.OS);
  const findings: Finding[] = [];
  for (const item of asArray(root.Results)) {
    const result = asRecord(item);
    if (!result) continue;
    const target = asString(result.Target) ?? asString(root.ArtifactName) ?? 'image';
    for (const v of asArray(result.Vulnerabilities).map(asRecord)) {
      if (!v) continue;
      findings.push({
        kind: 'vulnerability',
        id: asString(v.VulnerabilityID) ?? 'unknown',
        severity: normaliseSeverity(v.Severity),
        title: asString(v.Title) ?? asString(v.VulnerabilityID) ?? 'vulnerability',
        target,
        url: asString(v.PrimaryURL),
        packageName: asString(v.PkgName),
        installedVersion: asString(v.InstalledVersion),
        fixedVersion: asString(v.FixedVersion),
        description: asString(v.Description),
      });
    }
    for (const s of asArray(result.Secrets).map(asRecord)) {
      if (!s) continue;
      // The secret's matched text (`Match`, `Code`) is never copied: it would end up in the summary.
      findings.push({
        kind: 'secret',
        id: asString(s.RuleID) ?? 'secret',
        severity: normaliseSeverity(s.Severity),
        title: asString(s.Title) ?? 'secret',
        target,
        line: asNumber(s.StartLine),
      });
    }
    for (const m of asArray(result.Misconfigurations).map(asRecord)) {
      if (!m || (asString(m.Status) ?? 'FAIL') !== 'FAIL') continue;
      const cause = asRecord(m.CauseMetadata);
      findings.push({
        kind: 'misconfiguration',
        id: asString(m.ID) ?? asString(m.AVDID) ?? 'misconfiguration',
        severity: normaliseSeverity(m.Severity),
        title: asString(m.Title) ?? 'misconfiguration',
        target,
        url: asString(m.PrimaryURL),
        line: asNumber(cause?.StartLine),
        description: asString(m.Message) ?? asString(m.Description),
        resolution: asString(m.Resolution),
      });
    }
  }
  const osName = os ? [asString(os.Family), asString(os.Name)].filter(Boolean).join(' ') : undefined;
  return { artifact: asString(root.ArtifactName), os: osName || undefined, findings };
}

/** Findings from several reports (image scan, Dockerfile scan) as one. */
export function mergeReports(reports: ScanReport[]): ScanReport {
  return {
    artifact: reports.find((r) => r.artifact)?.artifact,
    os: reports.find((r) => r.os)?.os,
    findings: reports.flatMap((r) => r.findings),
  };
}
