import type { SignImageOutputs } from './types.js';
import type { ActionContext } from '../../runtime/run-action.js';
import type { SignImageInputs } from './inputs.js';
import { checkInputFile } from '../shared-inputs.js';

export { OUTPUTS, type SignImageOutputs } from './types.js';

/**
 * Sign a digest (keyless or with a key) and verify what was written, or only verify (a deploy gate).
 * The work is loaded on demand, after the inputs are valid, so a bad input fails fast and the entry
 * chunk stays small.
 */
export async function run(inputs: SignImageInputs, context: ActionContext): Promise<SignImageOutputs> {
  // Before anything is signed or written: the trusted root is otherwise first read to verify what was pushed.
  checkInputFile(
    'trusted-root',
    inputs.identity.trustedRoot,
    'the path of a Sigstore trusted root JSON file',
    {
      json: true,
    },
  );
  checkInputFile('registry-ca', inputs.registryCa, 'the path of a PEM file with CA certificates');
  const { signOrVerify } = await import('./sign-or-verify.js');
  return signOrVerify(inputs, context);
}
