import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { renderReleaseCard } from '../../src/notify/release-card.js';
import type { Release } from '../../src/notify/release.js';
import { buildWebhookPayload, signBody, webhookRequest, SIGNATURE_HEADER } from '../../src/notify/webhook.js';
import { changeFromEventPayload, parseDigestInput, parseMetrics } from '../../src/notify/release-input.js';

const DIGEST = `sha256:${'9'.repeat(64)}`;
const base: Release = {
  event: 'rolled-back',
  service: 'web',
  environment: 'production',
  digest: DIGEST,
  previousDigest: `sha256:${'8'.repeat(64)}`,
  strategy: 'canary',
  verdict: 'rolled-back',
  reason: 'error-rate: 4.2% > 1% for 3 of 5 samples',
  metrics: [
    { name: 'error-rate', value: '4.2%', threshold: '< 1%', passed: false },
    { name: 'latency-p99', value: '180ms', threshold: '< 300ms', passed: true },
  ],
  environmentUrl: 'https://web.example.com/(beta)',
  change: {
    commitMessage: 'Fix checkout\n\n```\nrm -rf /\n```\n<script>alert(1)</script> @here',
    branch: 'feature/`x`',
    pullRequestTitle: 'Checkout | [click](https://evil)',
    pullRequestNumber: 12,
  },
  run: {
    serverUrl: 'https://github.com',
    repository: 'acme/web',
    sha: 'c'.repeat(40),
    previousSha: 'b'.repeat(40),
    runUrl: 'https://github.com/acme/web/actions/runs/5',
    actor: 'carol',
  },
  at: '2026-01-01T00:00:00Z',
};

describe('the release card', () => {
  const card = renderReleaseCard(base, [
    { target: 'Slack', ok: false, detail: 'the Slack channel is archived [is_archived]' },
  ]);

  test('says what happened, what it means and what to do, then the facts', () => {
    expect(card).toMatch(/^## ↩️ web rolled back in production\n/);
    expect(card).toContain(
      '**Users are back on sha256:888888888888. Read the reason and the analysis in the run before retrying this release.**',
    );
    expect(card).toContain('| Digest | `sha256:999999999999` (full: `' + DIGEST + '`) |');
    expect(card).toContain('| Reason | error-rate: 4.2% &gt; 1% for 3 of 5 samples |');
    expect(card).toContain(
      '| Diff from previous release | [compare](https://github.com/acme/web/compare/' +
        'b'.repeat(40) +
        '...' +
        'c'.repeat(40) +
        ') |',
    );
    expect(card).toContain('| Triggered by | carol |');
    expect(card).toContain('| error-rate | 4.2% | &lt; 1% | ❌ fail |');
    expect(card).toContain('- ⚠️ Slack: the Slack channel is archived \\[is\\_archived\\]');
  });

  test('user text cannot inject Markdown, HTML, mentions or break the table', () => {
    expect(card).toContain('| Pull request | #12 Checkout \\| \\[click\\](https://evil) |');
    expect(card).toContain('| Branch | `feature/ˋxˋ` |');
    expect(card).toContain('(https://web.example.com/%28beta%29)');
    // The commit message sits in a fenced block its own fences cannot close.
    const fenced = card.slice(card.indexOf('```text'), card.indexOf('</details>'));
    expect(fenced.match(/```/g)).toHaveLength(2);
    expect(card).not.toMatch(/@here\b/);
  });

  test('fuzzed user text never adds table rows or closes the commit block', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ maxLength: 200 }),
        (text, title) => {
          const out = renderReleaseCard({
            ...base,
            reason: text,
            change: { commitMessage: text, pullRequestTitle: title, branch: text },
          });
          const rows = out.split('\n').filter((line) => line.startsWith('| '));
          expect(
            rows.every(
              (row) => row.replace(/\\\|/g, '').split('|').length === 4 || row.split('|').length === 6,
            ),
          ).toBe(true);
          expect(out.match(/```/g)?.length ?? 0).toBe(text ? 2 : 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the webhook event', () => {
  test('carries every field, explicit nulls included, and is signed over the exact body', () => {
    const payload = buildWebhookPayload({ ...base, previousDigest: undefined }, 42, { approvals: [] });
    expect(payload).toMatchObject({
      schema: 'prodline.notify/v1',
      event: 'rolled-back',
      digest: DIGEST,
      previousDigest: null,
      deploymentId: 42,
      evidence: { approvals: [] },
    });
    expect(payload.links.diff).toContain('/compare/');
    const request = webhookRequest(payload, 'k');
    expect(request.headers[SIGNATURE_HEADER]).toBe(
      `sha256=${createHmac('sha256', 'k').update(request.body).digest('hex')}`,
    );
    expect(signBody('{}', 'k')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(webhookRequest(payload).headers[SIGNATURE_HEADER]).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual(payload);
  });
});

describe('values from other steps', () => {
  test('digests: bare or pinned references', () => {
    expect(parseDigestInput(DIGEST)).toEqual({ digest: DIGEST });
    expect(parseDigestInput(`ghcr.io/acme/web@${DIGEST}`)).toEqual({
      digest: DIGEST,
      image: 'ghcr.io/acme/web',
    });
    expect(() => parseDigestInput('ghcr.io/acme/web:1.0')).toThrow(/not a digest/);
    expect(() => parseDigestInput('sha256:abc')).toThrow();
  });

  test('analysis reports in the shapes verify-rollout may write', () => {
    expect(parseMetrics('[{"name":"a","value":1,"threshold":"< 2","passed":true}]')).toEqual([
      { name: 'a', value: '1', threshold: '< 2', passed: true },
    ]);
    expect(parseMetrics('{"checks":[{"name":"b","result":"FAIL"},{"name":"c","result":"skipped"}]}')).toEqual(
      [
        { name: 'b', value: undefined, threshold: undefined, passed: false },
        { name: 'c', value: undefined, threshold: undefined, passed: undefined },
      ],
    );
    expect(() => parseMetrics('{"verdict":"ok"}')).toThrow(/neither an array/);
    expect(() => parseMetrics('[{"value":1}]')).toThrow(/check 1 has no "name"/);
  });

  test('the event payload gives the commit message, PR title and number; odd shapes give nothing', () => {
    expect(
      changeFromEventPayload(
        { head_commit: { message: 'm' }, pull_request: { title: 't', number: 3 } },
        'main',
      ),
    ).toEqual({ commitMessage: 'm', pullRequestTitle: 't', pullRequestNumber: 3, branch: 'main' });
    expect(changeFromEventPayload('nonsense', undefined)).toEqual({
      commitMessage: undefined,
      pullRequestTitle: undefined,
      pullRequestNumber: undefined,
      branch: undefined,
    });
  });
});
