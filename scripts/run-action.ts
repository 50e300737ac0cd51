import { runBundle } from './lib/run-bundle.js';

const USAGE = 'usage: scripts/run-action <action> [--input name=value …] [--node PATH]';

/** Runs one bundled action locally as the runner would and prints its log, outputs and summary. */
async function main(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (!action || action.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const inputs: Record<string, string> = {};
  let node: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--input' || rest[i] === '-i') {
      const pair = rest[++i] ?? '';
      const equals = pair.indexOf('=');
      if (equals <= 0) {
        console.error(`--input takes name=value, got "${pair}"\n${USAGE}`);
        return 2;
      }
      inputs[pair.slice(0, equals)] = pair.slice(equals + 1);
    } else if (rest[i] === '--node') {
      node = rest[++i];
    } else {
      console.error(`unknown argument "${rest[i]}"\n${USAGE}`);
      return 2;
    }
  }
  const result = await runBundle(action, inputs, { node, inheritEnv: true, cwd: process.cwd() });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  console.log(`\n--- outputs (${action}, exit ${result.exitCode}, ${Math.round(result.durationMs)} ms) ---`);
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}=${value}`);
  if (result.summary.trim()) console.log(`\n--- summary ---\n${result.summary}`);
  return result.exitCode ?? 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
