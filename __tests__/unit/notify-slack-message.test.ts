import fc from 'fast-check';
import { buildSlackMessage, SLACK_LIMITS, type SlackMessage } from '../../src/notify/slack-message.js';
import { RELEASE_EVENTS, type Release } from '../../src/notify/release.js';
import { slackMessageError } from '../../scripts/testbed/stand-ins/slack.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function release(overrides: Partial<Release> = {}): Release {
  return {
    event: 'promoted',
    service: 'web',
    environment: 'production',
    digest: DIGEST,
    previousDigest: `sha256:${'cd'.repeat(32)}`,
    strategy: 'canary',
    verdict: 'promoted',
    reason: 'analysis-passed: all checks passed',
    metrics: [],
    change: { commitMessage: 'Fix the login page', branch: 'main' },
    run: {
      serverUrl: 'https://github.com',
      repository: 'acme/web',
      sha: 'f'.repeat(40),
      previousSha: 'e'.repeat(40),
      runUrl: 'https://github.com/acme/web/actions/runs/1',
      actor: 'alice',
    },
    at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Every limit Slack enforces, checked on a built message. */
function expectWithinLimits(message: SlackMessage): void {
  const json = JSON.stringify(message);
  expect(JSON.parse(json)).toEqual(message);
  expect(json).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(slackMessageError(message as unknown as Record<string, unknown>)).toBeUndefined();
}

describe('the Slack message', () => {
  test.each(RELEASE_EVENTS)('%s: headline, facts, next step, links', (event) => {
    const message = buildSlackMessage(release({ event }));
    expectWithinLimits(message);
    const json = JSON.stringify(message);
    expect(json).toContain('sha256:abababababab');
    expect(json).toContain('<https://github.com/acme/web/actions/runs/1|Run>');
    expect(json).toContain('<https://github.com/acme/web/compare/eeee');
    expect(message.text).toContain('web');
  });

  test('a rollback says where users are now and what to do', () => {
    const json = JSON.stringify(
      buildSlackMessage(
        release({ event: 'rolled-back', verdict: 'rolled-back', reason: 'error-rate: 7% > 1%' }),
      ),
    );
    expect(json).toContain('Users are back on sha256:cdcdcdcdcdcd');
    expect(json).toContain('error-rate: 7% &gt; 1%');
  });

  test('injection in user text is neutralised', () => {
    const message = buildSlackMessage(
      release({
        change: {
          commitMessage: '<!channel> <https://evil.example|docs> @here *bold*',
          branch: 'x<!here>',
          pullRequestTitle: '@everyone look',
        },
      }),
    );
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
    expect(json).not.toMatch(/@(here|everyone|channel)\b/);
  });

  test('a long analysis is cut with a pointer to the summary', () => {
    const metrics = Array.from({ length: 200 }, (_, i) => ({
      name: `check-${i}-${'x'.repeat(60)}`,
      value: '1',
      threshold: '< 2',
      passed: i % 3 !== 0,
    }));
    const message = buildSlackMessage(release({ metrics }));
    expectWithinLimits(message);
    expect(JSON.stringify(message)).toMatch(/and \d+ more in the run summary/);
    // Failed checks are listed first.
    expect(JSON.stringify(message)).toContain('✗ check-0-');
  });

  test('fuzzed commit messages, branches, titles and reasons always give valid JSON within Slack limits', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom(
        '"quotes" \'single\'',
        'line1\nline2\r\nline3',
        '```code``` `x`',
        '🚀🔥👩‍👩‍👧‍👦 émoji ✓',
        '<!channel> @here &amp; <>',
        '\\u0000 \u0000 \u2028',
      ),
      // 10 kB and more, built cheaply from a short random piece.
      fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
        .map((piece) => piece.repeat(Math.ceil(10_240 / piece.length))),
      fc.constant('`*_~<>&@'.repeat(1_300)),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...RELEASE_EVENTS),
        text,
        text,
        text,
        text,
        (event, commitMessage, branch, pullRequestTitle, reason) => {
          const message = buildSlackMessage(
            release({
              event,
              reason,
              service: branch.slice(0, 255) || 'web',
              change: { commitMessage, branch, pullRequestTitle, pullRequestNumber: 7 },
            }),
          );
          expectWithinLimits(message);
        },
      ),
      { numRuns: 300, endOnFailure: true },
    );
  });
});
