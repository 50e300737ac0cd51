import { NotImplementedError } from '../../runtime/errors.js';
import type { Outputs } from '../../runtime/outputs.js';
import type { ActionContext } from '../../runtime/run-action.js';
import type { CanaryDeployInputs } from './inputs.js';

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

/** Policy check, then rolling / canary / blue-green deploy, promote or abort. The behaviour lands with [canary-deploy]. */
export async function run(inputs: CanaryDeployInputs, context: ActionContext): Promise<CanaryDeployOutputs> {
  context.logger.info(
    `inputs are valid: ${inputs.strategy} ${inputs.action} in namespace ${inputs.namespace}`,
  );
  throw new NotImplementedError('canary-deploy');
}
