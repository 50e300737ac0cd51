import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findIgnoreFile, IGNORE_FILE_NAMES } from '../../src/scan/ignore-rules.js';

// Discovery as Trivy does it in a build context: the named file wins, else the YAML forms, else the plain one.
describe('ignore-file discovery', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prodline-ignore-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('nothing there: no ignore file', () => {
    expect(findIgnoreFile(dir, undefined)).toBeUndefined();
  });

  test('the YAML file is preferred over the plain one', () => {
    for (const name of IGNORE_FILE_NAMES) writeFileSync(join(dir, name), '');
    expect(findIgnoreFile(dir, undefined)).toBe(join(dir, '.trivyignore.yaml'));
    rmSync(join(dir, '.trivyignore.yaml'));
    expect(findIgnoreFile(dir, undefined)).toBe(join(dir, '.trivyignore.yml'));
    rmSync(join(dir, '.trivyignore.yml'));
    expect(findIgnoreFile(dir, undefined)).toBe(join(dir, '.trivyignore'));
  });

  test('a named file is returned as named, even when missing (the caller reports it)', () => {
    writeFileSync(join(dir, '.trivyignore'), '');
    expect(findIgnoreFile(dir, '/elsewhere/ignore.yaml')).toBe('/elsewhere/ignore.yaml');
  });
});
