import { writeFileSync } from 'node:fs';

/**
 * A kubeconfig with one cluster, user and context pointing at the simulator. `insecure-skip-tls-verify`
 * is set because @kubernetes/client-node 1.x refuses plain HTTP without it (kubectl ignores it for HTTP).
 */
export function kubeconfigText(server: string, token?: string, namespace = 'default'): string {
  // JSON is YAML: every kubeconfig reader takes it, and no YAML library is loaded for it.
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kube-sim', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'kube-sim', user: token ? { token } : {} }],
      contexts: [{ name: 'kube-sim', context: { cluster: 'kube-sim', user: 'kube-sim', namespace } }],
      'current-context': 'kube-sim',
      preferences: {},
    },
    null,
    2,
  );
}

/** Writes that kubeconfig to `file` (mode 0600: it may hold a token). */
export function writeKubeconfig(file: string, server: string, token?: string, namespace?: string): string {
  writeFileSync(file, kubeconfigText(server, token, namespace), { mode: 0o600 });
  return file;
}
