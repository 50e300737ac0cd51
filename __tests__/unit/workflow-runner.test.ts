import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSteps } from '../../scripts/lib/local-steps.js';
import { readWorkflow } from '../../scripts/lib/workflow-files.js';
import {
  jobOrder,
  runWorkflow,
  typedInputs,
  type JobRecord,
  type StepPlace,
  type StepRun,
  type WorkflowRun,
} from '../../scripts/lib/workflow-runner.js';

/**
 * The workflow runner over the real pipeline.yml and deploy.yml: prodline's actions are replaced by
 * scripted answers (recorded with the inputs the workflow wired into them), the workflows' own `run:`
 * steps run in bash as on a runner (docker is a recording stub). What is asserted is the wiring.
 */

const DIGEST = `sha256:${'a'.repeat(64)}`;
const IMAGE = `registry.test/acme/web@${DIGEST}`;
const IDENTITY = 'https://github.com/acme/prodline/.github/workflows/pipeline.yml@refs/heads/main';
const KUBECONFIGS = {
  staging: 'apiVersion: v1\n# staging cluster',
  production: 'apiVersion: v1\n# production',
};

interface Call {
  job: string;
  action: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workflow-runner-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Plays pipeline.yml with these verdicts per environment (absent: that verify step fails without one). */
async function play(
  verdicts: Partial<Record<'staging' | 'production', string>>,
  options: { buildFails?: boolean; inputs?: Record<string, unknown> } = {},
): Promise<{ run: WorkflowRun; calls: Call[]; jobs: JobRecord[] }> {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'docker'),
    `#!/bin/sh\necho "docker $*" >> '${dir}/docker.calls'\necho 'Login Succeeded'\n`,
  );
  chmodSync(join(bin, 'docker'), 0o755);
  const calls: Call[] = [];
  const local = localSteps({
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, GITHUB_REPOSITORY: 'acme/web' },
    workspace: dir,
    tempRoot: dir,
    machineInputs: {},
    oidc: { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token' },
    secrets: [],
  });
  const environmentOf = (place: StepPlace) =>
    place.job.startsWith('deploy-production') ? 'production' : 'staging';
  const answer = (action: string, inputs: Record<string, string>, place: StepPlace): StepRun => {
    const ok = (outputs: Record<string, string>): StepRun => ({ exitCode: 0, outputs, summary: '', log: '' });
    switch (action) {
      case 'build-and-scan': {
        if (options.buildFails)
          return { exitCode: 1, outputs: { gate: 'failed' }, summary: '', log: 'gate failed' };
        writeFileSync(join(dir, 'report.json'), '{"Results": []}');
        return ok({ image: IMAGE, digest: DIGEST, gate: 'passed', 'report-file': join(dir, 'report.json') });
      }
      case 'sign-image':
        return ok(inputs.mode === 'verify' ? {} : { 'certificate-identity': IDENTITY, verified: 'true' });
      case 'canary-deploy':
        return ok({ digest: DIGEST, strategy: inputs.strategy, workloads: '[{"name":"web"}]' });
      case 'verify-rollout': {
        const verdict = verdicts[environmentOf(place)];
        if (!verdict) return { exitCode: 1, outputs: {}, summary: '', log: 'no verdict' };
        const report = join(place.runnerTemp, 'analysis-report.json');
        const outcome = verdict === 'promoted' ? 'pass' : 'fail';
        writeFileSync(
          report,
          JSON.stringify({
            analysis: { samples: [{ checks: [{ check: 'error-rate', outcome, value: 0.07 }] }] },
          }),
        );
        const reason = JSON.stringify({
          code: verdict === 'promoted' ? 'analysis-passed' : 'error-rate',
          message: 'm',
        });
        return {
          ...ok({ verdict, reason, 'analysis-report': report }),
          exitCode: verdict === 'promoted' ? 0 : 1,
        };
      }
      default:
        return ok({ 'slack-ts': '1700000000.000100', 'slack-channel': 'C0RELEASES' });
    }
  };
  const run = await runWorkflow(
    '.github/workflows/pipeline.yml',
    {
      inputs: {
        image: 'registry.test/acme/web',
        manifests: 'k8s/',
        'canary-weight': 25,
        'analysis-interval': '5s',
        ...options.inputs,
      },
      secrets: {
        STAGING_KUBECONFIG: KUBECONFIGS.staging,
        PRODUCTION_KUBECONFIG: KUBECONFIGS.production,
        REGISTRY_PASSWORD: 'pw-1234',
      },
    },
    {
      github: {
        actor: 'octocat',
        token: 'ghs_token',
        server_url: 'https://github.com',
        repository: 'acme/web',
        event: { repository: { name: 'web' } },
      },
      workflow: { repository: 'acme/prodline', sha: 'f'.repeat(40) },
      executor: {
        ...local,
        async action(action, inputs, place) {
          const env = { ...place.env };
          if (action === 'canary-deploy') env.KUBECONFIG_CONTENT = readFileSync(place.env.KUBECONFIG, 'utf8');
          calls.push({
            job: place.job,
            action,
            inputs,
            env: { ...env, idToken: place.permissions['id-token'] ?? '' },
          });
          return answer(action, inputs, place);
        },
      },
    },
  );
  const jobs: JobRecord[] = [];
  const flatten = (r: WorkflowRun) =>
    r.jobs.forEach((j) => (jobs.push(j), j.called && flatten(j.called.run)));
  flatten(run);
  return { run, calls, jobs };
}

const resultOf = (jobs: JobRecord[], path: string) => jobs.find((j) => j.path === path)?.result;
const callsOf = (calls: Call[], action: string, job?: string) =>
  calls.filter((c) => c.action === action && (job === undefined || c.job === job));

test('jobs run in needs order, and the called deploy.yml jobs inside their caller', () => {
  expect(jobOrder(readWorkflow('.github/workflows/pipeline.yml'))).toEqual([
    'build',
    'sign',
    'deploy-staging',
    'deploy-production',
    'notify',
  ]);
  expect(jobOrder(readWorkflow('.github/workflows/deploy.yml'))).toEqual(['deploy', 'record']);
  expect(() => jobOrder({ on: {}, jobs: { a: { needs: 'b' }, b: { needs: 'a' } } })).toThrow('cycle');
  expect(() => jobOrder({ on: {}, jobs: { a: { needs: 'c' } } })).toThrow("needs 'c', which does not exist");
});

test('a promoted release: the digest built is what is signed, gated and deployed in both environments', async () => {
  const { run, calls, jobs } = await play({ staging: 'promoted', production: 'promoted' });
  expect(jobs.map((j) => `${j.path} ${j.result}`)).toEqual([
    'build success',
    'sign success',
    'deploy-staging success',
    'deploy-staging/deploy success',
    'deploy-staging/record success',
    'deploy-production success',
    'deploy-production/deploy success',
    'deploy-production/record success',
    'notify success',
  ]);
  expect(callsOf(calls, 'sign-image', 'sign')[0].inputs.image).toBe(IMAGE);
  for (const environment of ['staging', 'production'] as const) {
    const job = `deploy-${environment}/deploy`;
    const [gate] = callsOf(calls, 'sign-image', job);
    expect(gate.inputs).toMatchObject({ mode: 'verify', image: IMAGE, 'certificate-identity': IDENTITY });
    const [deploy] = callsOf(calls, 'canary-deploy', job);
    expect(deploy.inputs).toMatchObject({
      image: IMAGE,
      manifests: 'k8s/',
      strategy: environment === 'staging' ? 'rolling' : 'canary',
      'canary-weight': '25',
      'environment-kind': environment,
      'require-signature': 'true',
      'certificate-identity': IDENTITY,
    });
    // The kubeconfig step wrote the environment's secret to a file and exported it through GITHUB_ENV.
    expect(deploy.env.KUBECONFIG_CONTENT).toBe(`${KUBECONFIGS[environment]}\n`);
    const [verify] = callsOf(calls, 'verify-rollout', job);
    expect(verify.inputs).toMatchObject({
      workloads: '[{"name":"web"}]',
      interval: '5s',
      duration: '5m',
      'auto-promote': 'true',
    });
    // The release's Slack message (from build's announce) is updated in place by each environment.
    expect(callsOf(calls, 'notify', job)[0].inputs).toMatchObject({
      'slack-ts': '1700000000.000100',
      'slack-channel': 'C0RELEASES',
      event: 'deploying',
    });
    const [told] = callsOf(calls, 'notify', job).slice(-1);
    expect(JSON.parse(told.inputs['analysis-report'])).toEqual([
      { name: 'error-rate', value: 0.07, passed: true },
    ]);
  }
  // Keyless signing needs id-token: write; the job has it, so it gets the token request variables.
  expect(callsOf(calls, 'sign-image', 'sign')[0].env.idToken).toBe('write');
  expect(readFileSync(join(dir, 'docker.calls'), 'utf8')).toContain(
    'docker login registry.test --username octocat --password-stdin',
  );
  expect(callsOf(calls, 'notify', 'notify')[0].inputs).toMatchObject({
    event: 'promoted',
    environment: 'production',
    verdict: 'promoted',
  });
  expect(run.outputs).toMatchObject({
    image: IMAGE,
    digest: DIGEST,
    'staging-verdict': 'promoted',
    'production-verdict': 'promoted',
  });
});

test('staging rolled back: production is skipped, the record and the final word still go out', async () => {
  const { run, calls, jobs } = await play({ staging: 'rolled-back' });
  expect(resultOf(jobs, 'deploy-staging/deploy')).toBe('failure');
  expect(resultOf(jobs, 'deploy-staging/record')).toBe('success');
  expect(resultOf(jobs, 'deploy-production')).toBe('skipped');
  expect(callsOf(calls, 'canary-deploy', 'deploy-production/deploy')).toEqual([]);
  const deploy = jobs.find((j) => j.path === 'deploy-staging/deploy')!;
  const step = (name: string) => deploy.steps.find((s) => s.name === name)!;
  expect(step('tell people how it ended').outcome).toBe('success'); // if: always()
  expect(step('only a promoted release is a success').outcome).toBe('skipped'); // success() after a failure
  expect(callsOf(calls, 'notify', 'deploy-staging/record')[0].inputs).toMatchObject({
    event: 'rolled-back',
    verdict: 'rolled-back',
    'github-token': 'ghs_token',
  });
  expect(callsOf(calls, 'notify', 'notify')[0].inputs).toMatchObject({
    event: 'rolled-back',
    environment: 'staging',
  });
  expect(run.outputs['production-verdict']).toBe('');
});

test('a failed build stops the line before signing; notify still tells people it failed', async () => {
  const { calls, jobs } = await play({}, { buildFails: true });
  expect(jobs.map((j) => `${j.path} ${j.result}`)).toEqual([
    'build failure',
    'sign skipped',
    'deploy-staging skipped',
    'deploy-production skipped',
    'notify success',
  ]);
  const build = jobs[0];
  expect(build.steps.find((s) => s.id === 'finish')?.outcome).toBe('success'); // if: always()
  expect(build.steps.find((s) => s.id === 'report')?.outcome).toBe('skipped'); // no report file
  expect(callsOf(calls, 'notify', 'notify')[0].inputs).toMatchObject({
    event: 'failed',
    environment: 'staging',
  });
});

test('a called workflow gets typed inputs with its defaults; unknown or missing ones are refused', () => {
  const spec = (readWorkflow('.github/workflows/deploy.yml').on.workflow_call ?? {}) as Parameters<
    typeof typedInputs
  >[1];
  const typed = typedInputs('deploy.yml', spec, {
    environment: 'staging',
    image: IMAGE,
    manifests: 'k8s/',
    'canary-weight': '25',
  });
  expect(typed).toMatchObject({ 'canary-weight': 25, strategy: 'rolling', interval: '30s', duration: '5m' });
  expect(() =>
    typedInputs('deploy.yml', spec, { environment: 'x', image: IMAGE, manifests: 'k', colour: 'blue' }),
  ).toThrow('unknown input(s) colour');
  expect(() => typedInputs('deploy.yml', spec, { environment: 'x', manifests: 'k' })).toThrow(
    "required input 'image'",
  );
  expect(() =>
    typedInputs('deploy.yml', spec, {
      environment: 'x',
      image: IMAGE,
      manifests: 'k',
      'canary-weight': 'ten',
    }),
  ).toThrow("'canary-weight' must be a number");
});
