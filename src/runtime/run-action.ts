import * as core from '@actions/core';
import { ActionFailure, FailureWithOutputs } from './errors.js';
import { envInputSource, InputReader } from './input-reader.js';
import { actionsLogger, type Logger } from './logger.js';
import { formatOutput, type OutputValue } from './outputs.js';
import { summarySink, type SummarySink } from './summary.js';

/** What an action's `run` receives besides its inputs: where to log and where to write the summary. */
export interface ActionContext {
  logger: Logger;
  summary: SummarySink;
}

export type ParseInputs<I> = (read: InputReader) => I;
export type RunAction<I, O> = (inputs: I, context: ActionContext) => Promise<O>;

/**
 * The one place that talks to the runner: parses inputs (masking secrets as they are read), runs the
 * action, writes every output, and turns failures into a single `::error::` line. A user's mistake or
 * an expected failure is reported as its message; anything else is a bug, reported with its stack in
 * the debug log. Never throws.
 */
export async function runAction<I, O extends Record<string, OutputValue>>(
  parseInputs: ParseInputs<I>,
  run: RunAction<I, O>,
): Promise<void> {
  const logger = actionsLogger;
  try {
    const read = new InputReader(
      envInputSource(process.env),
      (secret) => core.setSecret(secret),
      (name) => process.env[name],
    );
    const inputs = parseInputs(read);
    const summary = summarySink(process.env.GITHUB_STEP_SUMMARY, logger);
    const outputs = await run(inputs, { logger, summary });
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, formatOutput(value));
  } catch (error) {
    reportFailure(error, logger);
  }
}

function reportFailure(error: unknown, logger: Logger): void {
  if (error instanceof FailureWithOutputs)
    for (const [name, value] of Object.entries(error.outputs)) core.setOutput(name, formatOutput(value));
  if (error instanceof ActionFailure) {
    core.setFailed(error.message);
    return;
  }
  const bug = error instanceof Error ? error : new Error(String(error));
  logger.debug(bug.stack ?? bug.message);
  core.setFailed(`Unexpected error (a bug in prodline, please report it): ${bug.message}`);
}
