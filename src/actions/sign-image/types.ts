import type { Outputs } from '../../runtime/outputs.js';

/** The action's outputs, by the names in action.yml. Kept apart from run.ts so the work it loads
 * (sign-or-verify.ts) can name them without importing run.ts back. */
export const OUTPUTS = [
  'digest',
  'signature-ref',
  'bundle-path',
  'certificate-identity',
  'rekor-log-index',
  'verified',
] as const;
export type SignImageOutputs = Outputs<(typeof OUTPUTS)[number]>;
