import fc from 'fast-check';
import { ConfigurationError } from '../../src/runtime/errors.js';
import type { InputReader } from '../../src/runtime/input-reader.js';
import { readerFor } from '../support/reader.js';

// Any string a user can type (including unicode, control characters and very long values) either
// parses or yields a ConfigurationError naming the input: never another exception.
const readers: [string, (read: InputReader) => unknown][] = [
  ['requiredString', (read) => read.requiredString('x')],
  ['boolean', (read) => read.boolean('x')],
  ['integer', (read) => read.integer('x', { min: -5, max: 500 })],
  ['optionalInteger', (read) => read.optionalInteger('x')],
  ['duration', (read) => read.duration('x', { min: 1_000, max: 3_600_000 })],
  ['percentage', (read) => read.percentage('x')],
  ['enumeration', (read) => read.enumeration('x', ['rolling', 'canary', 'blue-green'])],
  ['list', (read) => read.list('x')],
  ['multiline', (read) => read.multiline('x')],
  ['secret', (read) => read.requiredSecret('x')],
  ['url', (read) => read.url('x')],
];

const userText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.stringMatching(/^[0-9.+\-hmsu%]{0,12}$/),
  fc.constantFrom(
    '',
    ' ',
    'true',
    'TRUE',
    '1e3',
    '0x10',
    'NaN',
    'Infinity',
    '10m',
    '1h30m',
    '101%',
    'https://x',
    'ftp://x',
  ),
);

describe.each(readers)('%s reader under fuzzing', (_name, readWith) => {
  test('gives a value or a ConfigurationError naming the input (1,000 cases)', () => {
    fc.assert(
      fc.property(userText, (value) => {
        try {
          readWith(readerFor({ x: value }).read);
        } catch (error) {
          if (!(error instanceof ConfigurationError)) throw error;
          expect(error.input).toBe('x');
          expect(error.message).toMatch(/^Input 'x': .+\. Accepted: .+\.$/s);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
