import type { Configuration, KubeConfig, KubernetesObjectApi, V1APIResource } from '@kubernetes/client-node';

type ClientNode = typeof import('@kubernetes/client-node');

/**
 * Resources every Kubernetes cluster serves under these exact names (core and apps are not optional and
 * their plurals never change). client-node's object API would otherwise GET the discovery document of
 * the API group before its first call for a kind — and once per concurrent call until the first answer
 * is cached, so 64 parallel reads cost 64 discovery requests. Custom resources (HTTPRoute) still go
 * through discovery: the CRD may be missing or served at another version, and discovery says so.
 */
const BUILT_IN: Record<string, { name: string; namespaced: boolean }> = {
  'v1/Pod': { name: 'pods', namespaced: true },
  'v1/Event': { name: 'events', namespaced: true },
  'v1/Service': { name: 'services', namespaced: true },
  'v1/Namespace': { name: 'namespaces', namespaced: false },
  'apps/v1/Deployment': { name: 'deployments', namespaced: true },
  'apps/v1/ReplicaSet': { name: 'replicasets', namespaced: true },
};

/** The resource of a built-in kind, as discovery would describe it; undefined for other kinds. */
export function builtInResource(apiVersion: string, kind: string): V1APIResource | undefined {
  const known = BUILT_IN[`${apiVersion}/${kind}`];
  return known && { ...known, kind, singularName: kind.toLowerCase(), verbs: [] };
}

/** client-node's object API, answering built-in kinds without a discovery request. */
export function objectApiFor(k8s: ClientNode, config: KubeConfig): KubernetesObjectApi {
  class BuiltInAwareObjectApi extends k8s.KubernetesObjectApi {
    /** As KubernetesObjectApi.makeApiClient: the kubeconfig context's namespace is the default. */
    static forConfig(kc: KubeConfig): BuiltInAwareObjectApi {
      const api = kc.makeApiClient(BuiltInAwareObjectApi);
      api.setDefaultNamespace(kc);
      return api;
    }

    protected override async resource(
      apiVersion: string,
      kind: string,
      options?: Configuration,
    ): Promise<V1APIResource | undefined> {
      return builtInResource(apiVersion, kind) ?? super.resource(apiVersion, kind, options);
    }
  }
  return BuiltInAwareObjectApi.forConfig(config);
}
