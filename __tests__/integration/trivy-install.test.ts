import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionFailure } from '../../src/runtime/errors.js';
import { installTrivy, trivyAsset } from '../../src/scan/trivy-install.js';

// GitHub's release downloads cannot be reached here, so a local server plays the release: a tarball
// holding a stand-in `trivy` and a checksums file in the release's own format, built by the test.
describe('installing the pinned Trivy with @actions/tool-cache (release served locally)', () => {
  let dir = '';
  let server: Server;
  let base = '';
  const requests: string[] = [];
  const files = new Map<string, Buffer>();
  const saved: Record<string, string | undefined> = {};

  function release(version: string, corrupt: boolean): void {
    const staging = join(dir, `staging-${version}`);
    mkdirSync(staging);
    writeFileSync(join(staging, 'trivy'), `#!/bin/sh\necho "Version: ${version}"\n`);
    chmodSync(join(staging, 'trivy'), 0o755);
    const asset = trivyAsset(version, process.platform, process.arch);
    const tarball = join(dir, asset);
    execFileSync('tar', ['-czf', tarball, '-C', staging, 'trivy']);
    const bytes = readFileSync(tarball);
    const sum = createHash('sha256')
      .update(corrupt ? Buffer.from('something else') : bytes)
      .digest('hex');
    files.set(`/v${version}/${asset}`, bytes);
    files.set(
      `/v${version}/trivy_${version}_checksums.txt`,
      Buffer.from(`${'0'.repeat(64)}  other.tar.gz\n${sum}  ${asset}\n`),
    );
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prodline-trivy-install-'));
    for (const key of ['RUNNER_TOOL_CACHE', 'RUNNER_TEMP']) saved[key] = process.env[key];
    process.env.RUNNER_TOOL_CACHE = join(dir, 'tool-cache');
    process.env.RUNNER_TEMP = join(dir, 'runner-temp');
    release('9.9.1', false);
    release('9.9.2', true);
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const body = files.get(req.url ?? '');
      res.writeHead(body ? 200 : 404).end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const [key, value] of Object.entries(saved))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    rmSync(dir, { recursive: true, force: true });
  });

  test('a matching checksum installs it into the tool cache; the next run reuses it without downloading', async () => {
    const binary = await installTrivy('9.9.1', base);
    expect(binary.startsWith(join(dir, 'tool-cache', 'trivy', '9.9.1'))).toBe(true);
    expect(execFileSync(binary, { encoding: 'utf8' })).toBe('Version: 9.9.1\n');
    const downloads = requests.length;
    expect(await installTrivy('9.9.1', base)).toBe(binary);
    expect(requests.length).toBe(downloads);
  });

  test('a checksum mismatch refuses to install anything', async () => {
    const error = await installTrivy('9.9.2', base).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionFailure);
    expect((error as Error).message).toMatch(
      /has sha256 [0-9a-f]{64}, but the release says [0-9a-f]{64}: refusing to run it/,
    );
    expect(existsSync(join(dir, 'tool-cache', 'trivy', '9.9.2'))).toBe(false);
  });
});
