import { mkdirSync } from 'node:fs';
import fc from 'fast-check';
import { readActionMetadata } from '../../scripts/lib/action-metadata.js';
import { runBundle, type BundleResult } from '../../scripts/lib/run-bundle.js';
import { crashSigns, errorLines, foreignCommands } from './bundle-output.js';
import { hostileNonBlank } from './fuzz-values.js';
import type { WriteWatch } from './write-watch.js';

/**
 * Bad-input fuzzing of one action's bundle, run as a process per case the way the runner runs it. Every
 * case is built to be refused: the valid inputs are aimed at live services, so an input that slipped
 * through validation would really write to a registry, a cluster or a receiver.
 */
export interface FuzzSpec {
  action: string;
  /** Valid inputs (beyond action.yml defaults) that, left alone, would do real work against the services. */
  inputs: Record<string, string>;
  env: Record<string, string>;
  /** Per input: values that validation must refuse, naming that input. */
  invalid: Record<string, fc.Arbitrary<string>>;
  /** Inputs to change alongside an invalid value of the key (e.g. `selector` needs `workloads` empty). */
  companions?: Record<string, Record<string, string>>;
  /** Per input: values that pass the input readers but must be refused before anything is written. */
  runtime?: Record<string, fc.Arbitrary<string>>;
  /** Free-form inputs (anything is a valid value): a hostile value beside an invalid one must not break the refusal. */
  freeText?: string[];
  /** Combinations of valid-looking values refused for cross-input reasons: the inputs named, the values. */
  combos?: { names: string[]; values: Record<string, string>; env?: Record<string, string | undefined> }[];
}

export type CaseKind = 'invalid' | 'combo' | 'runtime' | 'free-text';

export interface FuzzCase {
  kind: CaseKind;
  /** An error must name one of these inputs (empty: any single error line will do). */
  names: string[];
  values: Record<string, string>;
  env?: Record<string, string | undefined>;
}

/** Every input of action.yml that the spec does not fuzz in any way. */
export function unfuzzedInputs(spec: FuzzSpec): string[] {
  const covered = new Set([
    ...Object.keys(spec.invalid),
    ...Object.keys(spec.runtime ?? {}),
    ...(spec.freeText ?? []),
    ...(spec.combos ?? []).flatMap((combo) => Object.keys(combo.values)),
  ]);
  return Object.keys(readActionMetadata(spec.action).inputs).filter((name) => !covered.has(name));
}

/** The generator of cases: each input equally often, the cross-input combinations now and then. */
export function fuzzCases(spec: FuzzSpec): fc.Arbitrary<FuzzCase> {
  const invalidNames = Object.keys(spec.invalid);
  const arbitraries: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [];
  for (const [name, values] of Object.entries(spec.invalid))
    arbitraries.push({
      weight: 10,
      arbitrary: values.map((value) => ({
        kind: 'invalid',
        names: [name],
        values: { ...spec.companions?.[name], [name]: value },
      })),
    });
  for (const [name, values] of Object.entries(spec.runtime ?? {}))
    arbitraries.push({
      weight: 10,
      arbitrary: values.map((value) => ({ kind: 'runtime', names: [], values: { [name]: value } })),
    });
  for (const name of spec.freeText ?? [])
    arbitraries.push({
      weight: 10,
      arbitrary: fc
        .tuple(hostileNonBlank, fc.constantFrom(...invalidNames.filter((other) => other !== name)))
        .chain(([text, anchor]) =>
          spec.invalid[anchor].map((bad) => ({
            kind: 'free-text' as const,
            names: [anchor, name],
            values: { ...spec.companions?.[anchor], [name]: text, [anchor]: bad },
          })),
        ),
    });
  if (spec.combos?.length)
    arbitraries.push({
      weight: 5 * spec.combos.length,
      arbitrary: fc
        .constantFrom(...spec.combos)
        .map((combo) => ({ kind: 'combo', names: combo.names, values: combo.values, env: combo.env })),
    });
  return fc.oneof(...arbitraries);
}

/** The longest `::error::` line accepted: a pasted blob must not flood the log (a literal, not the code's). */
const MAX_ERROR_LINE = 2_000;

/** What is wrong with a refused case's run (empty when it was refused cleanly). */
export function problemsOf(fuzzCase: FuzzCase, result: BundleResult): string[] {
  const problems: string[] = [];
  const errors = errorLines(result);
  if (result.exitCode !== 1) problems.push(`exit code ${result.exitCode} (a bad input must fail the step)`);
  if (errors.length !== 1) problems.push(`${errors.length} ::error:: lines: ${JSON.stringify(errors)}`);
  for (const sign of crashSigns(result)) problems.push(`crash: ${sign}`);
  // Node's own deprecation warnings (client-node loads `punycode` under Node 24) are not the action's.
  const stderr = result.stderr
    .split('\n')
    .filter(
      (line) => !/^\(node:\d+\) \[DEP\d+\] DeprecationWarning: |^\(Use `node --trace-deprecation/.test(line),
    )
    .join('\n')
    .trim();
  if (stderr !== '') problems.push(`stderr: ${JSON.stringify(stderr.slice(0, 500))}`);
  const foreign = foreignCommands(result);
  if (foreign.length > 0) problems.push(`workflow commands injected: ${JSON.stringify(foreign)}`);
  if (Object.keys(result.outputs).length > 0) problems.push(`outputs set: ${JSON.stringify(result.outputs)}`);
  const error = errors[0];
  if (error !== undefined) {
    if (error.length > MAX_ERROR_LINE) problems.push(`the error line is ${error.length} characters long`);
    if (fuzzCase.names.length > 0) {
      const named = /^::error::Input '([^']+)': .+\. Accepted: .+/s.exec(error)?.[1]?.split(', ') ?? [];
      if (!named.some((name) => fuzzCase.names.includes(name)))
        problems.push(`the error does not name ${fuzzCase.names.join(' or ')}: ${error.slice(0, 300)}`);
    }
  }
  return problems;
}

export interface FuzzReport {
  cases: number;
  byKind: Record<CaseKind, number>;
  wallMs: number;
  /** Mean process time (ms) per input changed, slowest first: where the suite's time goes. */
  msByInput: [string, number][];
  /** Each failing case: its index in the sample, the values, the problems. */
  failures: { index: number; fuzzCase: FuzzCase; problems: string[] }[];
}

/**
 * Runs `runs` cases sampled with `seed`, `concurrency` bundle processes at a time, checking after each
 * that the services recorded no write. Stops early after a few failures.
 */
export async function fuzzBundle(
  spec: FuzzSpec,
  options: {
    runs: number;
    seed: number;
    concurrency: number;
    node: string;
    watch: WriteWatch;
    cacheDir: string;
  },
): Promise<FuzzReport> {
  mkdirSync(options.cacheDir, { recursive: true });
  const cases = fc.sample(fuzzCases(spec), { numRuns: options.runs, seed: options.seed });
  const report: FuzzReport = {
    cases: cases.length,
    byKind: { invalid: 0, combo: 0, runtime: 0, 'free-text': 0 },
    wallMs: 0,
    msByInput: [],
    failures: [],
  };
  const times = new Map<string, number[]>();
  for (const fuzzCase of cases) report.byKind[fuzzCase.kind]++;
  const started = Date.now();
  let mark = options.watch.mark();
  let next = 0;
  const running = new Set<number>();
  const worker = async () => {
    while (next < cases.length && report.failures.length < 5) {
      const index = next++;
      const fuzzCase = cases[index];
      running.add(index);
      const env: Record<string, string> = { ...spec.env, NODE_COMPILE_CACHE: options.cacheDir };
      for (const [key, value] of Object.entries(fuzzCase.env ?? {}))
        if (value === undefined) delete env[key];
        else env[key] = value;
      const result = await runBundle(
        spec.action,
        { ...spec.inputs, ...fuzzCase.values },
        { node: options.node, env, timeoutMs: 120_000 },
      );
      const key = Object.keys(fuzzCase.values).join('+');
      times.set(key, [...(times.get(key) ?? []), result.durationMs]);
      const problems = problemsOf(fuzzCase, result);
      const writes = options.watch.since(mark);
      mark = options.watch.mark();
      if (writes.length > 0)
        problems.push(
          `writes while cases ${[...running].join(', ')} ran: ${JSON.stringify(writes.slice(0, 10))}`,
        );
      running.delete(index);
      if (problems.length > 0) report.failures.push({ index, fuzzCase, problems });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  report.wallMs = Date.now() - started;
  report.msByInput = [...times.entries()]
    .map(([key, values]): [string, number] => [
      key,
      Math.round(values.reduce((a, b) => a + b, 0) / values.length),
    ])
    .sort((a, b) => b[1] - a[1]);
  return report;
}

/** A failure report that can be read in a CI log: the seed, each case's values (long ones shortened), the problems. */
export function describeFailures(spec: FuzzSpec, seed: number, report: FuzzReport): string {
  const shorten = (value: string) =>
    value.length > 200
      ? `${JSON.stringify(value.slice(0, 200))}… (${value.length} characters)`
      : JSON.stringify(value);
  return [
    `${spec.action}: ${report.failures.length} failing case(s); reproduce with PRODLINE_FUZZ_SEED=${seed}`,
    ...report.failures.map(({ index, fuzzCase, problems }) =>
      [
        `case ${index} (${fuzzCase.kind}):`,
        ...Object.entries(fuzzCase.values).map(([name, value]) => `  ${name} = ${shorten(value)}`),
        ...Object.entries(fuzzCase.env ?? {}).map(([name, value]) => `  env ${name} = ${value ?? '(unset)'}`),
        ...problems.map((problem) => `  ✗ ${problem.slice(0, 1_000)}`),
      ].join('\n'),
    ),
  ].join('\n');
}
