import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';

/** Shared plumbing for the testbed's HTTP stand-ins: listening on 127.0.0.1, bodies, and a process mode. */

export interface Started {
  url: string;
  close(): Promise<void>;
}

/** Reads a request's body as text (bounded, so a runaway client cannot exhaust memory). */
export async function readBody(request: IncomingMessage, limit = 5 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends an answer with the given status, headers and body (objects as JSON). */
export function answer(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  response.writeHead(status, { 'content-type': type, ...headers });
  response.end(text);
}

/** Starts a server on 127.0.0.1 only (port 0 picks a free one). */
export async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  port = 0,
): Promise<Started & { server: Server }> {
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      if (!response.headersSent) answer(response, 500, { message: `stand-in error: ${String(error)}` });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Process mode, for the testbed's `standIn` launcher: `--ready-file F [--port N]`; starts the stand-in,
 * writes the env it publishes to F, and stops on SIGTERM/SIGINT.
 */
export async function runAsProcess(
  start: (port: number) => Promise<Started>,
  env: (url: string) => Record<string, string>,
): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const started = await start(Number(option('--port') ?? 0));
  const readyFile = option('--ready-file');
  const published = JSON.stringify(env(started.url));
  if (readyFile) writeFileSync(readyFile, published);
  else console.log(published);
  const stop = () => void started.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
