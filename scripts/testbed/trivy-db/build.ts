import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../service.js';

const run = promisify(execFile);

const SOURCE_DIR = join(REPO_ROOT, 'scripts/testbed/trivy-db');
/** What the DB is made from: a change to any of these builds a new DB. */
const SOURCES = ['main.go', 'advisories.json'];
const CACHE_ROOT = join(REPO_ROOT, '.cache/trivy-db');

/** Trivy's DB schema version; Trivy pulls `<db-repository>:<version>`. */
export const TRIVY_DB_SCHEMA = 2;

export interface TrivyDb {
  /** The directory holding `trivy.db`, `metadata.json` and `db.tar.gz`. */
  dir: string;
  /** `db.tar.gz`: the OCI layer Trivy downloads and unpacks into its cache's `db/` directory. */
  archive: string;
  /** True when it came from the cache (no Go build ran). */
  cached: boolean;
}

/**
 * Returns the synthetic Trivy DB, building it first when `.cache/trivy-db/<hash of its sources>/` does
 * not hold one yet: the Go generator is compiled in GOPATH mode against Debian's bbolt, run on
 * `advisories.json`, and its output packed with a `metadata.json` into `db.tar.gz`.
 */
export async function buildTrivyDb(log: (line: string) => void): Promise<TrivyDb> {
  const hash = createHash('sha256');
  for (const file of SOURCES)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(SOURCE_DIR, file)));
  const dir = join(CACHE_ROOT, hash.digest('hex').slice(0, 16));
  const archive = join(dir, 'db.tar.gz');
  if (existsSync(archive)) return { dir, archive, cached: true };

  log(`building the synthetic Trivy DB into ${dir}`);
  // Built aside and renamed into place, so a crash or a concurrent start never sees half a DB.
  const work = `${dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const goCache = join(REPO_ROOT, '.cache/go-build');
    mkdirSync(goCache, { recursive: true });
    const generator = join(work, 'trivy-db-gen');
    await run('go', ['build', '-o', generator, '.'], {
      cwd: SOURCE_DIR,
      env: {
        ...process.env,
        // Debian's Go packages (bbolt, x/sys) live in this GOPATH; no module download is possible here.
        GOPATH: '/usr/share/gocode',
        GO111MODULE: 'off',
        GOFLAGS: '',
        GOCACHE: goCache,
      },
    });
    await run(generator, [join(SOURCE_DIR, 'advisories.json'), join(work, 'trivy.db')]);
    rmSync(generator);
    const now = new Date().toISOString();
    const metadata = {
      Version: TRIVY_DB_SCHEMA,
      // Far in the future so Trivy never considers the DB stale.
      NextUpdate: '2099-12-31T00:00:00Z',
      UpdatedAt: now,
      DownloadedAt: now,
    };
    writeFileSync(join(work, 'metadata.json'), `${JSON.stringify(metadata)}\n`);
    await run('tar', ['-czf', 'db.tar.gz', 'trivy.db', 'metadata.json'], { cwd: work });
    try {
      renameSync(work, dir);
    } catch (error) {
      if (!existsSync(archive)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { dir, archive, cached: false };
}
