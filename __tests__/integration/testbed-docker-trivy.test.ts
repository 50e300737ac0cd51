import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtureImageContext, type FixtureImage } from '../support/fixture-images.js';
import { describeWithServices } from '../support/services.js';

const execFileAsync = promisify(execFile);

/** Runs a command and returns its stdout; a failure carries the command's stderr. */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${String(error)}\n${stderr ?? ''}`, {
      cause: error,
    });
  }
}

/** The parts of Trivy's JSON report these tests read (0.44 omits fields newer versions add). */
interface TrivyReport {
  Metadata?: { OS?: { Family?: string; Name?: string } };
  Results?:
    | {
        Target: string;
        Type?: string;
        Vulnerabilities?: TrivyFinding[] | null;
        Packages?: { Name: string; Version: string }[] | null;
      }[]
    | null;
}
interface TrivyFinding {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Severity: string;
  Status?: string;
}

/** One line per finding, sorted, so a whole report compares in one assertion. */
function findings(report: TrivyReport): string[] {
  return (report.Results ?? [])
    .flatMap((result) => result.Vulnerabilities ?? [])
    .map(
      (v) =>
        `${v.VulnerabilityID} ${v.PkgName} ${v.InstalledVersion} -> ${v.FixedVersion || '(no fix)'} ${v.Severity}`,
    )
    .sort();
}

/** The synthetic vulnerabilities of scripts/testbed/trivy-db/README.md, as the vulnerable image has them. */
const EXPECTED_VULNERABLE = [
  'CVE-2099-0001 libcrypto3 3.1.1-r1 -> 3.1.4-r0 CRITICAL',
  'CVE-2099-0001 libssl3 3.1.1-r1 -> 3.1.4-r0 CRITICAL',
  'CVE-2099-0002 zlib 1.2.13-r1 -> 1.2.13-r2 HIGH',
  'CVE-2099-0003 busybox 1.36.1-r2 -> (no fix) MEDIUM',
  'CVE-2099-0003 busybox-binsh 1.36.1-r2 -> (no fix) MEDIUM',
  'CVE-2099-0004 apk-tools 2.14.0-r2 -> 2.14.4-r0 LOW',
];

const KEYS = [
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'DOCKER_CLI',
  'REGISTRY',
  'TRIVY_PATH',
  'TRIVY_DB_REPOSITORY',
  'TRIVY_CACHE_DIR',
] as const;

describeWithServices(
  [...KEYS],
  'testbed: dockerd builds and pushes, Trivy scans with the synthetic DB',
  (env) => {
    // Made in beforeAll: the body also runs (for collection) when the block is skipped.
    let work = '';
    const tag = randomBytes(4).toString('hex');
    const ref = (image: FixtureImage) => `${env.REGISTRY}/prodline-testbed/${image}:${tag}`;
    // Debian's client with the classic builder: Debian has no buildx, so BuildKit would fail.
    const dockerEnv = {
      ...process.env,
      DOCKER_HOST: env.DOCKER_HOST,
      DOCKER_CONFIG: env.DOCKER_CONFIG,
      DOCKER_BUILDKIT: '0',
    };
    const docker = (...args: string[]) => run(env.DOCKER_CLI, args, dockerEnv);
    const scans = new Map<string, Promise<TrivyReport>>();

    /**
     * A Trivy scan against its own copy of the warm cache's DB: scans write layer entries into their cache
     * (bbolt, locked per process), and the testbed's cache stays as it was started.
     */
    async function trivy(name: string, target: string[]): Promise<TrivyReport> {
      const cacheDir = join(work, `cache-${name}`);
      cpSync(join(env.TRIVY_CACHE_DIR, 'db'), join(cacheDir, 'db'), { recursive: true });
      const stdout = await run(env.TRIVY_PATH, [
        'image',
        ...['--format', 'json', '--scanners', 'vuln', '--list-all-pkgs', '--quiet'],
        ...['--cache-dir', cacheDir, '--db-repository', env.TRIVY_DB_REPOSITORY, '--skip-db-update'],
        ...target,
      ]);
      return JSON.parse(stdout) as TrivyReport;
    }
    const scan = (name: string): Promise<TrivyReport> => {
      const report = scans.get(name);
      if (!report) throw new Error(`no scan named ${name}`);
      return report;
    };

    /** Builds a fixture image with the classic builder and pushes it to the plain registry. */
    async function buildAndPush(image: FixtureImage): Promise<void> {
      const context = fixtureImageContext(image);
      try {
        await docker('build', '--quiet', '--tag', ref(image), context);
      } finally {
        rmSync(context, { recursive: true, force: true });
      }
      await docker('push', '--quiet', ref(image));
    }

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'prodline-docker-trivy-'));
      const savedTar = join(work, 'vulnerable.tar');
      const vulnerable = buildAndPush('vulnerable');
      const clean = buildAndPush('clean');
      // Each scan (~4 s, mostly Trivy's own start-up) starts as soon as its image is there, overlapping
      // the other build; each test awaits its own scan, so a failing scan fails only its test.
      scans.set(
        'tar',
        vulnerable
          .then(() => docker('save', '--output', savedTar, ref('vulnerable')))
          .then(() => trivy('tar', ['--input', savedTar])),
      );
      scans.set(
        'remote',
        vulnerable.then(() => trivy('remote', ['--image-src', 'remote', ref('vulnerable')])),
      );
      scans.set(
        'clean',
        clean.then(() => trivy('clean', ['--image-src', 'remote', ref('clean')])),
      );
      await Promise.allSettled(scans.values());
      await Promise.all([vulnerable, clean]);
    }, 120_000);

    afterAll(async () => {
      await docker('rmi', '--force', ref('vulnerable'), ref('clean')).catch(() => '');
      if (work) rmSync(work, { recursive: true, force: true });
    });

    test('dockerd answers on its unix socket only: neither it nor its containerd listens on TCP/UDP', async () => {
      const socket = env.DOCKER_HOST.replace(/^unix:\/\//, '');
      const owner = /pid=(\d+)/.exec(await run('ss', ['-xlpH', 'src', socket]))?.[1];
      expect(owner).toBeDefined();
      const children = (await run('pgrep', ['-P', String(owner)]).catch(() => ''))
        .split(/\s+/)
        .filter(Boolean);
      const listeners = await run('ss', ['-ltunpH']);
      for (const pid of [String(owner), ...children]) expect(listeners).not.toContain(`pid=${pid},`);
    });

    test('the vulnerable fixture is built, runs, and its tag is in the plain registry', async () => {
      const release = await docker(
        'run',
        '--rm',
        '--network',
        'none',
        ref('vulnerable'),
        'cat',
        '/etc/alpine-release',
      );
      expect(release.trim()).toBe('3.18.4');
      const tags = (await (
        await fetch(`http://${env.REGISTRY}/v2/prodline-testbed/vulnerable/tags/list`)
      ).json()) as { tags: string[] };
      expect(tags.tags).toContain(tag);
      const manifest = await fetch(`http://${env.REGISTRY}/v2/prodline-testbed/vulnerable/manifests/${tag}`, {
        method: 'HEAD',
        headers: {
          accept:
            'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
        },
      });
      expect(manifest.status).toBe(200);
      expect(manifest.headers.get('docker-content-digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    test('the clean fixture runs as user 1000 and has a HEALTHCHECK', async () => {
      const config = JSON.parse(
        await docker('image', 'inspect', '--format', '{{json .Config}}', ref('clean')),
      ) as {
        User?: string;
        Healthcheck?: { Test?: string[] };
      };
      expect(config.User).toBe('1000');
      expect(config.Healthcheck?.Test?.[0]).toBe('CMD');
    });

    test('Trivy finds exactly the synthetic vulnerabilities in a docker save tar (--input)', async () => {
      const report = await scan('tar');
      expect(report.Metadata?.OS).toMatchObject({ Family: 'alpine', Name: '3.18.4' });
      expect(findings(report)).toEqual(EXPECTED_VULNERABLE);
      const statuses = (report.Results ?? []).flatMap((r) => r.Vulnerabilities ?? []).map((v) => v.Status);
      expect(new Set(statuses)).toEqual(new Set(['fixed', 'affected']));
    });

    test('Trivy finds the same vulnerabilities in the registry image (--image-src remote)', async () => {
      expect(findings(await scan('remote'))).toEqual(EXPECTED_VULNERABLE);
    });

    test('Trivy finds no vulnerability in the clean image, though it sees its Alpine packages', async () => {
      const report = await scan('clean');
      expect(report.Metadata?.OS).toMatchObject({ Family: 'alpine', Name: '3.18.4' });
      const packages = (report.Results ?? [])
        .flatMap((r) => r.Packages ?? [])
        .map((p) => `${p.Name} ${p.Version}`);
      expect(packages).toEqual(expect.arrayContaining(['musl 1.2.4-r2', 'zlib 1.2.13-r2']));
      expect(findings(report)).toEqual([]);
    });
  },
);
