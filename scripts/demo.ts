import { playReleaseNotifications } from './lib/demo-release.js';
import { ACTION_DEMOS } from './lib/demo-steps.js';
import { commandMessages, runBundle } from './lib/run-bundle.js';
import { runningTestbedEnv, startTestbed, stopTestbed } from './testbed/testbed.js';

/**
 * The local demo. Today it starts the testbed and runs each bundled action as the runner would: once with
 * valid inputs pointed at the testbed's services, once with a bad input, and shows what a user would see.
 * It grows into the whole pipeline (good release promoted, bad release rolled back) with the other issues.
 */
async function main(): Promise<number> {
  const reuse = runningTestbedEnv();
  const env = reuse ?? (await startTestbed({ log: (line) => console.log(`[testbed] ${line}`) }));
  console.log(reuse ? 'using the running testbed (.testbed/env)' : 'testbed started');
  const rows: string[][] = [];
  try {
    for (const demo of ACTION_DEMOS) {
      for (const [label, inputs] of [
        ['valid inputs', demo.valid(env)],
        [`bad ${demo.badInput}`, { ...demo.valid(env), ...demo.bad }],
      ] as const) {
        const result = await runBundle(demo.action, inputs, { env: { ...env, ...demo.env?.(env) } });
        const error = commandMessages(result.stdout, 'error')[0] ?? '';
        console.log(
          `\n$ scripts/run-action ${demo.action} ${Object.entries(inputs)
            .map(([k, v]) => `--input ${k}=${JSON.stringify(v)}`)
            .join(' ')}`,
        );
        console.log(
          result.stdout
            .split('\n')
            .filter((line) => line && !line.startsWith('::add-mask::'))
            .map((line) => `  ${line}`)
            .join('\n'),
        );
        rows.push([
          demo.action,
          label,
          `exit ${result.exitCode}`,
          `${Math.round(result.durationMs)} ms`,
          error.length > 90 ? `${error.slice(0, 87)}...` : error,
        ]);
      }
    }
    console.log('\n--- one release, told by notify (Slack and GitHub API stand-ins) ---');
    await playReleaseNotifications((line) => console.log(line));
  } finally {
    if (!reuse) await stopTestbed((line) => console.log(`[testbed] ${line}`));
  }
  console.log(
    `\n${'action'.padEnd(16)} ${'run'.padEnd(24)} ${'result'.padEnd(8)} ${'time'.padStart(7)}   message`,
  );
  for (const row of rows)
    console.log(
      `${row[0].padEnd(16)} ${row[1].padEnd(24)} ${row[2].padEnd(8)} ${row[3].padStart(7)}   ${row[4]}`,
    );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
