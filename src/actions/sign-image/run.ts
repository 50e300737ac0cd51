import type { SignImageOutputs } from './types.js';
import type { ActionContext } from '../../runtime/run-action.js';
import type { SignImageInputs } from './inputs.js';

export { OUTPUTS, type SignImageOutputs } from './types.js';

/**
 * Sign a digest (keyless or with a key) and verify what was written, or only verify (a deploy gate).
 * The work is loaded on demand, after the inputs are valid, so a bad input fails fast and the entry
 * chunk stays small.
 */
export async function run(inputs: SignImageInputs, context: ActionContext): Promise<SignImageOutputs> {
  const { signOrVerify } = await import('./sign-or-verify.js');
  return signOrVerify(inputs, context);
}
