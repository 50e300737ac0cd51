import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../testbed/service.js';

/** A step of a job or of a composite action, as written. */
export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  'continue-on-error'?: unknown;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

/** A job of a workflow, as written. */
export interface Job {
  needs?: string | string[];
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | 'inherit';
  permissions?: Record<string, string> | string;
  outputs?: Record<string, string>;
  steps?: Step[];
  environment?: unknown;
  concurrency?: { group: string; 'cancel-in-progress'?: unknown };
}

/** The parts of a workflow file the checks read. */
export interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

/** An action.yml, as written. */
export interface ActionFile {
  inputs?: Record<string, { required?: boolean; default?: unknown; description?: string }>;
  outputs?: Record<string, { description?: string; value?: string }>;
  runs: { using: string; steps?: Step[] };
}

const yml = (dir: string): string[] =>
  readdirSync(join(REPO_ROOT, dir))
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => `${dir}/${name}`);

/** Every workflow file: the reusable ones and the repository's own (.github/workflows), the templates (workflows/). */
export const WORKFLOW_FILES = [...yml('.github/workflows'), ...yml('workflows')];
/** The reusable workflows (those with `on: workflow_call`). */
export const REUSABLE_FILES = WORKFLOW_FILES.filter((file) => 'workflow_call' in readWorkflow(file).on);
/** prodline's five actions, by folder name. */
export const ACTION_NAMES = readdirSync(join(REPO_ROOT, 'actions')).sort();
/** Every action.yml: the five and the root composite. */
export const ACTION_FILES = [...ACTION_NAMES.map((name) => `actions/${name}/action.yml`), 'action.yml'];

/** Reads a repository file's text. */
export function readText(file: string): string {
  return readFileSync(join(REPO_ROOT, file), 'utf8');
}

/** Reads a workflow file (the YAML `on:` key stays a string key). */
export function readWorkflow(file: string): Workflow {
  return parse(readText(file)) as Workflow;
}

/** Reads an action.yml by its repository path. */
export function readAction(file: string): ActionFile {
  return parse(readText(file)) as ActionFile;
}

/** Every step of every job in a workflow, with its job's name. */
export function stepsOf(workflow: Workflow): { job: string; step: Step; index: number }[] {
  return Object.entries(workflow.jobs).flatMap(([job, spec]) =>
    (spec.steps ?? []).map((step, index) => ({ job, step, index })),
  );
}

/** `needs:` as a list. */
export const needsOf = (job: Job): string[] =>
  job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];

/**
 * Which of prodline's actions a `uses:` reaches, however it is written: `./.prodline/actions/x`,
 * `./actions/x`, `owner/prodline/actions/x@ref`. Undefined for anything else.
 */
export function prodlineActionOf(uses: string | undefined): string | undefined {
  if (!uses) return undefined;
  const match = /^(?:\.\/(?:\.prodline\/)?|[^/]+\/prodline\/)actions\/([^@/]+)(?:@.*)?$/.exec(uses);
  return match && ACTION_NAMES.includes(match[1]) ? match[1] : undefined;
}

/** Every `${{ … }}` expression in a text. */
export function expressionsIn(text: string): string[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1].trim());
}
