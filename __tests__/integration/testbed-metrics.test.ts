import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describeWithServices } from '../support/services.js';

const execFileAsync = promisify(execFile);

describeWithServices(
  ['PROMETHEUS_URL', 'ALERTMANAGER_URL', 'METRICS_EXPORTER_URL', 'PROMETHEUS_RULES_DIR', 'PROMTOOL_PATH'],
  'testbed metrics: exporter → Prometheus → Alertmanager',
  (env) => {
    // A service name of our own, so a reused testbed or other suites never see our series.
    const service = `itest-${randomBytes(4).toString('hex')}`;
    const created: string[] = [];

    async function control(method: string, path: string, body?: unknown): Promise<Response> {
      return fetch(`${env.METRICS_EXPORTER_URL}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    }

    async function putSeries(config: Record<string, unknown>): Promise<void> {
      const response = await control('PUT', '/control/series', { service, ...config });
      expect([200, 201]).toContain(response.status);
    }

    /** The first value of an instant query, or undefined when the result is empty. */
    async function query(promql: string): Promise<number | undefined> {
      const response = await fetch(`${env.PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data: { result: { value: [number, string] }[] };
      };
      if (body.status !== 'success') throw new Error(`query ${promql} failed: ${body.error}`);
      const first = body.data.result[0];
      return first ? Number(first.value[1]) : undefined;
    }

    /**
     * Polls `check` until it returns true; the returned value is how long it took. A new series needs
     * about a full window (10 s) before `rate()` reaches its value, since rate divides by the window.
     */
    async function eventually(
      what: string,
      check: () => Promise<boolean>,
      timeoutMs = 20_000,
    ): Promise<number> {
      const begin = Date.now();
      while (Date.now() - begin < timeoutMs) {
        if (await check()) return Date.now() - begin;
        await sleep(200);
      }
      throw new Error(`not within ${timeoutMs} ms: ${what}`);
    }

    const within = (value: number | undefined, low: number, high: number) =>
      value !== undefined && value >= low && value <= high;

    afterAll(async () => {
      await control('DELETE', `/control/series/${service}`);
      for (const file of created) rmSync(file, { force: true });
      if (created.length > 0) await fetch(`${env.PROMETHEUS_URL}/-/reload`, { method: 'POST' });
    });

    test('request rate and error ratio set through the control API show in Prometheus', async () => {
      await putSeries({ track: 'stable', rps: 40, errorRatio: 0 });
      await putSeries({ track: 'canary', rps: 20, errorRatio: 0.25 });
      const sel = `service="${service}",track="canary"`;
      const rate = `sum(rate(http_requests_total{${sel}}[10s]))`;
      const errorRatio = `sum(rate(http_requests_total{${sel},code=~"5.."}[10s])) / ${rate}`;
      await eventually('canary rate ≈ 20/s', async () => within(await query(rate), 15, 25));
      await eventually('canary error ratio ≈ 0.25', async () => within(await query(errorRatio), 0.15, 0.35));
      expect(
        await query(`sum(rate(http_requests_total{service="${service}",track="stable",code="500"}[10s]))`),
      ).toBe(0);

      // A step in the canary's error ratio crosses a 0.5 threshold within a few seconds, not a minute.
      const patched = await control('PATCH', '/control/series', {
        service,
        track: 'canary',
        errorRatio: 0.9,
      });
      expect(patched.status).toBe(200);
      const took = await eventually(
        'canary error ratio > 0.5',
        async () => within(await query(errorRatio), 0.5, 1),
        10_000,
      );
      expect(took).toBeLessThan(8_000);

      // A step in the request rate moves rate() within a scrape or two.
      expect((await control('PATCH', '/control/series', { service, track: 'canary', rps: 60 })).status).toBe(
        200,
      );
      const rateTook = await eventually(
        'canary rate > 25/s',
        async () => within(await query(rate), 25, 70),
        10_000,
      );
      expect(rateTook).toBeLessThan(5_000);
    });

    test('latency quantiles come out of the histogram', async () => {
      await putSeries({ track: 'latency', rps: 50, latencyMs: 100, latencyP99Ms: 400 });
      const quantile = (q: number) =>
        `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{service="${service}",track="latency"}[10s])))`;
      await eventually('p99 within the 0.25–0.5 s bucket', async () =>
        within(await query(quantile(0.99)), 0.25, 0.5),
      );
      expect(within(await query(quantile(0.5)), 0.05, 0.25)).toBe(true);
    });

    test('the exposition passes promtool check metrics', async () => {
      await putSeries({ track: 'lint', pods: 2, restartsPerMinute: 6, waitingReason: 'CrashLoopBackOff' });
      const text = await (await fetch(`${env.METRICS_EXPORTER_URL}/metrics`)).text();
      expect(text).toContain(`service="${service}",track="lint"`);
      const child = execFile(env.PROMTOOL_PATH, ['check', 'metrics']);
      const exit = new Promise<{ code: number | null; output: string }>((resolve) => {
        let output = '';
        child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('close', (code) => resolve({ code, output }));
      });
      child.stdin?.end(text);
      expect(await exit).toEqual({ code: 0, output: '' });
    });

    test('an alert posted to Alertmanager is listed back', async () => {
      const alertname = 'ProdlineTestbedCheck';
      const posted = await fetch(`${env.ALERTMANAGER_URL}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify([
          {
            labels: { alertname, service, severity: 'critical' },
            annotations: { summary: 'posted by the testbed metrics test' },
            startsAt: new Date().toISOString(),
            endsAt: new Date(Date.now() + 60_000).toISOString(),
          },
        ]),
      });
      expect(posted.status).toBe(200);
      const filter = encodeURIComponent(`service="${service}"`);
      const alerts = (await (
        await fetch(`${env.ALERTMANAGER_URL}/api/v2/alerts?filter=${filter}`)
      ).json()) as {
        labels: Record<string, string>;
        status: { state: string };
      }[];
      expect(alerts).toHaveLength(1);
      expect(alerts[0].labels).toEqual({ alertname, service, severity: 'critical' });
      expect(alerts[0].status.state).toBe('active');
    });

    test('a rule file dropped into the rules dir loads on reload, and its alert reaches Alertmanager', async () => {
      await putSeries({ track: 'rules', rps: 20, errorRatio: 0.5 });
      const group = `${service}-rules`;
      const file = join(env.PROMETHEUS_RULES_DIR, `${group}.yml`);
      const rules = [
        'groups:',
        `  - name: ${group}`,
        '    rules:',
        `      - record: service:http_error_ratio:rate10s`,
        `        expr: sum by (service) (rate(http_requests_total{service="${service}",code=~"5.."}[10s])) / sum by (service) (rate(http_requests_total{service="${service}"}[10s]))`,
        `      - alert: TestbedHighErrorRate`,
        `        expr: service:http_error_ratio:rate10s{service="${service}"} > 0.1`,
        '        labels: {severity: critical}',
        '        annotations: {summary: error ratio above 10%}',
        '',
      ].join('\n');
      writeFileSync(file, rules);
      created.push(file);
      await execFileAsync(env.PROMTOOL_PATH, ['check', 'rules', file]);

      const reload = await fetch(`${env.PROMETHEUS_URL}/-/reload`, { method: 'POST' });
      expect(reload.status).toBe(200);
      const listed = (await (await fetch(`${env.PROMETHEUS_URL}/api/v1/rules`)).json()) as {
        data: { groups: { name: string; rules: { name: string; type: string }[] }[] };
      };
      const loaded = listed.data.groups.find((g) => g.name === group);
      expect(loaded?.rules.map((r) => [r.type, r.name])).toEqual([
        ['recording', 'service:http_error_ratio:rate10s'],
        ['alerting', 'TestbedHighErrorRate'],
      ]);

      const filter = encodeURIComponent(`alertname="TestbedHighErrorRate",service="${service}"`);
      await eventually('the rule’s alert listed by Alertmanager', async () => {
        const alerts = (await (
          await fetch(`${env.ALERTMANAGER_URL}/api/v2/alerts?filter=${filter}`)
        ).json()) as unknown[];
        return alerts.length > 0;
      });
    });
  },
);
