import { delimiter } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ActionFailure, describe } from '../runtime/errors.js';

/** Where to find the cluster. */
export interface ClusterAccess {
  /** kubeconfig context; the file's current context when undefined. */
  context?: string;
  /** An explicit kubeconfig file (tests, CLIs); otherwise KUBECONFIG, ~/.kube/config, then in-cluster. */
  kubeconfigPath?: string;
}

/**
 * Loads the kubeconfig the way kubectl finds it: `KUBECONFIG` (a list of files, merged), else
 * `~/.kube/config`, else the in-cluster service account. Exec credential plugins (the EKS, GKE and AKS
 * login actions write them) are run by client-node when a request needs a token. Imported on demand:
 * client-node costs ~175 ms and ~36 MiB to load.
 */
export async function loadKubeConfig(access: ClusterAccess): Promise<KubeConfig> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  const files = (access.kubeconfigPath ?? '').split(delimiter).filter(Boolean);
  if (files.length === 0) kc.loadFromDefault();
  for (const [i, file] of files.entries()) {
    if (i === 0) kc.loadFromFile(file);
    else {
      // KUBECONFIG lists files to merge, the first one winning (as kubectl merges them).
      const more = new k8s.KubeConfig();
      more.loadFromFile(file);
      kc.mergeConfig(more, true);
    }
  }
  if (kc.getContexts().length === 0 || !kc.getCurrentCluster())
    throw new ActionFailure(
      'No Kubernetes cluster configured: no kubeconfig at $KUBECONFIG or ~/.kube/config and not running in a cluster. Add your cloud login step (aws eks update-kubeconfig, google-github-actions/get-gke-credentials, azure/aks-set-context) or azure/k8s-set-context before this one',
    );
  if (access.context) {
    if (!kc.getContextObject(access.context))
      throw new ActionFailure(
        `The kubeconfig has no context ${describe(access.context)} (it has: ${kc
          .getContexts()
          .map((c) => c.name)
          .join(', ')}). Fix the context input, or leave it empty for the current context`,
      );
    kc.setCurrentContext(access.context);
  }
  return kc;
}
