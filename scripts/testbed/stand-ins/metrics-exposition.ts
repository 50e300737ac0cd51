/**
 * The Prometheus text exposition format (version 0.0.4), written by hand so the exporter stand-in needs
 * no client library. Pure: metric families in, text out.
 */

/** The Content-Type a scrape expects for this format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'untyped';

export type Labels = Readonly<Record<string, string>>;

/** One sample line: `name{labels} value`. The name carries any suffix (`_bucket`, `_sum`, `_count`). */
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

/** A metric family: HELP and TYPE once, then its samples. */
export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

/** One histogram observation set: cumulative counts per upper bound, plus the sum and total count. */
export interface HistogramValue {
  labels: Labels;
  /** `[upperBound, cumulativeCount]`, ascending by bound; the `+Inf` bucket is added from `count`. */
  buckets: ReadonlyArray<readonly [number, number]>;
  sum: number;
  count: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Renders families in the text format, one `# HELP` and `# TYPE` per family, ending with a newline. */
export function formatExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name '${family.name}'`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(formatSample(sample));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** One sample line. Label order is kept as given, so output is stable for stable input. */
export function formatSample(sample: Sample): string {
  if (!METRIC_NAME.test(sample.name)) throw new Error(`invalid metric name '${sample.name}'`);
  const pairs = Object.entries(sample.labels).map(([name, value]) => {
    if (!LABEL_NAME.test(name) || name.startsWith('__'))
      throw new Error(`invalid label name '${name}' on ${sample.name}`);
    return `${name}="${escapeLabelValue(value)}"`;
  });
  const labels = pairs.length > 0 ? `{${pairs.join(',')}}` : '';
  return `${sample.name}${labels} ${formatValue(sample.value)}`;
}

/** Expands histograms into their `_bucket` (with `le`, `+Inf` last), `_sum` and `_count` samples. */
export function histogramSamples(name: string, values: readonly HistogramValue[]): Sample[] {
  return values.flatMap((value) => [
    ...value.buckets.map(([bound, count]) => ({
      name: `${name}_bucket`,
      labels: { ...value.labels, le: formatValue(bound) },
      value: count,
    })),
    { name: `${name}_bucket`, labels: { ...value.labels, le: '+Inf' }, value: value.count },
    { name: `${name}_sum`, labels: value.labels, value: value.sum },
    { name: `${name}_count`, labels: value.labels, value: value.count },
  ]);
}

/** Numbers as Prometheus parses them: `+Inf`, `-Inf`, `NaN`, else the shortest exact decimal. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Label values escape backslash, double quote and newline (the only escapes the format defines). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and newline (quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
