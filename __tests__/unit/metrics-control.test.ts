import fc from 'fast-check';
import { handleControl } from '../../scripts/testbed/stand-ins/metrics-control.js';
import { Fleet } from '../../scripts/testbed/stand-ins/metrics-fleet.js';
import {
  parseSeriesInput,
  SERIES_DEFAULTS,
  SeriesInputError,
} from '../../scripts/testbed/stand-ins/metrics-series.js';

const call = (fleet: Fleet, method: string, path: string, body?: unknown) =>
  handleControl(fleet, {
    method,
    path,
    body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
  });

/** The error message of a response (for asserting it says what is wrong). */
const message = (response: { body?: unknown }) => (response.body as { error: string }).error;

describe('exporter control API', () => {
  test('PUT creates (201) then replaces (200); fields left out take the defaults', () => {
    const fleet = new Fleet(() => 0);
    expect(
      call(fleet, 'PUT', '/control/series', { service: 'web', track: 'canary', rps: 5, errorRatio: 0.5 })
        .status,
    ).toBe(201);
    const replaced = call(fleet, 'PUT', '/control/series', { service: 'web', track: 'canary', rps: 7 });
    expect(replaced.status).toBe(200);
    expect(fleet.get('web', 'canary')).toEqual({
      ...SERIES_DEFAULTS,
      service: 'web',
      track: 'canary',
      rps: 7,
    });
  });

  test('PATCH keeps the fields it does not name, and 404s for an unknown series', () => {
    const fleet = new Fleet(() => 0);
    call(fleet, 'PUT', '/control/series', { service: 'web', track: 'canary', rps: 5, errorRatio: 0.5 });
    expect(
      call(fleet, 'PATCH', '/control/series', { service: 'web', track: 'canary', errorRatio: 0.1 }).status,
    ).toBe(200);
    expect(fleet.get('web', 'canary')).toMatchObject({ rps: 5, errorRatio: 0.1 });
    const missing = call(fleet, 'PATCH', '/control/series', { service: 'web', track: 'blue', rps: 1 });
    expect(missing.status).toBe(404);
    expect(message(missing)).toMatch(/PUT \/control\/series/);
  });

  test('GET lists, DELETE removes a track or a service, POST /control/reset clears', () => {
    const fleet = new Fleet(() => 0);
    for (const track of ['stable', 'canary'])
      call(fleet, 'PUT', '/control/series', { service: 'web', track });
    call(fleet, 'PUT', '/control/series', { service: 'api', track: 'stable' });
    const listed = call(fleet, 'GET', '/control/series');
    expect((listed.body as { series: unknown[] }).series).toHaveLength(3);
    expect(call(fleet, 'DELETE', '/control/series/web/canary')).toEqual({ status: 204 });
    expect(call(fleet, 'DELETE', '/control/series/web/canary').status).toBe(404);
    expect(call(fleet, 'DELETE', '/control/series/web')).toEqual({ status: 204 });
    expect(call(fleet, 'POST', '/control/reset')).toEqual({ status: 204 });
    expect(fleet.list()).toEqual([]);
  });

  test.each([
    ['an empty body', '', /empty/],
    ['invalid JSON', '{"service":', /not valid JSON/],
    ['an array', [], /JSON object/],
    ['a missing service', { track: 'canary' }, /'service' is required/],
    ['an uppercase track', { service: 'web', track: 'Canary' }, /'track' must be a lowercase DNS label/],
    [
      'a typo in a field name',
      { service: 'web', track: 'c', errorRate: 0.5 },
      /unknown field\(s\) 'errorRate'/,
    ],
    [
      'an error ratio above 1',
      { service: 'web', track: 'c', errorRatio: 1.5 },
      /'errorRatio' must be a number from 0 up to 1, got 1.5/,
    ],
    ['a negative rate', { service: 'web', track: 'c', rps: -1 }, /'rps' must be a number from 0/],
    ['a rate given as a string', { service: 'web', track: 'c', rps: '10' }, /'rps' must be a number/],
    [
      'a non-integer error code',
      { service: 'web', track: 'c', errorCode: 500.5 },
      /'errorCode' must be an integer from 400 up to 599/,
    ],
    ['a 2xx error code', { service: 'web', track: 'c', errorCode: 204 }, /'errorCode'/],
    [
      'a zero latency',
      { service: 'web', track: 'c', latencyMs: 0 },
      /'latencyMs' must be a number greater than 0/,
    ],
    [
      'a p99 below the median',
      { service: 'web', track: 'c', latencyMs: 100, latencyP99Ms: 50 },
      /latencyP99Ms \(50\) must be at least latencyMs \(100\)/,
    ],
    [
      'an unknown waiting reason',
      { service: 'web', track: 'c', waitingReason: 'Sleepy' },
      /'waitingReason' must be null or one of CrashLoopBackOff/,
    ],
    [
      'a zero memory limit',
      { service: 'web', track: 'c', memoryLimitBytes: 0 },
      /'memoryLimitBytes' must be an integer greater than 0/,
    ],
  ])('PUT with %s answers 400 saying what is wrong', (_what, body, expected) => {
    const fleet = new Fleet(() => 0);
    const response = call(fleet, 'PUT', '/control/series', body);
    expect(response.status).toBe(400);
    expect(message(response)).toMatch(expected);
    expect(fleet.list()).toEqual([]);
  });

  test.each([
    ['GET', '/control/reset', 405],
    ['POST', '/control/series', 405],
    ['GET', '/control/series/web', 405],
    ['GET', '/control/nothing', 404],
    ['GET', '/elsewhere', 404],
    ['DELETE', '/control/series/a/b/c', 404],
  ])('%s %s answers %d', (method, path, status) => {
    expect(call(new Fleet(() => 0), method, path).status).toBe(status);
  });

  test('setting only latencyMs moves the p99 with it', () => {
    expect(parseSeriesInput({ service: 'web', track: 'c', latencyMs: 200 }).latencyP99Ms).toBe(600);
    const base = parseSeriesInput({ service: 'web', track: 'c', latencyMs: 10, latencyP99Ms: 20 });
    expect(parseSeriesInput({ service: 'web', track: 'c', rps: 1 }, base).latencyP99Ms).toBe(20);
  });

  test('any JSON body gives a config or a SeriesInputError, never another exception', () => {
    const fields = fc.record(
      {
        service: fc.oneof(fc.constantFrom('web', 'api'), fc.string()),
        track: fc.oneof(fc.constant('canary'), fc.string()),
        rps: fc.oneof(fc.double(), fc.integer(), fc.string()),
        errorRatio: fc.oneof(fc.double({ min: -1, max: 2 }), fc.constant(null)),
        errorCode: fc.integer({ min: 0, max: 999 }),
        latencyMs: fc.double(),
        latencyP99Ms: fc.double(),
        waitingReason: fc.oneof(fc.constant('CrashLoopBackOff'), fc.constant(null), fc.string()),
        pods: fc.oneof(fc.integer(), fc.double()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fields, fc.jsonValue()), (body) => {
        try {
          const config = parseSeriesInput(body);
          expect(config.latencyP99Ms).toBeGreaterThanOrEqual(config.latencyMs);
        } catch (error) {
          expect(error).toBeInstanceOf(SeriesInputError);
        }
        const response = call(new Fleet(() => 0), 'PUT', '/control/series', body);
        expect([200, 201, 400]).toContain(response.status);
      }),
      { numRuns: 1000 },
    );
  });
});
