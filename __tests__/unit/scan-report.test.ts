import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateGate, sortFindings } from '../../src/scan/gate.js';
import { applyIgnoreRules, parseIgnoreFile } from '../../src/scan/ignore-rules.js';
import { mergeReports, parseTrivyReport, type Finding } from '../../src/scan/report.js';
import { SARIF_LIMITS, toSarif } from '../../src/scan/sarif.js';
import { scanSummary, SUMMARY_ROWS } from '../../src/scan/summary-table.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/trivy/${name}`, import.meta.url)), 'utf8');
// Captured from the real Trivy 0.44.1 on the vulnerable sample image and its Dockerfile.
const image = parseTrivyReport(fixture('image-0.44.1.json'));
const config = parseTrivyReport(fixture('config-0.44.1.json'));

describe('Trivy report parsing', () => {
  test('the captured 0.44.1 image report gives the synthetic findings', () => {
    expect(image.os).toBe('alpine 3.18.4');
    expect(
      image.findings.map((f) => `${f.id} ${f.packageName} ${f.severity} ${f.fixedVersion ?? '-'}`).sort(),
    ).toEqual([
      'CVE-2099-0001 libcrypto3 CRITICAL 3.1.4-r0',
      'CVE-2099-0001 libssl3 CRITICAL 3.1.4-r0',
      'CVE-2099-0002 zlib HIGH 1.2.13-r2',
      'CVE-2099-0003 busybox MEDIUM -',
      'CVE-2099-0003 busybox-binsh MEDIUM -',
      'CVE-2099-0004 apk-tools LOW 2.14.4-r0',
    ]);
  });

  test('the captured config report keeps failed checks only', () => {
    expect(config.findings).toEqual([
      expect.objectContaining({
        kind: 'misconfiguration',
        id: 'DS026',
        severity: 'LOW',
        target: 'Dockerfile.s',
      }),
    ]);
  });

  test.each([
    ['Results: null', '{"SchemaVersion":2,"Results":null}'],
    ['no Results', '{"SchemaVersion":2}'],
    ['a result without Vulnerabilities', '{"Results":[{"Target":"x","Class":"os-pkgs"}]}'],
    ['Vulnerabilities: null', '{"Results":[{"Target":"x","Vulnerabilities":null}]}'],
  ])('%s parses to no findings', (_name, text) => {
    expect(parseTrivyReport(text).findings).toEqual([]);
  });

  test('newer fields are ignored, odd severities count as UNKNOWN, secret text is never copied', () => {
    const report = parseTrivyReport(
      JSON.stringify({
        SchemaVersion: 2,
        CreatedAt: '2026-01-01T00:00:00Z',
        Results: [
          {
            Target: 'app',
            Vulnerabilities: [
              {
                VulnerabilityID: 'GHSA-x',
                PkgIdentifier: { PURL: 'pkg:npm/a@1' },
                PkgName: 'a',
                InstalledVersion: '1',
                VendorSeverity: { nvd: 3 },
                Severity: 'SEVERE',
              },
            ],
            Secrets: [
              {
                RuleID: 'github-pat',
                Title: 'GitHub PAT',
                Severity: 'CRITICAL',
                StartLine: 3,
                Match: 'ghp_SECRETVALUE',
                Code: { Lines: [{ Content: 'ghp_SECRETVALUE' }] },
              },
            ],
          },
        ],
      }),
    );
    expect(report.findings.map((f) => `${f.kind} ${f.id} ${f.severity}`)).toEqual([
      'vulnerability GHSA-x UNKNOWN',
      'secret github-pat CRITICAL',
    ]);
    expect(JSON.stringify(report)).not.toContain('SECRETVALUE');
  });
});

describe('gate', () => {
  const findings = mergeReports([image, config]).findings;
  test('fails at or above the threshold, counts every severity', () => {
    const gate = evaluateGate(findings, {
      threshold: 'CRITICAL',
      ignoreUnfixed: false,
      reportSeverities: ['CRITICAL'],
    });
    expect(gate.passed).toBe(false);
    expect(gate.failing).toHaveLength(2);
    expect(gate.counts).toEqual({ CRITICAL: 2, HIGH: 1, MEDIUM: 2, LOW: 2, UNKNOWN: 0 });
    expect(gate.fixable).toBe(4);
    expect(gate.reported.map((f) => f.severity)).toEqual(['CRITICAL', 'CRITICAL']);
  });

  test('what is reported is independent of what fails; failing findings are always reported', () => {
    const gate = evaluateGate(findings, {
      threshold: 'HIGH',
      ignoreUnfixed: false,
      reportSeverities: ['LOW'],
    });
    expect(gate.reported.map((f) => f.severity)).toEqual(['CRITICAL', 'CRITICAL', 'HIGH', 'LOW', 'LOW']);
  });

  test('ignore-unfixed drops vulnerabilities without a fix from gate, counts and report', () => {
    const gate = evaluateGate(findings, {
      threshold: 'MEDIUM',
      ignoreUnfixed: true,
      reportSeverities: ['MEDIUM'],
    });
    expect(gate.passed).toBe(false);
    expect(gate.counts.MEDIUM).toBe(0);
    const onlyMedium = evaluateGate(
      findings.filter((f) => f.severity === 'MEDIUM'),
      {
        threshold: 'MEDIUM',
        ignoreUnfixed: true,
        reportSeverities: ['MEDIUM'],
      },
    );
    expect(onlyMedium.passed).toBe(true);
  });

  test('sorted: most severe first, fixable before unfixed', () => {
    const sorted = sortFindings(findings);
    expect(sorted[0].severity).toBe('CRITICAL');
    expect(sorted.at(-1)?.severity).toBe('LOW');
  });
});

describe('ignore files', () => {
  const now = new Date('2030-06-01T00:00:00Z');
  test('.trivyignore: ids, comments and exp: dates', async () => {
    const rules = await parseIgnoreFile(
      '.trivyignore',
      '# why\nCVE-2099-0001 exp:2031-01-01\nCVE-2099-0002 exp:2030-05-31\n\nDS026\n',
    );
    const outcome = applyIgnoreRules(mergeReports([image, config]).findings, rules, now);
    expect(outcome.ignored.map((f) => f.id).sort()).toEqual(['CVE-2099-0001', 'CVE-2099-0001', 'DS026']);
    expect(outcome.expired.map((r) => r.id)).toEqual(['CVE-2099-0002']);
  });

  test('.trivyignore.yaml: expired_at, purls restrict to a package', async () => {
    const rules = await parseIgnoreFile(
      '.trivyignore.yaml',
      'vulnerabilities:\n  - id: CVE-2099-0001\n    purls: ["pkg:apk/alpine/libssl3@3.1.1-r1?arch=x86_64"]\n    expired_at: 2031-01-01\n  - id: CVE-2099-0004\n    expired_at: 2020-01-01\nmisconfigurations:\n  - id: DS026\n',
    );
    const outcome = applyIgnoreRules(mergeReports([image, config]).findings, rules, now);
    expect(outcome.ignored.map((f) => `${f.id} ${f.packageName ?? ''}`.trim()).sort()).toEqual([
      'CVE-2099-0001 libssl3',
      'DS026',
    ]);
    expect(outcome.expired.map((r) => r.id)).toEqual(['CVE-2099-0004']);
  });

  test('a bad expiry is refused', async () => {
    await expect(parseIgnoreFile('.trivyignore', 'CVE-1 exp:soon')).rejects.toThrow(/not a date/);
  });
});

describe('SARIF', () => {
  test('rules with help and security severity; results on the Dockerfile', () => {
    const sarif = JSON.parse(
      toSarif(mergeReports([image, config]).findings, { dockerfile: 'app/Dockerfile', image: 'r/app' }),
    ) as {
      version: string;
      runs: {
        tool: {
          driver: { rules: { id: string; properties: Record<string, unknown>; help: { text: string } }[] };
        };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const rule = sarif.runs[0].tool.driver.rules.find((r) => r.id === 'CVE-2099-0001');
    expect(rule?.properties['security-severity']).toBe('9.5');
    expect(rule?.help.text).toContain('Fix: upgrade');
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'CVE-2099-0001', level: 'error' });
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'app/Dockerfile',
    );
  });

  test('stays within GitHub limits: at most 5,000 results and 10 MB, most severe kept', () => {
    const many: Finding[] = Array.from({ length: 12_000 }, (_, i) => ({
      kind: 'vulnerability',
      id: `CVE-2099-${i}`,
      severity: i === 11_999 ? 'CRITICAL' : 'LOW',
      title: 'x'.repeat(900),
      description: 'y'.repeat(3_000),
      target: 't',
      packageName: 'p',
      installedVersion: '1',
    }));
    const text = toSarif(many, { dockerfile: 'Dockerfile', image: 'r' });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SARIF_LIMITS.bytes);
    const sarif = JSON.parse(text) as {
      runs: { results: { ruleId: string }[]; properties: { omittedResults: number } }[];
    };
    expect(sarif.runs[0].results.length).toBeLessThanOrEqual(SARIF_LIMITS.results);
    expect(sarif.runs[0].results[0].ruleId).toBe('CVE-2099-11999');
    expect(sarif.runs[0].properties.omittedResults).toBe(12_000 - sarif.runs[0].results.length);
  });
});

describe('summary', () => {
  test('verdict, counts, fixable first, policy, cut after SUMMARY_ROWS rows', () => {
    const findings = mergeReports([image, config]).findings;
    const gate = evaluateGate(findings, {
      threshold: 'CRITICAL',
      ignoreUnfixed: false,
      reportSeverities: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'],
    });
    const markdown = scanSummary({
      image: 'r/app',
      gate,
      threshold: 'CRITICAL',
      policy: [{ rule: 'non-root-user', severity: 'error', message: 'runs as root' }],
      policyMode: 'enforce',
      ignoredCount: 0,
      expiredIgnores: [],
      notPushed: 'the scan gate failed',
    });
    expect(markdown).toContain('❌ Scan gate failed: 2 finding(s) at or above CRITICAL');
    expect(markdown).toContain('| 2 | 1 | 2 | 2 | 0 | 4 |');
    expect(markdown.indexOf('Fix available')).toBeLessThan(markdown.indexOf('No fix available yet'));
    expect(markdown).toContain('| CRITICAL | libcrypto3 | 3.1.1-r1 → **3.1.4-r0** | [CVE-2099-0001](');
    expect(markdown).toContain('- ❌ **non-root-user**: runs as root');

    const many = evaluateGate(
      Array.from({ length: SUMMARY_ROWS + 7 }, (_, i): Finding => ({
        kind: 'vulnerability',
        id: `C-${i}`,
        severity: 'LOW',
        title: 'a | b',
        target: 't',
      })),
      { threshold: 'CRITICAL', ignoreUnfixed: false, reportSeverities: ['LOW'] },
    );
    const cut = scanSummary({
      image: 'r',
      gate: many,
      threshold: 'CRITICAL',
      policy: [],
      policyMode: 'off',
      ignoredCount: 0,
      expiredIgnores: [],
    });
    expect(cut).toContain('…and 7 more in the JSON report');
    expect(cut).toContain('a \\| b');
  });
});
