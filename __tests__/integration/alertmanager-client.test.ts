import { randomBytes } from 'node:crypto';
import { parseMatcherSet } from '../../src/analysis/alert-matchers.js';
import {
  AlertmanagerClient,
  AlertmanagerUnavailable,
  describeAlert,
  matchingAlerts,
} from '../../src/analysis/alertmanager-client.js';
import { sendTransport } from '../../src/analysis/http-transport.js';
import { describeWithServices } from '../support/services.js';
import { until } from '../support/poll.js';

/** abort-on-alerts against the testbed's real Alertmanager. */
describeWithServices(['ALERTMANAGER_URL'], 'Alertmanager client (real Alertmanager)', (env) => {
  const service = `am-${randomBytes(3).toString('hex')}`;
  const client = new AlertmanagerClient(sendTransport(), env.ALERTMANAGER_URL);

  test('a firing alert matching abort-on-alerts is found; others are not', async () => {
    const response = await fetch(`${env.ALERTMANAGER_URL}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: 'HighErrorRate', service, severity: 'critical' },
          annotations: { summary: '5xx above 5%' },
        },
        { labels: { alertname: 'Noise', service, severity: 'info' } },
      ]),
    });
    expect(response.status).toBe(200);
    const sets = [parseMatcherSet(`service="${service}",severity="critical"`)];
    const found = await until(
      'the alert to fire in Alertmanager',
      15_000,
      async () => {
        const alerts = matchingAlerts(await client.firing(), sets);
        return alerts.length > 0 && alerts;
      },
      200,
    );
    expect(found.map(describeAlert)).toEqual([
      `HighErrorRate{service="${service}",severity="critical"}: 5xx above 5%`,
    ]);
    expect(
      matchingAlerts(await client.firing(), [
        parseMatcherSet(`service="${service}",severity=~"crit.*|warn"`),
      ]),
    ).toHaveLength(1);
    expect(
      matchingAlerts(await client.firing(), [
        parseMatcherSet(`service="${service}",severity!~"critical|info"`),
      ]),
    ).toHaveLength(0);
  });

  test('an unreachable Alertmanager is an error, never "no alerts"', async () => {
    const dead = new AlertmanagerClient(sendTransport(), 'http://127.0.0.1:9', 1_000);
    await expect(dead.firing()).rejects.toThrow(AlertmanagerUnavailable);
  });
});
