import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedEcCertificate } from '../../scripts/testbed/certificates.js';
import { digest, manifestFile, REPO, runDeploy, secureApp, useHarness } from '../support/canary-deploy.js';
import { until } from '../support/poll.js';
import { describeWithServices } from '../support/services.js';
import { runVerify } from '../support/verify-rollout.js';

/**
 * verify-rollout's analysis against real Prometheus and Alertmanager: the metrics exporter follows this
 * file's kube-sim, so a canary running a "bad" image shows its 5xx ratio without hand-written metrics.
 * Windows are 10 s and samples 1 s apart (FACTS: a new series needs a full window to reach its value).
 */
describeWithServices(
  ['PROMETHEUS_URL', 'ALERTMANAGER_URL', 'METRICS_EXPORTER_URL'],
  'verify-rollout analysis (Prometheus, Alertmanager)',
  (env) => {
    const h = useHarness();
    const app = `vr-${randomBytes(3).toString('hex')}`;
    const image = (n: number) => `${REPO}@${digest(n)}`;
    const exporter = (method: string, path: string, body?: unknown) =>
      fetch(`${env.METRICS_EXPORTER_URL}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const query = async (promql: string): Promise<number | undefined> => {
      const response = await fetch(`${env.PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
      return body.data.result[0] ? Number(body.data.result[0].value[1]) : undefined;
    };
    const selector = (service: string, code = '') =>
      `service="${service}",track="canary"${code ? `,code=~"${code}"` : ''}`;
    const ratio = (service: string) =>
      `(sum(rate(http_requests_total{${selector(service, '5..')}}[10s])) or vector(0)) / sum(rate(http_requests_total{${selector(service)}}[10s]))`;
    const analysis = (service: string) =>
      `checks:\n  - name: error-rate\n    query: '${ratio(service).replace(/'/g, "''")}'\n    max: 0.05\n`;
    const fast = { interval: '1s', count: '3', 'consecutive-failure-limit': '2', 'min-requests': '0' };
    const names = async () =>
      (await h.apps.listNamespacedDeployment({ namespace: 'default' })).items
        .map((d) => d.metadata?.name)
        .sort();

    beforeAll(async () => {
      expect((await exporter('PUT', '/control/follow', { kubeApiUrl: h.sim.url })).status).toBe(200);
      expect((await exporter('POST', '/control/images', { image: image(5), errorRatio: 0.2 })).status).toBe(
        201,
      );
    });
    afterAll(async () => {
      await exporter('DELETE', '/control/follow');
      await exporter('DELETE', '/control/images');
    });

    /** Stable on digest(1), a canary on digest(n), and Prometheus already seeing the canary's traffic. */
    async function canary(n: number): Promise<string> {
      const file = manifestFile(h, 'web.yaml', secureApp(app, { replicas: 4 }));
      const inputs = { manifests: file, strategy: 'canary', 'canary-weight': '25' };
      expect((await runDeploy(h, { ...inputs, image: image(1) })).error).toBeUndefined();
      expect((await runDeploy(h, { ...inputs, image: image(n) })).error).toBeUndefined();
      await until(
        'the canary series in Prometheus',
        30_000,
        async () => (await query(ratio(app))) !== undefined,
        250,
      );
      return `${app},${app}-canary`;
    }

    test('an error-rate regression is rolled back, the rollback verified', async () => {
      const workloads = await canary(5);
      await until(
        'the canary 5xx ratio over 5%',
        30_000,
        async () => ((await query(ratio(app))) ?? 0) > 0.05,
        250,
      );
      const result = await runVerify(h, {
        workloads,
        'prometheus-url': env.PROMETHEUS_URL,
        analysis: analysis(app),
        ...fast,
      });
      expect(result.written.verdict).toBe('rolled-back');
      expect(result.reason?.code).toBe('error-rate');
      expect(result.summary.markdown).toContain('error-rate');
      expect(await names()).toEqual([app]);
    });

    test('a good canary is promoted; no data fails closed, or passes / is inconclusive when asked', async () => {
      const workloads = await canary(6);
      const hold = { 'on-failure': 'none', 'auto-promote': 'false' };
      const missing = analysis('no-such-service');
      const verdicts: Record<string, unknown> = {};
      for (const noData of ['fail', 'pass', 'inconclusive']) {
        const r = await runVerify(h, {
          workloads,
          'prometheus-url': env.PROMETHEUS_URL,
          analysis: missing,
          'no-data': noData,
          ...fast,
          ...hold,
        });
        verdicts[noData] = `${String(r.written.verdict)} ${r.reason?.code}`;
      }
      expect(verdicts).toEqual({
        fail: 'failed error-rate',
        pass: 'awaiting-approval awaiting-approval',
        inconclusive: 'failed inconclusive',
      });
      const good = await runVerify(h, {
        workloads,
        'prometheus-url': env.PROMETHEUS_URL,
        analysis: analysis(app),
        ...fast,
      });
      expect(good.error).toBeUndefined();
      expect(good.outputs?.verdict).toBe('promoted');
      expect(await names()).toEqual([app]);
    });

    test('Prometheus down: errors counted, then failed; a firing alert aborts', async () => {
      const workloads = await canary(6);
      const down = await runVerify(h, {
        workloads,
        'prometheus-url': 'http://127.0.0.1:9',
        analysis: analysis(app),
        'consecutive-error-limit': '2',
        'on-failure': 'none',
        ...fast,
      });
      expect(down.written.verdict).toBe('failed');
      expect(down.reason?.code).toBe('prometheus-errors');
      const alert = { labels: { alertname: 'HighErrorRate', service: app, severity: 'critical' } };
      expect(
        (
          await fetch(`${env.ALERTMANAGER_URL}/api/v2/alerts`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify([alert]),
          })
        ).status,
      ).toBe(200);
      const aborted = await runVerify(h, {
        workloads,
        'prometheus-url': env.PROMETHEUS_URL,
        analysis: analysis(app),
        'alertmanager-url': env.ALERTMANAGER_URL,
        'abort-on-alerts': `service="${app}",severity="critical"`,
        ...fast,
      });
      // Resolved again, so the alert does not outlive this test in the shared Alertmanager.
      await fetch(`${env.ALERTMANAGER_URL}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify([{ ...alert, endsAt: new Date().toISOString() }]),
      });
      expect(aborted.written.verdict).toBe('rolled-back');
      expect(aborted.reason?.code).toBe('alert-firing');
      expect(await names()).toEqual([app]);
    });

    describe('prometheus-ca: a TLS Prometheus with a private CA', () => {
      let proxy: Server;
      let tlsUrl: string;
      const dir = mkdtempSync(join(tmpdir(), 'prometheus-ca-'));
      // Made here, for this test only: the CA that signs the proxy's certificate, and one that does not.
      const ca = selfSignedEcCertificate(dir, 'prometheus', '/CN=prometheus-ca-test', [
        'subjectAltName=IP:127.0.0.1',
      ]);
      const stranger = selfSignedEcCertificate(dir, 'stranger', '/CN=another-ca', [
        'subjectAltName=IP:127.0.0.1',
      ]);

      beforeAll(async () => {
        // A TLS front for the testbed's Prometheus, as a private Prometheus behind an ingress would be.
        proxy = createServer({ cert: readFileSync(ca.cert), key: readFileSync(ca.key) }, (req, res) => {
          void fetch(`${env.PROMETHEUS_URL}${req.url ?? '/'}`).then(
            async (answer) => {
              res.writeHead(answer.status, {
                'Content-Type': answer.headers.get('content-type') ?? 'text/plain',
              });
              res.end(Buffer.from(await answer.arrayBuffer()));
            },
            () => {
              res.writeHead(502);
              res.end();
            },
          );
        });
        await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
        tlsUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      });
      afterAll(async () => {
        proxy.closeAllConnections();
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      });

      test('the CA (a path or PEM content) is trusted; a wrong CA or none is an error, never a pass', async () => {
        const workloads = await canary(6);
        const hold = { 'on-failure': 'none', 'auto-promote': 'false', 'consecutive-error-limit': '2' };
        const withCa = async (prometheusCa: string | undefined) =>
          runVerify(h, {
            workloads,
            'prometheus-url': tlsUrl,
            ...(prometheusCa === undefined ? {} : { 'prometheus-ca': prometheusCa }),
            analysis: analysis(app),
            ...fast,
            ...hold,
          });
        const byPath = await withCa(ca.cert);
        expect(byPath.error).toBeUndefined();
        expect(byPath.outputs?.verdict).toBe('awaiting-approval');
        const byContent = await withCa(readFileSync(ca.cert, 'utf8'));
        expect(byContent.outputs?.verdict).toBe('awaiting-approval');
        for (const wrong of [stranger.cert, undefined]) {
          const refused = await withCa(wrong);
          expect(refused.written.verdict).toBe('failed');
          expect(refused.reason?.code).toBe('prometheus-errors');
          expect(refused.reason?.message).toMatch(/certificate/i);
          expect(refused.reason?.message).toContain('prometheus-ca');
        }
      });
    });
  },
);
