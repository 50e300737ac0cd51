import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BAD_RELEASE,
  DEMO_KEYS,
  GOOD_RELEASE,
  playRelease,
  servedImages,
  type DemoWorld,
} from '../../scripts/lib/demo-pipeline.js';
import type { JobRecord, WorkflowRun } from '../../scripts/lib/workflow-runner.js';
import { writeKubeconfig } from '../../scripts/testbed/kube-sim/kubeconfig.js';
import { startKubeSim, type KubeSim } from '../../scripts/testbed/kube-sim/server.js';
import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import { describeWithServices } from '../support/services.js';
import { claimExporter } from '../support/exporter-claim.js';

/**
 * `npm run demo`'s two releases, played through pipeline.yml and deploy.yml against the testbed (its
 * registry, Docker, Trivy, Sigstore, Prometheus and exporter) with two clusters of this test's own, so
 * nothing else's Deployments are touched. Analyses are 10 s (two samples, 5 s apart) instead of the demo's 20 s.
 */
const CLUSTER_KEYS = [
  'KUBECONFIG',
  'KUBE_SIM_URL',
  'KUBE_SIM_CONTROL_URL',
  'STAGING_KUBECONFIG',
  'STAGING_KUBE_SIM_URL',
  'STAGING_KUBE_SIM_CONTROL_URL',
];
const SERVICE_KEYS = DEMO_KEYS.filter((key) => !CLUSTER_KEYS.includes(key));

describeWithServices(SERVICE_KEYS, 'the demo pipeline against the testbed', (env) => {
  const sims: KubeSim[] = [];
  let world: DemoWorld;
  let slack: SlackStandIn;
  let github: GitHubStandIn;
  const runs: WorkflowRun[] = [];
  const fast = { inputs: { 'analysis-duration': '10s', 'analysis-interval': '5s' } };
  // The exporter follows one cluster at a time: this file holds it from beforeAll to the end of its cleanup.
  let releaseExporter = () => undefined as void;

  beforeAll(async () => {
    releaseExporter = await claimExporter(600_000);
    const dir = mkdtempSync(join(tmpdir(), 'demo-e2e-'));
    const [production, staging] = await Promise.all([startKubeSim(), startKubeSim()]);
    sims.push(production, staging);
    [slack, github] = await Promise.all([
      startSlack({ token: 'xoxb-e2e-5f1c' }),
      startGitHubApi({ token: 'ghs_e2e_77aa' }),
    ]);
    world = {
      env: {
        ...(env as DemoWorld['env']),
        KUBECONFIG: writeKubeconfig(join(dir, 'production'), production.url),
        KUBE_SIM_URL: production.url,
        KUBE_SIM_CONTROL_URL: production.controlUrl,
        STAGING_KUBECONFIG: writeKubeconfig(join(dir, 'staging'), staging.url),
        STAGING_KUBE_SIM_URL: staging.url,
        STAGING_KUBE_SIM_CONTROL_URL: staging.controlUrl,
      },
      slack,
      slackToken: 'xoxb-e2e-5f1c',
      github,
      githubToken: 'ghs_e2e_77aa',
      dir,
    };
  }, 610_000);
  afterAll(async () => {
    await fetch(`${env.METRICS_EXPORTER_URL}/control/follow`, { method: 'DELETE' });
    await fetch(`${env.METRICS_EXPORTER_URL}/control/images`, { method: 'DELETE' });
    releaseExporter();
    await Promise.all([...sims.map((s) => s.close()), slack?.close(), github?.close()]);
    if (world) rmSync(world.dir, { recursive: true, force: true });
  });

  const flat = (run: WorkflowRun): JobRecord[] =>
    run.jobs.flatMap((j) => [j, ...(j.called ? flat(j.called.run) : [])]);

  test('release 1 is promoted in staging and production', async () => {
    const run = await playRelease(world, GOOD_RELEASE, fast);
    runs.push(run);
    expect(run.outputs).toMatchObject({ 'staging-verdict': 'promoted', 'production-verdict': 'promoted' });
    expect(run.outputs.image).toMatch(
      new RegExp(`^${env.REGISTRY_AUTH}/prodline-demo/web@sha256:[0-9a-f]{64}$`),
    );
    expect(await servedImages(world, 'staging')).toEqual({ web: run.outputs.image });
    expect(await servedImages(world, 'production')).toEqual({ web: run.outputs.image });
  }, 120_000);

  test("release 2's production canary fails its analysis and is rolled back to release 1", async () => {
    expect(runs).toHaveLength(1);
    const run = await playRelease(world, BAD_RELEASE, fast);
    runs.push(run);
    expect(run.outputs).toMatchObject({ 'staging-verdict': 'promoted', 'production-verdict': 'rolled-back' });
    expect(run.outputs.image).not.toBe(runs[0].outputs.image);
    const verify = flat(run)
      .find((j) => j.path === 'deploy-production/deploy')!
      .steps.find((s) => s.what === 'action verify-rollout')!;
    if (JSON.parse(verify.outputs.reason).code !== 'error-rate') console.log(verify.log, verify.summary);
    expect(JSON.parse(verify.outputs.reason)).toMatchObject({ code: 'error-rate' });
    expect(verify.outputs['rolled-back-to']).toBe(runs[0].outputs.image.split('@')[1]);
    // The referee: production serves release 1 again, and no canary is left.
    expect(await servedImages(world, 'production')).toEqual({ web: runs[0].outputs.image });
  }, 120_000);

  test('people were told: one Slack message per release, a GitHub deployment per environment, no secret shown', () => {
    expect(runs).toHaveLength(2);
    expect(slack.messages).toHaveLength(2);
    expect(JSON.stringify(slack.messages[1].blocks)).toContain('rolled back in production');
    expect(github.deployments.map((d) => `${d.environment} ${github.stateOf(d.id)}`)).toEqual([
      'staging inactive',
      'production success', // release 1 serves production again after release 2's rollback
      'staging success',
      'production failure',
    ]);
    expect(github.violations).toEqual([]);
    const shown = runs
      .flatMap(flat)
      .flatMap((j) => j.steps)
      .map((s) => `${s.log}\n${s.summary}`)
      .join('\n');
    for (const secret of [
      env.REGISTRY_PASSWORD,
      'xoxb-e2e-5f1c',
      'ghs_e2e_77aa',
      env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    ])
      expect(shown).not.toContain(secret);
  });
});
