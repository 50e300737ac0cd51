import { cells, markdownToText } from '../../scripts/lib/markdown-text.js';

// Job summaries in the terminal (npm run demo): tables aligned, markup reduced to its text.
test('a summary table becomes aligned columns under its heading', () => {
  const text = markdownToText(
    [
      '### ✅ PROMOTED',
      '',
      '| check | last sample | result |',
      '|---|:--|--:|',
      '| `error-rate` | 0 within &le; 0.05 | **pass** |',
      '| latency-p99 | 0.18 s | pass |',
    ].join('\n'),
  );
  expect(text.split('\n')).toEqual([
    '✅ PROMOTED',
    '───────────',
    '',
    'check        last sample      result',
    '───────────  ───────────────  ──────',
    'error-rate   0 within ≤ 0.05  pass',
    'latency-p99  0.18 s           pass',
  ]);
});

test('escaped pipes and pipes inside code spans stay in their cell; links keep their address', () => {
  expect(cells('| a \\| b | `x|y` | [run](https://example.test/1) |')).toEqual([
    'a | b',
    'x|y',
    'run (https://example.test/1)',
  ]);
  expect(markdownToText('<details><summary>Queries</summary>\n\n- one<br>two\n</details>')).toBe(
    'Queries:\n\n• one two',
  );
});
