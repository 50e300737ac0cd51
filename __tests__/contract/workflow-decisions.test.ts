import { evaluate, interpolate, runs, type Status } from '../../scripts/lib/workflow-expressions.js';
import { readWorkflow } from '../../scripts/lib/workflow-files.js';

const pipeline = readWorkflow('.github/workflows/pipeline.yml');
const deploy = readWorkflow('.github/workflows/deploy.yml');
const rollback = readWorkflow('.github/workflows/rollback.yml');
const ALL_GOOD: Status = { success: true, failure: false, cancelled: false };
const SOMETHING_FAILED: Status = { success: false, failure: true, cancelled: false };
const staging = (verdict: string, result = verdict === 'promoted' ? 'success' : 'failure') => ({
  needs: {
    build: { result: 'success', outputs: { image: 'ghcr.io/acme/web@sha256:aa' } },
    sign: { result: 'success', outputs: {} },
    'deploy-staging': { result, outputs: { verdict } },
  },
});

describe('production runs only when staging promoted', () => {
  const condition = pipeline.jobs['deploy-production'].if;

  test('promoted staging: production runs', () => {
    expect(runs(condition, staging('promoted'), ALL_GOOD)).toBe(true);
  });

  test.each(['rolled-back', 'frozen', 'failed', 'awaiting-approval', ''])(
    'staging %p: production is skipped',
    (verdict) => {
      expect(runs(condition, staging(verdict), SOMETHING_FAILED)).toBe(false);
    },
  );

  test('the case is ignored as GitHub ignores it, but nothing else passes', () => {
    expect(runs(condition, staging('Promoted'), ALL_GOOD)).toBe(true);
    expect(runs(condition, staging('promoted-partially'), ALL_GOOD)).toBe(false);
  });
});

describe('notify runs whatever happened', () => {
  const condition = pipeline.jobs.notify.if;

  test.each([
    ['everything succeeded', ALL_GOOD],
    ['something failed', SOMETHING_FAILED],
    ['the run was cancelled', { success: false, failure: false, cancelled: true }],
  ])('%s', (_what, status) => {
    expect(runs(condition, staging('rolled-back'), status)).toBe(true);
  });

  test('and its final message goes out even when a step before it failed', () => {
    const step = pipeline.jobs.notify.steps!.find((s) => s.uses?.endsWith('/actions/notify'))!;
    expect(runs(step.if, {}, SOMETHING_FAILED)).toBe(true);
    const record = deploy.jobs.record.steps!.find((s) => s.id === 'report')!;
    expect(runs(record.if, {}, SOMETHING_FAILED)).toBe(true);
  });

  test('the final Slack word follows the outcome', () => {
    const step = pipeline.jobs.notify.steps!.find((s) => s.uses?.endsWith('/actions/notify'))!;
    const event = String(step.with!.event);
    const context = (stagingVerdict: string, productionVerdict: string) => ({
      needs: {
        'deploy-staging': { outputs: { verdict: stagingVerdict } },
        'deploy-production': { outputs: { verdict: productionVerdict } },
      },
    });
    expect(evaluate(event, context('promoted', 'promoted'))).toBe('promoted');
    expect(evaluate(event, context('promoted', 'rolled-back'))).toBe('rolled-back');
    expect(evaluate(event, context('rolled-back', ''))).toBe('rolled-back');
    expect(evaluate(event, context('', ''))).toBe('failed');
  });
});

describe('deploy.yml: a deploy is a success only when promoted, and is recorded either way', () => {
  test('the last step fails the job for any verdict but promoted', () => {
    const last = deploy.jobs.deploy.steps!.at(-1)!;
    expect(last.run).toContain('[ "$VERDICT" != promoted ]');
    expect(last.env!.VERDICT).toBe('${{ steps.verify.outputs.verdict }}');
  });

  test('the record job runs after a failed deploy, not after a skipped one', () => {
    const condition = deploy.jobs.record.if;
    expect(runs(condition, { needs: { deploy: { result: 'failure' } } }, SOMETHING_FAILED)).toBe(true);
    expect(runs(condition, { needs: { deploy: { result: 'skipped' } } }, ALL_GOOD)).toBe(false);
  });
});

describe('rollback refuses an unknown digest', () => {
  const refuse = rollback.jobs.resolve.steps!.find((s) => s.name?.startsWith('refuse'))!;
  const deployJob = rollback.jobs.rollback;
  // What `rollback-target` printed into $GITHUB_OUTPUT (see release-evidence.test.ts for the decision).
  const refused = { allowed: 'false', known: 'false', refusal: 'never deployed' };
  const known = { allowed: 'true', known: 'true', digest: 'sha256:bb' };
  const forced = { allowed: 'true', known: 'false', digest: 'sha256:ee' };

  test('an unknown digest without force: the refusal step fails the job and nothing is deployed', () => {
    expect(runs(refuse.if, { steps: { target: { outputs: refused } } }, ALL_GOOD)).toBe(true);
    expect(
      runs(deployJob.if, { needs: { resolve: { result: 'failure', outputs: refused } } }, SOMETHING_FAILED),
    ).toBe(false);
  });

  test.each([
    ['a digest that served before', known],
    ['an unknown digest with force', forced],
  ])('%s: no refusal, the rollback deploys it', (_what, outputs) => {
    expect(runs(refuse.if, { steps: { target: { outputs } } }, ALL_GOOD)).toBe(false);
    expect(runs(deployJob.if, { needs: { resolve: { result: 'success', outputs } } }, ALL_GOOD)).toBe(true);
    expect(
      interpolate(String(deployJob.with!.image), {
        inputs: { image: 'ghcr.io/acme/web' },
        needs: { resolve: { outputs } },
      }),
    ).toBe(`ghcr.io/acme/web@${outputs.digest}`);
  });

  test('the target step passes force only when it is true', () => {
    const step = rollback.jobs.resolve.steps!.find((s) => s.id === 'target')!;
    expect(step.env!.FORCE).toBe('${{ inputs.force }}');
    expect(step.run).toContain('if [ "$FORCE" = true ]; then args+=(--force); fi');
  });
});

describe('verify-rollout runs after a deploy whose rollout did not complete', () => {
  const verify = deploy.jobs.deploy.steps!.find((s) => s.id === 'verify')!;
  const deployed = (workloads: string) => ({ steps: { deploy: { outputs: { workloads } } } });
  const WORKLOADS = '[{"kind":"Deployment","name":"web-canary","namespace":"default","role":"canary"}]';

  test('a deploy that succeeded is verified', () => {
    expect(runs(verify.if, deployed(WORKLOADS), ALL_GOOD)).toBe(true);
  });

  test('a deploy that failed after writing (workloads output) is verified, so it can be rolled back', () => {
    expect(runs(verify.if, deployed(WORKLOADS), SOMETHING_FAILED)).toBe(true);
  });

  test('nothing written, or an earlier step failed: nothing to verify', () => {
    expect(runs(verify.if, deployed(''), SOMETHING_FAILED)).toBe(false);
    expect(runs(verify.if, { steps: {} }, SOMETHING_FAILED)).toBe(false);
  });
});
