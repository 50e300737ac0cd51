import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FailureWithOutputs } from '../../runtime/errors.js';
import type { Outputs } from '../../runtime/outputs.js';
import { Deadline } from '../../runtime/retry.js';
import type { ActionContext } from '../../runtime/run-action.js';
import { readPemInput } from '../shared-inputs.js';
import type { VerifyRolloutInputs } from './inputs.js';

export const OUTPUTS = ['verdict', 'reason', 'rolled-back-to', 'analysis-report'] as const;
export type VerifyRolloutOutputs = Outputs<(typeof OUTPUTS)[number]>;

/**
 * Watch, health-check, analyse, decide, roll back or promote (src/analysis/verify.ts does it all), then
 * the outputs, the report file and the on-call summary. The step fails for rolled-back, frozen and
 * failed, with the outputs still written, so a pipeline stops after a bad release.
 */
export async function run(
  inputs: VerifyRolloutInputs,
  context: ActionContext,
): Promise<VerifyRolloutOutputs> {
  const { logger } = context;
  // Read before anything starts: a wrong path must fail now, not after the rollout was watched.
  const prometheus = inputs.prometheus && {
    ...inputs.prometheus,
    ca: readPemInput(
      'prometheus-ca',
      inputs.prometheus.ca,
      "the CA certificate that signed Prometheus' certificate, as PEM content or the path of a PEM file",
    ),
  };
  // Domain code and client-node are loaded on demand: a bad input above never pays for them.
  const { KubeClient } = await import('../../kube/kube-client.js');
  const { verifyRelease } = await import('../../analysis/verify.js');
  const { buildReport, summaryMarkdown } = await import('../../analysis/analysis-report.js');
  const { KubeApiError } = await import('../../kube/kube-errors.js');
  // The API gone before a decision (or during a promotion): still a verdict, so the pipeline's notify
  // and evidence say "failed" and why, instead of an empty verdict.
  const apiGone = (error: unknown): never => {
    if (error instanceof KubeApiError) {
      context.summary.append(
        `### verify-rollout: FAILED, the Kubernetes API did not answer\n\n${error.message}\n\nThe verification did not finish: the cluster stays as it is (a canary may still be serving, unverified). Run verify-rollout again once the API answers (re-running is safe).\n`,
      );
      throw new FailureWithOutputs(`verify-rollout: failed: ${error.message}`, {
        verdict: 'failed',
        reason: JSON.stringify({ code: 'kubernetes-api', message: error.message }),
      });
    }
    throw error;
  };
  const client = await KubeClient.connect(
    { context: inputs.context, kubeconfigPath: inputs.kubeconfig },
    { deadline: new Deadline(inputs.timeoutMs * 3), onRetry: (m) => logger.warning(`Kubernetes API: ${m}`) },
  ).catch(apiGone);
  const outcome = await verifyRelease(
    client,
    {
      ...inputs,
      prometheus,
      release: { digest: '', runUrl: inputs.github.runUrl, commit: inputs.github.sha },
    },
    logger,
  ).catch(apiGone);
  const { decision, analysis } = outcome;
  const report = buildReport(decision, analysis, {
    plan: outcome.plan,
    pods: outcome.pods.length ? outcome.pods : undefined,
    rolledBackTo: outcome.rolledBackTo,
  });
  const dir = join(inputs.github.tempDir ?? tmpdir(), 'prodline-verify-rollout');
  mkdirSync(dir, { recursive: true });
  const reportPath = join(dir, 'analysis-report.json');
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  const notes = outcome.notes.map((n) => `- ${n}`).join('\n');
  context.summary.append(`${summaryMarkdown(report, analysis)}${notes ? `\n${notes}\n` : ''}`);
  for (const note of outcome.notes)
    (decision.verdict === 'frozen' ? logger.warning : logger.info).call(logger, note);
  const outputs: VerifyRolloutOutputs = {
    verdict: decision.verdict,
    reason: JSON.stringify(decision.reason),
    'rolled-back-to': outcome.rolledBackTo,
    'analysis-report': reportPath,
  };
  if (!decision.success)
    throw new FailureWithOutputs(`verify-rollout: ${decision.verdict}: ${decision.reason.message}`, outputs);
  return outputs;
}
