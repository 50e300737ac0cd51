import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GitHubStandIn } from '../testbed/stand-ins/github-api.js';
import type { SlackStandIn } from '../testbed/stand-ins/slack.js';
import { REPO_ROOT } from '../testbed/service.js';
import { monitor } from './demo-environments.js';
import { localSteps } from './local-steps.js';

export { clusters, kubectl, monitor, servedImages, type Cluster } from './demo-environments.js';
import { runWorkflow, type JobRecord, type WorkflowRun } from './workflow-runner.js';
import type { Job } from './workflow-files.js';

/** The workflow the demo plays: the one organisations call. */
export const PIPELINE = '.github/workflows/pipeline.yml';

/** Testbed keys the demo needs (`npm run testbed -- start <DEMO_SERVICES>` publishes them). */
export const DEMO_SERVICES = [
  'registry',
  'docker',
  'trivy',
  'prometheus',
  'sigstore',
  'kube-sim',
  'kube-sim-staging',
];
export const DEMO_KEYS = [
  'REGISTRY_AUTH',
  'REGISTRY_USER',
  'REGISTRY_PASSWORD',
  'DOCKER_HOST',
  'DOCKER_CLI',
  'TRIVY_PATH',
  'TRIVY_DB_REPOSITORY',
  'PROMETHEUS_URL',
  'METRICS_EXPORTER_URL',
  'SIGSTORE_FULCIO_URL',
  'SIGSTORE_REKOR_URL',
  'SIGSTORE_TSA_URL',
  'SIGSTORE_TRUSTED_ROOT',
  'SIGSTORE_TEST_REPOSITORY',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'KUBECONFIG',
  'KUBE_SIM_URL',
  'KUBE_SIM_CONTROL_URL',
  'KUBECTL_PINNED',
  'STAGING_KUBECONFIG',
  'STAGING_KUBE_SIM_URL',
  'STAGING_KUBE_SIM_CONTROL_URL',
] as const;

/** One release of the sample service. */
export interface Release {
  label: string;
  version: string;
  /** Every n-th request to / answers 500 (0: never): the bug release 2 ships. */
  failEvery: number;
}

export const GOOD_RELEASE: Release = { label: 'release 1', version: '1.0.0', failEvery: 0 };
export const BAD_RELEASE: Release = { label: 'release 2', version: '1.1.0', failEvery: 14 };

/** Everything a release is played against: the testbed, the Slack and GitHub stand-ins, a scratch dir. */
export interface DemoWorld {
  env: Record<(typeof DEMO_KEYS)[number], string>;
  slack: SlackStandIn;
  slackToken: string;
  github: GitHubStandIn;
  githubToken: string;
  dir: string;
}

/** The repository the image is pushed to (the basic-auth registry: signatures need an authenticated one). */
export const imageRepository = (world: DemoWorld): string => `${world.env.REGISTRY_AUTH}/prodline-demo/web`;

/**
 * The caller's inputs and secrets, as a service repository would write them in its `uses:` call, with
 * short analysis settings so a release takes about a minute.
 */
export function callerInputs(world: DemoWorld): {
  inputs: Record<string, unknown>;
  secrets: Record<string, string>;
} {
  const { env } = world;
  return {
    inputs: {
      image: imageRepository(world),
      manifests: 'k8s/',
      service: 'web',
      'test-command': 'sh /app/test.sh',
      'severity-threshold': 'HIGH',
      'registry-username': env.REGISTRY_USER,
      'canary-weight': 25,
      'prometheus-url': env.PROMETHEUS_URL,
      analysis: 'error-rate',
      'analysis-interval': '5s',
      'analysis-duration': '20s',
      'slack-channel': '#releases',
    },
    secrets: {
      REGISTRY_PASSWORD: env.REGISTRY_PASSWORD,
      STAGING_KUBECONFIG: readFileSync(env.STAGING_KUBECONFIG, 'utf8'),
      PRODUCTION_KUBECONFIG: readFileSync(env.KUBECONFIG, 'utf8'),
      SLACK_BOT_TOKEN: world.slackToken,
    },
  };
}

/**
 * The caller's checkout for one release: examples/web, the static busybox its FROM-scratch Dockerfile
 * copies (no base image can be pulled here), the manifest's image repository set to the testbed's
 * registry, and the release's version and bug in app/release.env.
 */
export function prepareWorkspace(world: DemoWorld, release: Release): string {
  const workspace = join(world.dir, `workspace-${release.version}`);
  cpSync(join(REPO_ROOT, 'examples/web'), workspace, { recursive: true });
  mkdirSync(join(workspace, 'bin'), { recursive: true });
  copyFileSync(busybox(), join(workspace, 'bin/busybox'));
  const manifest = join(workspace, 'k8s/web.yaml');
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8').replace('registry.example.com/prodline-demo/web', imageRepository(world)),
  );
  writeFileSync(
    join(workspace, 'app/release.env'),
    readFileSync(join(workspace, 'app/release.env'), 'utf8')
      .replace(/^VERSION=.*$/m, `VERSION=${release.version}`)
      .replace(/^FAIL_EVERY=.*$/m, `FAIL_EVERY=${release.failEvery}`),
  );
  return workspace;
}

function busybox(): string {
  for (const candidate of ['/bin/busybox', '/usr/bin/busybox']) {
    try {
      execFileSync(candidate, ['true']);
      return candidate;
    } catch {
      /* try the next */
    }
  }
  throw new Error('no static busybox on this machine: apt-get install busybox-static');
}

export interface PlayHooks {
  /** Caller inputs to change (a test's shorter analysis). */
  inputs?: Record<string, unknown>;
  jobStarted?(path: string, job: Job, calledInputs?: Record<string, unknown>): Promise<void> | void;
  jobEnded?(record: JobRecord): Promise<void> | void;
  note?(line: string): void;
}

/** Plays pipeline.yml once for a release, as the workflow wires it, against the world. */
export async function playRelease(
  world: DemoWorld,
  release: Release,
  hooks: PlayHooks = {},
): Promise<WorkflowRun> {
  const workspace = prepareWorkspace(world, release);
  const repository = world.env.SIGSTORE_TEST_REPOSITORY; // the testbed's OIDC tokens speak for it
  const sha = randomBytes(20).toString('hex');
  const runId = String(Date.now());
  const github = {
    repository,
    repository_owner: repository.split('/')[0],
    actor: 'demo-dev',
    token: world.githubToken,
    server_url: 'https://github.com',
    api_url: world.github.url,
    sha,
    ref: 'refs/heads/main',
    ref_name: 'main',
    run_id: runId,
    run_attempt: '1',
    event_name: 'push',
    event: { repository: { name: 'web' } },
    workflow: 'release',
  };
  const { env } = world;
  const caller = callerInputs(world);
  const inputs = { ...caller.inputs, ...hooks.inputs };
  const { secrets } = caller;
  const executor = localSteps({
    workspace,
    tempRoot: world.dir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      DOCKER_HOST: env.DOCKER_HOST,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: repository,
      GITHUB_SHA: sha,
      GITHUB_REF: github.ref,
      GITHUB_REF_NAME: github.ref_name,
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_ACTOR: github.actor,
      GITHUB_SERVER_URL: github.server_url,
      GITHUB_API_URL: world.github.url,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/release.yml@refs/heads/main`,
    },
    machineInputs: {
      'build-and-scan': {
        'docker-path': env.DOCKER_CLI,
        // The testbed's dockerd runs without a bridge network (no iptables here): RUN steps use the host's.
        'build-network': 'host',
        'trivy-path': env.TRIVY_PATH,
        'db-repository': env.TRIVY_DB_REPOSITORY,
      },
      'sign-image': {
        'fulcio-url': env.SIGSTORE_FULCIO_URL,
        'rekor-url': env.SIGSTORE_REKOR_URL,
        'tsa-url': env.SIGSTORE_TSA_URL,
        'trusted-root': env.SIGSTORE_TRUSTED_ROOT,
      },
      'canary-deploy': { 'trusted-root': env.SIGSTORE_TRUSTED_ROOT },
      notify: { 'slack-api-url': world.slack.apiUrl },
    },
    oidc: {
      ACTIONS_ID_TOKEN_REQUEST_URL: env.ACTIONS_ID_TOKEN_REQUEST_URL,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    },
    secrets: [...Object.values(secrets), world.githubToken, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN],
  });
  return runWorkflow(
    PIPELINE,
    { inputs, secrets },
    {
      github,
      workflow: { repository: 'prodline/prodline', sha: gitHead() },
      executor,
      async onJobStart(path, job, calledInputs) {
        const environment = calledInputs?.environment;
        if (environment === 'staging' || environment === 'production') {
          // Not inside hooks.note?.(…): an absent hook would skip the call's arguments too.
          const traffic = await monitor(world, environment, String(calledInputs?.image), release);
          hooks.note?.(traffic);
        }
        await hooks.jobStarted?.(path, job, calledInputs);
      },
      onJobEnd: (record) => hooks.jobEnded?.(record),
    },
  );
}

function gitHead(): string {
  try {
    return execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return '0'.repeat(40);
  }
}
