import { appendFileSync } from 'node:fs';
import type { Logger } from './logger.js';

/** Where a job summary goes: GitHub's step summary file when there is one, otherwise the log. */
export interface SummarySink {
  /** Appends Markdown to the summary. */
  append(markdown: string): void;
}

/**
 * Writes to `GITHUB_STEP_SUMMARY` when the runner provides it; without it (local runs, other CI) the
 * summary is printed to the log so it is never lost.
 */
export function summarySink(summaryFile: string | undefined, logger: Logger): SummarySink {
  if (summaryFile) return { append: (markdown) => appendFileSync(summaryFile, ensureNewline(markdown)) };
  return {
    append: (markdown) => {
      for (const line of ensureNewline(markdown).trimEnd().split('\n')) logger.info(line);
    },
  };
}

/** Collects the summary in memory, for tests and for actions that compose summaries. */
export class MemorySummary implements SummarySink {
  markdown = '';
  append(markdown: string): void {
    this.markdown += ensureNewline(markdown);
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
