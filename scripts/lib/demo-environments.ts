import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DemoWorld, Release } from './demo-pipeline.js';
import { exporterControl } from './metrics-exporter.js';

/** The demo's two environments: their clusters, their monitoring, what they serve. */

const execFileAsync = promisify(execFile);

export interface Cluster {
  kubeconfig: string;
  url: string;
}

/** Staging and production are separate clusters (the pipeline applies the same manifests to both). */
export function clusters(world: DemoWorld): Record<'staging' | 'production', Cluster> {
  return {
    staging: { kubeconfig: world.env.STAGING_KUBECONFIG, url: world.env.STAGING_KUBE_SIM_URL },
    production: { kubeconfig: world.env.KUBECONFIG, url: world.env.KUBE_SIM_URL },
  };
}

/**
 * Monitoring for the environment being deployed: the testbed's one metrics exporter follows that
 * environment's cluster (as each cluster's own Prometheus would), and the pods of a release with a bug
 * serve its error ratio there. The bug shows under production's traffic only: staging's synthetic
 * checks never make the 14 requests it takes, which is why canaries exist.
 */
export async function monitor(
  world: DemoWorld,
  environment: 'staging' | 'production',
  image: string,
  release: Release,
): Promise<string> {
  const control = exporterControl(world.env.METRICS_EXPORTER_URL);
  const exporter = async (method: string, path: string, body?: unknown) => {
    const response = await control(method, path, body);
    if (!response.ok)
      throw new Error(`metrics exporter ${method} ${path}: ${response.status} ${await response.text()}`);
  };
  await exporter('PUT', '/control/follow', { kubeApiUrl: clusters(world)[environment].url });
  await exporter('DELETE', '/control/images');
  if (environment === 'production' && release.failEvery > 0) {
    await exporter('POST', '/control/images', { image, errorRatio: 1 / release.failEvery, errorCode: 500 });
    return `production traffic: pods running ${release.version} answer 1 request in ${release.failEvery} with 500 (${(100 / release.failEvery).toFixed(1)}%)`;
  }
  return `${environment} traffic: every pod healthy`;
}

/** The pinned kubectl (the referee) against one environment's cluster; its stdout. */
export async function kubectl(
  world: DemoWorld,
  environment: 'staging' | 'production',
  args: string[],
): Promise<string> {
  const { stdout } = await execFileAsync(world.env.KUBECTL_PINNED, args, {
    env: {
      ...process.env,
      KUBECONFIG: clusters(world)[environment].kubeconfig,
      KUBECACHEDIR: join(world.dir, 'kube-cache'),
    },
  });
  return stdout;
}

/**
 * What each Deployment of an environment runs, as the pinned kubectl reads it (the referee: kube-sim and
 * our client cannot agree on something a real API server would not say): name → image.
 */
export async function servedImages(
  world: DemoWorld,
  environment: 'staging' | 'production',
): Promise<Record<string, string>> {
  const stdout = await kubectl(world, environment, [
    'get',
    'deployments',
    '-n',
    'default',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}={.spec.template.spec.containers[0].image}{"\\n"}{end}',
  ]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
