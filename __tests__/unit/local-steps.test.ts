import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSteps, readableLog, redact } from '../../scripts/lib/local-steps.js';

// The local runner's executor: what it refuses, what it hides, what it runs.
const dir = mkdtempSync(join(tmpdir(), 'local-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const executor = localSteps({
  env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
  workspace: dir,
  tempRoot: dir,
  machineInputs: { 'sign-image': { 'fulcio-url': 'http://127.0.0.1:9' } },
  oidc: {},
  secrets: ['s3cr3t-registry-pw'],
});
const place = (env: Record<string, string> = {}) => ({
  job: 'sign',
  name: 'sign the digest',
  permissions: {},
  runnerTemp: executor.runnerTemp('sign'),
  env,
});

test('a machine input the workflow sets itself is refused: it would change the wiring under test', async () => {
  await expect(
    executor.action('sign-image', { 'fulcio-url': 'https://fulcio.example' }, place()),
  ).rejects.toThrow('the workflow sets fulcio-url itself; a machine input must not override it');
});

test('a run: step runs in bash with the runner files; its log is redacted', async () => {
  const run = await executor.script(
    'echo "pw is $PW"\necho "at=now" >> "$GITHUB_OUTPUT"\necho "KUBECONFIG=/k" >> "$GITHUB_ENV"\necho "# done" >> "$GITHUB_STEP_SUMMARY"\nfalse\necho never',
    place({ PW: 's3cr3t-registry-pw' }),
  );
  expect(run).toMatchObject({
    exitCode: 1,
    outputs: { at: 'now' },
    env: { KUBECONFIG: '/k' },
    summary: '# done\n',
  });
  expect('log' in run && run.log).toBe('pw is ***');
});

test('a script that needs the GitHub API is skipped locally, saying why', async () => {
  expect(await executor.script('gh api repos/a/b/actions/runs/1/approvals', place())).toEqual({
    skippedLocally: 'this script calls the GitHub API with gh (the run’s environment approvals)',
  });
});

test('workflow commands read as words; the longest secret is hidden first', () => {
  expect(readableLog('::add-mask::x\n::debug::d\n::error::bad%0Anext\n::warning file=a::w')).toBe(
    'error: bad\n    next\nwarning: w',
  );
  expect(redact('token abcd-1234 and abcd', ['abcd', 'abcd-1234'])).toBe('token *** and ***');
});
