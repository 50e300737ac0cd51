import fc from 'fast-check';
import {
  escapeMarkdown,
  escapeSlackMrkdwn,
  markdownCode,
  neutraliseMentions,
  slackPlainText,
  truncate,
} from '../../src/notify/text-safety.js';

describe('Slack mrkdwn escaping', () => {
  test.each([
    ['<!channel> deploy now', '&lt;!channel&gt; deploy now'],
    ['<!here|here>', '&lt;!here|here&gt;'],
    ['<@U012345> look', '&lt;@U012345&gt; look'],
    [
      '<https://evil.example|https://github.com/acme/web>',
      '&lt;https://evil.example|https://github.com/acme/web&gt;',
    ],
    ['fix & ship', 'fix &amp; ship'],
    ['*bold* _it_ ~gone~ `code`', '∗bold∗ ˍitˍ ∼gone∼ ˋcodeˋ'],
  ])('%j → %j', (input, expected) => {
    expect(escapeSlackMrkdwn(input)).toBe(expected);
  });

  test('broadcast mentions are broken but stay readable', () => {
    const out = escapeSlackMrkdwn('ping @channel and @here and @everyone, not @channeling');
    expect(out).not.toMatch(/@(channel|here|everyone)\b/);
    expect(out.replace(/\u2060/g, '')).toBe('ping @channel and @here and @everyone, not @channeling');
    expect(slackPlainText('@here')).not.toBe('@here');
    expect(neutraliseMentions('@HERE')).not.toMatch(/@here/i);
  });

  test('no escaped output can open a link, a mention or a special command', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = escapeSlackMrkdwn(text);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(/@(channel|here|everyone)\b/i);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Markdown escaping', () => {
  test('HTML, links, emphasis and table pipes are neutralised; one line', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeMarkdown('[click](https://evil)')).toBe('\\[click\\](https://evil)');
    expect(escapeMarkdown('a | b\nc')).toBe('a \\| b c');
    expect(escapeMarkdown('*x* _y_ `z`')).toBe('\\*x\\* \\_y\\_ \\`z\\`');
  });

  test('code spans cannot be closed early', () => {
    expect(markdownCode('a`b\nc')).toBe('`aˋb c`');
  });
});

describe('truncate', () => {
  test('short text is unchanged; long text is cut visibly to the limit', () => {
    expect(truncate('abc', 10)).toBe('abc');
    const out = truncate('x'.repeat(5000), 3000);
    expect(out.length).toBeLessThanOrEqual(3000);
    expect(out.endsWith('… (truncated)')).toBe(true);
  });

  test('never splits a surrogate pair nor an entity', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 20, max: 300 }),
        (text, max) => {
          const out = truncate(escapeSlackMrkdwn(text), max);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
          expect(out).not.toMatch(/&[a-z]{0,4}… \(truncated\)$/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
