import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandFile, runBundle } from './run-bundle.js';
import type { SkippedLocally, StepExecutor, StepPlace, StepRun } from './workflow-runner.js';

/** How the local runner reaches this machine's stand-ins for what GitHub's runners reach on the internet. */
export interface LocalRunner {
  /** What every step sees, as a runner's environment: PATH, HOME, Docker, GITHUB_* context variables. */
  env: Record<string, string>;
  /** The caller's checkout (GITHUB_WORKSPACE): steps run there. */
  workspace: string;
  /** Where each job's RUNNER_TEMP is made. */
  tempRoot: string;
  /**
   * Inputs the workflows leave at their defaults because on GitHub the defaults are right: public
   * services (Fulcio, Rekor, Slack, a Trivy download) and the runner's Docker (a bridge network for RUN
   * steps). Here they point at the testbed and its bridge-less dockerd. Refused if a step sets the input
   * itself, so a machine input can never change the wiring under test.
   */
  machineInputs: Record<string, Record<string, string>>;
  /** Given to jobs whose permissions grant `id-token: write` only, as GitHub does. */
  oidc: Record<string, string>;
  /** Values that must never be shown (registry password, tokens, kubeconfigs). */
  secrets: string[];
  timeoutMs?: number;
}

/** A `run:` step that needs GitHub itself is not run here; the reason is shown instead. */
const NEEDS_GITHUB: [RegExp, string][] = [
  [/\bgh\s+api\b/, 'calls the GitHub API with gh (the run’s environment approvals)'],
  [/\baws\s|\bgcloud\s|\baz\s/, 'needs a cloud CLI and its login'],
];

/** What a third-party action would do on GitHub, and why the local run can do without it. */
const THIRD_PARTY: Record<string, string> = {
  'actions/checkout': 'checks out code; here the demo prepared the workspace and runs the committed bundles',
  'actions/upload-artifact': 'stores an artifact in GitHub',
  'github/codeql-action/upload-sarif': 'sends the SARIF to GitHub code scanning',
};

/**
 * The executor for local runs: prodline's actions run as their committed bundles (run-bundle.ts), `run:`
 * steps run in bash as the runner runs them (`bash -e`, GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY
 * files) unless they need GitHub. Every log is redacted of the secrets and of what the step masked.
 */
export function localSteps(runner: LocalRunner): StepExecutor {
  let temps = 0;
  const envFor = (place: StepPlace) => ({
    ...runner.env,
    ...place.env,
    ...(place.permissions['id-token'] === 'write' ? runner.oidc : {}),
    RUNNER_TEMP: place.runnerTemp,
    // Each job is a fresh runner: a login in one job is not there in the next.
    DOCKER_CONFIG: join(place.runnerTemp, '.docker'),
    GITHUB_WORKSPACE: runner.workspace,
  });
  return {
    thirdParty(uses) {
      const name = uses.split('@')[0];
      return {
        skippedLocally: `${name} ${THIRD_PARTY[name] ?? 'is a third-party action, run on GitHub only'}`,
      };
    },

    runnerTemp: (job) => mkdtempSync(join(runner.tempRoot, `${job.replace(/\W+/g, '-')}-`)),

    async action(action, inputs, place) {
      const machineInputs = runner.machineInputs[action] ?? {};
      const clash = Object.keys(machineInputs).filter((name) => name in inputs);
      if (clash.length > 0)
        throw new Error(
          `${place.job} / ${place.name}: the workflow sets ${clash.join(', ')} itself; a machine input must not override it`,
        );
      const result = await runBundle(
        action,
        { ...inputs, ...machineInputs },
        { env: envFor(place), cwd: runner.workspace, timeoutMs: runner.timeoutMs ?? 300_000 },
      );
      const masks = masked(result.stdout);
      return {
        exitCode: result.exitCode ?? 1,
        outputs: result.outputs,
        summary: redact(result.summary, [...runner.secrets, ...masks]),
        log: redact(readableLog(result.stdout + result.stderr), [...runner.secrets, ...masks]),
      };
    },

    async script(script, place): Promise<StepRun | SkippedLocally> {
      const needs = NEEDS_GITHUB.find(([pattern]) => pattern.test(script));
      if (needs) return { skippedLocally: `this script ${needs[1]}` };
      const dir = join(place.runnerTemp, `step-${++temps}`);
      const files = {
        GITHUB_OUTPUT: `${dir}-output`,
        GITHUB_ENV: `${dir}-env`,
        GITHUB_STEP_SUMMARY: `${dir}-summary`,
      };
      for (const file of Object.values(files)) writeFileSync(file, '');
      writeFileSync(`${dir}.sh`, script);
      const { code, output } = await bash(`${dir}.sh`, { ...envFor(place), ...files }, runner.workspace);
      const read = (file: string) => readFileSync(file, 'utf8');
      return {
        exitCode: code,
        outputs: parseCommandFile(read(files.GITHUB_OUTPUT)),
        env: parseCommandFile(read(files.GITHUB_ENV)),
        summary: redact(read(files.GITHUB_STEP_SUMMARY), runner.secrets),
        log: redact(readableLog(output), runner.secrets),
      };
    },
  };
}

/** The values a step registered with `::add-mask::`. */
function masked(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length).trim())
    .filter((value) => value.length > 0);
}

/** Replaces every secret (longest first, so one inside another is not half-shown) with `***`. */
export function redact(text: string, secrets: string[]): string {
  const values = [
    ...new Set(secrets.flatMap((s) => [s, ...s.split('\n')]).filter((s) => s.trim().length >= 4)),
  ];
  values.sort((a, b) => b.length - a.length);
  return values.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** A log as the Actions UI shows it: workflow commands turned into words, masks and debug lines dropped. */
export function readableLog(text: string): string {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('::add-mask::') && !line.startsWith('::debug::'))
    .map((line) =>
      line
        .replace(/^::(error|warning|notice)(?: [^:]*)?::/, (_all, kind: string) => `${kind}: `)
        .replace(/^::group::/, '▸ ')
        .replace(/^::endgroup::$/, '')
        .replace(/%0A/g, '\n    ')
        .replace(/%0D/g, '')
        .replace(/%25/g, '%'),
    )
    .filter(Boolean)
    .join('\n');
}

function bash(
  file: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // The runner's default shell for `run:` on Linux: bash -e {0}.
    const child = spawn('bash', ['-e', file], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
