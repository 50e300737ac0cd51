import { describe, InvalidValue } from './errors.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

export const DURATION_ACCEPTED = 'a duration such as 90s, 10m, 1h30m or 500ms (a bare number means seconds)';

/**
 * Parses a human duration (`90s`, `10m`, `1h30m`, `250ms`, or a bare number of seconds) into
 * milliseconds. Throws InvalidValue for anything else.
 */
export function parseDuration(text: string): number {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1_000);
  if (value === '') throw new InvalidValue('the value is empty', DURATION_ACCEPTED);
  let total = 0;
  let consumed = 0;
  DURATION_PART.lastIndex = 0;
  for (let match = DURATION_PART.exec(value); match; match = DURATION_PART.exec(value)) {
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    consumed = DURATION_PART.lastIndex;
  }
  if (consumed !== value.length) {
    throw new InvalidValue(`${describe(value)} is not a duration`, DURATION_ACCEPTED);
  }
  return Math.round(total);
}

/** Formats milliseconds the way people write durations: `1h30m`, `90s` → `1m30s`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, seconds] of [
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / seconds);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * seconds;
  }
  return parts.join('');
}
