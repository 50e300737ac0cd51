import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { ensureDebianPackages } from '../../scripts/testbed/packages.js';
import { REPO_ROOT } from '../../scripts/testbed/service.js';
import {
  ACTION_FILES,
  WORKFLOW_FILES,
  expressionsIn,
  readAction,
  readText,
  readWorkflow,
  type Step,
} from '../../scripts/lib/workflow-files.js';

interface Finding {
  path: string;
  message: string;
  line: number;
  kind: string;
}

// actionlint 1.7.7 predates the job.workflow_repository / job.workflow_sha / job.workflow_ref context
// (GitHub, 2026-04), the same-commit mechanism itself; only that exact finding is ignored.
const NEWER_THAN_ACTIONLINT =
  /^property "workflow_(repository|sha|ref)" is not defined in object type \{container:/;

describe('actionlint 1.7.7 reports nothing', () => {
  const findings = JSON.parse(
    execFileSync(
      process.execPath,
      [join(REPO_ROOT, '__tests__/contract/support/actionlint-child.mjs'), ...WORKFLOW_FILES],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    ),
  ) as Finding[];

  test.each(WORKFLOW_FILES)('%s', (file) => {
    const left = findings
      .filter((f) => f.path === file && !NEWER_THAN_ACTIONLINT.test(f.message))
      .map((f) => `${f.line}: ${f.message} [${f.kind}]`);
    expect(left).toEqual([]);
  });

  test('the ignore is not hiding everything: actionlint does see the job.workflow_* uses', () => {
    expect(findings.filter((f) => NEWER_THAN_ACTIONLINT.test(f.message)).length).toBeGreaterThan(10);
  });
});

/**
 * Serves the files a workflow calls: local `./.github/workflows/x.yml`, and the templates'
 * `<owner>/prodline/.github/workflows/x.yml@ref`, both from this checkout.
 */
const provider: FileProvider = {
  getFileContent(ref: FileReference) {
    const path = ref.path.replace(/^\.\//, '');
    if ('repository' in ref && ref.repository !== 'prodline')
      return Promise.reject(new Error(`unexpected remote workflow ${ref.owner}/${ref.repository}`));
    return Promise.resolve({ name: path, content: readText(path) });
  },
};

describe("GitHub's workflow parser accepts every file, calls between reusable workflows included", () => {
  test.each(WORKFLOW_FILES)('%s', async (file) => {
    const trace = new NoOperationTraceWriter();
    const parsed = parseWorkflow({ name: file, content: readText(file) }, trace);
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!, provider, {
      fetchReusableWorkflowDepth: 1,
    });
    expect((template.errors ?? []).map((e) => e.Message)).toEqual([]);
  });

  test('and it does check the calls: an unknown input and a missing required one are errors', async () => {
    const content = readText('workflows/service-pipeline.yml')
      .replace('manifests: deploy/', 'manifest: deploy/')
      .replace('image: ghcr.io/${{ github.repository }}', 'imag: x');
    const parsed = parseWorkflow({ name: 'broken.yml', content }, new NoOperationTraceWriter());
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!, provider, {
      fetchReusableWorkflowDepth: 1,
    });
    const messages = (template.errors ?? []).map((e) => e.Message).join('\n');
    expect(messages).toMatch(/manifest/);
    expect(messages).toMatch(/image/);
  });

  test.each(ACTION_FILES)('%s', (file) => {
    const parsed = parseAction({ name: file, content: readText(file) }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
  });
});

/** Every `run:` block: workflows' steps and the composite action's steps, with where it is. */
function runBlocks(): { where: string; script: string; shell: string }[] {
  const blocks: { where: string; script: string; shell: string }[] = [];
  const add = (where: string, step: Step) => {
    if (step.run) blocks.push({ where, script: step.run, shell: step.shell ?? 'bash' });
  };
  for (const file of WORKFLOW_FILES)
    for (const [job, spec] of Object.entries(readWorkflow(file).jobs))
      (spec.steps ?? []).forEach((step, i) => add(`${file} ${job} step ${step.id ?? step.name ?? i}`, step));
  for (const file of ACTION_FILES)
    (readAction(file).runs.steps ?? []).forEach((step, i) => add(`${file} step ${step.id ?? i}`, step));
  return blocks;
}

describe('shellcheck is clean on every run: block', () => {
  beforeAll(() => ensureDebianPackages(['shellcheck'], (line) => process.stderr.write(`${line}\n`)), 600_000);
  const blocks = runBlocks();

  test('there are run blocks to check', () => {
    expect(blocks.length).toBeGreaterThan(20);
  });

  test.each(blocks.map((b) => [b.where, b] as const))('%s', (_where, block) => {
    // ${{ }} is substituted before the shell sees the script; a plain word stands in for it here.
    let script = block.script;
    for (const expression of expressionsIn(script)) script = script.replace(`\${{ ${expression} }}`, 'EXPR');
    const result = spawnSync('shellcheck', ['-s', block.shell === 'sh' ? 'sh' : 'bash', '-f', 'gcc', '-'], {
      input: script,
      encoding: 'utf8',
    });
    expect(result.error).toBeUndefined();
    expect(result.stdout.trim()).toBe('');
  });

  test('shellcheck does find a real bug (an unquoted variable), so a clean result means something', () => {
    const result = spawnSync('shellcheck', ['-s', 'bash', '-'], {
      input: 'rm -rf $DIR/*\n',
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('SC2086');
  });
});
