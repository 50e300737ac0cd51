/**
 * Job summaries (GitHub-flavoured markdown, as the actions write them) rendered for a terminal: tables as
 * aligned columns, headings underlined, inline markup and HTML reduced to their text. Pure.
 */
export function markdownToText(markdown: string, indent = ''): string {
  const lines = markdown.replace(/\r/g, '').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimStart().startsWith('|')) {
      const rows: string[] = [];
      while (i < lines.length && lines[i].trimStart().startsWith('|')) rows.push(lines[i++]);
      i--;
      out.push(...table(rows));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const text = inline(heading[2]);
      out.push(text, (heading[1].length <= 2 ? '═' : '─').repeat(width(text)));
      continue;
    }
    if (/^\s*```/.test(line)) continue;
    const text = inline(line.replace(/^>\s?/, '│ ').replace(/^(\s*)[-*]\s+/, '$1• '));
    if (text.trim() === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(text);
  }
  while (out.at(-1) === '') out.pop();
  return out.map((line) => (line ? indent + line : line)).join('\n');
}

/** Splits a table row on unescaped pipes outside code spans. */
export function cells(row: string): string[] {
  const result: string[] = [];
  let cell = '';
  let code = false;
  const text = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (char === '`') {
      code = !code;
      cell += char;
    } else if (char === '|' && !code) {
      result.push(cell);
      cell = '';
    } else cell += char;
  }
  result.push(cell);
  return result.map((c) => inline(c.trim()));
}

function table(rows: string[]): string[] {
  const parsed = rows.filter((row) => !/^\s*\|?[\s:|-]+\|?\s*$/.test(row)).map(cells);
  const columns = Math.max(...parsed.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...parsed.map((r) => width(r[c] ?? ''))));
  const render = (row: string[]) =>
    row
      .map((cell, c) => (c === columns - 1 ? cell : cell + ' '.repeat(widths[c] - width(cell))))
      .join('  ')
      .trimEnd();
  const [header, ...body] = parsed;
  return [render(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(render)];
}

/** Inline markdown and the little HTML summaries use, reduced to plain text. */
function inline(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<summary>(.*?)<\/summary>/gi, '$1:')
    .replace(/<[^>]+>/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_all, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/&ge;/g, '≥')
    .replace(/&le;/g, '≤')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#124;/g, '|')
    .replace(/&#(\d+);/g, (_all, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** Display width: emoji (astral ones, and the BMP symbols summaries use: ✅ ❌ ⏳ ⏸) take two columns. */
function width(text: string): number {
  let columns = 0;
  for (const char of text)
    columns +=
      /\p{Extended_Pictographic}/u.test(char) && !/[\u2190-\u21ff\u2500-\u25ff✓✗•]/u.test(char) ? 2 : 1;
  return columns;
}
