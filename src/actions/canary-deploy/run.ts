import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RolloutIncomplete, type DeployContext, type DeployResult } from '../../deploy/deploy-context.js';
import type { PolicyFinding } from '../../deploy/policy.js';
import { RegistryClient } from '../../image/registry/client.js';
import { dockerConfigCredentials, registryTrust } from '../../image/registry/docker-config.js';
import { spawnRunner } from '../../runtime/command-runner.js';
import { ActionFailure, FailureWithOutputs } from '../../runtime/errors.js';
import type { Outputs } from '../../runtime/outputs.js';
import { Deadline } from '../../runtime/retry.js';
import type { ActionContext } from '../../runtime/run-action.js';
import { NoValidSignature } from '../../sign/verify-image.js';
import { verifySignedDigest } from '../../sign/signature-gate.js';
import type { CanaryDeployInputs } from './inputs.js';
import { deploySummary, partialReport } from './summary.js';

export const OUTPUTS = [
  'strategy',
  'digest',
  'previous-digest',
  'revision',
  'workloads',
  'canary',
  'service',
] as const;
export type CanaryDeployOutputs = Outputs<(typeof OUTPUTS)[number]>;

/**
 * Manifests checked and policy applied, signature verified — all before the first cluster call — then
 * the strategy's deploy, promote or abort. Outputs and a summary say what changed where.
 */
export async function run(inputs: CanaryDeployInputs, context: ActionContext): Promise<CanaryDeployOutputs> {
  const { logger } = context;
  const deadline = new Deadline(inputs.timeoutMs);
  let findings: PolicyFinding[] = [];
  let manifests: DeployContext['manifests'];
  if (inputs.action === 'deploy') {
    // Domain code is loaded on demand: a bad input above never pays for it.
    const { prepareDeploy } = await import('../../deploy/prepare.js');
    const prepared = await prepareDeploy({
      manifests: inputs.manifests,
      namespace: inputs.namespace,
      image: inputs.image,
      policy: inputs.policy,
      runner: spawnRunner,
    });
    manifests = prepared.set;
    findings = prepared.findings;
    for (const f of findings) logger.warning(`policy: ${f.object} ${f.path}: ${f.message}`, { file: f.file });
    if (inputs.requireSignature) await signatureGate(inputs, deadline, logger);
  }
  const { KubeClient } = await import('../../kube/kube-client.js');
  const { runStrategy } = await import('../../deploy/strategies/index.js');
  const client = await KubeClient.connect(
    { context: inputs.context, kubeconfigPath: inputs.kubeconfig },
    { deadline, onRetry: (m) => logger.warning(`Kubernetes API: ${m}`) },
  );
  const journal: DeployContext['journal'] = [];
  const ctx: DeployContext = {
    client,
    namespace: inputs.namespace,
    logger,
    release: {
      digest: inputs.image?.digest ?? inputs.image?.tag ?? '',
      runUrl: inputs.github.runUrl,
      commit: inputs.github.sha,
      changeCause: inputs.changeCause ?? changeCause(inputs),
    },
    manifests,
    canaryWeight: inputs.canaryWeight,
    trafficRouter: inputs.trafficRouter,
    httpRoute: inputs.httpRoute,
    keepPrevious: inputs.keepPrevious,
    timeoutMs: deadline.remaining(),
    journal,
  };
  let result: DeployResult;
  try {
    result = await runStrategy(inputs.strategy, inputs.action, ctx);
  } catch (error) {
    if (!(error instanceof ActionFailure)) throw error;
    context.summary.append(
      `### canary-deploy: ${inputs.strategy} ${inputs.action} failed\n\n${error.message}\n\n${partialReport(journal)}`,
    );
    // A rollout that did not complete still names its workloads: verify-rollout rolls it back.
    const written = error instanceof RolloutIncomplete ? { workloads: JSON.stringify(error.workloads) } : {};
    throw new FailureWithOutputs(`${error.message}\n${partialReport(journal)}`, {
      strategy: inputs.strategy,
      ...written,
    });
  }
  context.summary.append(deploySummary(inputs, result, findings));
  for (const note of result.notes) logger.info(note);
  if (result.nextStep) logger.info(`next step: ${result.nextStep}`);
  return {
    strategy: inputs.strategy,
    digest: result.digest,
    'previous-digest': result.previousDigest,
    revision: result.revision,
    workloads: JSON.stringify(result.workloads),
    canary: result.canary,
    service: result.service,
  };
}

function changeCause(inputs: CanaryDeployInputs): string {
  const parts = [inputs.github.sha ? `commit ${inputs.github.sha}` : undefined, inputs.github.runUrl].filter(
    Boolean,
  );
  return parts.length ? `prodline: ${parts.join(' ')}` : 'prodline';
}

/** The deploy gate: sign-image's verification, before anything is written. */
async function signatureGate(
  inputs: CanaryDeployInputs,
  deadline: Deadline,
  logger: ActionContext['logger'],
): Promise<void> {
  const image = inputs.image;
  if (!image?.digest)
    throw new ActionFailure('require-signature: the image must be pinned by digest to verify its signature');
  const client = new RegistryClient({
    registry: image.registry,
    credentials: await dockerConfigCredentials(image.registry, inputs.dockerConfigDir, spawnRunner),
    ca: registryTrust(image.registry, inputs.dockerConfigDir),
    deadline,
    onRetry: (m) => logger.warning(`registry: ${m}`),
  });
  const cacheDir = join(inputs.github.tempDir ?? tmpdir(), 'prodline-sigstore');
  mkdirSync(cacheDir, { recursive: true });
  try {
    const { verification } = await verifySignedDigest({
      client,
      registry: image.registry,
      repository: image.repository,
      digest: image.digest,
      identity: inputs.signer,
      formats: ['bundle', 'classic'],
      cacheDir,
    });
    logger.info(
      `signature gate: ${verification.format} signature by ${verification.signer.identity} verified`,
    );
  } catch (error) {
    if (error instanceof NoValidSignature)
      throw new ActionFailure(`Signature gate: refusing to deploy, nothing was written. ${error.message}`);
    throw error;
  }
}
