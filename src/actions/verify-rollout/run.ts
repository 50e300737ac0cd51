import { NotImplementedError } from '../../runtime/errors.js';
import type { Outputs } from '../../runtime/outputs.js';
import type { ActionContext } from '../../runtime/run-action.js';
import type { VerifyRolloutInputs } from './inputs.js';

export const OUTPUTS = ['verdict', 'reason', 'rolled-back-to', 'analysis-report'] as const;
export type VerifyRolloutOutputs = Outputs<(typeof OUTPUTS)[number]>;

/** Watch, health-check, analyse, decide, roll back or promote. The behaviour lands with [verify-rollout]. */
export async function run(
  inputs: VerifyRolloutInputs,
  context: ActionContext,
): Promise<VerifyRolloutOutputs> {
  context.logger.info(
    `inputs are valid: ${inputs.workloads.length || 'selected'} workload(s) in ${inputs.namespace}, on failure ${inputs.onFailure}`,
  );
  throw new NotImplementedError('verify-rollout');
}
