import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of one service that answers 503 to the first `failures` requests. */
export interface FlakyProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** `127.0.0.1:<port>`. */
  host: string;
  /** Requests answered 503 so far. */
  failed: number;
  /** Requests forwarded so far. */
  forwarded: number;
  close(): Promise<void>;
}

/**
 * Starts a fault-injecting proxy to `target` (`http://host:port`): the first `failures` requests get
 * 503 (Infinity: a permanent outage), the rest are forwarded unchanged, Host header included.
 * `matches` narrows the outage to some requests (e.g. only the tag update of a multi-step write).
 */
export async function flakyProxy(
  target: string,
  failures: number,
  /** Only requests this matches are failed (all by default). */
  matches: (method: string, path: string) => boolean = () => true,
): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const state = { failed: 0, forwarded: 0 };
  const server: Server = createServer((incoming, outgoing) => {
    if (state.failed < failures && matches(incoming.method ?? '', incoming.url ?? '')) {
      state.failed++;
      incoming.resume();
      outgoing.writeHead(503, { 'content-type': 'text/plain' }).end('injected outage');
      return;
    }
    state.forwarded++;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    get failed() {
      return state.failed;
    },
    get forwarded() {
      return state.forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
