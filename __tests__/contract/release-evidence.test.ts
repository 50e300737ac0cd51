import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleEvidence } from '../../src/evidence/assemble.js';
import { partsFromNeeds, type NeededJob } from '../../src/evidence/needs.js';
import { resolveRollbackTarget, type DeploymentRecord } from '../../src/evidence/rollback-target.js';
import { evidenceSummary } from '../../src/evidence/summary.js';
import { validateEvidence } from '../../src/evidence/validate.js';
import { REPO_ROOT } from '../../scripts/testbed/service.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(REPO_ROOT, '__tests__/contract/fixtures', name), 'utf8'));
const SCHEMA_FILE = join(REPO_ROOT, 'schemas/release-evidence.schema.json');
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
const needs = fixture('pipeline-needs.json') as Record<string, NeededJob>;
const D = `sha256:${'a'.repeat(64)}`;
const P = `sha256:${'b'.repeat(64)}`;
const facts = {
  service: 'web',
  run: {
    repository: 'acme/web',
    commit: '3f2c1a9'.padEnd(40, '0'),
    runId: '987654',
    runAttempt: '1',
    url: 'https://github.com/acme/web/actions/runs/987654',
    workflowRef: 'acme/prodline/.github/workflows/pipeline.yml@refs/tags/v1.4.2',
  },
};

describe('release evidence', () => {
  const evidence = assembleEvidence(partsFromNeeds([needs], fixture('approvals.json'), facts));

  test('a pipeline run with a rolled-back production assembles into a valid document', () => {
    expect(validateEvidence(schema, evidence)).toEqual({ valid: true, evidence });
    expect(evidence.image).toEqual({
      repository: 'ghcr.io/acme/web',
      digest: D,
      tags: ['ghcr.io/acme/web:3f2c1a9', 'ghcr.io/acme/web:main'],
    });
    expect(evidence.scan.counts).toEqual({ critical: 0, high: 2, medium: 5, low: 9, unknown: 0 });
    expect(evidence.signature.verified).toBe(true);
    expect(evidence.stages.map((s) => [s.name, s.result, s.verdict, s.durationSeconds])).toEqual([
      ['build', 'success', undefined, 270],
      ['sign', 'success', undefined, 30],
      ['deploy-staging', 'success', 'promoted', 400],
      ['deploy-production', 'failure', 'rolled-back', 660],
    ]);
    expect(evidence.stages[3].reason).toEqual({
      code: 'error-rate',
      message: '5xx ratio 7.1% above 5% for 2 samples',
    });
  });

  test('approvals: one per environment approved or rejected, timed by that environment job start', () => {
    expect(evidence.approvals).toEqual([
      {
        environment: 'production',
        user: 'oncall-alice',
        state: 'approved',
        comment: 'ship it',
        at: '2026-12-01T11:30:00Z',
      },
    ]);
  });

  test('deploy.yml own needs (job "deploy") add an environment stage named after it', () => {
    const own = { deploy: { ...needs['deploy-staging'] } };
    const pipeline = { build: needs.build, sign: needs.sign };
    const stages = assembleEvidence(partsFromNeeds([pipeline, own], [], facts)).stages;
    expect(stages.map((s) => s.name)).toEqual(['build', 'sign', 'deploy-staging']);
  });

  test('the schema rejects what a broken stage would produce, naming the field', () => {
    const broken = partsFromNeeds([needs], [], facts);
    broken.build.digest = 'latest';
    broken.build.high = 'two';
    const result = validateEvidence(schema, assembleEvidence(broken));
    expect(result.valid).toBe(false);
    if (!result.valid) {
      expect(result.errors).toContain('/image/digest must match pattern "^sha256:[a-f0-9]{64}$"');
      expect(result.errors).toContain('/scan/counts/high must be integer');
    }
  });

  test('the summary names the digest, every stage and the approver', () => {
    const text = evidenceSummary(evidence);
    expect(text).toContain(`ghcr.io/acme/web@${D}`);
    expect(text).toContain(
      '| deploy-production | production | failure | rolled-back | 5xx ratio 7.1% above 5% for 2 samples | 660 s |',
    );
    expect(text).toContain('- production: approved by @oncall-alice');
  });
});

describe('rollback target', () => {
  const deployments = fixture('deployments.json') as DeploymentRecord[];

  test('previous is the newest digest that served before the current one', () => {
    expect(resolveRollbackTarget(deployments, 'previous', false)).toMatchObject({ allowed: true, digest: P });
  });

  test('a digest that served here is allowed; repo@digest is accepted too', () => {
    expect(resolveRollbackTarget(deployments, `ghcr.io/acme/web@${P}`, false)).toMatchObject({
      allowed: true,
      digest: P,
      known: true,
    });
  });

  test('a digest never deployed successfully is refused, unless forced', () => {
    const failedOnly = `sha256:${'e'.repeat(64)}`;
    expect(resolveRollbackTarget(deployments, failedOnly, false)).toMatchObject({ allowed: false });
    expect(resolveRollbackTarget(deployments, failedOnly, true)).toMatchObject({
      allowed: true,
      known: false,
    });
    expect(resolveRollbackTarget(deployments, 'v1.2.3', true)).toMatchObject({ allowed: false });
  });

  test('no earlier digest: previous is refused with the count found', () => {
    expect(resolveRollbackTarget([{ id: 1, state: 'success', digest: D }], 'previous', false)).toEqual({
      allowed: false,
      reason: expect.stringContaining('1 successful prodline deployments found') as unknown as string,
    });
  });
});

describe('the bundled CLI the workflows run', () => {
  const cli = join(REPO_ROOT, 'scripts/evidence/dist/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'evidence-'));
  const env = {
    ...process.env,
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_SERVER_URL: 'https://github.com',
  };

  test('assemble writes a file that validates against the schema', () => {
    const out = join(dir, 'release-evidence.json');
    execFileSync(
      process.execPath,
      [
        cli,
        'assemble',
        '--schema',
        SCHEMA_FILE,
        '--needs',
        join(REPO_ROOT, '__tests__/contract/fixtures/pipeline-needs.json'),
        '--approvals',
        join(REPO_ROOT, '__tests__/contract/fixtures/approvals.json'),
        '--service',
        'web',
        '--workflow-ref',
        'acme/prodline/.github/workflows/pipeline.yml@refs/tags/v1.4.2',
        '--out',
        out,
      ],
      { env },
    );
    const written = JSON.parse(readFileSync(out, 'utf8')) as { run: { url: string } };
    expect(validateEvidence(schema, written).valid).toBe(true);
    expect(written.run.url).toBe('https://github.com/acme/web/actions/runs/42');
    execFileSync(process.execPath, [cli, 'validate', '--schema', SCHEMA_FILE, '--evidence', out]);
  });

  test('rollback-target prints $GITHUB_OUTPUT lines, refusing an unknown digest', () => {
    const run = (...args: string[]) =>
      execFileSync(
        process.execPath,
        [
          cli,
          'rollback-target',
          '--deployments',
          join(REPO_ROOT, '__tests__/contract/fixtures/deployments.json'),
          ...args,
        ],
        { encoding: 'utf8' },
      );
    expect(run('--target', 'previous')).toContain(`allowed=true\ndigest=${P}\n`);
    expect(run('--target', `sha256:${'9'.repeat(64)}`)).toMatch(
      /^allowed=false\nknown=false\nrefusal=.*never deployed/,
    );
  });
});
