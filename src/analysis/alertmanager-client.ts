import { ActionFailure } from '../runtime/errors.js';
import type { AlertMatcher } from './alert-matchers.js';
import { TransportError, type HttpTransport } from './http-transport.js';

/** A firing alert as Alertmanager's v2 API lists it. */
export interface FiringAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt?: string;
}

/** Alertmanager did not answer usefully: counted like a Prometheus error, never read as "no alerts". */
export class AlertmanagerUnavailable extends ActionFailure {
  constructor(message: string) {
    super(message);
  }
}

/** Whether one alert satisfies every matcher of a set (Alertmanager's semantics: regexes are anchored). */
export function matchesSet(labels: Record<string, string>, set: readonly AlertMatcher[]): boolean {
  return set.every((m) => {
    const value = labels[m.name] ?? '';
    switch (m.operator) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(value);
      case '!~':
        return !new RegExp(`^(?:${m.value})$`).test(value);
    }
  });
}

/** The alerts matching any of the matcher sets (`abort-on-alerts` lines are alternatives). */
export function matchingAlerts(
  alerts: readonly FiringAlert[],
  sets: readonly AlertMatcher[][],
): FiringAlert[] {
  return alerts.filter((alert) => sets.some((set) => matchesSet(alert.labels, set)));
}

/** One line per alert for the log and the reason: `HighErrorRate{service="web",severity="critical"}`. */
export function describeAlert(alert: FiringAlert): string {
  const { alertname = 'alert', ...rest } = alert.labels;
  const labels = Object.entries(rest)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const summary = alert.annotations.summary ? `: ${alert.annotations.summary}` : '';
  return `${alertname}{${labels}}${summary}`;
}

/** Reads the active (not silenced, not inhibited) alerts from Alertmanager's v2 API. */
export class AlertmanagerClient {
  private readonly base: string;

  constructor(
    private readonly transport: HttpTransport,
    url: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  async firing(): Promise<FiringAlert[]> {
    const url = `${this.base}/api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=false`;
    let response;
    try {
      response = await this.transport.request({
        method: 'GET',
        url,
        headers: { Accept: 'application/json' },
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      if (error instanceof TransportError)
        throw new AlertmanagerUnavailable(`Alertmanager did not answer: ${error.message}`);
      throw error;
    }
    if (response.status !== 200)
      throw new AlertmanagerUnavailable(`Alertmanager answered ${response.status}`);
    let list: unknown;
    try {
      list = JSON.parse(response.body);
    } catch {
      throw new AlertmanagerUnavailable('Alertmanager answered something that is not JSON');
    }
    if (!Array.isArray(list))
      throw new AlertmanagerUnavailable('Alertmanager answered something that is not a list');
    return (
      list as {
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
        startsAt?: string;
        status?: { state?: string };
      }[]
    )
      .filter((a) => (a.status?.state ?? 'active') === 'active')
      .map((a) => ({ labels: a.labels ?? {}, annotations: a.annotations ?? {}, startsAt: a.startsAt }));
  }
}
