import { stopTestbed } from '../../scripts/testbed/testbed.js';
import { TESTBED_STARTED_BY_JEST } from './services.js';

/** Stops the testbed if this run started it (a testbed started by hand is left running). */
export default async function globalTeardown(): Promise<void> {
  if (process.env[TESTBED_STARTED_BY_JEST] === '1') await stopTestbed(() => undefined);
}
