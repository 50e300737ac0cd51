import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

/**
 * Installs the Debian packages that are missing (the testbed's services come from Debian). Package
 * init scripts must not start services on 0.0.0.0, so a policy-rc.d that forbids it is put in place
 * first when the machine has none.
 */
export function ensureDebianPackages(packages: string[], log: (line: string) => void): void {
  const missing = packages.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages ${missing.join(' ')}; install them as root: apt-get install ${missing.join(' ')}`,
    );
  }
  if (!existsSync('/usr/sbin/policy-rc.d'))
    writeFileSync('/usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', ...missing],
      { env, encoding: 'utf8' },
    );
  let result = install();
  if (result.status !== 0) {
    execFileSync('apt-get', ['update', '-q', '-o', 'DPkg::Lock::Timeout=600'], { env, stdio: 'ignore' });
    result = install();
  }
  if (result.status !== 0)
    throw new Error(`apt-get install ${missing.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
}

function isInstalled(name: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}
