import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readActionMetadata } from '../../scripts/lib/action-metadata.js';
import { ensureNode24 } from '../../scripts/lib/node24.js';
import { runBundle } from '../../scripts/lib/run-bundle.js';
import { REPO_ROOT } from '../../scripts/testbed/service.js';
import { ACTION_FIXTURES } from '../support/action-fixtures.js';
import { errorLines, hasStackTrace } from '../support/bundle-output.js';

// The bundles run as real processes, as the runner runs them: under the machine's Node 20 and under
// Node 24 (what `runs.using: node24` means on GitHub's runners).
const ACTIONS = readdirSync(join(REPO_ROOT, 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const NOT_IMPLEMENTED: string[] = [];
const NODES: [string, () => string][] = [
  ['node 20', () => process.execPath],
  ['node 24', ensureNode24],
];

describe.each(NODES)('bundles under %s', (_label, nodePath) => {
  let node: string;
  beforeAll(() => {
    node = nodePath();
  }, 180_000);

  describe.each(ACTIONS)('%s', (action) => {
    const metadata = readActionMetadata(action);
    const fixture = ACTION_FIXTURES[action];
    const required = Object.entries(metadata.inputs)
      .filter(([, spec]) => spec.required)
      .map(([name]) => name);
    // Actions whose inputs are all optional in action.yml still need their fixture's key input.
    const mustGive = required.length > 0 ? required : Object.keys(fixture.inputs).slice(0, 1);

    test.each(mustGive)('without %s: exit 1, one ::error:: line naming it, no stack trace', async (input) => {
      const inputs = { ...fixture.inputs };
      delete inputs[input];
      const result = await runBundle(action, inputs, { node, env: fixture.env });
      expect(result.exitCode).toBe(1);
      const errors = errorLines(result);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^::error::Input '[^']*\\b${input}\\b[^']*': .+\\. Accepted: .+`));
      expect(hasStackTrace(result)).toBe(false);
      expect(result.stderr).toBe('');
      expect(result.outputs).toEqual({});
    });

    // Actions whose behaviour has not landed yet validate everything, then stop cleanly.
    if (NOT_IMPLEMENTED.includes(action))
      test('with valid inputs: validated, then a clean "not implemented yet"', async () => {
        const result = await runBundle(action, fixture.inputs, { node, env: fixture.env });
        expect(result.exitCode).toBe(1);
        expect(result.stdout).toContain('inputs are valid');
        expect(errorLines(result)).toEqual([
          `::error::${action}: not implemented yet (the inputs are valid; the behaviour lands in a later release)`,
        ]);
        expect(hasStackTrace(result)).toBe(false);
      });
  });
});

describe('secrets never reach the log', () => {
  const planted = 'planted-SECRET-4f1e9c';

  test('a secret input is masked at read time: only the ::add-mask:: command carries it', async () => {
    const key = `-----BEGIN EC PRIVATE KEY-----\n${planted}-line\n-----END EC PRIVATE KEY-----`;
    const result = await runBundle(
      'sign-image',
      { ...ACTION_FIXTURES['sign-image'].inputs, key, 'key-password': planted },
      { env: ACTION_FIXTURES['sign-image'].env },
    );
    const masks = result.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks.some((line) => line.includes(planted))).toBe(true);
    const rest = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(rest + result.stderr + result.summary + JSON.stringify(result.outputs)).not.toContain(planted);
  });

  test('a malformed secret is refused without quoting it', async () => {
    const result = await runBundle(
      'sign-image',
      { ...ACTION_FIXTURES['sign-image'].inputs, key: planted },
      { env: ACTION_FIXTURES['sign-image'].env },
    );
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)).toEqual([
      expect.stringMatching(/^::error::Input 'key': the value is not a PEM private key/),
    ]);
    const rest = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(rest).not.toContain(planted);
  });

  test('the registry password of build-and-scan and secrets lines are masked value by value', async () => {
    const result = await runBundle('build-and-scan', {
      image: 'ghcr.io/o/a',
      username: 'u',
      password: planted,
      secrets: `npm_token=${planted}-npm`,
    });
    const masks = result.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toEqual(expect.arrayContaining([`::add-mask::${planted}`, `::add-mask::${planted}-npm`]));
    const rest = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(rest).not.toContain(planted);
  });
});
