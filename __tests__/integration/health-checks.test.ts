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

  test('the expected status is the one given, not 200; a 200 then fails', async () => {
    answers['/gone'] = [410];
    answers['/maintenance'] = ['down for maintenance'];
    const expectGone = await runHealthChecks(
      [parseHealthCheck(`${base}/gone 410`)],
      sendTransport(),
      { ...settings, successes: 1 },
      realClock,
    );
    expect(expectGone.ok).toBe(true);
    const wrongStatus = await runHealthChecks(
      [parseHealthCheck(`${base}/maintenance 503 /maintenance/`)],
      sendTransport(),
      { ...settings, successes: 1, deadlineMs: 200 },
      realClock,
    );
    expect(wrongStatus.ok).toBe(false);
    expect(wrongStatus.attempts[0].message).toBe('answered 200, expected 503');
  });

  test('a request that hangs is ended by the per-request timeout, and the next round goes on', async () => {
    answers['/hangs-once'] = ['hang', 200];
    const result = await runHealthChecks(
      [parseHealthCheck(`${base}/hangs-once`)],
      sendTransport(),
      // The deadline is far: only the 300 ms per-request timeout can end the first request.
      { ...settings, successes: 2, deadlineMs: 60_000 },
      realClock,
    );
    expect(result.ok).toBe(true);
    expect(result.attempts.map((a) => a.ok)).toEqual([false, true, true]);
    expect(result.attempts[0].message).toMatch(/^no answer: .*no answer within 300 ms/);
  });

  /** Simulated time: sleeps move it at once, so the schedule is asserted exactly, requests stay real. */
  const virtualClock = () => {
    let now = 1_000_000;
    const sleeps: number[] = [];
    return {
      sleeps,
      now: () => now,
      sleep: (ms: number) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
  };

  test('rounds are health-interval apart; a URL with its streak is not asked again', async () => {
    answers['/steady'] = [200];
    answers['/late'] = [503, 503, 200];
    served['/steady'] = 0;
    served['/late'] = 0;
    const clock = virtualClock();
    const result = await runHealthChecks(
      [parseHealthCheck(`${base}/steady`), parseHealthCheck(`${base}/late`)],
      sendTransport(),
      { ...settings, intervalMs: 5_000, deadlineMs: 60_000 },
      clock,
    );
    expect(result.ok).toBe(true);
    expect(clock.sleeps).toEqual([5_000, 5_000, 5_000, 5_000]);
    expect(served['/steady']).toBe(3);
    expect(served['/late']).toBe(5);
  });

  test('the deadline ends the rounds: no request after it', async () => {
    answers['/never'] = [500];
    served['/never'] = 0;
    const clock = virtualClock();
    const result = await runHealthChecks(
      [parseHealthCheck(`${base}/never`)],
      sendTransport(),
      { ...settings, intervalMs: 1_000, deadlineMs: 3_500 },
      clock,
    );
    expect(result.ok).toBe(false);
    // Rounds at 0, 1, 2 and 3 s; the fifth would start at 4 s, past the 3.5 s deadline.
    expect(served['/never']).toBe(4);
    expect(result.reason?.message).toContain('answered 500, expected 200 (0/3 in a row)');
  });
});
