import { ENV_FILE, startTestbed, stopTestbed, testbedStatus } from './testbed.js';

const USAGE = 'usage: npm run testbed -- start [service …] | stop | status';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      await startTestbed({ only: rest.length > 0 ? rest : undefined });
      console.log(`testbed running; its services are described in ${ENV_FILE} (source it to use them)`);
      return 0;
    }
    case 'stop':
      await stopTestbed();
      return 0;
    case 'status': {
      const status = testbedStatus();
      if (status.length === 0) console.log('no testbed is running');
      for (const s of status)
        console.log(`${s.name.padEnd(12)} ${s.alive ? 'running' : 'NOT RUNNING'}  pids ${s.pids.join(' ')}`);
      return status.every((s) => s.alive) ? 0 : 1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
