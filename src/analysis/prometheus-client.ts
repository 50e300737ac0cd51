import { ActionFailure } from '../runtime/errors.js';
import { TransportError, type HttpTransport } from './http-transport.js';

/** How to reach a Prometheus; credentials go into headers only and are never part of a message. */
export interface PrometheusTarget {
  url: string;
  token?: string;
  username?: string;
  password?: string;
  timeoutMs?: number;
}

/** One series of an instant vector. */
export interface PromSample {
  labels: Record<string, string>;
  value: number;
}

/** An instant query's answer: a vector (possibly empty) or a scalar, flattened to samples. */
export interface QueryResult {
  samples: PromSample[];
  /** The evaluation time Prometheus reports (s since the epoch). */
  time?: number;
}

/** Prometheus refused the query itself (400/422 `bad_data`): a typo or wrong PromQL, never transient. */
export class BadQueryError extends ActionFailure {
  constructor(
    readonly query: string,
    readonly detail: string,
  ) {
    super(`Prometheus refused the query: ${detail}`);
  }
}

/** Prometheus could not answer (5xx, timeout, network, garbled body): counted as an analysis error. */
export class PrometheusUnavailable extends ActionFailure {
  constructor(message: string) {
    super(message);
  }
}

interface ApiAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/** A small Prometheus HTTP API client: instant queries only, which is all the analysis needs. */
export class PrometheusClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly transport: HttpTransport,
    target: PrometheusTarget,
    private readonly timeoutMs = target.timeoutMs ?? 10_000,
  ) {
    this.base = target.url.replace(/\/+$/, '');
    this.headers = { Accept: 'application/json' };
    if (target.token) this.headers.Authorization = `Bearer ${target.token}`;
    else if (target.username !== undefined)
      this.headers.Authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
  }

  /** The URL an instant query is sent to (what the report shows as "the query as sent"). */
  queryUrl(query: string, time?: number): string {
    const params = new URLSearchParams({ query });
    if (time !== undefined) params.set('time', String(time));
    return `${this.base}/api/v1/query?${params.toString()}`;
  }

  /** Runs an instant query; throws BadQueryError or PrometheusUnavailable, nothing else. */
  async query(query: string, time?: number): Promise<QueryResult> {
    let response;
    try {
      response = await this.transport.request({
        method: 'GET',
        url: this.queryUrl(query, time),
        headers: this.headers,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      if (error instanceof TransportError)
        throw new PrometheusUnavailable(
          `Prometheus did not answer: ${error.message}${error.untrusted ? '; its certificate is not trusted: give prometheus-ca the CA certificate that signed it (PEM content or a path)' : ''}`,
        );
      throw error;
    }
    let answer: ApiAnswer | undefined;
    try {
      answer = JSON.parse(response.body) as ApiAnswer;
    } catch {
      answer = undefined;
    }
    if ((response.status === 400 || response.status === 422) && answer?.errorType === 'bad_data')
      throw new BadQueryError(query, answer.error ?? 'bad_data');
    if (response.status === 401 || response.status === 403)
      throw new PrometheusUnavailable(
        `Prometheus answered ${response.status}: check prometheus-token or the basic-auth inputs`,
      );
    if (response.status !== 200 || answer?.status !== 'success')
      throw new PrometheusUnavailable(
        `Prometheus answered ${response.status}${answer?.error ? `: ${answer.error}` : ''}`,
      );
    return parseResult(query, answer.data);
  }
}

function parseResult(query: string, data: ApiAnswer['data']): QueryResult {
  const type = data?.resultType;
  const result = data?.result;
  if (type === 'scalar' && Array.isArray(result)) {
    return { samples: [{ labels: {}, value: Number(result[1]) }], time: Number(result[0]) };
  }
  if (type === 'vector' && Array.isArray(result)) {
    const samples = (result as { metric?: Record<string, string>; value?: [number, string] }[]).map((r) => ({
      labels: r.metric ?? {},
      value: Number(r.value?.[1]),
    }));
    return { samples, time: (result[0] as { value?: [number] } | undefined)?.value?.[0] };
  }
  // A range vector (`foo[5m]` without a function) is a mistake in the query, not an outage.
  if (type === 'matrix' || type === 'string')
    throw new BadQueryError(
      query,
      `it returns a ${type}; an analysis query must return an instant vector or a scalar`,
    );
  throw new PrometheusUnavailable(`Prometheus answered a malformed result (${String(type)})`);
}
