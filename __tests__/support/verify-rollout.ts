import { inputsWithDefaults, readActionMetadata } from '../../scripts/lib/action-metadata.js';
import { parseInputs } from '../../src/actions/verify-rollout/inputs.js';
import { run, type VerifyRolloutOutputs } from '../../src/actions/verify-rollout/run.js';
import { FailureWithOutputs } from '../../src/runtime/errors.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import type { Harness } from './canary-deploy.js';
import { readerFor } from './reader.js';

export interface VerifyResult {
  outputs?: VerifyRolloutOutputs;
  error?: Error;
  logger: MemoryLogger;
  summary: MemorySummary;
  /** The outputs, also when the step failed (FailureWithOutputs). */
  written: Record<string, unknown>;
  reason?: { code: string; message: string };
}

/** Runs verify-rollout as the runner would: action.yml defaults, these inputs, the harness's kubeconfig. */
export async function runVerify(h: Harness, inputs: Record<string, string>): Promise<VerifyResult> {
  const logger = new MemoryLogger();
  const summary = new MemorySummary();
  const { read } = readerFor(inputsWithDefaults(readActionMetadata('verify-rollout'), inputs, {}), {
    KUBECONFIG: h.kubeconfig,
    RUNNER_TEMP: h.dir,
  });
  const result: VerifyResult = { logger, summary, written: {} };
  try {
    result.outputs = await run(parseInputs(read), { logger, summary });
    result.written = result.outputs;
  } catch (error) {
    result.error = error as Error;
    if (error instanceof FailureWithOutputs) result.written = error.outputs;
  }
  if (typeof result.written.reason === 'string')
    result.reason = JSON.parse(result.written.reason) as VerifyResult['reason'];
  return result;
}
