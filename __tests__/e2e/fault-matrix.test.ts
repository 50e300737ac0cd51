import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultAction, FaultMatch } from '../../scripts/testbed/kube-sim/faults.js';
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
import { servingState, type Serving } from '../support/cluster-state.js';
import { fixtureImageContext } from '../support/fixture-images.js';
import { flakyProxy, type FlakyProxy } from '../support/flaky-proxy.js';
import {
  describeRun,
  runChain,
  type ChainOptions,
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
const KEYS = [
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'DOCKER_CLI',
  'TRIVY_PATH',
  'TRIVY_DB_REPOSITORY',
  'TRIVY_CACHE_DIR',
  'REGISTRY_AUTH',
  'REGISTRY_USER',
  'REGISTRY_PASSWORD',
  'SIGSTORE_FULCIO_URL',
  'SIGSTORE_REKOR_URL',
  'SIGSTORE_TSA_URL',
  'SIGSTORE_TRUSTED_ROOT',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'PROMETHEUS_URL',
  'METRICS_EXPORTER_URL',
] as const;

type Kind = 'transient' | 'persistent';

/** What a case leaves to check once the chain has run: that the fault really bit. */
type Bit = (run: ChainRun) => void | Promise<void>;

interface FaultCase {
  fault: string;
  stage: Stage;
  kind: Kind;
  /** The first stage run (build and sign are skipped when the fault is later: the digest is reused). */
  from: Stage;
  verdict: string;
  staging: Serving;
  production: Serving;
  arrange: () => Promise<{ options?: Partial<ChainOptions>; bit: Bit }>;
}

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

describeWithServices([...KEYS], 'fault matrix over the pipeline', (env) => {
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
  const writes = (method: string) => method !== 'GET' && method !== 'HEAD';
  const kubeFault = (h: () => Harness, match: FaultMatch, action: FaultAction, times?: number) => () =>
    h()
      .control.addFault(match, action, times)
      .then(() => undefined);
  /** Requests kube-sim answered with an injected fault. */
  const faulted = async (h: Harness) => (await h.control.requests()).requests.filter((r) => r.fault).length;
  const stageOf = (run: ChainRun, stage: Stage) => run.stages.find((s) => s.stage === stage);

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

  const k8s = (stage: Stage, h: () => Harness, action: FaultAction, match: FaultMatch) =>
    ({
      transient: async () => ({
        options: { before: { [stage]: kubeFault(h, match, action, 1) } },
        bit: async () => expect(await faulted(h())).toBe(1),
      }),
      persistent: async () => ({
        options: { before: { [stage]: kubeFault(h, {}, action) } },
        bit: async (run: ChainRun) => {
          expect(await faulted(h())).toBeGreaterThan(1);
          expect(stageOf(run, stage)?.errors).toEqual([
            expect.stringMatching(/Kubernetes|API|connection|socket|429|500/i),
          ]);
        },
      }),
    }) satisfies Record<Kind, FaultCase['arrange']>;

  const CASES: FaultCase[] = [
    {
      fault: 'registry 5xx',
      stage: 'build',
      kind: 'transient',
      from: 'build',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => {
        const registry = await proxy(`http://${env.REGISTRY_AUTH}`, 3, writes);
        return {
          options: { registryFor: { build: registry.host } },
          bit: () => expect(registry.failed).toBe(3),
        };
      },
    },
    {
      fault: 'registry 5xx',
      stage: 'build',
      kind: 'persistent',
      from: 'build',
      verdict: 'build failed',
      staging: 'previous',
      production: 'previous',
      arrange: async () => {
        const registry = await proxy(`http://${env.REGISTRY_AUTH}`, Infinity, writes);
        return {
          options: { registryFor: { build: registry.host } },
          bit: (run) => {
            expect(registry.failed).toBeGreaterThan(1);
            expect(stageOf(run, 'build')?.errors).toEqual([expect.stringMatching(/503/)]);
          },
        };
      },
    },
    {
      fault: 'registry 5xx',
      stage: 'sign',
      kind: 'transient',
      from: 'sign',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => {
        const registry = await proxy(`http://${env.REGISTRY_AUTH}`, 3);
        return {
          options: { registryFor: { sign: registry.host } },
          bit: () => expect(registry.failed).toBe(3),
        };
      },
    },
    {
      fault: 'registry 5xx',
      stage: 'sign',
      kind: 'persistent',
      from: 'sign',
      verdict: 'sign failed',
      staging: 'previous',
      production: 'previous',
      arrange: async () => {
        const registry = await proxy(`http://${env.REGISTRY_AUTH}`, Infinity, writes);
        return {
          options: { registryFor: { sign: registry.host } },
          bit: (run) => {
            expect(registry.failed).toBeGreaterThan(1);
            expect(stageOf(run, 'sign')?.errors).toHaveLength(1);
          },
        };
      },
    },
    {
      fault: 'Sigstore 503',
      stage: 'sign',
      kind: 'transient',
      from: 'sign',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => {
        const fulcio = await proxy(env.SIGSTORE_FULCIO_URL, 2);
        const rekor = await proxy(env.SIGSTORE_REKOR_URL, 2);
        return {
          options: { inputs: { sign: { 'fulcio-url': fulcio.url, 'rekor-url': rekor.url } } },
          bit: () => {
            expect([fulcio.failed, rekor.failed]).toEqual([2, 2]);
            expect(fulcio.forwarded * rekor.forwarded).toBeGreaterThan(0);
          },
        };
      },
    },
    {
      fault: 'Sigstore 503',
      stage: 'sign',
      kind: 'persistent',
      from: 'sign',
      verdict: 'sign failed',
      staging: 'previous',
      production: 'previous',
      arrange: async () => {
        const rekor = await proxy(env.SIGSTORE_REKOR_URL, Infinity);
        return {
          options: { inputs: { sign: { 'rekor-url': rekor.url } } },
          bit: (run) => {
            expect(rekor.forwarded).toBe(0);
            expect(stageOf(run, 'sign')?.errors).toEqual([expect.stringMatching(/Rekor|TLOG/)]);
          },
        };
      },
    },
    ...(['transient', 'persistent'] as const).flatMap((kind): FaultCase[] => [
      {
        fault: 'Kubernetes 429',
        stage: 'deploy-staging',
        kind,
        from: 'deploy-staging',
        verdict: kind === 'transient' ? 'promoted' : 'deploy-staging failed',
        staging: kind === 'transient' ? 'new' : 'previous',
        production: kind === 'transient' ? 'new' : 'previous',
        arrange: k8s(
          'deploy-staging',
          () => staging,
          { type: 'throttle', retryAfterSeconds: 1 },
          { verb: 'patch' },
        )[kind],
      },
      {
        fault: 'Kubernetes 500',
        stage: 'deploy-production',
        kind,
        from: 'deploy-staging',
        verdict: kind === 'transient' ? 'promoted' : 'deploy-production failed',
        staging: 'new',
        production: kind === 'transient' ? 'new' : 'previous',
        arrange: k8s(
          'deploy-production',
          () => production,
          { type: 'error', status: 500 },
          { verb: 'patch' },
        )[kind],
      },
      {
        fault: 'Kubernetes reset',
        stage: 'deploy-production',
        kind,
        from: 'deploy-staging',
        verdict: kind === 'transient' ? 'promoted' : 'deploy-production failed',
        staging: 'new',
        production: kind === 'transient' ? 'new' : 'previous',
        arrange: k8s(
          'deploy-production',
          () => production,
          { type: 'reset', afterWrite: true },
          { verb: 'patch' },
        )[kind],
      },
    ]),
    {
      fault: 'Kubernetes 500 on reads after the canary write',
      stage: 'deploy-production',
      kind: 'persistent',
      from: 'deploy-staging',
      // canary-deploy's rollout wait fails with the canary written: it still outputs the workloads, so
      // verify-rollout runs (as in deploy.yml) once the API is back and decides: here, a healthy canary.
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => ({
        options: {
          before: {
            'deploy-production': async () => {
              for (const verb of ['list', 'watch'])
                await production.control.addFault(
                  { verb, resource: 'deployments' },
                  { type: 'error', status: 500 },
                );
            },
          },
          after: { 'deploy-production': () => production.control.clearFaults().then(() => undefined) },
        },
        bit: async (run) => {
          expect(await faulted(production)).toBeGreaterThan(1);
          expect(run.failed).toEqual(['deploy-production']);
          expect(JSON.parse(stageOf(run, 'deploy-production')?.outputs.workloads ?? '[]')).toHaveLength(2);
        },
      }),
    },
    {
      fault: 'Kubernetes 500',
      stage: 'verify',
      kind: 'transient',
      from: 'deploy-staging',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: k8s('verify', () => production, { type: 'error', status: 500 }, { verb: 'patch' }).transient,
    },
    {
      fault: 'watch drop',
      stage: 'verify',
      kind: 'transient',
      from: 'deploy-staging',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => ({
        options: {
          before: {
            verify: kubeFault(() => production, { verb: 'watch' }, { type: 'end-watch', afterMs: 50 }, 2),
          },
        },
        bit: async () => expect(await faulted(production)).toBe(2),
      }),
    },
    {
      fault: 'watch drop',
      stage: 'verify',
      kind: 'persistent',
      from: 'deploy-staging',
      // Watches are renewed (and re-listed): a watch that keeps dropping delays nothing that matters.
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => ({
        options: {
          before: {
            verify: kubeFault(() => production, { verb: 'watch' }, { type: 'end-watch', afterMs: 50 }),
          },
        },
        bit: async () => expect(await faulted(production)).toBeGreaterThan(2),
      }),
    },
    {
      fault: 'Prometheus down',
      stage: 'verify',
      kind: 'transient',
      from: 'deploy-staging',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => {
        const prometheus = await proxy(env.PROMETHEUS_URL, 2);
        return {
          options: { inputs: { verify: { 'prometheus-url': prometheus.url } } },
          bit: () => {
            // The opening query and the first sample fail (errors counted, not retried away); the
            // second sample passes, and 2 errors in a row stay under consecutive-error-limit 3.
            expect([prometheus.failed, prometheus.forwarded]).toEqual([2, 1]);
          },
        };
      },
    },
    {
      fault: 'Prometheus down',
      stage: 'verify',
      kind: 'persistent',
      from: 'deploy-staging',
      verdict: 'rolled-back',
      staging: 'new',
      production: 'previous',
      arrange: async () => {
        const prometheus = await proxy(env.PROMETHEUS_URL, Infinity);
        return {
          options: { inputs: { verify: { 'prometheus-url': prometheus.url } } },
          bit: (run) => {
            expect(prometheus.forwarded).toBe(0);
            const verify = stageOf(run, 'verify');
            expect(JSON.parse(verify?.outputs.reason ?? '{}')).toMatchObject({ code: 'prometheus-errors' });
            expect(verify?.outputs['rolled-back-to']).toBe(previous);
          },
        };
      },
    },
    ...(['transient', 'persistent'] as const).flatMap((kind): FaultCase[] => {
      const times = kind === 'transient' ? 1 : 50;
      return [
        {
          fault: 'Slack 429',
          stage: 'notify',
          kind,
          from: 'deploy-staging',
          verdict: 'promoted',
          staging: 'new',
          production: 'new',
          arrange: async () => {
            const before = slack.messages.length;
            const answers = Array.from({ length: times }, () => ({
              route: 'chat.postMessage' as const,
              status: 429,
              retryAfterSeconds: 1,
            }));
            return {
              options: { before: { notify: async () => slack.script(...answers) } },
              bit: (run) => {
                const notify = stageOf(run, 'notify');
                // A notification failure is a warning: it never changes the release's outcome.
                expect(notify?.exitCode).toBe(0);
                expect(slack.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
                if (kind === 'transient') {
                  expect(slack.messages.length).toBe(before + 1);
                  expect(notify?.warnings).toEqual([]);
                } else {
                  expect(slack.messages.length).toBe(before);
                  expect(notify?.warnings).toEqual([expect.stringMatching(/Slack/)]);
                }
              },
            };
          },
        },
        {
          fault: 'GitHub 502',
          stage: 'notify',
          kind,
          from: 'deploy-staging',
          verdict: 'promoted',
          staging: 'new',
          production: 'new',
          arrange: async () => {
            const before = github.deployments.length;
            return {
              options: {
                before: {
                  notify: async () =>
                    github.script(...Array.from({ length: times }, () => ({ status: 502 }))),
                },
              },
              bit: (run) => {
                const notify = stageOf(run, 'notify');
                expect(notify?.exitCode).toBe(0);
                const created = github.deployments.slice(before);
                if (kind === 'transient') {
                  expect(created).toHaveLength(1);
                  expect(github.stateOf(created[0].id)).toBe('success');
                  expect(notify?.warnings).toEqual([]);
                } else {
                  expect(notify?.warnings).toEqual([expect.stringMatching(/GitHub/)]);
                }
                expect(github.violations).toEqual([]);
              },
            };
          },
        },
      ];
    }),
  ];

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
