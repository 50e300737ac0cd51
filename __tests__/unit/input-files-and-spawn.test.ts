import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInputFile, readPemInput } from '../../src/actions/shared-inputs.js';
import { ConfigurationError } from '../../src/runtime/errors.js';
import { spawnRunner } from '../../src/runtime/command-runner.js';
import { parseDuration } from '../../src/runtime/duration.js';
import { ManifestError } from '../../src/deploy/manifests.js';

// Both found by the bad-input fuzz (__tests__/reliability/bad-input.test.ts).
describe('file inputs checked before any work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prodline-input-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing file is a ConfigurationError naming the input, the path shortened', () => {
    const path = `/nonexistent/${'x'.repeat(5_000)}`;
    let error: unknown;
    try {
      checkInputFile('trusted-root', path, 'the path of a JSON file');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).input).toBe('trusted-root');
    expect((error as Error).message.length).toBeLessThan(300);
  });

  test('with json: a file that is not JSON is refused; an absent input is fine', () => {
    const file = join(dir, 'root.json');
    writeFileSync(file, '{"mediaType": ');
    expect(() => checkInputFile('trusted-root', file, 'JSON', { json: true })).toThrow(/is not valid JSON/);
    writeFileSync(file, '{}');
    expect(() => checkInputFile('trusted-root', file, 'JSON', { json: true })).not.toThrow();
    expect(() => checkInputFile('trusted-root', undefined, 'JSON')).not.toThrow();
  });

  test('a PEM input: content as given, a path read, an unreadable path a ConfigurationError', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const file = join(dir, 'ca.pem');
    writeFileSync(file, pem);
    expect(readPemInput('prometheus-ca', pem, 'PEM')).toBe(pem);
    expect(readPemInput('prometheus-ca', file, 'PEM')).toBe(pem);
    expect(readPemInput('prometheus-ca', undefined, 'PEM')).toBeUndefined();
    expect(() => readPemInput('prometheus-ca', join(dir, 'missing.pem'), 'PEM')).toThrow(
      expect.objectContaining({
        input: 'prometheus-ca',
        message: expect.stringMatching(/is neither PEM content nor a readable file/),
      }),
    );
  });
});

describe('spawnRunner', () => {
  test('a binary path too long to spawn resolves with exit 126 instead of throwing', async () => {
    const result = await spawnRunner.run(`/nonexistent/${'x'.repeat(20_000)}`, ['version']);
    expect(result.exitCode).toBe(126);
    expect(result.stderr).toMatch(/ENAMETOOLONG/);
  });

  test('a missing binary still resolves with 127', async () => {
    expect((await spawnRunner.run('/nonexistent/docker', [])).exitCode).toBe(127);
  });

  test('an aborted signal kills the child at once (work started ahead, no longer wanted)', async () => {
    const ahead = new AbortController();
    const running = spawnRunner.run('sleep', ['60'], { signal: ahead.signal });
    ahead.abort();
    // Killed, not finished: sleep 60 would exit 0; SIGKILL leaves no exit code.
    expect((await running).exitCode).toBe(128);
    const already = await spawnRunner.run('sleep', ['60'], { signal: ahead.signal });
    expect(already.exitCode).toBe(128);
  });
});

describe('messages quote user values shortened', () => {
  test('a huge value in a duration is cut to a few dozen characters', () => {
    expect(() => parseDuration(`x${'y'.repeat(100_000)}`)).toThrow(/^"xy{76}\.\.\." is not a duration$/);
  });

  test('a manifest error names a huge path shortened', () => {
    expect(
      new ManifestError(`/nonexistent/${'x'.repeat(100_000)}`, 'cannot be read').message.length,
    ).toBeLessThan(300);
  });
});
