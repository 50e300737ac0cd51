import { parse } from 'yaml';
import { evaluate } from '../../scripts/lib/workflow-expressions.js';
import { compositeViolations, sameCommitViolations, SELF_CHECKOUT } from './support/same-commit.js';
import {
  ACTION_NAMES,
  REUSABLE_FILES,
  WORKFLOW_FILES,
  readAction,
  readText,
  readWorkflow,
  type Workflow,
} from '../../scripts/lib/workflow-files.js';

const isReusable = (file: string) => REUSABLE_FILES.includes(file);

describe('prodline actions are reached only at the called workflow own commit', () => {
  test('the three reusable workflows are the ones checked as such', () => {
    expect(REUSABLE_FILES).toEqual([
      '.github/workflows/deploy.yml',
      '.github/workflows/pipeline.yml',
      '.github/workflows/rollback.yml',
    ]);
  });

  test.each(WORKFLOW_FILES)('%s', (file) => {
    expect(sameCommitViolations(readWorkflow(file), isReusable(file))).toEqual([]);
  });

  test('every job of the reusable workflows that runs a prodline action has the self checkout', () => {
    const jobs = REUSABLE_FILES.flatMap((file) =>
      Object.entries(readWorkflow(file).jobs)
        .filter(([, job]) => (job.steps ?? []).some((s) => s.uses?.startsWith('./.prodline/')))
        .map(([name, job]) => [
          `${file} ${name}`,
          (job.steps ?? []).filter((s) => s.with?.path === '.prodline').map((s) => s.with),
        ]),
    );
    expect(jobs.length).toBeGreaterThanOrEqual(5);
    for (const [, checkouts] of jobs)
      expect(checkouts).toEqual([{ ...SELF_CHECKOUT, 'persist-credentials': false }]);
  });

  test('evaluated for a caller on v1.4.2 of prodline, the checkout is prodline at that commit, not the caller', () => {
    const context = {
      github: { repository: 'acme/web', sha: 'c'.repeat(40), ref: 'refs/heads/main' },
      job: { workflow_repository: 'my-org/prodline', workflow_sha: 'a'.repeat(40) },
    };
    expect(evaluate(SELF_CHECKOUT.repository, context)).toBe('my-org/prodline');
    expect(evaluate(SELF_CHECKOUT.ref, context)).toBe('a'.repeat(40));
  });
});

describe('the check fails on each way of reaching another commit', () => {
  const pipeline = readText('.github/workflows/pipeline.yml');
  const mutate = (from: string, to: string): Workflow => {
    expect(pipeline).toContain(from);
    return parse(pipeline.replace(from, to)) as Workflow;
  };

  test.each([
    ['the caller checkout', 'uses: ./.prodline/actions/sign-image', 'uses: ./actions/sign-image'],
    [
      'a ref kept in the file',
      'uses: ./.prodline/actions/sign-image',
      'uses: my-org/prodline/actions/sign-image@main',
    ],
    ['the caller commit', 'ref: ${{ job.workflow_sha }}', 'ref: ${{ github.sha }}'],
    [
      'the caller repository',
      'repository: ${{ job.workflow_repository }}',
      'repository: ${{ github.repository }}',
    ],
    [
      'a workflow by ref',
      'uses: ./.github/workflows/deploy.yml',
      'uses: my-org/prodline/.github/workflows/deploy.yml@main',
    ],
  ])('%s', (_what, from, to) => {
    expect(sameCommitViolations(mutate(from, to), true)).not.toEqual([]);
  });

  test('an action used before the checkout', () => {
    const workflow = readWorkflow('.github/workflows/pipeline.yml');
    const steps = workflow.jobs.sign.steps!;
    const checkout = steps.findIndex((s) => s.with?.path === '.prodline');
    [steps[checkout], steps[checkout + 1]] = [steps[checkout + 1], steps[checkout]];
    expect(sameCommitViolations(workflow, true)).toEqual([
      'sign step sign: runs ./.prodline/actions/sign-image before .prodline is checked out',
    ]);
  });
});

describe('the root composite action runs its siblings from its own download', () => {
  const root = readAction('action.yml');

  test('each step runs one sibling bundle from $GITHUB_ACTION_PATH; no uses: at all', () => {
    expect(compositeViolations(root, ACTION_NAMES)).toEqual([]);
    expect((root.runs.steps ?? []).map((s) => /actions\/([^/]+)\/dist/.exec(s.run ?? '')?.[1])).toEqual([
      'build-and-scan',
      'sign-image',
      'canary-deploy',
      'verify-rollout',
      'notify',
    ]);
  });

  test('and the check would catch a uses: of a sibling', () => {
    const broken = parse(readText('action.yml')) as typeof root;
    broken.runs.steps![1] = { id: 'sign', uses: './actions/sign-image' };
    expect(compositeViolations(broken, ACTION_NAMES)).toContain('step sign: uses ./actions/sign-image');
  });
});

test.each(WORKFLOW_FILES)('%s does not run on pull_request_target', (file) => {
  expect(Object.keys(readWorkflow(file).on)).not.toContain('pull_request_target');
});
