import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BAD_RELEASE,
  clusters,
  DEMO_KEYS,
  DEMO_SERVICES,
  GOOD_RELEASE,
  kubectl,
  playRelease,
  servedImages,
  type DemoWorld,
  type Release,
} from './lib/demo-pipeline.js';
import { markdownToText } from './lib/markdown-text.js';
import type { JobRecord, WorkflowRun } from './lib/workflow-runner.js';
import { KubeSimControl } from './testbed/kube-sim/control-client.js';
import { startGitHubApi } from './testbed/stand-ins/github-api.js';
import { startSlack } from './testbed/stand-ins/slack.js';
import { ENV_FILE, runningTestbedEnv, startTestbed, stopTestbed } from './testbed/testbed.js';

/**
 * `npm run demo [-- --keep] [--verbose]`: starts the testbed, then plays .github/workflows/pipeline.yml
 * (and the deploy.yml it calls) twice through the workflow runner, with the sample service in
 * examples/web: a good release promoted through staging and a production canary, then a release with
 * a bug that only production traffic shows, caught by the canary analysis and rolled back.
 */
async function main(argv: string[]): Promise<number> {
  const keep = argv.includes('--keep');
  const verbose = argv.includes('--verbose');
  const begin = Date.now();
  const reused = runningTestbedEnv();
  if (reused) {
    const missing = DEMO_KEYS.filter((key) => !reused[key]);
    if (missing.length > 0)
      throw new Error(
        `a testbed is running without what the demo needs (${missing.join(', ')}). Stop it with ` +
          `'npm run testbed -- stop', or start it with 'npm run testbed -- start ${DEMO_SERVICES.join(' ')}'.`,
      );
    console.log(`using the running testbed (${ENV_FILE}); it stays running`);
  } else console.log(`starting the testbed: ${DEMO_SERVICES.join(', ')} (a minute on a fresh machine)`);
  const env = (reused ??
    (await startTestbed({
      only: DEMO_SERVICES,
      log: (line) => console.log(`  [testbed] ${line}`),
    }))) as DemoWorld['env'];

  const slackToken = `xoxb-demo-${randomBytes(6).toString('hex')}`;
  const githubToken = `ghs_demo${randomBytes(12).toString('hex')}`;
  const [slack, github] = await Promise.all([
    startSlack({ token: slackToken }),
    startGitHubApi({ token: githubToken }),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'prodline-demo-'));
  const world: DemoWorld = { env, slack, slackToken, github, githubToken, dir };
  const rows: string[][] = [];
  let exitCode = 0;
  let serving = '';
  try {
    // Each demo starts from empty clusters, so what it shows is what these two releases did.
    await Promise.all([
      new KubeSimControl(env.KUBE_SIM_CONTROL_URL).reset(),
      new KubeSimControl(env.STAGING_KUBE_SIM_CONTROL_URL).reset(),
    ]);
    for (const [release, expected] of [
      [GOOD_RELEASE, 'promoted'],
      [BAD_RELEASE, 'rolled-back'],
    ] as const) {
      banner(
        `${release.label}: web ${release.version}` +
          (release.failEvery ? ` (ships a bug: every ${release.failEvery}th request to / fails)` : ''),
      );
      const started = Date.now();
      const run = await playRelease(world, release, {
        note: (line) => console.log(`\n  ⓘ ${line}`),
        jobEnded: (record) => printJob(record, verbose),
      });
      rows.push(...finalRows(release, run, Date.now() - started));
      const production = run.outputs['production-verdict'] || '(not deployed)';
      // What production must serve now: the new image once promoted, the previous one after a rollback.
      const mustServe = expected === 'promoted' ? run.outputs.image : serving;
      const checks = await refereeChecks(world, mustServe, production, expected);
      if (!checks) exitCode = 1;
      serving = mustServe;
      await printClusters(world);
    }
    printNotifications(world);
  } finally {
    await Promise.all([slack.close(), github.close()]);
    // With --keep the exporter goes on following production, so Prometheus shows what now serves there.
    if (!keep) {
      await fetch(`${env.METRICS_EXPORTER_URL}/control/follow`, { method: 'DELETE' }).catch(() => undefined);
      await fetch(`${env.METRICS_EXPORTER_URL}/control/images`, { method: 'DELETE' }).catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
    if (!reused && !keep) await stopTestbed((line) => console.log(`  [testbed] ${line}`));
  }
  banner('the two releases');
  printTable(['release', 'stage', 'verdict', 'time'], rows);
  console.log(`\ndemo took ${Math.round((Date.now() - begin) / 1000)} s`);
  if (keep || reused) printExplore(Boolean(reused));
  return exitCode;
}

function banner(text: string): void {
  console.log(`\n${'━'.repeat(100)}\n${text}\n${'━'.repeat(100)}`);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const ICON: Record<string, string> = { success: '✓', failure: '✗', skipped: '·' };

/** One job as it ended: its steps (what ran, what was skipped and why), failures' logs, its summary. */
function printJob(record: JobRecord, verbose: boolean): void {
  const took = seconds(record.finishedAt.getTime() - record.startedAt.getTime());
  if (record.called) {
    const verdict = record.outputs.verdict ? `, verdict ${record.outputs.verdict}` : '';
    console.log(`\n◆ ${record.path} → ${record.called.file}: ${record.result}${verdict} (${took})`);
    return;
  }
  if (record.result === 'skipped') {
    console.log(`\n◆ ${record.path}: skipped (its if: ${record.skippedBy} is false)`);
    return;
  }
  console.log(`\n◆ ${record.path}: ${record.result} (${took})`);
  for (const step of record.steps) {
    const state = step.skippedLocally
      ? `skipped locally: ${step.skippedLocally}`
      : step.outcome === 'skipped'
        ? 'skipped (its if: is false)'
        : `${step.what}, ${seconds(step.durationMs)}`;
    console.log(`  ${step.skippedLocally ? '○' : ICON[step.outcome]} ${step.name.padEnd(52)} ${state}`);
    if (step.log && (verbose || step.outcome === 'failure')) {
      const lines = step.log.split('\n');
      const shown = verbose ? lines : lines.slice(-15);
      console.log(shown.map((line) => `      │ ${line}`).join('\n'));
    }
  }
  // notify's release card is repeated at every stage: shown once, as the release's final word.
  const shown = record.steps.filter(
    (s) => s.summary.trim() && (verbose || s.what !== 'action notify' || record.path === 'notify'),
  );
  for (const step of shown) console.log(`\n${markdownToText(step.summary, '    ')}`);
}

/** The release's end state, checked: its verdict, and what production serves as the pinned kubectl reads it. */
async function refereeChecks(
  world: DemoWorld,
  mustServe: string,
  verdict: string,
  expected: string,
): Promise<boolean> {
  const served = await servedImages(world, 'production');
  const short = (image: string | undefined) => (image ? `…@${image.split('@')[1]?.slice(0, 19)}` : 'nothing');
  const results: [boolean, string][] = [
    [verdict === expected, `production verdict ${verdict} (expected ${expected})`],
    [
      served.web === mustServe,
      `kubectl: production's web serves ${short(served.web)} (expected ${short(mustServe)})`,
    ],
    [
      !('web-canary' in served),
      `kubectl: no web-canary left in production${'web-canary' in served ? ` (found ${short(served['web-canary'])})` : ''}`,
    ],
  ];
  console.log('');
  for (const [ok, line] of results) console.log(`${ok ? '✔' : '✘'} ${line}`);
  return results.every(([ok]) => ok);
}

/** Each cluster as the pinned kubectl sees it: the referee of what the release left behind. */
async function printClusters(world: DemoWorld): Promise<void> {
  for (const name of Object.keys(clusters(world)) as ('staging' | 'production')[]) {
    const args = [
      'get',
      'deployments',
      '-n',
      'default',
      '-o',
      'custom-columns=DEPLOYMENT:.metadata.name,READY:.status.readyReplicas,WANTED:.spec.replicas,IMAGE:.spec.template.spec.containers[0].image,PREVIOUS:.metadata.annotations.prodline\\.dev/previous-digest',
    ];
    try {
      const stdout = await kubectl(world, name, args);
      console.log(
        `\n  $ kubectl ${args.slice(0, 4).join(' ')}   # ${name}\n${indent(stdout.trim(), '    ')}`,
      );
    } catch (error) {
      console.log(`\n  kubectl (${name}) failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

function printNotifications(world: DemoWorld): void {
  banner('what people were told');
  console.log(`Slack (the stand-in received ${world.slack.requests.length} requests):`);
  for (const message of world.slack.messages) {
    console.log(
      `\n  ${message.channel} · message ${message.ts} · posted once, updated ${message.updates} times in place`,
    );
    console.log(indent(slackText(message.blocks) || message.text, '    '));
  }
  console.log(
    `\nGitHub deployments (the stand-in checked ${world.github.requests.length} requests against GitHub's OpenAPI description; ${world.github.violations.length} violations):`,
  );
  for (const deployment of world.github.deployments) {
    const statuses = deployment.statuses.map((s) => String(s.state));
    const last = [...deployment.statuses].reverse().find((status) => status.description);
    console.log(
      `  #${deployment.id} ${deployment.environment.padEnd(10)} ${statuses.join(' → ').padEnd(24)} ${String(last?.description ?? '')}`,
    );
  }
  for (const violation of world.github.violations) console.log(`  ✗ ${violation}`);
}

/** A Block Kit message as plain lines: headers, section texts and fields, context elements. */
function slackText(blocks: unknown[]): string {
  const text = (value: unknown): string =>
    typeof value === 'object' && value !== null ? String((value as { text?: unknown }).text ?? '') : '';
  const lines: string[] = [];
  for (const block of blocks as {
    type?: string;
    text?: unknown;
    fields?: unknown[];
    elements?: unknown[];
  }[]) {
    if (block.text) lines.push(text(block.text));
    if (block.fields) lines.push(block.fields.map((field) => text(field).replace('\n', ' ')).join('  ·  '));
    if (block.elements) lines.push(block.elements.map(text).join('  ·  '));
  }
  return lines
    .join('\n')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1');
}

/** The final table's rows for one release: each stage of pipeline.yml, its verdict and its time. */
function finalRows(release: Release, run: WorkflowRun, totalMs: number): string[][] {
  const label = `${release.label} (${release.version})`;
  return [
    ...run.jobs.map((job) => {
      const verdict =
        job.outputs.verdict ||
        (job.outputs.gate ? `${job.result}, scan gate ${job.outputs.gate}` : job.result);
      const ms = job.finishedAt.getTime() - job.startedAt.getTime();
      return [label, job.path, verdict, job.result === 'skipped' ? '' : seconds(ms)];
    }),
    [
      label,
      'the whole pipeline',
      run.outputs['production-verdict'] ||
        `stopped (staging ${run.outputs['staging-verdict'] || 'not verified'})`,
      seconds(totalMs),
    ],
  ];
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('   ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('   '));
  for (const row of rows) console.log(line(row));
}

function printExplore(reused: boolean): void {
  banner(
    reused
      ? 'the testbed keeps running (it was running before the demo)'
      : 'the testbed keeps running (--keep)',
  );
  console.log(`set -a; source ${ENV_FILE}; set +a       # the services' addresses
kubectl() { "$KUBECTL_PINNED" "$@"; }                  # the pinned kubectl
kubectl get deployments,pods                          # production (KUBECONFIG)
KUBECONFIG=$STAGING_KUBECONFIG kubectl get deployments # staging
kubectl rollout history deployment/web
curl -s "$PROMETHEUS_URL/api/v1/query" --data-urlencode 'query=sum by (track) (rate(http_requests_total{service="web"}[30s]))'
scripts/run-action verify-rollout --input workloads=web --input prometheus-url=$PROMETHEUS_URL --input analysis=error-rate --input interval=5s --input duration=20s
npm run testbed -- stop                               # stops every process the testbed started`);
}

const indent = (text: string, prefix: string): string =>
  text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
