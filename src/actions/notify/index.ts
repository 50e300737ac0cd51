import { runAction } from '../../runtime/run-action.js';
import { parseInputs } from './inputs.js';
import { run } from './run.js';

void runAction(parseInputs, run);
