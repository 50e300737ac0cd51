import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputsWithDefaults, readActionMetadata } from '../../scripts/lib/action-metadata.js';
import { withTables } from '../../scripts/lib/readme-tables.js';
import { REPO_ROOT } from '../../scripts/testbed/service.js';
import type { InputReader } from '../../src/runtime/input-reader.js';
import { ACTION_FIXTURES } from '../support/action-fixtures.js';
import { readerFor } from '../support/reader.js';

const ACTIONS = readdirSync(join(REPO_ROOT, 'src/actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface ActionModules {
  parseInputs: (read: InputReader) => unknown;
  OUTPUTS: readonly string[];
}

async function load(action: string): Promise<ActionModules> {
  const inputs = (await import(`../../src/actions/${action}/inputs.js`)) as Pick<
    ActionModules,
    'parseInputs'
  >;
  const run = (await import(`../../src/actions/${action}/run.js`)) as Pick<ActionModules, 'OUTPUTS'>;
  return { parseInputs: inputs.parseInputs, OUTPUTS: run.OUTPUTS };
}

test('the five actions exist, each with an action.yml and a fixture', () => {
  expect(ACTIONS).toEqual(['build-and-scan', 'canary-deploy', 'notify', 'sign-image', 'verify-rollout']);
  for (const action of ACTIONS) expect(ACTION_FIXTURES[action]).toBeDefined();
});

describe.each(ACTIONS)('%s', (action) => {
  const metadata = readActionMetadata(action);

  test('action.yml: name, description, branding, node24 bundle, everything described', () => {
    expect(metadata.name).toMatch(/^prodline /);
    expect(metadata.description.length).toBeGreaterThan(20);
    expect(metadata.branding?.icon).toBeTruthy();
    expect(metadata.branding?.color).toBeTruthy();
    expect(metadata.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    for (const [name, spec] of [...Object.entries(metadata.inputs), ...Object.entries(metadata.outputs)]) {
      expect({ name, described: (spec.description ?? '').length > 5 }).toEqual({ name, described: true });
    }
  });

  test('every declared input is read by inputs.ts, and every input read is declared', async () => {
    const { parseInputs } = await load(action);
    const fixture = ACTION_FIXTURES[action];
    const { read } = readerFor(inputsWithDefaults(metadata, fixture.inputs, {}), fixture.env ?? {});
    parseInputs(read);
    expect([...read.read].sort()).toEqual(Object.keys(metadata.inputs).sort());
  });

  test('every output run returns is declared, and every declared output is returned', async () => {
    const { OUTPUTS } = await load(action);
    expect([...OUTPUTS].sort()).toEqual(Object.keys(metadata.outputs).sort());
  });

  test('only inputs.ts reads the environment; index.ts only hands over to runAction', () => {
    const dir = join(REPO_ROOT, 'src/actions', action);
    for (const file of readdirSync(dir).filter((name) => name !== 'inputs.ts')) {
      expect({ file, readsEnv: /process\.env/.test(readFileSync(join(dir, file), 'utf8')) }).toEqual({
        file,
        readsEnv: false,
      });
    }
    const index = readFileSync(join(dir, 'index.ts'), 'utf8').trim().split('\n').filter(Boolean);
    expect(index).toEqual([
      "import { runAction } from '../../runtime/run-action.js';",
      "import { parseInputs } from './inputs.js';",
      "import { run } from './run.js';",
      'void runAction(parseInputs, run);',
    ]);
  });
});

test('domain modules know nothing of GitHub Actions (no @actions/core outside src/runtime)', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        path.endsWith('.ts') &&
        !path.includes('/src/runtime/') &&
        /from '@actions\/core'/.test(readFileSync(path, 'utf8'))
      )
        offenders.push(path);
    }
  };
  walk(join(REPO_ROOT, 'src'));
  expect(offenders).toEqual([]);
});

test.each(ACTIONS)(
  '%s/README.md has current inputs/outputs tables (npm run docs regenerates them)',
  (action) => {
    const readme = readFileSync(join(REPO_ROOT, 'actions', action, 'README.md'), 'utf8');
    expect(withTables(readme, readActionMetadata(action))).toBe(readme);
  },
);
