import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChallenge } from '../../src/image/registry/challenge.js';
import { dockerConfigCredentials } from '../../src/image/registry/docker-config.js';
import type { CommandRunner } from '../../src/runtime/command-runner.js';
import { ActionFailure } from '../../src/runtime/errors.js';
import { cachedDbIsFresh, orderDbRepositories } from '../../src/scan/db-mirrors.js';
import { configScanArgs, imageScanArgs, isRetryableDbError } from '../../src/scan/trivy-cli.js';
import { checksumFor, trivyAsset } from '../../src/scan/trivy-install.js';

describe('registry auth', () => {
  test('WWW-Authenticate challenges', () => {
    expect(
      parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/a:pull"'),
    ).toEqual({
      scheme: 'bearer',
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: 'repository:o/a:pull',
    });
    expect(parseChallenge('Basic realm="prodline-testbed"')).toEqual({
      scheme: 'basic',
      realm: 'prodline-testbed',
    });
  });

  describe('Docker config', () => {
    let dir = '';
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'prodline-dockercfg-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const noHelper: CommandRunner = { run: () => Promise.resolve({ exitCode: 1, stdout: '', stderr: '' }) };

    test('auth entries, by host or URL key', async () => {
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({ auths: { 'https://ghcr.io': { auth: Buffer.from('u:p:w').toString('base64') } } }),
      );
      expect(await dockerConfigCredentials('ghcr.io', dir, noHelper)).toEqual({
        username: 'u',
        password: 'p:w',
      });
      expect(await dockerConfigCredentials('quay.io', dir, noHelper)).toBeUndefined();
    });

    test('a credential helper is asked with the host on stdin', async () => {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { 'ghcr.io': 'gh' } }));
      const calls: string[] = [];
      const helper: CommandRunner = {
        run: (file, args, options) => {
          calls.push(`${file} ${args.join(' ')} <${options?.input ?? ''}`);
          return Promise.resolve({ exitCode: 0, stdout: '{"Username":"bot","Secret":"t0k"}', stderr: '' });
        },
      };
      expect(await dockerConfigCredentials('ghcr.io', dir, helper)).toEqual({
        username: 'bot',
        password: 't0k',
      });
      expect(calls).toEqual(['docker-credential-gh get <ghcr.io']);
    });

    test('no config file, no credentials', async () => {
      expect(await dockerConfigCredentials('ghcr.io', join(dir, 'none'), noHelper)).toBeUndefined();
    });

    test('credsStore is asked when no per-host helper is set, and auths are the fallback when it has nothing', async () => {
      const auth = Buffer.from('fallback:pw').toString('base64');
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({ credsStore: 'desktop', auths: { 'ghcr.io': { auth } } }),
      );
      const asked: string[] = [];
      const store = (answer: { exitCode: number; stdout: string }): CommandRunner => ({
        run: (file, _args, options) => {
          asked.push(`${file} <${options?.input ?? ''}`);
          return Promise.resolve({ ...answer, stderr: '' });
        },
      });
      expect(
        await dockerConfigCredentials(
          'ghcr.io',
          dir,
          store({ exitCode: 0, stdout: '{"Username":"s","Secret":"t"}' }),
        ),
      ).toEqual({ username: 's', password: 't' });
      // "credentials not found in native keychain" is exit 1: docker then uses auths, so do we.
      expect(await dockerConfigCredentials('ghcr.io', dir, store({ exitCode: 1, stdout: '' }))).toEqual({
        username: 'fallback',
        password: 'pw',
      });
      expect(asked).toEqual(['docker-credential-desktop <ghcr.io', 'docker-credential-desktop <ghcr.io']);
    });

    test("a malformed config is the user's problem, named by its file, its content never quoted", async () => {
      writeFileSync(join(dir, 'config.json'), '{"auths": {"ghcr.io": {"auth": "c2VjcmV0LXZhbHVl"}');
      const error = await dockerConfigCredentials('ghcr.io', dir, noHelper).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionFailure);
      expect((error as Error).message).toContain(join(dir, 'config.json'));
      expect((error as Error).message).toMatch(/is not valid JSON/);
      expect((error as Error).message).not.toContain('c2VjcmV0LXZhbHVl');
    });

    test('an unreadable config (a directory in its place) is named too', async () => {
      mkdirSync(join(dir, 'config.json'));
      const error = await dockerConfigCredentials('ghcr.io', dir, noHelper).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionFailure);
      expect((error as Error).message).toMatch(/The Docker config .*config\.json cannot be read/);
    });
  });
});

describe('Trivy command lines and errors', () => {
  test('image scan: the saved tar, JSON, no severity filter (the gate decides)', () => {
    const args = imageScanArgs({
      input: 'i.tar',
      output: 'o.json',
      cacheDir: 'c',
      dbRepository: 'mirror.gcr.io/aquasec/trivy-db:2',
      scanners: ['vuln', 'secret'],
      ignoreFile: 'none',
      timeoutMs: 600_000,
    });
    expect(args.join(' ')).toBe(
      'image --input i.tar --format json --output o.json --scanners vuln,secret --cache-dir c --db-repository mirror.gcr.io/aquasec/trivy-db:2 --ignorefile none --timeout 600s --no-progress',
    );
    expect(args).not.toContain('--severity');
    expect(
      configScanArgs({ dockerfile: 'D', output: 'o', cacheDir: 'c', ignoreFile: 'n', timeoutMs: 1500 }).at(
        -1,
      ),
    ).toBe('D');
  });

  test.each([
    [
      'FATAL init error: DB error: failed to download vulnerability DB: OCI repository error: GET https://x/v2/: TOOMANYREQUESTS: retry later',
      true,
    ],
    ['DB error: failed to download artifact: unexpected status code 503 Service Unavailable', true],
    ['failed to download vulnerability DB: unexpected status code 404 Not Found', false],
    ['image scan error: unable to open the image tar', false],
  ])('%s → retry another mirror: %s', (text, retry) => {
    expect(isRetryableDbError(text)).toBe(retry);
  });

  test('release asset names and checksums', () => {
    expect(trivyAsset('0.58.1', 'linux', 'x64')).toBe('trivy_0.58.1_Linux-64bit.tar.gz');
    expect(trivyAsset('0.58.1', 'darwin', 'arm64')).toBe('trivy_0.58.1_macOS-ARM64.tar.gz');
    const sums = `${'a'.repeat(64)}  trivy_0.58.1_Linux-64bit.tar.gz\n${'b'.repeat(64)}  trivy_0.58.1_Linux-ARM64.tar.gz\n`;
    expect(checksumFor(sums, 'trivy_0.58.1_Linux-ARM64.tar.gz')).toBe('b'.repeat(64));
    expect(checksumFor(sums, 'trivy_0.58.1_FreeBSD-64bit.tar.gz')).toBeUndefined();
  });
});

describe('Trivy DB mirrors', () => {
  const warnings: string[] = [];
  const warn = (line: string) => warnings.push(line);
  beforeEach(() => (warnings.length = 0));

  test('a fresh cached DB contacts nobody', async () => {
    const probe = jest.fn(() => Promise.resolve(500));
    expect(await orderDbRepositories(['a', 'b'], false, probe, warn)).toEqual(['a', 'b']);
    expect(probe).not.toHaveBeenCalled();
  });

  test('429 and unreachable mirrors are skipped with a warning', async () => {
    const answers: Record<string, number | Error> = { a: 429, b: new Error('connect ECONNREFUSED'), c: 200 };
    expect(
      await orderDbRepositories(['a', 'b', 'c'], true, (r) => Promise.resolve(answers[r]), warn),
    ).toEqual(['c', 'a', 'b']);
    expect(warnings).toEqual([
      'the Trivy DB repository a is throttled or failing (HTTP 429); trying b',
      'the Trivy DB repository b is throttled or failing (connect ECONNREFUSED); trying c',
    ]);
  });

  test('all failing is a clear failure', async () => {
    await expect(orderDbRepositories(['a', 'b'], true, () => Promise.resolve(503), warn)).rejects.toThrow(
      /^No Trivy DB repository could be used \(a: HTTP 503; b: HTTP 503\)/,
    );
  });

  test('freshness comes from metadata.json NextUpdate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prodline-db-'));
    try {
      expect(cachedDbIsFresh(dir, new Date())).toBe(false);
      mkdirSync(join(dir, 'db'));
      writeFileSync(join(dir, 'db', 'trivy.db'), '');
      writeFileSync(join(dir, 'db', 'metadata.json'), '{"Version":2,"NextUpdate":"2031-01-01T00:00:00Z"}');
      expect(cachedDbIsFresh(dir, new Date('2030-12-31T00:00:00Z'))).toBe(true);
      expect(cachedDbIsFresh(dir, new Date('2031-01-02T00:00:00Z'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
