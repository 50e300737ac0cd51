import { parseImageReference, type ImageReference } from '../../image/reference.js';
import { ConfigurationError } from '../../runtime/errors.js';
import { readGitHubContext, type GitHubContext } from '../../runtime/github-context.js';
import type { InputReader } from '../../runtime/input-reader.js';
import { parseNamespace, parseObjectName } from '../kube-inputs.js';
import { parsePolicyMode, type PolicyMode } from '../shared-inputs.js';
import { namesSigner, readSignerIdentity, type SignerIdentity } from '../signature-inputs.js';

export const STRATEGIES = ['rolling', 'canary', 'blue-green'] as const;
export const DEPLOY_ACTIONS = ['deploy', 'promote', 'abort'] as const;
export const TRAFFIC_ROUTERS = ['pods', 'gateway-api'] as const;
export const ENVIRONMENT_KINDS = ['production', 'staging', 'development'] as const;

/** Everything canary-deploy needs, validated; names follow action.yml. */
export interface CanaryDeployInputs {
  /** Manifest files or directories (a directory with a kustomization is rendered by kustomize). */
  manifests: string[];
  /** The image to deploy, `repo@sha256:…`; containers whose image has this repository get it. */
  image?: ImageReference;
  strategy: (typeof STRATEGIES)[number];
  action: (typeof DEPLOY_ACTIONS)[number];
  /** Share of traffic for the canary, 0–100 (pods: of the stable replica count, at least one pod). */
  canaryWeight: number;
  trafficRouter: (typeof TRAFFIC_ROUTERS)[number];
  /** The Gateway API HTTPRoute to weight (traffic-router: gateway-api). */
  httpRoute?: string;
  namespace: string;
  /** kubeconfig context; the current context when undefined. */
  context?: string;
  environmentKind: (typeof ENVIRONMENT_KINDS)[number];
  policy: PolicyMode;
  requireSignature: boolean;
  /** Who must have signed the digest (with requireSignature). */
  signer: SignerIdentity;
  /** Keep the previous colour (blue-green) or revision for instant rollback. */
  keepPrevious: boolean;
  /** Recorded on the objects as the change cause; commit and run URL when undefined. */
  changeCause?: string;
  /** Time limit for the API calls of this deploy (ms). */
  timeoutMs: number;
  github: GitHubContext;
  /** `KUBECONFIG` as the runner has it (the cloud login steps set it); client-node's default search otherwise. */
  kubeconfig?: string;
  /** Where docker/login-action left registry credentials, for the signature gate's registry reads. */
  dockerConfigDir?: string;
}

/** Reads and validates every canary-deploy input before any cluster call. */
export function parseInputs(read: InputReader): CanaryDeployInputs {
  const inputs: CanaryDeployInputs = {
    manifests: read.multiline('manifests'),
    image: read.custom('image', parseImageReference),
    strategy: read.enumeration('strategy', STRATEGIES),
    action: read.enumeration('action', DEPLOY_ACTIONS),
    canaryWeight: read.percentage('canary-weight'),
    trafficRouter: read.enumeration('traffic-router', TRAFFIC_ROUTERS),
    httpRoute: read.custom('http-route', parseObjectName),
    namespace: read.requiredCustom('namespace', parseNamespace, 'a namespace name such as production'),
    context: read.string('context'),
    environmentKind: read.enumeration('environment-kind', ENVIRONMENT_KINDS),
    policy: read.requiredCustom('policy', parsePolicyMode, 'enforce, warn or off'),
    requireSignature: read.boolean('require-signature'),
    signer: readSignerIdentity(read),
    keepPrevious: read.boolean('keep-previous'),
    changeCause: read.string('change-cause'),
    timeoutMs: read.duration('timeout', { min: 5_000, max: 3_600_000 }),
    github: readGitHubContext(read),
    kubeconfig: read.env('KUBECONFIG'),
    dockerConfigDir:
      read.env('DOCKER_CONFIG') ?? (read.env('HOME') ? `${read.env('HOME')}/.docker` : undefined),
  };
  checkCombinations(inputs);
  return inputs;
}

function checkCombinations(inputs: CanaryDeployInputs): void {
  if (inputs.action === 'deploy') {
    if (!inputs.image)
      throw new ConfigurationError(
        'image',
        'action: deploy needs the image to deploy',
        'an image pinned by digest, such as ghcr.io/org/app@sha256:<64 hex digits>',
      );
    if (inputs.manifests.length === 0)
      throw new ConfigurationError(
        'manifests',
        'action: deploy needs manifests',
        'one or more manifest files or directories, one per line',
      );
  }
  if (inputs.image && !inputs.image.digest && inputs.environmentKind === 'production') {
    throw new ConfigurationError(
      'image',
      'a tag-only image is refused in production (a tag can move; prodline deploys the digest that was built, scanned and signed)',
      'an image pinned by digest, such as the image output of build-and-scan',
    );
  }
  if (inputs.strategy === 'canary' && (inputs.canaryWeight <= 0 || inputs.canaryWeight >= 100)) {
    throw new ConfigurationError(
      'canary-weight',
      `${inputs.canaryWeight}% leaves no room for a canary`,
      'a percentage above 0 and below 100, e.g. 10',
    );
  }
  if (inputs.trafficRouter === 'gateway-api' && !inputs.httpRoute) {
    throw new ConfigurationError(
      'http-route',
      'traffic-router: gateway-api needs the HTTPRoute to weight',
      'the name of an HTTPRoute in the namespace',
    );
  }
  if (inputs.requireSignature && !namesSigner(inputs.signer)) {
    throw new ConfigurationError(
      'require-signature',
      'a signature is required but no signer was named',
      'certificate-identity or certificate-identity-regexp (keyless), or public-key, with require-signature: true',
    );
  }
}
