import { runningTestbedEnv, startTestbed } from '../../scripts/testbed/testbed.js';
import { servicesRequired, TESTBED_STARTED_BY_JEST } from './services.js';

/**
 * Starts the testbed once for the whole run, unless one is already running (`npm run testbed -- start`),
 * which is then reused and left running. Its env reaches the test workers through process.env.
 */
export default async function globalSetup(): Promise<void> {
  let env = runningTestbedEnv();
  if (!env) {
    try {
      env = await startTestbed({ log: (line) => process.stderr.write(`[testbed] ${line}\n`) });
      process.env[TESTBED_STARTED_BY_JEST] = '1';
    } catch (error) {
      if (servicesRequired()) throw error;
      process.stderr.write(
        `\n[testbed] could not start (${String(error)}); tests that need services will be skipped\n`,
      );
      return;
    }
  }
  Object.assign(process.env, env);
}
