import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../src/runtime/errors.js';
import { recordingWrapper, runInProcess } from '../support/build-and-scan.js';

// Every bad input fails with a ConfigurationError naming it, before docker (a recording stub) is called.
describe('build-and-scan refuses bad inputs before any docker call', () => {
  let dir = '';
  let docker: { path: string; calls: string };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prodline-preflight-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(dir, 'bad-ignore'), 'CVE-2099-0001 exp:someday\n');
    docker = recordingWrapper(dir, 'docker', '/bin/false');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['image', { image: 'ghcr.io/Org/App:latest' }],
    ['severity-threshold', { 'severity-threshold': 'SEVERE' }],
    ['scan-timeout', { 'scan-timeout': 'ten minutes' }],
    ['dockerfile', { dockerfile: 'nope/Dockerfile' }],
    ['context', { context: '/nonexistent/context' }],
    ['ignore-file', { 'ignore-file': 'bad-ignore' }],
    ['test-command', { 'test-command': 'npm "test' }],
    ['tags', { tags: 'v1,-bad' }],
    ['scanners', { scanners: 'vuln,license' }],
  ])('%s', async (input, overrides) => {
    const inputs: Record<string, string> = {
      image: 'ghcr.io/org/app',
      context: dir,
      'docker-path': docker.path,
      ...overrides,
    };
    for (const key of ['dockerfile', 'ignore-file'])
      if (inputs[key] && !inputs[key].startsWith('/')) inputs[key] = join(dir, inputs[key]);
    const result = await runInProcess(inputs, { RUNNER_TEMP: dir });
    expect(result.error).toBeInstanceOf(ConfigurationError);
    expect((result.error as ConfigurationError).input).toBe(input);
    expect(result.error?.message).toMatch(new RegExp(`^Input '${input}': .+\\. Accepted: .+\\.$`, 's'));
    expect(existsSync(docker.calls)).toBe(false);
  });
});
