import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNode24 } from './lib/node24.js';
import { REPO_ROOT } from './testbed/service.js';

/**
 * Runs the whole Jest suite (unit, contract, integration against the testbed, e2e bundles) and prints
 * the plain closing line `N passed, N failed, N skipped` from Jest's JSON results. Extra arguments go to
 * Jest (e.g. a path filter).
 */
interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
  success: boolean;
}

ensureNode24(); // the bundles are tested under Node 24 too; install it before the clock starts
const resultsFile = join(REPO_ROOT, '.cache/jest-results.json');
mkdirSync(join(REPO_ROOT, '.cache'), { recursive: true });
rmSync(resultsFile, { force: true });
const jest = spawnSync(
  process.execPath,
  [
    join(REPO_ROOT, 'node_modules/jest/bin/jest.js'),
    '--json',
    '--outputFile',
    resultsFile,
    ...process.argv.slice(2),
  ],
  {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: [
        process.env.NODE_OPTIONS,
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
      ]
        .filter(Boolean)
        .join(' '),
    },
  },
);
if (!existsSync(resultsFile)) {
  console.error('Jest wrote no results (it failed before running tests)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
// A suite that fails to load has no failed test of its own: count it, so it cannot pass silently.
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
console.log(
  `${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped`,
);
process.exit(jest.status === 0 && results.success && failed === 0 ? 0 : 1);
