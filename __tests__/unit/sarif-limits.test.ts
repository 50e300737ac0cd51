import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mergeReports, parseTrivyReport, type Finding } from '../../src/scan/report.js';
import { toSarif } from '../../src/scan/sarif.js';

/*
 * The SARIF build-and-scan writes, checked against what GitHub code scanning documents and against the
 * SARIF 2.1.0 schema itself — not against the code's own constants, which could be wrong together with
 * the code. The limits are GitHub's, written out as GitHub publishes them:
 * - "SARIF results exceed one or more limits" (docs.github.com, code-security/code-scanning/
 *   troubleshooting-sarif-uploads/results-exceed-limit): runs per file 20; results per run 25,000
 *   ("only the top 5,000 results will be included, prioritized by severity"); rules per run 25,000;
 *   locations per result 1,000 (100 shown); tags per rule 20 (10 shown).
 * - "SARIF file is too large" (…/file-too-large): uploads larger than 10 MB are refused.
 */
const GITHUB = {
  runsPerFile: 20,
  resultsShownPerRun: 5_000,
  rulesPerRun: 25_000,
  locationsPerResult: 1_000,
  tagsShownPerRule: 10,
  fileBytes: 10 * 1024 * 1024,
};

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The OASIS schema (draft-04) in Ajv 8: its root `id` becomes `$id`; nothing else differs for it. */
function sarifValidator() {
  const path = here('../fixtures/sarif/sarif-schema-2.1.0.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const id = String(schema.id);
  delete schema.id;
  delete schema.$schema; // draft-04, which Ajv 8 does not load by name
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  return ajv.compile({ ...schema, $id: id });
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; properties: { tags: string[] } }[] } };
    results: { ruleId: string; locations: unknown[] }[];
  }[];
}

function expectWithinGitHubLimits(text: string): SarifLog {
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(GITHUB.fileBytes);
  const log = JSON.parse(text) as SarifLog;
  expect(log.runs.length).toBeGreaterThanOrEqual(1);
  expect(log.runs.length).toBeLessThanOrEqual(GITHUB.runsPerFile);
  for (const run of log.runs) {
    // Beyond 5,000 GitHub drops results itself; prodline keeps the most severe ones instead.
    expect(run.results.length).toBeLessThanOrEqual(GITHUB.resultsShownPerRun);
    expect(run.tool.driver.rules.length).toBeLessThanOrEqual(GITHUB.rulesPerRun);
    for (const result of run.results)
      expect(result.locations.length).toBeLessThanOrEqual(GITHUB.locationsPerResult);
    for (const rule of run.tool.driver.rules)
      expect(rule.properties.tags.length).toBeLessThanOrEqual(GITHUB.tagsShownPerRule);
  }
  return log;
}

const fixture = (name: string) => readFileSync(here(`../fixtures/trivy/${name}`), 'utf8');

describe('SARIF: GitHub’s documented limits and the SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();

  test('the schema validator itself refuses what SARIF 2.1.0 refuses', () => {
    expect(validate({ version: '2.1.0', runs: [] })).toBe(true);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false); // no tool
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 't' } }, results: [{ message: { text: 'x' }, level: 'fatal' }] }],
      }),
    ).toBe(false);
  });

  test('the report of the captured Trivy 0.44.1 scans is valid SARIF within the limits', () => {
    const findings = mergeReports([
      parseTrivyReport(fixture('image-0.44.1.json')),
      parseTrivyReport(fixture('config-0.44.1.json')),
    ]).findings;
    const text = toSarif(findings, { dockerfile: 'app/Dockerfile', image: 'r/app', toolVersion: '0.44.1' });
    const valid = validate(JSON.parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const log = expectWithinGitHubLimits(text);
    expect(log.runs[0].results).toHaveLength(findings.length);
  });

  test('12,000 large findings: cut to 5,000 results and 10 MB, still valid SARIF, the most severe kept', () => {
    const many: Finding[] = Array.from({ length: 12_000 }, (_, i) => ({
      kind: 'vulnerability',
      id: `CVE-2099-${i}`,
      severity: i % 4_000 === 3_999 ? 'CRITICAL' : 'LOW',
      title: 'x'.repeat(900),
      description: 'y'.repeat(3_000),
      target: 't',
      packageName: 'p',
      installedVersion: '1',
      url: `https://avd.example/CVE-2099-${i}`,
    }));
    const text = toSarif(many, { dockerfile: 'Dockerfile', image: 'r' });
    const log = expectWithinGitHubLimits(text);
    expect(validate(JSON.parse(text))).toBe(true);
    // The three CRITICAL findings come first (in id order), whatever their place in the input.
    expect(log.runs[0].results.slice(0, 3).map((r) => r.ruleId)).toEqual([
      'CVE-2099-11999',
      'CVE-2099-3999',
      'CVE-2099-7999',
    ]);
  });
});
