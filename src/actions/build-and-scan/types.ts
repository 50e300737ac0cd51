import type { Outputs } from '../../runtime/outputs.js';

/** The action's outputs, by the names in action.yml. Kept apart from run.ts so the work it loads
 * (pipeline.ts) can name them without importing run.ts back. */
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
