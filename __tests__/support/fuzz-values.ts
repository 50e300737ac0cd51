import fc from 'fast-check';

/**
 * Values for fuzzing action inputs: hostile strings, and for each kind of input a generator of values
 * that must be refused. What is valid is written here as literals (bounds, spellings, patterns), from
 * action.yml and the docs, never imported from the code under test.
 */

/** Pieces that have broken input handling somewhere: workflow commands, encodings, traversal, YAML/JSON, numbers. */
export const HOSTILE_FRAGMENTS = [
  '\n::error::injected',
  '%0A::error::injected',
  '::set-output name=digest::sha256:0',
  '::add-mask::x',
  '::stop-commands::t0k3n',
  '::add-path::/tmp/evil',
  '%25',
  '%0D%0A',
  '\r\n',
  '\r',
  '\t',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\u0007',
  'é',
  'İ',
  '🦄',
  '../../../../etc/passwd',
  '..',
  '/',
  '\\',
  '~',
  '$HOME',
  '${{ secrets.TOKEN }}',
  '$(id)',
  '`id`',
  ';id',
  '|id',
  '&&',
  '{"a":1}',
  '[1,2]',
  '{',
  '[',
  '"',
  "'",
  'a: b',
  '- x',
  '---',
  '!!js/function',
  '&a *a',
  'null',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x1F',
  '١٢٣',
  ' ',
];

const fragment = fc.constantFrom(...HOSTILE_FRAGMENTS);

/** The runner cannot pass a NUL byte in an environment variable, so no input can hold one. */
const noNul = (value: string): string => value.replace(/\0/g, '');

/** A hostile string: fragments glued to random text, random unicode, or a huge value (up to 100,000 characters). */
export const hostile: fc.Arbitrary<string> = fc
  .oneof(
    {
      weight: 5,
      arbitrary: fc
        .array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 5 })
        .map((parts) => parts.join('')),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fragment, fc.integer({ min: 1_000, max: 100_000 }))
        .map(([piece, length]) => piece + 'x'.repeat(length)),
    },
  )
  .map(noNul);

/** Hostile values that are not blank (the reader trims; blank means "not given"). */
export const hostileNonBlank = hostile.filter((value) => value.trim() !== '');

/** Values refused by `check` (true = would be accepted), from fixed samples and hostile strings. */
function refused(samples: string[], accepted: (value: string) => boolean): fc.Arbitrary<string> {
  const pool = samples.filter((sample) => !accepted(sample));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: hostile.filter((value) => !accepted(value)) },
  );
}

const trimmed = (test: (value: string) => boolean) => (value: string) => test(value.trim());

const BOOLEANS = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'];

/** Not one of the YAML 1.2 core booleans the runner accepts. */
export function badBoolean(): fc.Arbitrary<string> {
  return refused(
    ['', 'yes', 'no', 'on', 'off', '1', '0', 'tRUE', 'falsee', 'true,false', 'y', '"true"'],
    trimmed((value) => BOOLEANS.includes(value)),
  );
}

/** Not an integer from `min` to `max` (`optional`: blank means "not given", so it is not generated). */
export function badInteger(min: number, max: number, optional = false): fc.Arbitrary<string> {
  const accepted = trimmed(
    (value) =>
      (optional && value === '') ||
      (/^[+-]?\d+$/.test(value) &&
        Number.isSafeInteger(Number(value)) &&
        Number(value) >= min &&
        Number(value) <= max),
  );
  return fc.oneof(
    refused(['', '1.5', '1e2', '0x10', '1_000', '10%', '5 5', '+', '-', '9'.repeat(30), '١٢'], accepted),
    ...(max < Number.MAX_SAFE_INTEGER
      ? [fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }).map(String)]
      : []),
    ...(min > Number.MIN_SAFE_INTEGER
      ? [fc.integer({ min: Number.MIN_SAFE_INTEGER, max: min - 1 }).map(String)]
      : []),
  );
}

/** Not a duration from `minMs` to `maxMs` (`90s`, `10m`, `1h30m`, `500ms`, bare seconds). */
export function badDuration(minMs: number, maxMs: number): fc.Arbitrary<string> {
  const malformed = [
    '',
    '10 m',
    '1h 30m',
    '10min',
    '-5s',
    '1e3s',
    '5m5',
    '1.s',
    '10M',
    '10S',
    'ms',
    's5',
    '1d',
    '5w',
    '½m',
  ];
  return fc.oneof(
    fc.constantFrom(...malformed),
    // Nothing with no digit at all can be a duration.
    hostile.filter((value) => !/\d/.test(value)),
    ...(minMs > 0 ? [fc.integer({ min: 0, max: minMs - 1 }).map((ms) => `${ms}ms`)] : []),
    fc.integer({ min: Math.floor(maxMs / 3_600_000) + 1, max: 1_000_000 }).map((hours) => `${hours}h`),
  );
}

/** Not one of `allowed` (compared exactly, or ignoring case); blank too unless `optional`. */
export function badEnum(
  allowed: string[],
  options: { optional?: boolean; ignoreCase?: boolean } = {},
): fc.Arbitrary<string> {
  const norm = (value: string) => (options.ignoreCase ? value.toUpperCase() : value);
  const accepted = trimmed(
    (value) => (options.optional === true && value === '') || allowed.map(norm).includes(norm(value)),
  );
  const near = allowed.flatMap((value) => [
    value.toUpperCase(),
    value[0].toUpperCase() + value.slice(1),
    `${value}x`,
    `${value},${value}`,
    `${value}\n${value}`,
    value.replace(/-/g, '_'),
  ]);
  return refused(['', 'none', 'default', '*', ...near], accepted);
}

/** A comma/newline list with at least one item outside `allowed` (or an empty list). */
export function badList(allowed: string[], options: { ignoreCase?: boolean } = {}): fc.Arbitrary<string> {
  const norm = (value: string) => (options.ignoreCase ? value.toUpperCase() : value);
  const isAllowed = (item: string) => allowed.map(norm).includes(norm(item.trim()));
  return fc.oneof(
    fc.constantFrom('', ',', ' , \n '),
    fc
      .tuple(
        fc.subarray(allowed),
        hostileNonBlank.filter((item) =>
          item.split(/[,\n]/).some((part) => part.trim() !== '' && !isAllowed(part)),
        ),
      )
      .map(([good, bad]) => [...good, bad].join(',')),
  );
}

/** Not an http(s) URL (blank too unless `optional`). */
export function badUrl(optional = false): fc.Arbitrary<string> {
  const accepted = trimmed((value) => {
    if (optional && value === '') return true;
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  });
  return refused(
    [
      '',
      'ftp://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'example.com',
      '//example.com/x',
      'http//example.com',
      'http://',
      'https://[::1',
      'http://exa mple.com',
      'data:text/plain,x',
      'ws://example.com',
      'mailto:a@example.com',
    ],
    accepted,
  );
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Not a Kubernetes namespace name (RFC 1123 label, at most 63 characters). */
export function badNamespace(optional = false): fc.Arbitrary<string> {
  return refused(
    ['', 'Default', 'a_b', '-a', 'a-', 'a.b', 'a'.repeat(64), 'kube system', 'ns/other', '..'],
    trimmed((value) => (optional && value === '') || (value.length <= 63 && DNS_LABEL.test(value))),
  );
}

/** Not a Kubernetes object name (RFC 1123 subdomain, at most 253 characters); never blank. */
export function badObjectName(): fc.Arbitrary<string> {
  return refused(
    ['Web', 'a_b', '-a', 'a-', 'a..b', '.a', 'a'.repeat(254), 'web frontend', 'route/other'],
    trimmed((value) => value === '' || (value.length <= 253 && DNS_SUBDOMAIN.test(value))),
  );
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `KEY=value` lines where some line has no valid KEY before `=`, or a key is given twice. */
export function badKeyValueLines(): fc.Arbitrary<string> {
  const badKey = refused(
    ['', ' ', '1KEY', 'K EY', 'ké', '-K', '.K', 'K/K', 'K:K'],
    (key) => KEY.test(key.trim()) || /[=\n\r]/.test(key),
  );
  return fc.oneof(
    fc.tuple(badKey, hostile).map(([key, value]) => `${key}=${value}`),
    hostileNonBlank.filter((line) =>
      line.split(/\r?\n/).some((part) => part.trim() !== '' && !part.includes('=')),
    ),
    fc.constantFrom('A=1\nA=2', 'KEY=x\n=y'),
  );
}

// Control characters are a reason to refuse too; this character class is about everything else.
const INVALID_IN_REFERENCE = /[\s!"#$%&'()*+,;<=>?@[\\\]^`{|}~\u007f-\uffff]/;

/** A valid reference broken in one way, e.g. a tag where only a digest is allowed (`repository` + `@digest`). */
export function brokenImage(repository: string, digest: string): fc.Arbitrary<string> {
  const [host, ...path] = repository.split('/');
  const name = path.join('/');
  return fc.oneof(
    fc.constantFrom(
      '',
      `${repository}@sha256:${digest.slice(7, 20)}`,
      `${repository}@sha256:${'A'.repeat(64)}`,
      `${repository}@md5:${'0'.repeat(32)}`,
      `${repository}@${digest}@${digest}`,
      `${host}/${name.toUpperCase()}@${digest}`,
      `${host}/${name}/@${digest}`,
      `${host}//${name}@${digest}`,
      `${host}/../${name}@${digest}`,
      `https://${repository}@${digest}`,
      `${host}/${name} x@${digest}`,
      `${host}/${'a'.repeat(300)}@${digest}`,
      `:tag@${digest}`,
      `@${digest}`,
    ),
    // Junk holding a character that no repository name or tag may hold (white space, punctuation
    // outside . _ - / :, anything beyond ASCII).
    hostile
      .filter((junk) => INVALID_IN_REFERENCE.test(junk))
      .map((junk) => `${host}/${name}${junk}@${digest}`),
  );
}
