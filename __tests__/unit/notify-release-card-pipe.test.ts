import { markdownCode } from '../../src/notify/text-safety.js';

// Found by the release-card fuzz test (counterexample: a branch named "|"): a pipe inside a code span
// still ends a GFM table cell, so it must be escaped there.
test('a pipe in a code span is escaped so a table row keeps its cells', () => {
  expect(markdownCode('|')).toBe('`\\|`');
  expect(`| Branch | ${markdownCode('a|b')} |`.replace(/\\\|/g, '').split('|')).toHaveLength(4);
});
