import { formatReference } from '../../image/reference.js';
import { NotImplementedError } from '../../runtime/errors.js';
import type { Outputs } from '../../runtime/outputs.js';
import type { ActionContext } from '../../runtime/run-action.js';
import type { SignImageInputs } from './inputs.js';

export const OUTPUTS = [
  'digest',
  'signature-ref',
  'bundle-path',
  'certificate-identity',
  'rekor-log-index',
  'verified',
] as const;
export type SignImageOutputs = Outputs<(typeof OUTPUTS)[number]>;

/** Sign a digest (keyless or with a key) and verify it, or verify only. The behaviour lands with [sign-image]. */
export async function run(inputs: SignImageInputs, context: ActionContext): Promise<SignImageOutputs> {
  context.logger.info(`inputs are valid: ${inputs.mode} ${formatReference(inputs.image)} (${inputs.format})`);
  throw new NotImplementedError('sign-image');
}
