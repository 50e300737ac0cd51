import { ESLint } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { REPO_ROOT } from '../../scripts/testbed/service.js';

/*
 * The layering rules in eslint.config.js, shown to fire: the real config is run over fixture source
 * text placed (by filePath only, nothing is written) in the folders each rule guards. A rule that
 * silently stopped matching (a typo in a regex, a `files` glob that no longer covers a folder) would
 * leave the allowed cases passing and turn the forbidden ones green; the forbidden ones catch it.
 */
// The type-aware rules are switched off: they need a file the TypeScript project knows, and the layering
// rules read only the import's text.
const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

async function layeringMessages(file: string, source: string): Promise<string[]> {
  // A named import is used too, so the only messages left are the layering rules' own.
  const text = source.startsWith('import ') ? `${source}\nexport const used = String(thing);\n` : source;
  const [result] = await eslint.lintText(text, { filePath: join(REPO_ROOT, file) });
  // A fixture that does not parse would pass the "allowed" cases for the wrong reason.
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`the fixture for ${file} did not lint: ${fatal.message}`);
  return result.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering is enforced by lint', () => {
  test.each([
    ['src/scan/layering-fixture.ts', "import { thing } from '../actions/build-and-scan/inputs.js';"],
    ['src/image/registry/layering-fixture.ts', "import { thing } from '../../actions/shared-inputs.js';"],
    ['src/notify/layering-fixture.ts', "import type { thing } from '../actions/notify/inputs.js';"],
    ['src/docker/layering-fixture.ts', "export { thing } from '../actions/build-and-scan/run.js';"],
  ])('a domain file importing src/actions/ fails the lint (%s)', async (file, source) => {
    const messages = await layeringMessages(file, source);
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Domain code must not import src\/actions\//),
    ]);
  });

  test('a dynamic import() of src/actions/ from a domain file fails too', async () => {
    const messages = await layeringMessages(
      'src/sign/layering-fixture.ts',
      "export const load = () => import('../actions/sign-image/run.js');",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-syntax: .*Domain code must not import src\/actions\//),
    ]);
  });

  test.each([
    ['src/scan/layering-fixture.ts', "import { thing } from '../../scripts/testbed/service.js';"],
    ['src/actions/notify/layering-fixture.ts', "import { thing } from '../../../scripts/lib/run-bundle.js';"],
  ])('nothing in src/ imports scripts/ (%s)', async (file, source) => {
    expect(await layeringMessages(file, source)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Nothing in src\/ imports scripts\//),
    ]);
  });

  test.each([
    ['src/scan/layering-fixture.ts', "import { thing } from '@actions/core';"],
    ['src/actions/notify/layering-fixture.ts', "import { thing } from '@actions/github';"],
    ['src/scan/layering-fixture.ts', "export const load = () => import('@actions/cache');"],
  ])('only src/runtime/ imports @actions/* (%s)', async (file, source) => {
    expect(await layeringMessages(file, source)).toEqual([
      expect.stringMatching(/^no-restricted-(imports|syntax): .*Only src\/runtime\/ imports @actions\//),
    ]);
  });

  test.each([
    ['src/scan/layering-fixture.ts', "import { thing } from '../runtime/errors.js';"],
    ['src/scan/layering-fixture.ts', "import { thing } from '../image/reference.js';"],
    ['src/image/registry/layering-fixture.ts', "import { thing } from '../../runtime/retry.js';"],
    ['src/actions/build-and-scan/layering-fixture.ts', "import { thing } from '../../scan/gate.js';"],
    ['src/actions/build-and-scan/layering-fixture.ts', "import { thing } from '../shared-inputs.js';"],
    ['src/runtime/layering-fixture.ts', "import { thing } from '@actions/core';"],
    ['src/runtime/layering-fixture.ts', "export const load = () => import('@actions/cache');"],
    // Not the toolkit: a package whose name merely contains "actions" is no layering matter.
    ['src/scan/layering-fixture.ts', "import { thing } from '@octokit/plugin-actions';"],
  ])('an allowed import passes (%s: %s)', async (file, source) => {
    expect(await layeringMessages(file, source)).toEqual([]);
  });
});
