import { commandMessages, runBundle, type BundleResult } from '../../scripts/lib/run-bundle.js';
import type { GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import type { SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import type { Harness } from './canary-deploy.js';
import { until } from './poll.js';

/**
 * The pipeline's stages run as bundles, in the order pipeline.yml runs them, with fixed inputs per
 * stage: build-and-scan → sign-image → canary-deploy to staging (rolling) → canary-deploy to production
 * (canary) → verify-rollout on production (Prometheus analysis, automatic rollback) → notify. A stage that
 * fails stops the chain as `needs:` would; notify runs in any case (`if: always()`), with the event
 * deploy.yml derives from the verdict. Minimal on purpose: no workflow parsing (the demo's runner in
 * scripts/lib/ reads pipeline.yml); this is what the fault matrix drives.
 */
export const STAGES = ['build', 'sign', 'deploy-staging', 'deploy-production', 'verify', 'notify'] as const;
export type Stage = (typeof STAGES)[number];

/** Where every stage points: the testbed's services, two kube-sim clusters, the Slack and GitHub stand-ins. */
export interface ChainTargets {
  /** The registry (host:port, basic auth) the image is pushed to and signed in. */
  registry: string;
  registryUser: string;
  registryPassword: string;
  repository: string;
  buildContext: string;
  docker: { host: string; config: string; cli: string };
  trivy: { path: string; dbRepository: string };
  sigstore: {
    fulcio: string;
    rekor: string;
    tsa: string;
    trustedRoot: string;
    tokenUrl: string;
    token: string;
  };
  prometheus: string;
  staging: Harness;
  production: Harness;
  /** The Deployment (and Service, and metrics `service` label) released. */
  app: string;
  manifests: { staging: string; production: string };
  slack: SlackStandIn;
  github: GitHubStandIn;
  slackToken: string;
  githubToken: string;
  /**
   * RUNNER_TEMP of the stages whose files outlive the step, as in one job: build-and-scan's Trivy DB
   * cache, verify-rollout's analysis report.
   */
  temp: string;
}

/** The image built once and released: `registry/repository@digest`. */
export interface Release {
  digest: string;
  image: string;
}

export interface StageRecord {
  stage: Stage;
  exitCode: number | null;
  outputs: Record<string, string>;
  errors: string[];
  warnings: string[];
  ms: number;
  /** stdout and stderr, for a failure message. */
  log: string;
}

export interface ChainRun {
  stages: StageRecord[];
  /** verify-rollout's verdict, or `<stage> failed` when an earlier stage stopped the chain. */
  verdict: string;
  /** The stages that exited non-zero (verify's own failure is in the verdict too). */
  failed: Stage[];
  release?: Release;
}

export interface ChainOptions {
  /** The first stage to run; the ones before it are taken as done (their outputs: `release`). */
  from: Stage;
  /** The release built earlier, for a chain that starts after build. */
  release?: Release;
  /** The registry host a stage talks to instead of `targets.registry` (a flaky proxy in front of it). */
  registryFor?: Partial<Record<'build' | 'sign', string>>;
  /** Inputs that replace a stage's fixed ones (e.g. `prometheus-url` through a proxy). */
  inputs?: Partial<Record<Stage, Record<string, string>>>;
  /** Run just before a stage (inject a fault there). */
  before?: Partial<Record<Stage, () => Promise<void>>>;
  /** Run just after a stage (end a fault that lasts one stage). */
  after?: Partial<Record<Stage, () => Promise<void>>>;
}

const GITHUB_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'prodline/shop',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '1313',
  GITHUB_ACTOR: 'release-bot',
};

/** The error-ratio check of the canary, as the analysis input (the exporter's `http_requests_total`). */
export function canaryErrorRatio(app: string): string {
  const selector = (code: string) => `service="${app}",track="canary"${code}`;
  return `(sum(rate(http_requests_total{${selector(',code=~"5.."')}}[10s])) or vector(0)) / sum(rate(http_requests_total{${selector('')}}[10s]))`;
}

async function prometheusHasCanary(prometheus: string, app: string): Promise<boolean> {
  const response = await fetch(
    `${prometheus}/api/v1/query?query=${encodeURIComponent(canaryErrorRatio(app))}`,
  );
  const body = (await response.json()) as { data?: { result?: unknown[] } };
  return (body.data?.result?.length ?? 0) > 0;
}

/** The event deploy.yml's last notify step sends for a verdict. */
function eventFor(verdict: string): string {
  return verdict === 'promoted' || verdict === 'rolled-back' ? verdict : 'failed';
}

/** Runs the chain from `options.from` to the end; never throws for a failing stage (it is recorded). */
export async function runChain(targets: ChainTargets, options: ChainOptions): Promise<ChainRun> {
  const t = targets;
  const run: ChainRun = { stages: [], verdict: '', failed: [], release: options.release };
  const start = STAGES.indexOf(options.from);
  let workloads = '';
  let previousDigest = '';
  let verify: StageRecord | undefined;

  const stage = async (
    name: Stage,
    action: string,
    inputs: Record<string, string>,
    env: Record<string, string>,
  ): Promise<StageRecord> => {
    await options.before?.[name]?.();
    const result: BundleResult = await runBundle(
      action,
      { ...inputs, ...options.inputs?.[name] },
      { env: { ...GITHUB_ENV, ...env }, timeoutMs: 180_000 },
    );
    const record: StageRecord = {
      stage: name,
      exitCode: result.exitCode,
      outputs: result.outputs,
      errors: commandMessages(result.stdout, 'error'),
      warnings: commandMessages(result.stdout, 'warning'),
      ms: Math.round(result.durationMs),
      log: `${result.stdout}\n${result.stderr}`,
    };
    run.stages.push(record);
    if (record.exitCode !== 0) run.failed.push(name);
    await options.after?.[name]?.();
    return record;
  };
  const wants = (name: Stage) => STAGES.indexOf(name) >= start;
  const release = () => run.release as Release;

  const body = async (): Promise<string> => {
    if (wants('build')) {
      const built = await stage(
        'build',
        'build-and-scan',
        {
          context: t.buildContext,
          image: `${options.registryFor?.build ?? t.registry}/${t.repository}`,
          'docker-path': t.docker.cli,
          'trivy-path': t.trivy.path,
          'db-repository': t.trivy.dbRepository,
          'build-network': 'host',
          'test-command': 'cat /etc/alpine-release',
          push: 'true',
          username: t.registryUser,
          password: t.registryPassword,
        },
        { DOCKER_HOST: t.docker.host, DOCKER_CONFIG: t.docker.config, RUNNER_TEMP: t.temp },
      );
      if (built.exitCode !== 0) return 'build failed';
      const digest = built.outputs.digest;
      run.release = { digest, image: `${t.registry}/${t.repository}@${digest}` };
    }
    if (!run.release) throw new Error(`a chain from ${options.from} needs the release built earlier`);
    if (wants('sign')) {
      const signed = await stage(
        'sign',
        'sign-image',
        {
          image: `${options.registryFor?.sign ?? t.registry}/${t.repository}@${release().digest}`,
          'fulcio-url': t.sigstore.fulcio,
          'rekor-url': t.sigstore.rekor,
          'tsa-url': t.sigstore.tsa,
          'trusted-root': t.sigstore.trustedRoot,
          username: t.registryUser,
          password: t.registryPassword,
          timeout: '20s',
        },
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: t.sigstore.tokenUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: t.sigstore.token,
        },
      );
      if (signed.exitCode !== 0) return 'sign failed';
    }
    const deploy = { image: release().image, 'environment-kind': 'staging', timeout: '20s' };
    if (wants('deploy-staging')) {
      const staged = await stage(
        'deploy-staging',
        'canary-deploy',
        { ...deploy, manifests: t.manifests.staging, strategy: 'rolling' },
        { KUBECONFIG: t.staging.kubeconfig },
      );
      if (staged.exitCode !== 0) return 'deploy-staging failed';
    }
    if (wants('deploy-production')) {
      const produced = await stage(
        'deploy-production',
        'canary-deploy',
        {
          ...deploy,
          manifests: t.manifests.production,
          strategy: 'canary',
          'canary-weight': '25',
          'environment-kind': 'production',
        },
        { KUBECONFIG: t.production.kubeconfig },
      );
      // As deploy.yml: a deploy whose rollout did not complete still names the workloads it wrote,
      // and verify-rollout runs on them (to roll back); one that wrote nothing stops the chain.
      workloads = produced.outputs.workloads ?? '';
      if (produced.exitCode !== 0 && !workloads) return 'deploy-production failed';
      previousDigest = produced.outputs['previous-digest'] ?? '';
    }
    if (wants('verify')) {
      // The exporter and Prometheus need a scrape or two to see a new canary; the analysis would
      // otherwise open on "no data" (fail-closed) however healthy the canary is.
      await until(
        'the canary series in Prometheus',
        30_000,
        () => prometheusHasCanary(t.prometheus, t.app),
        250,
      );
      verify = await stage(
        'verify',
        'verify-rollout',
        {
          workloads,
          timeout: '30s',
          'prometheus-url': t.prometheus,
          analysis: `checks:\n  - name: error-rate\n    query: '${canaryErrorRatio(t.app).replace(/'/g, "''")}'\n    max: 0.05\n`,
          interval: '1s',
          count: '2',
          'min-requests': '0',
          'consecutive-error-limit': '3',
          'on-failure': 'rollback',
        },
        { KUBECONFIG: t.production.kubeconfig, RUNNER_TEMP: t.temp },
      );
      return verify.outputs.verdict || `verify failed (exit ${verify.exitCode})`;
    }
    return 'not verified';
  };

  run.verdict = await body();
  await stage(
    'notify',
    'notify',
    {
      event: eventFor(run.verdict),
      environment: 'production',
      service: t.app,
      digest: run.release?.digest ?? '',
      'previous-digest': previousDigest,
      strategy: 'canary',
      verdict: verify?.outputs.verdict ?? '',
      reason: verify?.outputs.reason ?? '',
      'slack-token': t.slackToken,
      'slack-channel': '#releases',
      'slack-api-url': t.slack.apiUrl,
      'github-token': t.githubToken,
      'github-api-url': t.github.url,
      repository: GITHUB_ENV.GITHUB_REPOSITORY,
      ref: GITHUB_ENV.GITHUB_SHA,
      timeout: '3s',
    },
    {},
  );
  return run;
}

/** One line per stage (`stage exit N, Xms`, errors), for a failure message. */
export function describeRun(run: ChainRun): string {
  return run.stages
    .map(
      (s) =>
        `${s.stage}: exit ${s.exitCode} in ${s.ms} ms${s.errors.length ? `; errors: ${s.errors.join(' | ')}` : ''}${s.warnings.length ? `; warnings: ${s.warnings.join(' | ')}` : ''}`,
    )
    .join('\n');
}

/** The record of one stage of a run (undefined when the chain never reached it). */
export function stageOf(run: ChainRun, stage: Stage): StageRecord | undefined {
  return run.stages.find((s) => s.stage === stage);
}
