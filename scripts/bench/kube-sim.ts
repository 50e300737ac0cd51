import { spawn, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startKubeSim } from '../testbed/kube-sim/server.js';

/**
 * Benchmarks the Kubernetes API simulator so later benchmarks know it is not their bottleneck:
 * start-up (in-process and as a process), LIST requests per second, and a 64-watcher fan-out.
 * The simulator runs in its own process, as in the testbed; the load comes from this one.
 * Run: npx tsx scripts/bench/kube-sim.ts
 */
const MAIN = fileURLToPath(new URL('../testbed/kube-sim/main.ts', import.meta.url));
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(base: string, method: string, path: string, body?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: data
          ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }
          : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function startProcess(): Promise<{
  child: ChildProcess;
  url: string;
  controlUrl: string;
  firstLineMs: number;
}> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const got: string[] = [];
  let firstLineMs = 0;
  for await (const line of lines) {
    if (got.length === 0) firstLineMs = performance.now() - started;
    got.push(line);
    if (got.length === 2) break;
  }
  return { child, url: got[0], controlUrl: got[1].replace('control API: ', ''), firstLineMs };
}

async function baselineMs(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', 'console.log(1)'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.once('data', () => resolve());
  });
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function listRate(url: string, seconds: number, concurrency: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const status = await call(url, 'GET', '/api/v1/namespaces/bench/services');
      if (status !== 200) throw new Error(`LIST answered ${status}`);
      count++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

async function fanOut(
  url: string,
  watchers: number,
  writes: number,
): Promise<{ seconds: number; writesPerSecond: number; deliveredPerSecond: number }> {
  const counts = new Array<number>(watchers).fill(0);
  const requests: ReturnType<typeof request>[] = [];
  let resolveAll: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (resolveAll = resolve));
  let finished = 0;
  await Promise.all(
    counts.map(
      (_c, i) =>
        new Promise<void>((opened) => {
          const req = request(
            `${url}/api/v1/namespaces/fan/services?watch=true&resourceVersion=${0}`,
            (res) => {
              opened();
              // Watches are torn down by destroying their requests at the end: those errors are expected.
              res.on('error', () => undefined);
              const lines = createInterface({ input: res });
              lines.on('error', () => undefined);
              lines.on('line', (line) => {
                if (line.includes('"ADDED"') && ++counts[i] === writes && ++finished === watchers)
                  resolveAll();
              });
            },
          );
          req.on('error', () => undefined);
          req.end();
          requests.push(req);
        }),
    ),
  );
  const started = performance.now();
  let next = 0;
  const writer = async () => {
    while (next < writes) {
      const n = next++;
      const status = await call(url, 'POST', '/api/v1/namespaces/fan/services', {
        metadata: { name: `s-${n}` },
        spec: { ports: [{ port: 80 }] },
      });
      if (status !== 201) throw new Error(`create answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  const written = performance.now();
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  for (const req of requests) req.destroy();
  return {
    seconds,
    writesPerSecond: writes / ((written - started) / 1000),
    deliveredPerSecond: (writes * watchers) / seconds,
  };
}

async function rollout(url: string, controlUrl: string, count: number): Promise<number> {
  await fetch(`${controlUrl}/behaviours/defaults`, {
    method: 'PUT',
    body: JSON.stringify({ readyAfterMs: 200 }),
  });
  await call(url, 'POST', '/api/v1/namespaces', { metadata: { name: 'roll' } });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_v, i) =>
      call(url, 'POST', '/apis/apps/v1/namespaces/roll/deployments', {
        metadata: { name: `d${i}` },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: `d${i}` } },
          template: {
            metadata: { labels: { app: `d${i}` } },
            spec: { containers: [{ name: 'app', image: 'x:1' }] },
          },
        },
      }),
    ),
  );
  for (;;) {
    const response = await fetch(`${url}/apis/apps/v1/namespaces/roll/deployments`);
    const list = (await response.json()) as { items: { status?: { availableReplicas?: number } }[] };
    if (list.items.length === count && list.items.every((d) => d.status?.availableReplicas === 3)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const inProcess: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const sim = await startKubeSim();
    inProcess.push(performance.now() - started);
    await sim.close();
  }
  const base = await baselineMs();
  const { child, url, controlUrl, firstLineMs } = await startProcess();
  try {
    for (const ns of ['bench', 'fan'])
      await call(url, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
    for (let i = 0; i < 100; i++)
      await call(url, 'POST', '/api/v1/namespaces/bench/services', {
        metadata: { name: `svc-${i}`, labels: { app: 'bench' } },
        spec: { ports: [{ port: 80 }] },
      });
    await call(url, 'GET', '/api/v1/namespaces/bench/services');
    const listPerSecond = await listRate(url, 3, 16);
    const fan = await fanOut(url, 64, 500);
    const rolled = await rollout(url, controlUrl, 64);
    const rows: [string, string][] = [
      ['start-up in-process (startKubeSim, median of 5)', `${median(inProcess).toFixed(1)} ms`],
      ['start-up as a process (spawn → API URL printed)', `${firstLineMs.toFixed(0)} ms`],
      ['  of which node + tsx loader alone (spawn → first line)', `${base.toFixed(0)} ms`],
      ['LIST 100 services, 16 concurrent clients', `${listPerSecond.toFixed(0)} requests/s`],
      ['watch fan-out: 500 creates, 64 watchers, writes', `${fan.writesPerSecond.toFixed(0)} creates/s`],
      [
        'watch fan-out: events delivered to all watchers',
        `${fan.deliveredPerSecond.toFixed(0)} events/s (${fan.seconds.toFixed(2)} s for 32,000)`,
      ],
      ['64 Deployments × 3 pods at once → all available (ready after 200 ms)', `${rolled.toFixed(0)} ms`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [key, value] of rows) console.log(`${key.padEnd(width)}  ${value}`);
  } finally {
    child.kill('SIGTERM');
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
