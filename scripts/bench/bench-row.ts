/**
 * One row of `npm run bench`'s table. Each benchmark still prints its own detail for people; it also
 * prints its headline figures as rows the runner (scripts/bench/all.ts) collects, so the table cannot
 * drift from what the benchmarks measured.
 */
export interface BenchRow {
  /** What was measured, e.g. "cold start, Node 20". */
  row: string;
  /** The figure as printed, e.g. "1.02–1.06×". */
  measured: string;
  /** What it is measured against, e.g. "@actions/core-only bundle". */
  against: string;
  /** The target, e.g. "≤ 1.10×". */
  target: string;
  met: boolean;
}

export const BENCH_ROW_PREFIX = 'BENCH-ROW ';

export function reportRow(row: BenchRow): void {
  console.log(`${BENCH_ROW_PREFIX}${JSON.stringify(row)}`);
}

/** Parses the rows out of a benchmark's stdout (other lines are its own detail). */
export function parseRows(stdout: string): BenchRow[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(BENCH_ROW_PREFIX))
    .map((line) => JSON.parse(line.slice(BENCH_ROW_PREFIX.length)) as BenchRow);
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
