import type { BuildAndScanOutputs } from './types.js';
import type { ActionContext } from '../../runtime/run-action.js';
import type { BuildAndScanInputs } from './inputs.js';

export { OUTPUTS, type BuildAndScanOutputs } from './types.js';

/**
 * Build → test in the image → scan → gate → image policy → push by digest (see pipeline.ts). The
 * pipeline is loaded only once the inputs are valid, so a bad input fails before its code is even read.
 */
export async function run(inputs: BuildAndScanInputs, context: ActionContext): Promise<BuildAndScanOutputs> {
  const { pipeline } = await import('./pipeline.js');
  return pipeline(inputs, context);
}
