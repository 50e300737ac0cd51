import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureImageContext } from '../../__tests__/support/fixture-images.js';
import { runBundle } from '../lib/run-bundle.js';
import { runningTestbedEnv } from '../testbed/testbed.js';

/**
 * The action's own overhead around `docker build` + `trivy image` (+ `trivy config` for the Dockerfile),
 * on the vulnerable sample, against the running testbed: the whole action (its bundle as a process, as
 * the runner runs it, push off) side by side with the same raw commands a hand-written workflow runs.
 * Rounds are interleaved, alternating which goes first; each side starts from an empty Trivy cache (a
 * fresh runner) and the same warm build cache. Prints each round and the median of per-round ratios.
 * Target: ≤ 1.10.
 *
 * Usage: npx tsx scripts/bench/build-and-scan.ts [--rounds 5] [--scanners vuln,secret,misconfig]
 * (start the testbed first: npm run testbed -- start)
 */
const argument = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;
const rounds = Number(argument('--rounds', '5'));
const scanners = argument('--scanners', 'vuln,secret,misconfig').split(',');
const TARGET = 1.1;

function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${file} ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`)),
    );
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const testbed = runningTestbedEnv();
  if (!testbed) throw new Error('no testbed running: npm run testbed -- start');
  const context = fixtureImageContext('vulnerable');
  const scratch = mkdtempSync(join(tmpdir(), 'prodline-bench-bas-'));
  const env = { ...process.env, DOCKER_HOST: testbed.DOCKER_HOST, DOCKER_CONFIG: testbed.DOCKER_CONFIG };
  const image = `${testbed.REGISTRY}/bench/build-and-scan`;
  const imageScanners = scanners.filter((s) => s !== 'misconfig').join(',');

  /** What a workflow chaining docker build and Trivy runs: build, scan the image, scan the Dockerfile. */
  async function raw(round: number): Promise<void> {
    const cache = join(scratch, `raw-cache-${round}`);
    await exec(testbed!.DOCKER_CLI, ['build', '--network', 'host', '--tag', `${image}:raw`, context], {
      ...env,
      DOCKER_BUILDKIT: '1',
    });
    if (imageScanners) {
      const common = ['--format', 'json', '--output', join(scratch, 'raw.json'), '--cache-dir', cache];
      await exec(
        testbed!.TRIVY_PATH,
        [
          'image',
          '--scanners',
          imageScanners,
          ...common,
          '--db-repository',
          testbed!.TRIVY_DB_REPOSITORY,
          `${image}:raw`,
        ],
        env,
      );
    }
    if (scanners.includes('misconfig'))
      await exec(
        testbed!.TRIVY_PATH,
        [
          'config',
          '--format',
          'json',
          '--output',
          join(scratch, 'raw-config.json'),
          '--cache-dir',
          `${cache}-config`,
          '--skip-policy-update',
          join(context, 'Dockerfile'),
        ],
        env,
      );
  }

  /** The action's bundle, as the runner runs it. */
  async function action(): Promise<void> {
    const result = await runBundle(
      'build-and-scan',
      {
        context,
        image,
        tags: 'action',
        'docker-path': testbed!.DOCKER_CLI,
        'trivy-path': testbed!.TRIVY_PATH,
        'db-repository': testbed!.TRIVY_DB_REPOSITORY,
        'build-network': 'host',
        scanners: scanners.join(','),
        policy: 'warn',
      },
      {
        env: { DOCKER_HOST: testbed!.DOCKER_HOST, DOCKER_CONFIG: testbed!.DOCKER_CONFIG },
        timeoutMs: 300_000,
      },
    );
    // The vulnerable sample fails the gate (exit 1) after doing all the work; anything else is a broken run.
    if (result.outputs.gate !== 'failed')
      throw new Error(`the action did not complete:\n${result.stdout.slice(-3000)}`);
  }

  try {
    // Warm-up: the build cache and the page cache, for both sides alike.
    await raw(-1);
    await action();
    const ratios: number[] = [];
    console.log(`build-and-scan overhead, scanners ${scanners.join(',')}, ${rounds} interleaved rounds`);
    console.log(
      `${'round'.padEnd(6)} ${'raw ms'.padStart(9)} ${'action ms'.padStart(10)} ${'ratio'.padStart(7)}`,
    );
    for (let round = 0; round < rounds; round++) {
      let rawMs = 0;
      let actionMs = 0;
      if (round % 2 === 0) {
        rawMs = await timed(() => raw(round));
        actionMs = await timed(action);
      } else {
        actionMs = await timed(action);
        rawMs = await timed(() => raw(round));
      }
      ratios.push(actionMs / rawMs);
      console.log(
        `${String(round + 1).padEnd(6)} ${rawMs.toFixed(0).padStart(9)} ${actionMs.toFixed(0).padStart(10)} ${(actionMs / rawMs).toFixed(3).padStart(7)}`,
      );
    }
    const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
    console.log(
      `median ratio action / raw commands: ${median.toFixed(3)} (target ≤ ${TARGET}: ${median <= TARGET ? 'ok' : 'MISSED'})`,
    );
    if (median > TARGET) process.exitCode = 1;
  } finally {
    rmSync(context, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
