/** What the demo runs per action: valid inputs aimed at the testbed, and one bad input. */
export interface ActionDemo {
  action: string;
  valid: (env: Record<string, string>) => Record<string, string>;
  env?: (env: Record<string, string>) => Record<string, string>;
  badInput: string;
  bad: Record<string, string>;
}

const DEMO_DIGEST = `sha256:${'5'.repeat(64)}`;

export const ACTION_DEMOS: ActionDemo[] = [
  {
    action: 'build-and-scan',
    valid: (env) => ({
      image: `${env.REGISTRY ?? '127.0.0.1:5000'}/prodline/demo`,
      'trivy-path': env.TRIVY_PATH ?? '',
      'db-repository': env.TRIVY_DB_REPOSITORY ?? 'mirror.gcr.io/aquasec/trivy-db:2',
    }),
    badInput: 'severity-threshold',
    bad: { 'severity-threshold': 'SEVERE' },
  },
  {
    action: 'sign-image',
    valid: (env) => ({
      image: `${env.REGISTRY ?? '127.0.0.1:5000'}/prodline/demo@${DEMO_DIGEST}`,
      ...(env.SIGSTORE_FULCIO_URL
        ? { 'fulcio-url': env.SIGSTORE_FULCIO_URL, 'rekor-url': env.SIGSTORE_REKOR_URL }
        : {}),
    }),
    env: (env) => ({
      ACTIONS_ID_TOKEN_REQUEST_URL: env.ACTIONS_ID_TOKEN_REQUEST_URL ?? 'http://127.0.0.1:9/token?x=1',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? 'demo',
    }),
    badInput: 'image (a tag)',
    bad: { image: 'ghcr.io/prodline/demo:latest' },
  },
  {
    action: 'canary-deploy',
    valid: () => ({
      image: `ghcr.io/prodline/demo@${DEMO_DIGEST}`,
      manifests: 'examples/k8s',
      strategy: 'canary',
    }),
    badInput: 'canary-weight',
    bad: { 'canary-weight': '150%' },
  },
  {
    action: 'verify-rollout',
    valid: (env) => ({
      workloads: 'demo',
      ...(env.PROMETHEUS_URL ? { 'prometheus-url': env.PROMETHEUS_URL, analysis: 'error-rate' } : {}),
    }),
    badInput: 'interval',
    bad: { interval: 'often' },
  },
  {
    action: 'notify',
    valid: () => ({ event: 'started', service: 'demo-web' }),
    badInput: 'event',
    bad: { event: 'shipped' },
  },
];
