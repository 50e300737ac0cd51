import { asText, runs, type Status } from './workflow-expressions.js';
import { needsOf, type Job, type Workflow } from './workflow-files.js';

/** The decisions of a workflow run that need no step to run: job order, job `if:`s, a call's inputs. Pure. */

export type Outcome = 'success' | 'failure' | 'skipped';

export interface InputSpec {
  type?: 'string' | 'number' | 'boolean';
  required?: boolean;
  default?: unknown;
}

export interface CallSpec {
  inputs?: Record<string, InputSpec>;
  secrets?: Record<string, { required?: boolean }>;
  outputs?: Record<string, { value: string }>;
}

/** A reusable workflow's `on.workflow_call`: its inputs, secrets and outputs. */
export const callSpecOf = (workflow: Workflow, file: string): CallSpec => {
  const spec = workflow.on.workflow_call;
  if (spec === undefined) throw new Error(`${file} has no 'on: workflow_call': it cannot be called`);
  return (spec ?? {}) as CallSpec;
};

/** Job ids in an order that respects `needs` (file order among the ready ones); refuses cycles. */
export function jobOrder(workflow: Workflow, file = 'the workflow'): string[] {
  const ids = Object.keys(workflow.jobs);
  for (const id of ids)
    for (const need of needsOf(workflow.jobs[id]))
      if (!ids.includes(need)) throw new Error(`${file}: job '${id}' needs '${need}', which does not exist`);
  const order: string[] = [];
  while (order.length < ids.length) {
    const ready = ids.find(
      (id) => !order.includes(id) && needsOf(workflow.jobs[id]).every((need) => order.includes(need)),
    );
    if (!ready) throw new Error(`${file}: the jobs' needs form a cycle`);
    order.push(ready);
  }
  return order;
}

/** Whether a job's `if:` lets it run, given its needs' results (GitHub's status functions). */
export function jobRuns(job: Job, needs: Record<string, { result: Outcome }>, base: Record<string, unknown>) {
  const results = Object.values(needs).map((n) => n.result);
  const status: Status = {
    success: results.every((r) => r === 'success'),
    failure: results.some((r) => r === 'failure'),
    cancelled: false,
  };
  return runs(job.if, base, status);
}

/** `./.github/workflows/deploy.yml` → `.github/workflows/deploy.yml`; other repositories are refused. */
export function localWorkflowFile(uses: string): string {
  const match = /^\.\/(\.github\/workflows\/[^@]+\.ya?ml)$/.exec(uses);
  if (!match)
    throw new Error(`'uses: ${uses}': only local reusable workflows (./.github/workflows/…) run here`);
  return match[1];
}

/** The inputs a called workflow sees: declared types applied, defaults filled, unknown/missing refused. */
export function typedInputs(
  file: string,
  spec: CallSpec,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const declared = spec.inputs ?? {};
  const unknown = Object.keys(given).filter((key) => !(key in declared));
  if (unknown.length > 0) throw new Error(`${file}: unknown input(s) ${unknown.join(', ')}`);
  const typed: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(declared)) {
    const value = name in given ? given[name] : input.default;
    if (value === undefined) {
      if (input.required) throw new Error(`${file}: required input '${name}' was not given`);
      continue;
    }
    if (input.type === 'number') {
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(number))
        throw new Error(`${file}: input '${name}' must be a number, got ${JSON.stringify(value)}`);
      typed[name] = number;
    } else if (input.type === 'boolean') typed[name] = value === true || value === 'true';
    else typed[name] = asText(value);
  }
  return typed;
}
