import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandMessages, parseCommandFile } from '../../scripts/lib/run-bundle.js';
import { REPO_ROOT } from '../../scripts/testbed/service.js';

const PROBE = join(REPO_ROOT, '__tests__/fixtures/runtime/probe-action.ts');
const TOKEN = 'tok-9d8c7b6a5f4e';

function runProbe(behaviour: string, options: { summaryFile?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'prodline-probe-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  writeFileSync(files.GITHUB_OUTPUT, '');
  writeFileSync(files.GITHUB_STEP_SUMMARY, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    INPUT_BEHAVIOUR: behaviour,
    INPUT_TOKEN: TOKEN,
    GITHUB_OUTPUT: files.GITHUB_OUTPUT,
  };
  if (options.summaryFile !== false) env.GITHUB_STEP_SUMMARY = files.GITHUB_STEP_SUMMARY;
  const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), [PROBE], { env, encoding: 'utf8' });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

describe('runAction, run as a process with the real @actions/core', () => {
  test('writes every output (objects as JSON, undefined as empty) and the summary', () => {
    const run = runProbe('succeed');
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({
      text: 'multi\nline',
      count: '3',
      flag: 'true',
      list: '["a","b"]',
      missing: '',
    });
    expect(run.summary).toBe('### probe\nbehaviour: succeed\n');
    expect(commandMessages(run.stdout, 'error')).toEqual([]);
  });

  test('without GITHUB_STEP_SUMMARY the summary goes to the log', () => {
    const run = runProbe('succeed', { summaryFile: false });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('### probe\nbehaviour: succeed');
  });

  test('a secret input is masked before anything is logged', () => {
    const run = runProbe('succeed');
    const lines = run.stdout.split('\n');
    expect(lines.indexOf(`::add-mask::${TOKEN}`)).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf(`::add-mask::${TOKEN}`)).toBeLessThan(
      lines.findIndex((line) => line.includes('working with token')),
    );
  });

  test('an expected failure is one ::error:: line, exit 1, no stack', () => {
    const run = runProbe('failure');
    expect(run.status).toBe(1);
    expect(commandMessages(run.stdout, 'error')).toEqual(['the gate failed: 2 CRITICAL findings']);
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(run.outputs).toEqual({});
  });

  test('a configuration error found while running reads like one raised while parsing', () => {
    const run = runProbe('late-config');
    expect(commandMessages(run.stdout, 'error')).toEqual([
      "Input 'manifests': k8s/ does not exist. Accepted: files or directories that exist.",
    ]);
  });

  test('a bad input value fails before run starts', () => {
    const run = runProbe('explode');
    expect(run.status).toBe(1);
    expect(commandMessages(run.stdout, 'error')).toEqual([
      'Input \'behaviour\': "explode" is not a recognised value. Accepted: one of succeed, bug, failure, late-config.',
    ]);
    expect(run.stdout).not.toContain('working with token');
  });

  test('a bug says so, and its stack goes to the debug log', () => {
    const run = runProbe('bug');
    expect(run.status).toBe(1);
    const [error] = commandMessages(run.stdout, 'error');
    expect(error).toMatch(
      /^Unexpected error \(a bug in prodline, please report it\): Cannot read properties of undefined/,
    );
    const debug = commandMessages(run.stdout, 'debug').join('\n');
    expect(debug).toMatch(/TypeError: Cannot read properties of undefined[\s\S]*probe-action\.ts/);
  });
});
