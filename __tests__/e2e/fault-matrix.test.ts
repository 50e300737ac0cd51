import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import {
  digest,
  manifestFile,
  runDeploy,
  secureApp,
  startHarness,
  type Harness,
} from '../support/canary-deploy.js';
import { servingState } from '../support/cluster-state.js';
import { faultCases, MATRIX_KEYS, type Kind, type MatrixWorld } from '../support/fault-cases.js';
import { fixtureImageContext } from '../support/fixture-images.js';
import { flakyProxy, type FlakyProxy } from '../support/flaky-proxy.js';
import {
  describeRun,
  runChain,
  stageOf,
  type ChainRun,
  type ChainTargets,
  type Release,
  type Stage,
} from '../support/pipeline-chain.js';
import { describeWithServices } from '../support/services.js';

/**
 * The fault matrix of the reliability suite (issue 13): each fault at the stage where it bites, once
 * transient (retried: the release still goes out, with the right verdict) and once persistent (a clear
 * failure with the right verdict). The pipeline's stages run as bundles (support/pipeline-chain.ts)
 * against the testbed and two kube-sim clusters (staging, production). After every case both clusters
 * are read through our client and through the pinned kubectl: each serves the new digest on every pod
 * or the previous one on every pod, with no canary left over: never a mixture. The image is built once
 * (the first case) and its digest reused by the cases that start later.
 */
interface Row {
  fault: string;
  stage: Stage;
  kind: Kind;
  verdict: string;
  staging: string;
  production: string;
  seconds: string;
  /** Seconds per stage run. */
  stages: string;
  ok: boolean;
}

/** The matrix as a table: printed when a case failed, and what the README's figures come from. */
function table(rows: Row[]): string {
  const head = ['fault', 'stage', 'kind', 'verdict', 'staging', 'production', 's', 'stages (s)', 'ok'];
  const lines = rows.map((r) => [
    r.fault,
    r.stage,
    r.kind,
    r.verdict,
    r.staging,
    r.production,
    r.seconds,
    r.stages,
    r.ok ? 'ok' : 'FAILED',
  ]);
  return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

describeWithServices([...MATRIX_KEYS], 'fault matrix over the pipeline', (env) => {
  const app = `fm-${randomBytes(3).toString('hex')}`;
  const repository = `prodline-test/fault-matrix-${randomBytes(3).toString('hex')}`;
  const previous = digest(1);
  const SLACK_TOKEN = 'xoxb-fault-matrix';
  const GITHUB_TOKEN = 'ghs_faultMatrix';
  const rows: Row[] = [];
  const proxies: FlakyProxy[] = [];
  let staging: Harness;
  let production: Harness;
  let slack: SlackStandIn;
  let github: GitHubStandIn;
  let targets: ChainTargets;
  let context = '';
  let temp = '';
  let built: Release | undefined;
  const matrixStarted = Date.now();

  const exporter = (method: string, path: string, body?: unknown) =>
    fetch(`${env.METRICS_EXPORTER_URL}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    [staging, production, slack, github] = await Promise.all([
      startHarness(),
      startHarness(),
      startSlack({ token: SLACK_TOKEN }),
      startGitHubApi({ token: GITHUB_TOKEN }),
    ]);
    Object.assign(world, { staging, production, slack, github });
    context = fixtureImageContext('clean');
    temp = mkdtempSync(join(tmpdir(), 'prodline-fault-matrix-'));
    const image = `${env.REGISTRY_AUTH}/${repository}:placeholder`;
    // The warm vulnerability DB where build-and-scan keeps it in the job's temp directory (on GitHub the
    // Actions cache restores it there), so the two builds do not download it again.
    cpSync(join(env.TRIVY_CACHE_DIR, 'db'), join(temp, 'prodline-trivy-cache', 'db'), { recursive: true });
    // Production's pods report their traffic through the exporter, so the analysis has real series.
    expect((await exporter('PUT', '/control/follow', { kubeApiUrl: production.sim.url })).status).toBe(200);
    targets = {
      registry: env.REGISTRY_AUTH,
      registryUser: env.REGISTRY_USER,
      registryPassword: env.REGISTRY_PASSWORD,
      repository,
      buildContext: context,
      docker: { host: env.DOCKER_HOST, config: env.DOCKER_CONFIG, cli: env.DOCKER_CLI },
      trivy: { path: env.TRIVY_PATH, dbRepository: env.TRIVY_DB_REPOSITORY },
      sigstore: {
        fulcio: env.SIGSTORE_FULCIO_URL,
        rekor: env.SIGSTORE_REKOR_URL,
        tsa: env.SIGSTORE_TSA_URL,
        trustedRoot: env.SIGSTORE_TRUSTED_ROOT,
        tokenUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL,
        token: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      },
      prometheus: env.PROMETHEUS_URL,
      staging,
      production,
      app,
      manifests: {
        staging: manifestFile(staging, 'app.yaml', secureApp(app, { replicas: 2, image })),
        production: manifestFile(production, 'app.yaml', secureApp(app, { replicas: 4, image })),
      },
      slack,
      github,
      slackToken: SLACK_TOKEN,
      githubToken: GITHUB_TOKEN,
      temp,
    };
  }, 60_000);

  afterAll(async () => {
    const failed = rows.some((r) => !r.ok);
    const total = ((Date.now() - matrixStarted) / 1000).toFixed(1);
    if (failed || process.env.PRODLINE_FAULT_MATRIX_TABLE === '1')
      process.stdout.write(`\nFault matrix (${rows.length} cases, ${total} s):\n${table(rows)}\n`);
    await exporter('DELETE', '/control/follow');
    await Promise.all([
      ...proxies.map((p) => p.close()),
      staging?.close(),
      production?.close(),
      slack?.close(),
      github?.close(),
    ]);
    for (const dir of [context, temp]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const proxy = async (
    target: string,
    failures: number,
    matches?: (method: string, path: string) => boolean,
  ) => {
    const started = await flakyProxy(target, failures, matches);
    proxies.push(started);
    return started;
  };

  /** The previous release, fully serving in both clusters; stand-ins and logs emptied. */
  async function previousRelease(): Promise<void> {
    for (const h of [staging, production]) {
      await h.control.reset();
      const seeded = await runDeploy(h, {
        manifests: h === staging ? targets.manifests.staging : targets.manifests.production,
        image: `${env.REGISTRY_AUTH}/${repository}@${previous}`,
        'environment-kind': 'staging',
      });
      expect(seeded.error).toBeUndefined();
      await h.control.resetRequests();
    }
    slack.clearScript();
    github.clearScript();
  }

  const world = { env, previous, proxy } as MatrixWorld;
  const CASES = faultCases(world);

  test.each(CASES.map((c) => [`${c.fault} at ${c.stage}, ${c.kind}`, c] as const))(
    '%s',
    async (_label, c) => {
      const row: Row = { ...c, verdict: '', staging: '', production: '', seconds: '', stages: '', ok: false };
      rows.push(row);
      if (c.from !== 'build' && !built)
        throw new Error('the first case (the build) did not produce a digest');
      await previousRelease();
      const arranged = await c.arrange();
      const started = Date.now();
      let run: ChainRun;
      try {
        run = await runChain(targets, { from: c.from, release: built, ...arranged.options });
      } finally {
        // Faults end with the case: the referee and the next case see a healthy API.
        await Promise.all([staging.control.clearFaults(), production.control.clearFaults()]);
        slack.clearScript();
        github.clearScript();
      }
      row.seconds = ((Date.now() - started) / 1000).toFixed(1);
      row.stages = run.stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)}`).join(', ');
      if (c.from === 'build' && c.kind === 'transient' && run.release) built = run.release;
      // A stage that failed without stopping the chain (a deploy handed to verify-rollout) is shown.
      const carriedOn = run.failed.filter((s) => s !== 'verify' && s !== 'notify');
      row.verdict =
        carriedOn.length && !run.verdict.endsWith('failed')
          ? `${run.verdict} (${carriedOn.join(', ')} failed)`
          : run.verdict;
      const next = run.release?.digest ?? built?.digest ?? '';
      const [s, p] = await Promise.all([
        servingState(staging, app, next, previous),
        servingState(production, app, next, previous),
      ]);
      row.staging = s.client.serving === 'mixed' ? `mixed: ${s.client.detail}` : s.client.serving;
      row.production = p.client.serving === 'mixed' ? `mixed: ${p.client.detail}` : p.client.serving;
      const seen = {
        verdict: run.verdict,
        staging: s.client.serving,
        production: p.client.serving,
        'staging (kubectl)': s.kubectl?.serving ?? s.client.serving,
        'production (kubectl)': p.kubectl?.serving ?? p.client.serving,
      };
      const wanted = {
        verdict: c.verdict,
        staging: c.staging,
        production: c.production,
        'staging (kubectl)': c.staging,
        'production (kubectl)': c.production,
      };
      if (JSON.stringify(seen) !== JSON.stringify(wanted))
        throw new Error(
          `${JSON.stringify(seen)}\nexpected ${JSON.stringify(wanted)}\nstaging: ${s.client.detail}\nproduction: ${p.client.detail}\n${describeRun(run)}\n\n${table(rows)}`,
        );
      // People are told in every case; only a notify fault may cost a message (as a warning).
      const notify = stageOf(run, 'notify');
      expect(notify?.exitCode).toBe(0);
      if (c.stage !== 'notify') expect(notify?.warnings).toEqual([]);
      await arranged.bit(run);
      row.ok = true;
    },
    180_000,
  );
});
