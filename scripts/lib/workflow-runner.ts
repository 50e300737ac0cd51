import { asText, evaluateTemplate, runs, type Status } from './workflow-expressions.js';
import { needsOf, prodlineActionOf, readWorkflow, type Job, type Step } from './workflow-files.js';
import {
  callSpecOf,
  jobOrder,
  jobRuns,
  localWorkflowFile,
  typedInputs,
  type Outcome,
} from './workflow-plan.js';

export { jobOrder, jobRuns, typedInputs, type Outcome } from './workflow-plan.js';

/**
 * Plays a workflow file the way GitHub's runner would decide it: jobs in `needs` order, job and step
 * `if:`s, `with:`/`env:`/`outputs:` expressions, `needs.*.outputs`, reusable workflows called with
 * `uses: ./.github/workflows/…` (inputs typed and defaulted as declared, outputs mapped back), and
 * `toJSON(needs)`. What a step does is the executor's business: the runner only decides and wires.
 * Jobs run one after another (a local machine has no parallel runners worth having).
 */

/** What a step executor reports back. */
export interface StepRun {
  exitCode: number;
  outputs: Record<string, string>;
  /** The step summary (markdown), as written to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The log as a person should see it (secrets already redacted by the executor). */
  log: string;
  /** Variables the step added through GITHUB_ENV. */
  env?: Record<string, string>;
}

/** A step not run here, and why (a third-party action, a script that needs GitHub). */
export interface SkippedLocally {
  skippedLocally: string;
}

/** Where a step runs: its job (by path through called workflows) and that job's permissions. */
export interface StepPlace {
  /** e.g. `deploy-staging/deploy`. */
  job: string;
  name: string;
  permissions: Record<string, string>;
  /** The job's RUNNER_TEMP. */
  runnerTemp: string;
  /** Variables set for the job so far (GITHUB_ENV), plus the job's and step's `env:`. */
  env: Record<string, string>;
}

export interface StepExecutor {
  /** Runs one of prodline's actions (`uses: ./.prodline/actions/<name>`) with its evaluated `with:`. */
  action(action: string, inputs: Record<string, string>, place: StepPlace): Promise<StepRun>;
  /** Runs a `run:` script, or declines to (it needs GitHub). */
  script(script: string, place: StepPlace): Promise<StepRun | SkippedLocally>;
  /** A step that uses an action other than prodline's (checkout, upload-artifact, …): why it is not run. */
  thirdParty(uses: string, place: StepPlace): SkippedLocally;
  /** A fresh RUNNER_TEMP for a job. */
  runnerTemp(job: string): string;
}

export interface StepRecord {
  id?: string;
  name: string;
  /** `action <name>`, `run`, or the third-party `uses:`. */
  what: string;
  outcome: Outcome;
  /** Why the step did not run here (it would on GitHub). */
  skippedLocally?: string;
  inputs?: Record<string, string>;
  outputs: Record<string, string>;
  summary: string;
  log: string;
  durationMs: number;
}

export interface JobRecord {
  /** The job's path through called workflows, e.g. `deploy-production/record`. */
  path: string;
  result: Outcome;
  /** The job's `if:` when it decided to skip the job. */
  skippedBy?: string;
  outputs: Record<string, string>;
  steps: StepRecord[];
  /** For a job that calls a reusable workflow: its typed inputs and what it played. */
  called?: { file: string; inputs: Record<string, unknown>; run: WorkflowRun };
  startedAt: Date;
  finishedAt: Date;
}

export interface WorkflowRun {
  file: string;
  jobs: JobRecord[];
  outputs: Record<string, string>;
}

/** Everything the expressions of a run may read besides what the run itself produces. */
export interface RunContext {
  /** The `github` context (the caller's, in called workflows too). */
  github: Record<string, unknown>;
  /** The `job.workflow_*` values of prodline's own files (same-commit checkout). */
  workflow: { repository: string; sha: string };
  executor: StepExecutor;
  /** Told when a job starts (after its `if:` passed) and when it ends. */
  onJobStart?(path: string, job: Job, calledInputs?: Record<string, unknown>): Promise<void> | void;
  onJobEnd?(record: JobRecord): Promise<void> | void;
}

/**
 * Plays `file` (a reusable workflow) with these inputs and secrets. Inputs are checked and typed as its
 * `on.workflow_call.inputs` declares (unknown or missing required ones are refused, as GitHub does).
 */
export async function runWorkflow(
  file: string,
  given: { inputs: Record<string, unknown>; secrets: Record<string, string> },
  context: RunContext,
  prefix = '',
): Promise<WorkflowRun> {
  const workflow = readWorkflow(file);
  const spec = callSpecOf(workflow, file);
  const inputs = typedInputs(file, spec, given.inputs);
  const secrets = Object.fromEntries(
    Object.keys(spec.secrets ?? {}).map((name) => [name, given.secrets[name] ?? '']),
  );
  const records = new Map<string, JobRecord>();
  for (const id of jobOrder(workflow, file)) {
    const job = workflow.jobs[id];
    const needs = Object.fromEntries(
      needsOf(job).map((need) => {
        const record = records.get(need)!;
        return [need, { result: record.result, outputs: record.outputs }];
      }),
    );
    const base = { github: context.github, inputs, secrets, needs, vars: {} };
    const record = await runJob(`${prefix}${id}`, job, base, context);
    records.set(id, record);
  }
  const jobs = Object.fromEntries(
    [...records].map(([id, r]) => [id, { result: r.result, outputs: r.outputs }]),
  );
  const outputs = Object.fromEntries(
    Object.entries(spec.outputs ?? {}).map(([name, output]) => [
      name,
      asText(evaluateTemplate(output.value, { jobs, inputs, github: context.github, vars: {} })),
    ]),
  );
  return { file, jobs: [...records.values()], outputs };
}

async function runJob(
  path: string,
  job: Job,
  base: {
    github: unknown;
    inputs: unknown;
    secrets: Record<string, string>;
    needs: Record<string, { result: Outcome; outputs: Record<string, string> }>;
    vars: unknown;
  },
  context: RunContext,
): Promise<JobRecord> {
  const startedAt = new Date();
  if (!jobRuns(job, base.needs, base)) {
    const record: JobRecord = {
      path,
      result: 'skipped',
      skippedBy: job.if ?? 'success()',
      outputs: {},
      steps: [],
      startedAt,
      finishedAt: startedAt,
    };
    await context.onJobEnd?.(record);
    return record;
  }
  if (job.uses) return runCall(path, job, base, context, startedAt);

  await context.onJobStart?.(path, job);
  const runnerTemp = context.executor.runnerTemp(path);
  const jobContext = {
    workflow_repository: context.workflow.repository,
    workflow_sha: context.workflow.sha,
    status: 'success',
  };
  const permissions = typeof job.permissions === 'object' ? job.permissions : {};
  const steps: Record<string, { outputs: Record<string, string>; outcome: Outcome; conclusion: Outcome }> =
    {};
  const stepRecords: StepRecord[] = [];
  const added: Record<string, string> = {};
  let failed = false;
  for (const [index, step] of (job.steps ?? []).entries()) {
    const name =
      step.name ?? step.id ?? (step.run ? step.run.split('\n')[0] : (step.uses ?? `step ${index + 1}`));
    const env = { ...added };
    const expressionContext = () => ({
      ...base,
      steps,
      job: { ...jobContext, status: failed ? 'failure' : 'success' },
      env,
      runner: { temp: runnerTemp, os: 'Linux' },
    });
    const status: Status = { success: !failed, failure: failed, cancelled: false };
    const began = performance.now();
    let record: StepRecord;
    if (!runs(step.if, expressionContext(), status)) {
      record = {
        id: step.id,
        name,
        what: describeStep(step),
        outcome: 'skipped',
        outputs: {},
        summary: '',
        log: '',
        durationMs: 0,
      };
    } else {
      for (const [key, value] of Object.entries(step.env ?? {}))
        env[key] = asText(evaluateTemplate(value, expressionContext()));
      const place: StepPlace = { job: path, name, permissions, runnerTemp, env };
      const ran = await runStep(step, name, place, expressionContext(), context.executor);
      record = { ...ran.record, durationMs: performance.now() - began };
      if (record.outcome === 'failure') failed = true;
      Object.assign(added, ran.env);
    }
    stepRecords.push(record);
    if (step.id)
      steps[step.id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.outcome };
  }
  const outputsContext = { ...base, steps, job: jobContext, runner: { temp: runnerTemp } };
  const outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([name, value]) => [
      name,
      asText(evaluateTemplate(value, outputsContext)),
    ]),
  );
  const record: JobRecord = {
    path,
    result: failed ? 'failure' : 'success',
    outputs,
    steps: stepRecords,
    startedAt,
    finishedAt: new Date(),
  };
  await context.onJobEnd?.(record);
  return record;
}

async function runStep(
  step: Step,
  name: string,
  place: StepPlace,
  context: Record<string, unknown>,
  executor: StepExecutor,
): Promise<{ record: StepRecord; env: Record<string, string> }> {
  const what = describeStep(step);
  const record = (run: StepRun | SkippedLocally, inputs?: Record<string, string>) => {
    // Skipped here, it counts as a success: on GitHub it would have run, and the job goes on.
    if ('skippedLocally' in run) {
      const skipped: StepRecord = {
        id: step.id,
        name,
        what,
        outcome: 'success',
        skippedLocally: run.skippedLocally,
        outputs: {},
        summary: '',
        log: '',
        durationMs: 0,
        inputs,
      };
      return { record: skipped, env: {} };
    }
    const result: StepRecord = {
      id: step.id,
      name,
      what,
      outcome: run.exitCode === 0 ? 'success' : 'failure',
      inputs,
      outputs: run.outputs,
      summary: run.summary,
      log: run.log,
      durationMs: 0,
    };
    return { record: result, env: run.env ?? {} };
  };
  if (step.run !== undefined) return record(await executor.script(step.run, place));
  const action = prodlineActionOf(step.uses);
  if (!action) return record(executor.thirdParty(step.uses ?? '', place));
  const inputs = Object.fromEntries(
    Object.entries(step.with ?? {}).map(([key, value]) => [key, asText(evaluateTemplate(value, context))]),
  );
  return record(await executor.action(action, inputs, place), inputs);
}

async function runCall(
  path: string,
  job: Job,
  base: { github: unknown; inputs: unknown; secrets: Record<string, string>; needs: unknown; vars: unknown },
  context: RunContext,
  startedAt: Date,
): Promise<JobRecord> {
  const file = localWorkflowFile(job.uses!);
  const inputs = Object.fromEntries(
    Object.entries(job.with ?? {}).map(([key, value]) => [key, evaluateTemplate(value, base)]),
  );
  if (job.secrets === 'inherit')
    throw new Error(`${path}: 'secrets: inherit' is not supported by the local runner`);
  const secrets = Object.fromEntries(
    Object.entries(job.secrets ?? {}).map(([key, value]) => [key, asText(evaluateTemplate(value, base))]),
  );
  const calledInputs = typedInputs(file, callSpecOf(readWorkflow(file), file), inputs);
  await context.onJobStart?.(path, job, calledInputs);
  const run = await runWorkflow(file, { inputs, secrets }, context, `${path}/`);
  const record: JobRecord = {
    path,
    result: run.jobs.some((j) => j.result === 'failure') ? 'failure' : 'success',
    outputs: run.outputs,
    steps: [],
    called: { file, inputs: calledInputs, run },
    startedAt,
    finishedAt: new Date(),
  };
  await context.onJobEnd?.(record);
  return record;
}

function describeStep(step: Step): string {
  const action = prodlineActionOf(step.uses);
  if (action) return `action ${action}`;
  return step.run !== undefined ? 'run' : (step.uses ?? 'step');
}
