import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sample images under `__tests__/fixtures/images/` (see scripts/testbed/trivy-db/README.md). */
export type FixtureImage = 'vulnerable' | 'clean';

/** Debian's static busybox (package `busybox-static`): the images' only binary, built FROM scratch. */
export const STATIC_BUSYBOX = '/bin/busybox';

const FIXTURES = fileURLToPath(new URL('../fixtures/images/', import.meta.url));

/**
 * Copies a fixture image's build context into a fresh temporary directory and adds the static busybox
 * as `rootfs/bin/busybox` (kept out of the repository). Returns the directory; the caller removes it.
 */
export function fixtureImageContext(name: FixtureImage): string {
  if (!existsSync(STATIC_BUSYBOX))
    throw new Error(`no static busybox at ${STATIC_BUSYBOX}; install Debian's busybox-static`);
  const dir = mkdtempSync(join(tmpdir(), `prodline-image-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  mkdirSync(join(dir, 'rootfs', 'bin'), { recursive: true });
  copyFileSync(STATIC_BUSYBOX, join(dir, 'rootfs', 'bin', 'busybox'));
  return dir;
}
