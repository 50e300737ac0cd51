import type { FaultAction, FaultMatch } from '../../scripts/testbed/kube-sim/faults.js';
import type { GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import type { SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import type { Harness } from './canary-deploy.js';
import type { Serving } from './cluster-state.js';
import type { FlakyProxy } from './flaky-proxy.js';
import { stageOf, type ChainOptions, type ChainRun, type Stage } from './pipeline-chain.js';

/**
 * The fault matrix's cases (run by __tests__/e2e/fault-matrix.test.ts): each fault at the stage where it
 * bites, transient and persistent, with the verdict and the cluster state each must end in, and a check
 * that the fault really bit (a case whose fault never fired proves nothing).
 */
export const MATRIX_KEYS = [
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'DOCKER_CLI',
  'TRIVY_PATH',
  'TRIVY_DB_REPOSITORY',
  'TRIVY_CACHE_DIR',
  'REGISTRY_AUTH',
  'REGISTRY_USER',
  'REGISTRY_PASSWORD',
  'SIGSTORE_FULCIO_URL',
  'SIGSTORE_REKOR_URL',
  'SIGSTORE_TSA_URL',
  'SIGSTORE_TRUSTED_ROOT',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'PROMETHEUS_URL',
  'METRICS_EXPORTER_URL',
] as const;

export type MatrixEnv = Record<(typeof MATRIX_KEYS)[number], string>;

export type Kind = 'transient' | 'persistent';

/** What a case leaves to check once the chain has run: that the fault really bit. */
export type Bit = (run: ChainRun) => void | Promise<void>;

export interface FaultCase {
  fault: string;
  stage: Stage;
  kind: Kind;
  /** The first stage run (build and sign are skipped when the fault is later: the digest is reused). */
  from: Stage;
  verdict: string;
  staging: Serving;
  production: Serving;
  arrange: () => Promise<{ options?: Partial<ChainOptions>; bit: Bit }>;
}

/** What the cases act on. Filled in by the test's beforeAll; a case touches it only when it runs. */
export interface MatrixWorld {
  env: MatrixEnv;
  staging: Harness;
  production: Harness;
  slack: SlackStandIn;
  github: GitHubStandIn;
  /** The digest serving before each case. */
  previous: string;
  /** A flaky proxy closed after the matrix. */
  proxy(
    target: string,
    failures: number,
    matches?: (method: string, path: string) => boolean,
  ): Promise<FlakyProxy>;
}

/** The matrix, in the order it runs: the first case builds the image the others reuse. */
export function faultCases(w: MatrixWorld): FaultCase[] {
  const writes = (method: string) => method !== 'GET' && method !== 'HEAD';
  const kubeFault = (h: () => Harness, match: FaultMatch, action: FaultAction, times?: number) => () =>
    h()
      .control.addFault(match, action, times)
      .then(() => undefined);
  /** Requests kube-sim answered with an injected fault. */
  const faulted = async (h: Harness) => (await h.control.requests()).requests.filter((r) => r.fault).length;

  const k8s = (stage: Stage, h: () => Harness, action: FaultAction, match: FaultMatch) =>
    ({
      transient: async () => ({
        options: { before: { [stage]: kubeFault(h, match, action, 1) } },
        bit: async () => expect(await faulted(h())).toBe(1),
      }),
      persistent: async () => ({
        options: { before: { [stage]: kubeFault(h, {}, action) } },
        bit: async (run: ChainRun) => {
          expect(await faulted(h())).toBeGreaterThan(1);
          expect(stageOf(run, stage)?.errors).toEqual([
            expect.stringMatching(/Kubernetes|API|connection|socket|429|500/i),
          ]);
        },
      }),
    }) satisfies Record<Kind, FaultCase['arrange']>;

  return [
    {
      fault: 'registry 5xx',
      stage: 'build',
      kind: 'transient',
      from: 'build',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => {
        const registry = await w.proxy(`http://${w.env.REGISTRY_AUTH}`, 3, writes);
        return {
          options: { registryFor: { build: registry.host } },
          bit: () => expect(registry.failed).toBe(3),
        };
      },
    },
    {
      fault: 'registry 5xx',
      stage: 'build',
      kind: 'persistent',
      from: 'build',
      verdict: 'build failed',
      staging: 'previous',
      production: 'previous',
      arrange: async () => {
        const registry = await w.proxy(`http://${w.env.REGISTRY_AUTH}`, Infinity, writes);
        return {
          options: { registryFor: { build: registry.host } },
          bit: (run) => {
            expect(registry.failed).toBeGreaterThan(1);
            expect(stageOf(run, 'build')?.errors).toEqual([expect.stringMatching(/503/)]);
          },
        };
      },
    },
    {
      fault: 'registry 5xx',
      stage: 'sign',
      kind: 'transient',
      from: 'sign',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => {
        const registry = await w.proxy(`http://${w.env.REGISTRY_AUTH}`, 3);
        return {
          options: { registryFor: { sign: registry.host } },
          bit: () => expect(registry.failed).toBe(3),
        };
      },
    },
    {
      fault: 'registry 5xx',
      stage: 'sign',
      kind: 'persistent',
      from: 'sign',
      verdict: 'sign failed',
      staging: 'previous',
      production: 'previous',
      arrange: async () => {
        const registry = await w.proxy(`http://${w.env.REGISTRY_AUTH}`, Infinity, writes);
        return {
          options: { registryFor: { sign: registry.host } },
          bit: (run) => {
            expect(registry.failed).toBeGreaterThan(1);
            expect(stageOf(run, 'sign')?.errors).toHaveLength(1);
          },
        };
      },
    },
    {
      fault: 'Sigstore 503',
      stage: 'sign',
      kind: 'transient',
      from: 'sign',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => {
        const fulcio = await w.proxy(w.env.SIGSTORE_FULCIO_URL, 2);
        const rekor = await w.proxy(w.env.SIGSTORE_REKOR_URL, 2);
        return {
          options: { inputs: { sign: { 'fulcio-url': fulcio.url, 'rekor-url': rekor.url } } },
          bit: () => {
            expect([fulcio.failed, rekor.failed]).toEqual([2, 2]);
            expect(fulcio.forwarded * rekor.forwarded).toBeGreaterThan(0);
          },
        };
      },
    },
    {
      fault: 'Sigstore 503',
      stage: 'sign',
      kind: 'persistent',
      from: 'sign',
      verdict: 'sign failed',
      staging: 'previous',
      production: 'previous',
      arrange: async () => {
        const rekor = await w.proxy(w.env.SIGSTORE_REKOR_URL, Infinity);
        return {
          options: { inputs: { sign: { 'rekor-url': rekor.url } } },
          bit: (run) => {
            expect(rekor.forwarded).toBe(0);
            expect(stageOf(run, 'sign')?.errors).toEqual([expect.stringMatching(/Rekor|TLOG/)]);
          },
        };
      },
    },
    ...(['transient', 'persistent'] as const).flatMap((kind): FaultCase[] => [
      {
        fault: 'Kubernetes 429',
        stage: 'deploy-staging',
        kind,
        from: 'deploy-staging',
        verdict: kind === 'transient' ? 'promoted' : 'deploy-staging failed',
        staging: kind === 'transient' ? 'new' : 'previous',
        production: kind === 'transient' ? 'new' : 'previous',
        arrange: k8s(
          'deploy-staging',
          () => w.staging,
          { type: 'throttle', retryAfterSeconds: 1 },
          { verb: 'patch' },
        )[kind],
      },
      {
        fault: 'Kubernetes 500',
        stage: 'deploy-production',
        kind,
        from: 'deploy-staging',
        verdict: kind === 'transient' ? 'promoted' : 'deploy-production failed',
        staging: 'new',
        production: kind === 'transient' ? 'new' : 'previous',
        arrange: k8s(
          'deploy-production',
          () => w.production,
          { type: 'error', status: 500 },
          { verb: 'patch' },
        )[kind],
      },
      {
        fault: 'Kubernetes reset',
        stage: 'deploy-production',
        kind,
        from: 'deploy-staging',
        verdict: kind === 'transient' ? 'promoted' : 'deploy-production failed',
        staging: 'new',
        production: kind === 'transient' ? 'new' : 'previous',
        arrange: k8s(
          'deploy-production',
          () => w.production,
          { type: 'reset', afterWrite: true },
          { verb: 'patch' },
        )[kind],
      },
    ]),
    {
      fault: 'Kubernetes 500 on reads after the canary write',
      stage: 'deploy-production',
      kind: 'persistent',
      from: 'deploy-staging',
      // canary-deploy's rollout wait fails with the canary written: it still outputs the workloads, so
      // verify-rollout runs (as in deploy.yml) once the API is back and decides: here, a healthy canary.
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => ({
        options: {
          before: {
            'deploy-production': async () => {
              for (const verb of ['list', 'watch'])
                await w.production.control.addFault(
                  { verb, resource: 'deployments' },
                  { type: 'error', status: 500 },
                );
            },
          },
          after: { 'deploy-production': () => w.production.control.clearFaults().then(() => undefined) },
        },
        bit: async (run) => {
          expect(await faulted(w.production)).toBeGreaterThan(1);
          expect(run.failed).toEqual(['deploy-production']);
          expect(JSON.parse(stageOf(run, 'deploy-production')?.outputs.workloads ?? '[]')).toHaveLength(2);
        },
      }),
    },
    {
      fault: 'Kubernetes 500',
      stage: 'verify',
      kind: 'transient',
      from: 'deploy-staging',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: k8s('verify', () => w.production, { type: 'error', status: 500 }, { verb: 'patch' }).transient,
    },
    {
      fault: 'Kubernetes 500',
      stage: 'verify',
      kind: 'persistent',
      from: 'deploy-staging',
      verdict: 'failed',
      staging: 'new',
      production: 'mixed',
      arrange: async () => ({
        options: {
          before: { verify: kubeFault(() => w.production, {}, { type: 'error', status: 500 }) },
          after: { verify: () => w.production.control.clearFaults().then(() => undefined) },
        },
        bit: async (run) => {
          // Nothing can change a cluster whose API is down: the one accepted mixture, reported as
          // such, with a verdict (not an empty output) for notify and the release evidence.
          const verify = stageOf(run, 'verify');
          expect(await faulted(w.production)).toBeGreaterThan(1);
          expect(JSON.parse(verify?.outputs.reason ?? '{}')).toMatchObject({ code: 'kubernetes-api' });
          expect(verify?.errors).toEqual([expect.stringMatching(/^verify-rollout: failed: Kubernetes: /)]);
        },
      }),
    },
    {
      fault: 'watch drop',
      stage: 'verify',
      kind: 'transient',
      from: 'deploy-staging',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => ({
        options: {
          before: {
            verify: kubeFault(() => w.production, { verb: 'watch' }, { type: 'end-watch', afterMs: 50 }, 2),
          },
        },
        bit: async () => expect(await faulted(w.production)).toBe(2),
      }),
    },
    {
      fault: 'watch drop',
      stage: 'verify',
      kind: 'persistent',
      from: 'deploy-staging',
      // Watches are renewed (and re-listed): a watch that keeps dropping delays nothing that matters.
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => ({
        options: {
          before: {
            verify: kubeFault(() => w.production, { verb: 'watch' }, { type: 'end-watch', afterMs: 50 }),
          },
        },
        bit: async () => expect(await faulted(w.production)).toBeGreaterThan(2),
      }),
    },
    {
      fault: 'Prometheus down',
      stage: 'verify',
      kind: 'transient',
      from: 'deploy-staging',
      verdict: 'promoted',
      staging: 'new',
      production: 'new',
      arrange: async () => {
        const prometheus = await w.proxy(w.env.PROMETHEUS_URL, 2);
        return {
          options: { inputs: { verify: { 'prometheus-url': prometheus.url } } },
          bit: () => {
            // The opening query and the first sample fail (errors counted, not retried away); the
            // second sample passes, and 2 errors in a row stay under consecutive-error-limit 3.
            expect([prometheus.failed, prometheus.forwarded]).toEqual([2, 1]);
          },
        };
      },
    },
    {
      fault: 'Prometheus down',
      stage: 'verify',
      kind: 'persistent',
      from: 'deploy-staging',
      verdict: 'rolled-back',
      staging: 'new',
      production: 'previous',
      arrange: async () => {
        const prometheus = await w.proxy(w.env.PROMETHEUS_URL, Infinity);
        return {
          options: { inputs: { verify: { 'prometheus-url': prometheus.url } } },
          bit: (run) => {
            expect(prometheus.forwarded).toBe(0);
            const verify = stageOf(run, 'verify');
            expect(JSON.parse(verify?.outputs.reason ?? '{}')).toMatchObject({ code: 'prometheus-errors' });
            expect(verify?.outputs['rolled-back-to']).toBe(w.previous);
          },
        };
      },
    },
    ...(['transient', 'persistent'] as const).flatMap((kind): FaultCase[] => {
      const times = kind === 'transient' ? 1 : 50;
      return [
        {
          fault: 'Slack 429',
          stage: 'notify',
          kind,
          from: 'deploy-staging',
          verdict: 'promoted',
          staging: 'new',
          production: 'new',
          arrange: async () => {
            const before = w.slack.messages.length;
            const answers = Array.from({ length: times }, () => ({
              route: 'chat.postMessage' as const,
              status: 429,
              retryAfterSeconds: 1,
            }));
            return {
              options: { before: { notify: async () => w.slack.script(...answers) } },
              bit: (run) => {
                const notify = stageOf(run, 'notify');
                // A notification failure is a warning: it never changes the release's outcome.
                expect(notify?.exitCode).toBe(0);
                expect(w.slack.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
                if (kind === 'transient') {
                  expect(w.slack.messages.length).toBe(before + 1);
                  expect(notify?.warnings).toEqual([]);
                } else {
                  expect(w.slack.messages.length).toBe(before);
                  expect(notify?.warnings).toEqual([expect.stringMatching(/Slack/)]);
                }
              },
            };
          },
        },
        {
          fault: 'GitHub 502',
          stage: 'notify',
          kind,
          from: 'deploy-staging',
          verdict: 'promoted',
          staging: 'new',
          production: 'new',
          arrange: async () => {
            const before = w.github.deployments.length;
            return {
              options: {
                before: {
                  notify: async () =>
                    w.github.script(...Array.from({ length: times }, () => ({ status: 502 }))),
                },
              },
              bit: (run) => {
                const notify = stageOf(run, 'notify');
                expect(notify?.exitCode).toBe(0);
                const created = w.github.deployments.slice(before);
                if (kind === 'transient') {
                  expect(created).toHaveLength(1);
                  expect(w.github.stateOf(created[0].id)).toBe('success');
                  expect(notify?.warnings).toEqual([]);
                } else {
                  expect(notify?.warnings).toEqual([expect.stringMatching(/GitHub/)]);
                }
                expect(w.github.violations).toEqual([]);
              },
            };
          },
        },
      ];
    }),
  ];
}
