import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { PRESET_CHECKS, renderPlan } from '../../src/analysis/analysis-checks.js';
import { sendTransport } from '../../src/analysis/http-transport.js';
import { PrometheusClient } from '../../src/analysis/prometheus-client.js';
import { describeWithServices } from '../support/services.js';
import { until } from '../support/poll.js';

const execFileAsync = promisify(execFile);
const MONITORING = join(process.cwd(), 'monitoring');

/** monitoring/alerts.yml: promtool's own rule tests, and long windows over backfilled history. */
describeWithServices(['PROMTOOL_PATH'], 'monitoring rules (promtool, backfilled Prometheus)', (env) => {
  test('promtool check rules and promtool test rules pass', async () => {
    const check = await execFileAsync(env.PROMTOOL_PATH, ['check', 'rules', join(MONITORING, 'alerts.yml')]);
    expect(check.stdout).toContain('SUCCESS: 3 rules found');
    const tested = await execFileAsync(env.PROMTOOL_PATH, [
      'test',
      'rules',
      join(MONITORING, 'alerts.test.yml'),
    ]);
    expect(tested.stdout).toContain('SUCCESS');
  });

  test('every alert has a severity and a runbook', () => {
    const rules = (
      parse(readFileSync(join(MONITORING, 'alerts.yml'), 'utf8')) as {
        groups: {
          rules: { alert: string; labels: { severity: string }; annotations: { runbook_url: string } }[];
        }[];
      }
    ).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(['HighErrorRate', 'HighMemoryUsage', 'PodCrashLooping']);
    for (const rule of rules) {
      expect(['critical', 'warning']).toContain(rule.labels.severity);
      expect(rule.annotations.runbook_url).toMatch(/runbooks\.md#/);
    }
  });

  describe('over 40 minutes of backfilled history (a second Prometheus)', () => {
    let dir: string;
    let prometheus: ChildProcess | undefined;
    let client: PrometheusClient;
    // History: 40 minutes ending 10 minutes ago, one sample every 15 s; the canary's 5xx ratio steps
    // from 1% to 8% at minute 20 (`stepAt`).
    const end = Math.floor(Date.now() / 1000) - 600;
    const start = end - 2400;
    const stepAt = start + 1200;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'prodline-backfill-'));
      const lines = ['# HELP http_requests HTTP requests.', '# TYPE http_requests counter'];
      for (const [code, before, after] of [
        ['200', 99, 92],
        ['500', 1, 8],
      ] as const) {
        let total = 0;
        for (let t = start; t <= end; t += 15) {
          total += (t < stepAt ? before : after) * 15;
          lines.push(
            `http_requests_total{namespace="prod",service="web",track="canary",code="${code}"} ${total} ${t}`,
          );
        }
      }
      lines.push('# EOF', '');
      writeFileSync(join(dir, 'history.om'), lines.join('\n'));
      await execFileAsync(env.PROMTOOL_PATH, [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        join(dir, 'history.om'),
        join(dir, 'data'),
      ]);
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = server.address() as { port: number };
          server.close(() => resolve(free));
        });
      });
      writeFileSync(join(dir, 'prometheus.yml'), 'global: {evaluation_interval: 15s}\n');
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: 'ignore' },
      );
      client = new PrometheusClient(sendTransport(), { url: `http://127.0.0.1:${port}` });
      await until(
        'the backfilled Prometheus to answer with the history',
        30_000,
        async () => {
          try {
            return (await client.query('count(http_requests_total)', end)).samples.length > 0;
          } catch {
            return false; // not up yet
          }
        },
        200,
      );
    }, 60_000);
    afterAll(() => {
      prometheus?.kill('SIGTERM');
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const values = { service: 'web', namespace: 'prod', canary: 'canary', stable: 'stable', window: '5m' };
    const errorRate = renderPlan({ checks: [PRESET_CHECKS['error-rate']] }, values).checks[0].query;
    const alertExpr = (
      parse(readFileSync(join(MONITORING, 'alerts.yml'), 'utf8')) as {
        groups: { rules: { expr: string }[] }[];
      }
    ).groups[0].rules[0].expr;
    const at = async (query: string, time: number) =>
      (await client.query(query, time)).samples.map((s) => s.value);

    test('the error-rate preset over [5m] reads the history exactly', async () => {
      const [before] = await at(errorRate, stepAt - 60);
      expect(before).toBeCloseTo(0.01, 3);
      const [after] = await at(errorRate, stepAt + 360);
      expect(after).toBeCloseTo(0.08, 3);
      // Two minutes after the step the 5 m window still mixes both rates.
      const [mixed] = await at(errorRate, stepAt + 120);
      expect(mixed).toBeGreaterThan(0.02);
      expect(mixed).toBeLessThan(0.06);
    });

    test("HighErrorRate's expression and its `for: 5m` (true over the whole 5 minutes) over the history", async () => {
      expect(await at(alertExpr, stepAt - 60)).toEqual([]);
      expect(await at(alertExpr, stepAt + 300)).toHaveLength(1);
      // Absent points are skipped by *_over_time, so `for` is: true at every 15 s step of the 5 minutes.
      const heldFor5m = `count_over_time((${alertExpr.trim()})[5m:15s]) >= 20`;
      // The ratio crosses 5% about 3 minutes after the step, so the alert would fire about 8 minutes in.
      expect(await at(heldFor5m, stepAt + 360)).toEqual([]);
      expect(await at(heldFor5m, stepAt + 540)).toHaveLength(1);
    });
  });
});
