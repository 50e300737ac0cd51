import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { planAnalysis, renderPlan } from '../../src/analysis/analysis-checks.js';
import { runAnalysis, type AnalysisSettings } from '../../src/analysis/analysis-engine.js';
import { sendTransport } from '../../src/analysis/http-transport.js';
import {
  BadQueryError,
  PrometheusClient,
  PrometheusUnavailable,
} from '../../src/analysis/prometheus-client.js';
import { ConfigurationError } from '../../src/runtime/errors.js';
import { describeWithServices } from '../support/services.js';
import { until } from '../support/poll.js';

/** The Prometheus client and the analysis engine against the testbed's real Prometheus. */
describeWithServices(
  ['PROMETHEUS_URL', 'METRICS_EXPORTER_URL'],
  'Prometheus analysis (real Prometheus)',
  (env) => {
    const service = `pa-${randomBytes(3).toString('hex')}`;
    const client = new PrometheusClient(sendTransport(), { url: env.PROMETHEUS_URL, timeoutMs: 5_000 });
    const series = (body: Record<string, unknown>) =>
      fetch(`${env.METRICS_EXPORTER_URL}/control/series`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ service, ...body }),
      });
    const settings: AnalysisSettings = {
      intervalMs: 1_000,
      durationMs: 3_000,
      count: 3,
      failureLimit: 0,
      consecutiveFailureLimit: 2,
      consecutiveErrorLimit: 2,
      minRequests: 1,
      noData: 'fail',
    };
    const values = (canary: string) => ({
      service,
      namespace: 'default',
      canary,
      stable: 'stable',
      window: '10s',
    });

    beforeAll(async () => {
      expect((await series({ track: 'stable', rps: 50, errorRatio: 0 })).ok).toBe(true);
      expect((await series({ track: 'good', rps: 50, errorRatio: 0.01 })).ok).toBe(true);
      expect((await series({ track: 'bad', rps: 50, errorRatio: 0.3 })).ok).toBe(true);
      // New series need a full rate window (10 s) to reach their value: wait for the bad one to show.
      const q = `sum(rate(http_requests_total{service="${service}",track="bad",code=~"5.."}[10s])) / sum(rate(http_requests_total{service="${service}",track="bad"}[10s]))`;
      await until(
        'the bad series to reach its error ratio in Prometheus',
        40_000,
        async () => ((await client.query(q)).samples[0]?.value ?? 0) > 0.2,
        250,
      );
    }, 60_000);
    afterAll(async () => {
      await fetch(`${env.METRICS_EXPORTER_URL}/control/series/${service}`, { method: 'DELETE' });
    });

    test('an instant vector, an empty one, a scalar', async () => {
      expect(
        (await client.query(`sum(http_requests_total{service="${service}"})`)).samples[0].value,
      ).toBeGreaterThan(0);
      expect((await client.query(`http_requests_total{service="${service}",track="nope"}`)).samples).toEqual(
        [],
      );
      expect((await client.query('scalar(vector(0.25))')).samples[0].value).toBe(0.25);
    });

    test('a typo is a BadQueryError; a range vector too; a dead port is PrometheusUnavailable', async () => {
      await expect(client.query('sum(rate(http_requests_total[5m])')).rejects.toThrow(BadQueryError);
      await expect(client.query('http_requests_total[1m]')).rejects.toThrow(/returns a matrix/);
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = server.address() as { port: number };
          server.close(() => resolve(free));
        });
      });
      const dead = new PrometheusClient(sendTransport(), { url: `http://127.0.0.1:${port}` });
      await expect(dead.query('up')).rejects.toThrow(PrometheusUnavailable);
    });

    test('good canary passes; bad canary fails; baseline comparison against stable', async () => {
      const plan = await planAnalysis({ kind: 'presets', presets: ['error-rate'] });
      const good = await runAnalysis({ ...renderPlan(plan, values('good')), settings, prometheus: client });
      expect(good.reason).toMatchObject({ code: 'analysis-passed' });
      const bad = await runAnalysis({ ...renderPlan(plan, values('bad')), settings, prometheus: client });
      expect(bad.outcome).toBe('failed');
      expect(bad.reason.code).toBe('error-rate');
      const compared = await planAnalysis({
        kind: 'yaml',
        text: [
          'checks:',
          '  - name: errors-vs-stable',
          `    query: sum(rate(http_requests_total{service="{{service}}",track="{{canary}}",code=~"5.."}[{{window}}])) / sum(rate(http_requests_total{service="{{service}}",track="{{canary}}"}[{{window}}]))`,
          `    baseline: sum(rate(http_requests_total{service="{{service}}",track="{{stable}}",code=~"5.."}[{{window}}])) / sum(rate(http_requests_total{service="{{service}}",track="{{stable}}"}[{{window}}]))`,
          '    max-ratio: 1.5',
          '    max-delta: 0.02',
        ].join('\n'),
      });
      const vsStable = await runAnalysis({
        ...renderPlan(compared, values('good')),
        settings,
        prometheus: client,
      });
      expect(vsStable.outcome).toBe('passed');
      expect(vsStable.samples[1].checks[0].baseline).toBe(0);
    });

    test('an unknown metric with no-data fail is decided without waiting for the whole duration', async () => {
      const plan = await planAnalysis({
        kind: 'yaml',
        text: 'checks:\n  - {name: typo, query: "sum(rate(http_requsts_total[1m]))", max: 1}',
      });
      const result = await runAnalysis({
        ...renderPlan(plan, values('good')),
        settings: { ...settings, count: 60 },
        prometheus: client,
      });
      expect(result.outcome).toBe('failed');
      // failure-limit 0: the first failed sample (one interval in) decides, not the 60-sample duration.
      expect(result.samples.length - 1).toBe(1);
      expect(result.samples[1].checks[0].message).toBe('no data from the query (no-data: fail)');
    });

    test('a malformed query fails in the pre-flight round as a ConfigurationError', async () => {
      const plan = await planAnalysis({
        kind: 'yaml',
        text: 'checks:\n  - {name: broken, query: "sum(rate(x[1m])", max: 1}',
      });
      await expect(
        runAnalysis({ ...renderPlan(plan, values('good')), settings, prometheus: client }),
      ).rejects.toThrow(ConfigurationError);
    });
  },
);
