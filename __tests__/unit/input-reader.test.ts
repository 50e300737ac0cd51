import { ConfigurationError } from '../../src/runtime/errors.js';
import { envInputSource, inputEnvName } from '../../src/runtime/input-reader.js';
import { readerFor } from '../support/reader.js';

describe('InputReader', () => {
  test('inputEnvName keeps hyphens and upper-cases, as the runner does', () => {
    expect(inputEnvName('severity-threshold')).toBe('INPUT_SEVERITY-THRESHOLD');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });

  test('envInputSource trims like @actions/core', () => {
    expect(envInputSource({ 'INPUT_A-B': '  x \n' })('a-b')).toBe('x');
    expect(envInputSource({})('missing')).toBe('');
  });

  test('optional strings are undefined when empty; required ones name the input', () => {
    const { read } = readerFor({ present: 'v', empty: '' });
    expect(read.string('present')).toBe('v');
    expect(read.string('empty')).toBeUndefined();
    expect(() => read.requiredString('empty')).toThrow(
      new ConfigurationError('empty', 'a value is required but none was given', 'a non-empty value'),
    );
  });

  test.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('boolean %s', (raw, expected) => {
    expect(readerFor({ flag: raw }).read.boolean('flag')).toBe(expected);
  });

  test.each(['yes', '1', 'tRue', ''])('boolean rejects %j', (raw) => {
    expect(() => readerFor({ flag: raw }).read.boolean('flag')).toThrow(
      /Input 'flag': .* is not a boolean\. Accepted: true or false\./,
    );
  });

  test.each([
    ['5', { min: 0, max: 10 }, 5],
    ['-3', {}, -3],
    ['+7', {}, 7],
  ])('integer %s', (raw, bounds, expected) => {
    expect(readerFor({ n: raw }).read.integer('n', bounds)).toBe(expected);
  });

  test.each([
    ['1.5', /is not an integer/],
    ['11', /11 is above the maximum of 10. Accepted: an integer from 0 to 10/],
    ['-1', /-1 is below the minimum of 0/],
    ['99999999999999999999', /too large/],
    ['', /a value is required/],
  ])('integer rejects %j', (raw, message) => {
    expect(() => readerFor({ n: raw }).read.integer('n', { min: 0, max: 10 })).toThrow(message);
  });

  test.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['45', 45_000],
    ['1.5s', 1_500],
  ])('duration %s', (raw, ms) => {
    expect(readerFor({ d: raw }).read.duration('d')).toBe(ms);
  });

  test.each([['10 minutes'], ['m10'], ['5x'], ['1h 30m'], ['-5s']])('duration rejects %j', (raw) => {
    expect(() => readerFor({ d: raw }).read.duration('d')).toThrow(
      /Input 'd': .* is not a duration\. Accepted: a duration such as 90s/,
    );
  });

  test('duration bounds are written as durations', () => {
    expect(() => readerFor({ d: '2s' }).read.duration('d', { min: 5_000 })).toThrow(
      /2s is below the minimum of 5s/,
    );
  });

  test.each([
    ['10', 10],
    ['12.5%', 12.5],
    ['0', 0],
    ['100 %', 100],
  ])('percentage %s', (raw, expected) => {
    expect(readerFor({ p: raw }).read.percentage('p')).toBe(expected);
  });

  test.each(['101', 'ten', '-5', '5%%'])('percentage rejects %j', (raw) => {
    expect(() => readerFor({ p: raw }).read.percentage('p')).toThrow(ConfigurationError);
  });

  test('enumeration accepts listed values only and lists them', () => {
    const { read } = readerFor({ s: 'canary', bad: 'Canary' });
    expect(read.enumeration('s', ['rolling', 'canary'])).toBe('canary');
    expect(() => read.enumeration('bad', ['rolling', 'canary'])).toThrow(
      'Input \'bad\': "Canary" is not a recognised value. Accepted: one of rolling, canary.',
    );
  });

  test('list splits on commas and new lines; multiline on new lines only', () => {
    const { read } = readerFor({ l: 'a, b\nc,,\n d ', m: 'K=a,b\n\n L=c ' });
    expect(read.list('l')).toEqual(['a', 'b', 'c', 'd']);
    expect(read.multiline('m')).toEqual(['K=a,b', 'L=c']);
    expect(read.list('absent')).toEqual([]);
  });

  test('url accepts http(s) only', () => {
    const { read } = readerFor({ ok: 'https://prom.example.com:9090/', ftp: 'ftp://x', junk: 'not a url' });
    expect(read.url('ok')).toBe('https://prom.example.com:9090/');
    expect(() => read.url('ftp')).toThrow(/scheme ftp: is not supported/);
    expect(() => read.url('junk')).toThrow(/is not a URL/);
  });

  test('secrets are masked the moment they are read: whole value and each line', () => {
    const { read, masked } = readerFor({ key: 'line-one\nline-two' });
    expect(masked).toEqual([]);
    expect(read.secret('key')).toBe('line-one\nline-two');
    expect(masked).toEqual(['line-one\nline-two', 'line-one', 'line-two']);
  });

  test('every name read is recorded, in order', () => {
    const { read } = readerFor({ a: '1' });
    read.string('a');
    read.list('b');
    read.string('a');
    expect(read.read).toEqual(['a', 'b']);
  });

  test('error messages shorten long pasted values', () => {
    expect(() => readerFor({ b: 'x'.repeat(500) }).read.boolean('b')).toThrow(
      /"x{77}\.\.\." is not a boolean/,
    );
  });
});
