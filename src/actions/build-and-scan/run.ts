import { formatReference } from '../../image/reference.js';
import { NotImplementedError } from '../../runtime/errors.js';
import type { Outputs } from '../../runtime/outputs.js';
import type { ActionContext } from '../../runtime/run-action.js';
import type { BuildAndScanInputs } from './inputs.js';

export const OUTPUTS = [
  'image',
  'digest',
  'tags',
  'report-file',
  'sarif-file',
  'critical',
  'high',
  'medium',
  'low',
  'unknown',
  'fixable',
  'gate',
  'policy-findings',
] as const;
export type BuildAndScanOutputs = Outputs<(typeof OUTPUTS)[number]>;

/** Build → test in the image → scan → gate → push by digest. The behaviour lands with [build-and-scan]. */
export async function run(inputs: BuildAndScanInputs, context: ActionContext): Promise<BuildAndScanOutputs> {
  context.logger.info(`inputs are valid: ${formatReference(inputs.image)} from ${inputs.context}`);
  throw new NotImplementedError('build-and-scan');
}
