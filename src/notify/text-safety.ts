/**
 * Escaping for user-controlled text (commit messages, branch names, PR titles, reasons) in each place
 * prodline writes it: Slack mrkdwn, Slack plain text, GitHub Markdown. JSON needs no help beyond
 * JSON.stringify, provided nothing here leaves half a surrogate pair behind.
 */

// Broadcast mentions a commit message could smuggle in ("@channel", "<!here>"). A word joiner after
// the "@" keeps the text readable but stops Slack (and GitHub) from treating it as a mention.
const BROADCAST = /@(channel|here|everyone)\b/gi;
const WORD_JOINER = '\u2060';

// Half a surrogate pair (possible in JSON-decoded text) is not a character: Slack rejects it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces lone surrogates with U+FFFD so the text is well-formed Unicode. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Breaks `@channel`, `@here` and `@everyone` so they read the same but notify nobody (and makes the text well-formed). */
export function neutraliseMentions(text: string): string {
  return wellFormed(text).replace(BROADCAST, `@${WORD_JOINER}$1`);
}

/**
 * Escapes text for Slack mrkdwn: `&`, `<` and `>` become entities (as Slack requires), which also
 * defuses `<!channel>`, `<@U123>` and `<https://evil|innocent text>` link injection; formatting
 * characters are replaced by look-alikes so a commit message cannot bold, strike or open a code span.
 */
export function escapeSlackMrkdwn(text: string): string {
  return neutraliseMentions(
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[*_~`]/g, (c) => MRKDWN_LOOKALIKE[c] ?? c),
  );
}

// Slack mrkdwn has no backslash escape, so formatting characters are swapped for near look-alikes.
const MRKDWN_LOOKALIKE: Record<string, string> = { '*': '∗', _: 'ˍ', '~': '∼', '`': 'ˋ' };

/** Text for a Slack `plain_text` object: no markup is parsed there, only mentions need defusing. */
export function slackPlainText(text: string): string {
  return neutraliseMentions(text);
}

/**
 * Escapes text for GitHub-flavoured Markdown on one line (a table cell or a list item, never the
 * start of a line): emphasis, code, link and table punctuation is backslash-escaped, HTML is turned
 * into entities, new lines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return neutraliseMentions(
    text
      .replace(/\r?\n|\r/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~]/g, '\\$&'),
  );
}

/**
 * Text inside a Markdown code span: backticks cannot be escaped there, so they are replaced by a
 * look-alike; new lines become spaces.
 */
export function markdownCode(text: string): string {
  return `\`${neutraliseMentions(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/`/g, 'ˋ')
    // A table cell ends at a pipe even inside a code span (GFM); `\|` is the escape tables honour there.
    .replace(/\|/g, '\\|')}\``;
}

/**
 * Cuts text to at most `max` UTF-16 units, never inside a surrogate pair (so JSON stays well formed)
 * nor inside an HTML entity produced by escaping, and says visibly that it was cut.
 */
export function truncate(text: string, max: number, marker = '… (truncated)'): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - marker.length));
  // Half a surrogate pair would become an invalid character.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // Half an entity (`&am`) would show as garbage.
  cut = cut.replace(/&[a-z]{0,5}$/, '');
  return `${cut}${marker}`;
}

/** The first line of a commit message (its subject), for places that show one line. */
export function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0]?.trim() ?? '';
}
