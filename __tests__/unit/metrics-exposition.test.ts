import {
  escapeHelp,
  escapeLabelValue,
  formatExposition,
  formatSample,
  formatValue,
  histogramSamples,
} from '../../scripts/testbed/stand-ins/metrics-exposition.js';

describe('Prometheus text exposition', () => {
  test('a family is HELP, TYPE, then its samples, ending with a newline', () => {
    const text = formatExposition([
      {
        name: 'http_requests_total',
        help: 'Requests.',
        type: 'counter',
        samples: [
          { name: 'http_requests_total', labels: { service: 'web', code: '200' }, value: 12 },
          { name: 'http_requests_total', labels: { service: 'web', code: '500' }, value: 0 },
        ],
      },
      {
        name: 'up_gauge',
        help: 'No labels.',
        type: 'gauge',
        samples: [{ name: 'up_gauge', labels: {}, value: 1 }],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP http_requests_total Requests.',
        '# TYPE http_requests_total counter',
        'http_requests_total{service="web",code="200"} 12',
        'http_requests_total{service="web",code="500"} 0',
        '# HELP up_gauge No labels.',
        '# TYPE up_gauge gauge',
        'up_gauge 1',
        '',
      ].join('\n'),
    );
  });

  test('no families is an empty body', () => {
    expect(formatExposition([])).toBe('');
  });

  test.each([
    ['plain', 'plain'],
    ['say "hi"', 'say \\"hi\\"'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
    ['\\"\n', '\\\\\\"\\n'],
  ])('label value %j is escaped as %j', (raw, escaped) => {
    expect(escapeLabelValue(raw)).toBe(escaped);
    expect(formatSample({ name: 'm', labels: { l: raw }, value: 1 })).toBe(`m{l="${escaped}"} 1`);
  });

  test('HELP escapes backslash and newline but keeps quotes', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  test.each([
    [0, '0'],
    [42, '42'],
    [0.25, '0.25'],
    [-1.5, '-1.5'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
    [1e21, '1e+21'],
  ])('value %p is written as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  test('a histogram expands to cumulative buckets with +Inf last, then _sum and _count', () => {
    const samples = histogramSamples('latency_seconds', [
      {
        labels: { service: 'web' },
        buckets: [
          [0.1, 3],
          [1, 7],
        ],
        sum: 2.5,
        count: 9,
      },
    ]);
    expect(samples.map(formatSample)).toEqual([
      'latency_seconds_bucket{service="web",le="0.1"} 3',
      'latency_seconds_bucket{service="web",le="1"} 7',
      'latency_seconds_bucket{service="web",le="+Inf"} 9',
      'latency_seconds_sum{service="web"} 2.5',
      'latency_seconds_count{service="web"} 9',
    ]);
  });

  test.each([
    ['a metric name with a dash', { name: 'bad-name', labels: {}, value: 1 }],
    ['a label name starting with a digit', { name: 'm', labels: { '1x': 'v' }, value: 1 }],
    ['a reserved label name', { name: 'm', labels: { __name__: 'v' }, value: 1 }],
  ])('refuses %s', (_what, sample) => {
    expect(() => formatSample(sample)).toThrow(/invalid/);
  });
});
