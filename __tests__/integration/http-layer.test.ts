import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkError, send } from '../../src/runtime/http.js';
import { Deadline, DeadlineExceeded } from '../../src/runtime/retry.js';

/** A local HTTP server answering from a script of handlers, one per request, recording each request. */
function scriptedServer(
  ...handlers: ((request: IncomingMessage, body: Buffer, response: ServerResponse) => void)[]
) {
  const seen: { method: string; url: string; body: Buffer; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: request.method ?? '', url: request.url ?? '', body, headers: request.headers });
      const handler = handlers[Math.min(seen.length - 1, handlers.length - 1)];
      handler(request, body, response);
    });
  });
  const ready = new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
  return { seen, ready, close: () => new Promise((resolve) => server.close(resolve)) };
}

const answer =
  (status: number, headers: Record<string, string> = {}, body = '') =>
  (_request: IncomingMessage, _body: Buffer, response: ServerResponse) => {
    response.writeHead(status, headers);
    response.end(body);
  };

const FAST = { attempts: 4, baseDelayMs: 10, maxDelayMs: 20 };
const noProxy = { proxyEnv: {} };

describe('the runtime HTTP layer', () => {
  test('a GET is retried on 503 and Retry-After is waited for', async () => {
    const server = scriptedServer(answer(503, { 'retry-after': '1' }), answer(200, {}, 'ok'));
    try {
      const base = await server.ready;
      const started = Date.now();
      const response = await send({ method: 'GET', url: `${base}/x` }, { ...noProxy, retry: FAST });
      expect(response.status).toBe(200);
      expect(response.body.toString()).toBe('ok');
      expect(server.seen).toHaveLength(2);
      // Retry-After: 1 (s) is far above the 20 ms backoff cap: the wait was the server's.
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    } finally {
      await server.close();
    }
  });

  test('a retryable status that persists is returned after the attempts, for the caller to word', async () => {
    const server = scriptedServer(answer(502));
    try {
      const base = await server.ready;
      const response = await send({ method: 'GET', url: `${base}/x` }, { ...noProxy, retry: FAST });
      expect(response.status).toBe(502);
      expect(server.seen).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  test('a POST that may have been processed (500) is not repeated; a 429 (not processed) is', async () => {
    const failing = scriptedServer(answer(500), answer(201));
    const limited = scriptedServer(answer(429, { 'retry-after': '0' }), answer(201));
    try {
      const a = await failing.ready;
      expect((await send({ method: 'POST', url: a, body: 'x' }, { ...noProxy, retry: FAST })).status).toBe(
        500,
      );
      expect(failing.seen).toHaveLength(1);
      const b = await limited.ready;
      expect((await send({ method: 'POST', url: b, body: 'x' }, { ...noProxy, retry: FAST })).status).toBe(
        201,
      );
      expect(limited.seen).toHaveLength(2);
    } finally {
      await failing.close();
      await limited.close();
    }
  });

  test('a POST the caller declares idempotent is retried on 500', async () => {
    const server = scriptedServer(answer(500), answer(201));
    try {
      const base = await server.ready;
      const response = await send(
        { method: 'POST', url: base },
        { ...noProxy, retry: FAST, idempotent: true },
      );
      expect(response.status).toBe(201);
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  test('a refused connection is a retryable NetworkError naming the host, with the attempts counted', async () => {
    const server = scriptedServer(answer(200));
    const base = await server.ready;
    await server.close();
    const error = await send(
      { method: 'POST', url: `${base}/upload?token=secret` },
      { ...noProxy, retry: FAST },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).connectFailed).toBe(true);
    expect((error as Error).message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/upload: .*\(after 4 attempts; no attempts left\)$/,
    );
    expect((error as Error).message).not.toContain('secret');
  });

  test('a server that never answers times out per attempt, and the overall deadline stops the retries', async () => {
    const server = scriptedServer(() => undefined);
    try {
      const base = await server.ready;
      const error = await send(
        { method: 'GET', url: base },
        {
          ...noProxy,
          timeoutMs: 200,
          retry: { attempts: 10, baseDelayMs: 100, maxDelayMs: 100 },
          deadline: new Deadline(900),
        },
      ).catch((e: unknown) => e);
      expect(error instanceof NetworkError || error instanceof DeadlineExceeded).toBe(true);
      expect((error as Error).message).toMatch(/no answer within \d+ ms|time cap|time limit/);
      expect(server.seen.length).toBeLessThan(10);
    } finally {
      await server.close();
    }
  });

  test('a file body is streamed with its length', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prodline-http-'));
    const server = scriptedServer(answer(201));
    try {
      const file = join(dir, 'blob');
      const bytes = Buffer.alloc(3 * 1024 * 1024, 7);
      writeFileSync(file, bytes);
      const base = await server.ready;
      await send({ method: 'PUT', url: base, body: { file, size: bytes.length } }, noProxy);
      expect(server.seen[0].headers['content-length']).toBe(String(bytes.length));
      expect(server.seen[0].body.equals(bytes)).toBe(true);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
