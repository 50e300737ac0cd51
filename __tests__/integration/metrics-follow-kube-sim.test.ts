import { randomBytes } from 'node:crypto';
import { until } from '../support/poll.js';
import { describeWithServices } from '../support/services.js';
import { exporterControl } from '../../scripts/lib/metrics-exporter.js';
import { claimExporter } from '../support/exporter-claim.js';

/** A bad release seen end to end: kube-sim's pods → the exporter following them → real Prometheus. */
describeWithServices(
  ['PROMETHEUS_URL', 'METRICS_EXPORTER_URL', 'KUBE_SIM_URL'],
  'metrics exporter following kube-sim',
  (env) => {
    const service = `follow-${randomBytes(3).toString('hex')}`;
    const image = (tag: string) => `registry.local/${service}:${tag}`;

    const exporter = exporterControl(env.METRICS_EXPORTER_URL);
    // The exporter follows one cluster at a time: this file holds it from beforeAll to the end of its cleanup.
    let releaseExporter = () => undefined as void;
    beforeAll(async () => {
      releaseExporter = await claimExporter(600_000);
    }, 610_000);

    const deployment = (name: string, tag: string, replicas: number, extra: Record<string, string>) => {
      const labels = { app: service, ...extra };
      return fetch(`${env.KUBE_SIM_URL}/apis/apps/v1/namespaces/default/deployments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, labels },
          spec: {
            replicas,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: image(tag) }] } },
          },
        }),
      });
    };

    async function query(promql: string): Promise<number | undefined> {
      const response = await fetch(`${env.PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
      const first = body.data.result[0];
      return first ? Number(first.value[1]) : undefined;
    }

    const eventually = (what: string, check: () => Promise<boolean>) => until(what, 30_000, check, 250);

    afterAll(async () => {
      for (const name of [service, `${service}-canary`])
        await fetch(`${env.KUBE_SIM_URL}/apis/apps/v1/namespaces/default/deployments/${name}`, {
          method: 'DELETE',
        });
      await exporter('DELETE', '/control/follow');
      await exporter('DELETE', '/control/images');
      await exporter('DELETE', `/control/series/${service}`);
      releaseExporter();
    });

    test('a canary running a bad image shows its error ratio; stable stays clean', async () => {
      expect((await exporter('PUT', '/control/follow', { kubeApiUrl: env.KUBE_SIM_URL })).status).toBe(200);
      expect(
        (await exporter('POST', '/control/images', { image: image('bad*'), errorRatio: 0.07 })).status,
      ).toBe(201);
      expect((await deployment(service, '1', 2, {})).status).toBe(201);
      expect(
        (await deployment(`${service}-canary`, 'bad-1', 1, { 'prodline.dev/track': 'canary' })).status,
      ).toBe(201);

      const sel = (track: string) => `service="${service}",track="${track}"`;
      const ratio = (track: string) =>
        `sum(rate(http_requests_total{${sel(track)},code=~"5.."}[10s])) / sum(rate(http_requests_total{${sel(track)}}[10s]))`;
      // Pod count: the pod-level series the exporter writes per ready pod.
      await eventually(
        '2 stable pods and 1 canary pod',
        async () =>
          (await query(`count(container_memory_working_set_bytes{${sel('stable')}})`)) === 2 &&
          (await query(`count(container_memory_working_set_bytes{${sel('canary')}})`)) === 1,
      );
      await eventually('canary 5xx ratio over 5%', async () => ((await query(ratio('canary'))) ?? 0) > 0.05);
      expect(await query(ratio('stable'))).toBe(0);
      expect(await query(ratio('canary'))).toBeLessThan(0.1);
    });
  },
);
