import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realClock } from '../../src/analysis/analysis-engine.js';
import { runHealthChecks } from '../../src/analysis/health-checks.js';
import { parseHealthCheck } from '../../src/analysis/health-url.js';
import { sendTransport } from '../../src/analysis/http-transport.js';

/** Health checks over real HTTP: a local server whose answers the test scripts. */
describe('health checks', () => {
  let server: Server;
  let base: string;
  const answers: Record<string, (string | number)[]> = {};
  const served: Record<string, number> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      const n = (served[path] = (served[path] ?? 0) + 1) - 1;
      const script = answers[path] ?? [200];
      const answer = script[Math.min(n, script.length - 1)];
      if (answer === 'hang') return; // never answers: the per-request timeout must end it
      res.writeHead(typeof answer === 'number' ? answer : 200, { 'Content-Type': 'text/plain' });
      res.end(typeof answer === 'string' ? answer : 'ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const settings = { successes: 3, intervalMs: 20, timeoutMs: 300, deadlineMs: 5_000 };

  test('three successes in a row; a failure in between starts the count again', async () => {
    answers['/flaky'] = [200, 503, 200, 200, 200];
    const result = await runHealthChecks(
      [parseHealthCheck(`${base}/flaky`)],
      sendTransport(),
      settings,
      realClock,
    );
    expect(result.ok).toBe(true);
    expect(result.attempts.map((a) => a.ok)).toEqual([true, false, true, true, true]);
  });

  test('status and body pattern are both checked', async () => {
    answers['/body'] = ['{"status":"starting"}', '{"status":"ok"}'];
    const result = await runHealthChecks(
      [parseHealthCheck(`${base}/body 200 /"status":"ok"/`)],
      sendTransport(),
      { ...settings, successes: 2 },
      realClock,
    );
    expect(result.ok).toBe(true);
    expect(result.attempts[0].message).toBe('body does not match /"status":"ok"/');
  });

  test('a URL that never recovers fails at the deadline, naming it and its last answer', async () => {
    answers['/down'] = [500];
    answers['/slow'] = ['hang'];
    const result = await runHealthChecks(
      [parseHealthCheck(`${base}/down`), parseHealthCheck(`${base}/slow`)],
      sendTransport(),
      { ...settings, deadlineMs: 1_000 },
      realClock,
    );
    expect(result.ok).toBe(false);
    expect(result.reason?.code).toBe('health-check');
    expect(result.reason?.message).toContain(`${base}/down: answered 500, expected 200 (0/3 in a row)`);
    expect(result.reason?.message).toContain(`${base}/slow: no answer`);
  });
});
