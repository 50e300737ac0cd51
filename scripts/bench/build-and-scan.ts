import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureImageContext } from '../../__tests__/support/fixture-images.js';
import { runBundle } from '../lib/run-bundle.js';
import { runningTestbedEnv } from '../testbed/testbed.js';
import { median, reportRow } from './bench-row.js';

/**
 * build-and-scan's whole path — build, test inside the image, scan, image policy, SARIF, push by digest
 * (checked by a HEAD) — against the running testbed, side by side with the seed's own sequential shell
 * steps on the same context: `docker build`, `docker run --rm … <test>`, `trivy image`, `docker build`
 * with the registry tag (cached) and `docker push`. The action does more and is meant to take no longer,
 * by overlapping (the test runs beside the scan; layers are compressed while Trivy works).
 * Rounds are interleaved, alternating which goes first; each side starts from an empty Trivy cache (a
 * fresh runner) and the same warm build cache. Prints each round and the median of per-round ratios.
 * Target: ≤ 1.00.
 *
 * Usage: npx tsx scripts/bench/build-and-scan.ts [--rounds 5] [--quick]
 * (start the testbed first: npm run testbed -- start docker registry trivy)
 */
const argument = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;
const quick = process.argv.includes('--quick');
const rounds = Number(argument('--rounds', quick ? '3' : '5'));
const TARGET = 1.0;
// A CPU-bound stand-in for a unit-test suite (about a second here), run inside the image by both sides.
const TEST_COMMAND = ['sh', '-c', 'i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; echo tests passed'];

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
  const context = fixtureImageContext('clean');
  const scratch = mkdtempSync(join(tmpdir(), 'prodline-bench-bas-'));
  const env = { ...process.env, DOCKER_HOST: testbed.DOCKER_HOST, DOCKER_CONFIG: testbed.DOCKER_CONFIG };
  const image = `${testbed.REGISTRY}/bench/build-and-scan`;

  /** The seed's steps, one after the other, as its workflow runs them. */
  async function raw(round: number): Promise<void> {
    const docker = (...args: string[]) => exec(testbed!.DOCKER_CLI, args, { ...env, DOCKER_BUILDKIT: '1' });
    await docker('build', '--network', 'host', '--tag', 'myapp:test', context);
    await docker('run', '--rm', '--network', 'none', 'myapp:test', ...TEST_COMMAND);
    await exec(
      testbed!.TRIVY_PATH,
      [
        'image',
        '--format',
        'json',
        '--output',
        join(scratch, 'raw.json'),
        '--cache-dir',
        join(scratch, `raw-cache-${round}`),
        '--db-repository',
        testbed!.TRIVY_DB_REPOSITORY,
        'myapp:test',
      ],
      env,
    );
    await docker('build', '--network', 'host', '--tag', `${image}:raw-${round}`, context);
    await docker('push', `${image}:raw-${round}`);
  }

  /** The action's bundle, as the runner runs it. */
  async function action(round: number): Promise<void> {
    const result = await runBundle(
      'build-and-scan',
      {
        context,
        image,
        tags: `action-${round}`,
        'docker-path': testbed!.DOCKER_CLI,
        'trivy-path': testbed!.TRIVY_PATH,
        'db-repository': testbed!.TRIVY_DB_REPOSITORY,
        'build-network': 'host',
        push: 'true',
        'test-command': TEST_COMMAND.map((word) => (word.includes(' ') ? `'${word}'` : word)).join(' '),
        // Trivy's own default for `trivy image`, so both sides scan for the same things.
        scanners: 'vuln,secret',
        policy: 'enforce',
      },
      {
        env: { DOCKER_HOST: testbed!.DOCKER_HOST, DOCKER_CONFIG: testbed!.DOCKER_CONFIG },
        timeoutMs: 300_000,
      },
    );
    // The clean sample passes the gate and the policy, so the action pushes; anything else is a broken run.
    if (result.exitCode !== 0 || !result.outputs.digest)
      throw new Error(
        `the action did not complete (exit ${result.exitCode}):\n${result.stdout
          .split('\n')
          .filter((l) => l.startsWith('::'))
          .join('\n')
          .slice(-3000)}`,
      );
  }

  try {
    // Warm-up: the build cache and the page cache, for both sides alike.
    await raw(-1);
    await action(-1);
    const ratios: number[] = [];
    console.log(`build-and-scan whole path vs the seed's shell steps, ${rounds} interleaved rounds`);
    console.log(
      `${'round'.padEnd(6)} ${'raw ms'.padStart(9)} ${'action ms'.padStart(10)} ${'ratio'.padStart(7)}`,
    );
    for (let round = 0; round < rounds; round++) {
      let rawMs = 0;
      let actionMs = 0;
      if (round % 2 === 0) {
        rawMs = await timed(() => raw(round));
        actionMs = await timed(() => action(round));
      } else {
        actionMs = await timed(() => action(round));
        rawMs = await timed(() => raw(round));
      }
      ratios.push(actionMs / rawMs);
      console.log(
        `${String(round + 1).padEnd(6)} ${rawMs.toFixed(0).padStart(9)} ${actionMs.toFixed(0).padStart(10)} ${(actionMs / rawMs).toFixed(3).padStart(7)}`,
      );
    }
    const ratio = median(ratios);
    console.log(
      `median ratio action / seed steps: ${ratio.toFixed(3)} (target ≤ ${TARGET}: ${ratio <= TARGET ? 'ok' : 'MISSED'})`,
    );
    reportRow({
      row: 'build-and-scan whole path (build, test, scan, policy, SARIF, push by digest)',
      measured: `${ratio.toFixed(2)}× (median of ${rounds})`,
      against: "the seed's sequential docker build / docker run test / trivy image / docker push",
      target: `≤ ${TARGET.toFixed(2)}×`,
      met: ratio <= TARGET,
    });
    if (ratio > TARGET) process.exitCode = 1;
  } finally {
    rmSync(context, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
