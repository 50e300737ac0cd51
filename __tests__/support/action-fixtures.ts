/** A valid digest for fixtures. */
export const FIXTURE_DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** The smallest valid inputs (beyond action.yml defaults) and runner env for each action. */
export const ACTION_FIXTURES: Record<
  string,
  { inputs: Record<string, string>; env?: Record<string, string> }
> = {
  'build-and-scan': { inputs: { image: 'ghcr.io/prodline/web' } },
  'sign-image': {
    inputs: { image: `ghcr.io/prodline/web@${FIXTURE_DIGEST}` },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token?x=1',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'fixture-request-token',
    },
  },
  'canary-deploy': { inputs: { image: `ghcr.io/prodline/web@${FIXTURE_DIGEST}`, manifests: 'k8s/' } },
  'verify-rollout': { inputs: { workloads: 'web' } },
  notify: { inputs: { event: 'started' } },
};
