import { prodlineActionOf, type ActionFile, type Workflow } from '../../../scripts/lib/workflow-files.js';

/** The checkout every job of a reusable workflow makes before it runs one of prodline's actions. */
export const SELF_CHECKOUT = {
  repository: '${{ job.workflow_repository }}',
  ref: '${{ job.workflow_sha }}',
  path: '.prodline',
};

/**
 * The ways a workflow could reach prodline's actions at some other commit than its own; empty when it
 * cannot. In a reusable workflow a prodline action must be `./.prodline/actions/<name>`, after a
 * checkout of job.workflow_repository at job.workflow_sha into .prodline in the same job, with nothing
 * else writing .prodline; a workflow call must be local (`./.github/workflows/…`, which GitHub resolves
 * at the calling file's own commit).
 */
export function sameCommitViolations(workflow: Workflow, reusable: boolean): string[] {
  const problems: string[] = [];
  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    if (job.uses && /prodline\/\.github\/workflows\//.test(job.uses) && reusable)
      problems.push(`${jobName}: calls ${job.uses} by repository and ref, not at this commit`);
    if (job.uses && reusable && !job.uses.startsWith('./.github/workflows/'))
      problems.push(`${jobName}: calls ${job.uses}, not a workflow of this commit`);
    let selfCheckedOut = false;
    for (const [index, step] of (job.steps ?? []).entries()) {
      const where = `${jobName} step ${step.id ?? step.name ?? index}`;
      const isCheckout = step.uses?.startsWith('actions/checkout@') ?? false;
      const path = String(step.with?.path ?? '.');
      if (isCheckout && path.replace(/\/$/, '') === '.prodline') {
        const exact =
          step.with?.repository === SELF_CHECKOUT.repository && step.with?.ref === SELF_CHECKOUT.ref;
        if (!exact || selfCheckedOut)
          problems.push(`${where}: writes .prodline other than at this workflow's commit`);
        else selfCheckedOut = true;
      } else if (isCheckout && selfCheckedOut && (path === '.' || path === '')) {
        problems.push(`${where}: checks out into the workspace after .prodline (checkout cleans it away)`);
      }
      if (
        step.run &&
        /(^|[\s"'])\.prodline\//.test(step.run) &&
        !/node \.prodline\/scripts\/evidence\/dist\/index\.js/.test(step.run)
      )
        problems.push(`${where}: a run step touches .prodline`);
      const action = prodlineActionOf(step.uses);
      if (!action) continue;
      if (!reusable) {
        // The repository's own workflows run in prodline's own checkout: ./actions/x is this commit.
        if (!step.uses!.startsWith('./')) problems.push(`${where}: ${step.uses} is not this commit`);
        continue;
      }
      if (step.uses !== `./.prodline/actions/${action}`)
        problems.push(`${where}: ${step.uses} (must be ./.prodline/actions/${action})`);
      else if (!selfCheckedOut) problems.push(`${where}: runs ${step.uses} before .prodline is checked out`);
    }
  }
  return problems;
}

/**
 * The root composite action: its steps may not `uses:` a sibling (that resolves in the caller's
 * workspace, or at a ref written in the file); each runs a committed bundle under $GITHUB_ACTION_PATH,
 * which the runner downloaded at the caller's pinned ref.
 */
export function compositeViolations(action: ActionFile, siblings: string[]): string[] {
  const problems: string[] = [];
  for (const [index, step] of (action.runs.steps ?? []).entries()) {
    const where = `step ${step.id ?? index}`;
    if (step.uses) problems.push(`${where}: uses ${step.uses}`);
    const run = step.run ?? '';
    const bundles = [...run.matchAll(/node "([^"]+)\/actions\/([^/]+)\/dist\/index\.js"/g)];
    if (bundles.length !== 1) problems.push(`${where}: runs no single sibling bundle`);
    for (const [, base, name] of bundles) {
      if (base !== '$GITHUB_ACTION_PATH') problems.push(`${where}: runs ${name} from ${base}`);
      if (!siblings.includes(name)) problems.push(`${where}: ${name} is not one of prodline's actions`);
    }
  }
  return problems;
}
