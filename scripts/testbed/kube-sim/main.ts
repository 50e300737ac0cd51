import { writeFileSync } from 'node:fs';
import { writeKubeconfig } from './kubeconfig.js';
import { startKubeSim } from './server.js';

/**
 * `npm run kube-sim [-- --port N --control-port N --token T --kubeconfig F --ready-after-ms N]`: runs
 * the simulator in the foreground; the first line printed is the API URL. As a testbed stand-in it
 * also gets `--ready-file F` and writes its URLs there as JSON once it listens.
 */
function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const started = performance.now();
  const number = (name: string) => (flag(args, name) === undefined ? undefined : Number(flag(args, name)));
  const readyAfterMs = number('ready-after-ms');
  const sim = await startKubeSim({
    port: number('port') ?? 0,
    controlPort: number('control-port') ?? 0,
    token: flag(args, 'token'),
    behaviourDefaults: readyAfterMs === undefined ? undefined : { readyAfterMs },
  });
  const kubeconfig = flag(args, 'kubeconfig');
  if (kubeconfig) writeKubeconfig(kubeconfig, sim.url, flag(args, 'token'));
  console.log(sim.url);
  console.log(`control API: ${sim.controlUrl}${kubeconfig ? `\nkubeconfig: ${kubeconfig}` : ''}`);
  console.log(`started in ${Math.round(performance.now() - started)} ms`);
  const readyFile = flag(args, 'ready-file');
  if (readyFile) writeFileSync(readyFile, JSON.stringify({ url: sim.url, controlUrl: sim.controlUrl }));
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
