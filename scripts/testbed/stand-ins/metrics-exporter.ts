import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { handleControl, MAX_CONTROL_BODY } from './metrics-control.js';
import { EXPOSITION_CONTENT_TYPE, formatExposition } from './metrics-exposition.js';
import { Fleet } from './metrics-fleet.js';
import { handleFollowControl, type FollowState } from './metrics-follow-control.js';

/**
 * The testbed's metrics exporter: `/metrics` in the Prometheus text format for a simulated fleet that
 * tests drive through `/control/*` (see metrics-control.ts). Listens on 127.0.0.1 only.
 *
 *   tsx scripts/testbed/stand-ins/metrics-exporter.ts --ready-file F [--port P]
 *
 * Once listening it writes `{"url": "http://127.0.0.1:P"}` to F.
 */

const { values } = parseArgs({
  options: { 'ready-file': { type: 'string' }, port: { type: 'string', default: '0' } },
});
const readyFile = values['ready-file'];
const port = Number(values.port);
if (!readyFile || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: metrics-exporter.ts --ready-file FILE [--port PORT]');
  process.exit(2);
}

const fleet = new Fleet();
const follow: FollowState = { rules: [] };

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    console.error(error);
    if (!response.headersSent) send(response, 500, { error: String(error) });
    else response.destroy();
  });
});

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const method = request.method ?? 'GET';
  if (path === '/metrics') {
    if (method !== 'GET' && method !== 'HEAD') return send(response, 405, { error: 'use GET /metrics' });
    // Following kube-sim: the series are brought up to date with the cluster before each scrape. A
    // failed LIST keeps the last known state (and says so) rather than failing the scrape.
    await follow.follower?.sync().catch((error: unknown) => console.error(`follow: ${String(error)}`));
    const text = formatExposition(fleet.families());
    response.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE });
    response.end(method === 'HEAD' ? undefined : text);
    return;
  }
  if (path === '/' || path === '/-/healthy') return send(response, 200, { status: 'ok' });
  const body = await readBody(request);
  if (body === undefined) return send(response, 413, { error: `body larger than ${MAX_CONTROL_BODY} bytes` });
  const control = { method, path, body };
  const result = handleFollowControl(follow, fleet, control) ?? handleControl(fleet, control);
  send(response, result.status, result.body);
}

/** The request body as text, or undefined when it grows past the control API's limit. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CONTROL_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  writeFileSync(readyFile, JSON.stringify({ url: `http://127.0.0.1:${actual}` }));
});

// The testbed stops stand-ins with SIGTERM; close quickly so the port is free again.
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
