import { parseMatcherSet, type AlertMatcher } from '../../analysis/alert-matchers.js';
import type { AnalysisSettings } from '../../analysis/analysis-engine.js';
import { parseAnalysisSpec, type AnalysisSpec } from '../../analysis/analysis-spec.js';
import { parseHealthCheck, type HealthCheck } from '../../analysis/health-url.js';
import { NO_DATA } from '../../analysis/sample-judgement.js';
import { parseWorkloads, type WorkloadRef } from '../../analysis/workloads.js';
import { ConfigurationError, InvalidValue } from '../../runtime/errors.js';
import { readGitHubContext, type GitHubContext } from '../../runtime/github-context.js';
import type { InputReader } from '../../runtime/input-reader.js';
import { parseNamespace } from '../kube-inputs.js';

export const NO_DATA_POLICIES = NO_DATA;
export const ON_FAILURE = ['rollback', 'freeze', 'none'] as const;

/**
 * Everything verify-rollout needs, validated; names follow action.yml. The analysis settings (interval,
 * duration, count, limits, min-requests, no-data) are the engine's own type, so they pass straight through.
 */
export interface VerifyRolloutInputs extends AnalysisSettings {
  /** Workloads to watch: canary-deploy's list or names; empty when `selector` is used. */
  workloads: WorkloadRef[];
  /** A label selector choosing the Deployments to watch (instead of `workloads`). */
  selector?: string;
  namespace: string;
  context?: string;
  /** KUBECONFIG as the runner's environment gives it (a cloud login action sets it). */
  kubeconfig?: string;
  timeoutMs: number;
  maxRestarts: number;
  healthChecks: HealthCheck[];
  healthIntervalMs: number;
  healthSuccesses: number;
  prometheus?: {
    url: string;
    token?: string;
    username?: string;
    password?: string;
    /** Custom CA (PEM content or path) for a private Prometheus. */
    ca?: string;
  };
  analysis?: AnalysisSpec;
  alertmanagerUrl?: string;
  /** Abort when an alert matching any of these matcher sets fires. */
  abortOnAlerts: AlertMatcher[][];
  onFailure: (typeof ON_FAILURE)[number];
  autoPromote: boolean;
  github: GitHubContext;
}

/** Reads and validates every verify-rollout input before any cluster or Prometheus call. */
export function parseInputs(read: InputReader): VerifyRolloutInputs {
  const prometheusUrl = read.url('prometheus-url');
  const prometheusToken = read.secret('prometheus-token');
  const prometheusUsername = read.string('prometheus-username');
  const prometheusPassword = read.secret('prometheus-password');
  const prometheusCa = read.string('prometheus-ca');
  const inputs: VerifyRolloutInputs = {
    workloads: read.custom('workloads', parseWorkloads) ?? [],
    selector: read.custom('selector', parseLabelSelector),
    namespace: read.requiredCustom('namespace', parseNamespace, 'a namespace name such as production'),
    context: read.string('context'),
    kubeconfig: read.env('KUBECONFIG'),
    timeoutMs: read.duration('timeout', { min: 1_000, max: 6 * 3_600_000 }),
    maxRestarts: read.integer('max-restarts', { min: 0, max: 1_000 }),
    healthChecks: read
      .multiline('health-urls')
      .map((line) => parseLine('health-urls', line, parseHealthCheck)),
    healthIntervalMs: read.duration('health-interval', { min: 100, max: 600_000 }),
    healthSuccesses: read.integer('health-successes', { min: 1, max: 100 }),
    prometheus: prometheusUrl
      ? {
          url: prometheusUrl,
          token: prometheusToken,
          username: prometheusUsername,
          password: prometheusPassword,
          ca: prometheusCa,
        }
      : undefined,
    analysis: read.custom('analysis', parseAnalysisSpec),
    intervalMs: read.duration('interval', { min: 1_000, max: 3_600_000 }),
    durationMs: read.duration('duration', { min: 1_000, max: 24 * 3_600_000 }),
    count: read.optionalInteger('count', { min: 1, max: 10_000 }),
    failureLimit: read.integer('failure-limit', { min: 0, max: 1_000 }),
    consecutiveFailureLimit: read.integer('consecutive-failure-limit', { min: 1, max: 1_000 }),
    consecutiveErrorLimit: read.integer('consecutive-error-limit', { min: 1, max: 1_000 }),
    minRequests: read.integer('min-requests', { min: 0, max: 1_000_000_000 }),
    noData: read.enumeration('no-data', NO_DATA_POLICIES),
    alertmanagerUrl: read.url('alertmanager-url'),
    abortOnAlerts: read
      .multiline('abort-on-alerts')
      .map((line) => parseLine('abort-on-alerts', line, parseMatcherSet)),
    onFailure: read.enumeration('on-failure', ON_FAILURE),
    autoPromote: read.boolean('auto-promote'),
    github: readGitHubContext(read),
  };
  checkCombinations(inputs, { prometheusToken, prometheusUsername, prometheusPassword, prometheusCa });
  return inputs;
}

function checkCombinations(
  inputs: VerifyRolloutInputs,
  prometheusAuth: Record<string, string | undefined>,
): void {
  if (inputs.workloads.length === 0 && !inputs.selector) {
    throw new ConfigurationError(
      'workloads',
      'no workload to verify was given',
      'the workloads output of canary-deploy, workload names, or a label selector in selector',
    );
  }
  if (inputs.workloads.length > 0 && inputs.selector) {
    throw new ConfigurationError('workloads, selector', 'both were given', 'either workloads or selector');
  }
  if (inputs.analysis && !inputs.prometheus) {
    throw new ConfigurationError(
      'prometheus-url',
      'analysis was asked for but no Prometheus was given',
      'the URL of the Prometheus that scrapes the workloads',
    );
  }
  if (!inputs.prometheus && Object.values(prometheusAuth).some((value) => value !== undefined)) {
    throw new ConfigurationError(
      'prometheus-url',
      'Prometheus credentials were given without a Prometheus URL',
      'prometheus-url together with its credentials',
    );
  }
  if (
    prometheusAuth.prometheusToken &&
    (prometheusAuth.prometheusUsername || prometheusAuth.prometheusPassword)
  ) {
    throw new ConfigurationError(
      'prometheus-token',
      'both a bearer token and basic auth were given',
      'prometheus-token, or prometheus-username with prometheus-password',
    );
  }
  if (
    (prometheusAuth.prometheusUsername === undefined) !==
    (prometheusAuth.prometheusPassword === undefined)
  ) {
    throw new ConfigurationError(
      'prometheus-username, prometheus-password',
      'only one of the two was given',
      'both, or neither',
    );
  }
  if (inputs.abortOnAlerts.length > 0 && !inputs.alertmanagerUrl) {
    throw new ConfigurationError(
      'alertmanager-url',
      'abort-on-alerts needs an Alertmanager to ask',
      'the URL of the Alertmanager that receives the alerts',
    );
  }
  if (inputs.durationMs < inputs.intervalMs && inputs.count === undefined) {
    throw new ConfigurationError(
      'duration',
      'it is shorter than one interval, so no sample would be taken',
      'a duration of at least one interval',
    );
  }
}

function parseLine<T>(input: string, line: string, parser: (line: string) => T): T {
  try {
    return parser(line);
  } catch (error) {
    if (error instanceof InvalidValue) throw new ConfigurationError(input, error.problem, error.accepted);
    throw error;
  }
}

const SELECTOR_TERM =
  /^\s*[A-Za-z0-9./_-]+\s*((==?|!=)\s*[A-Za-z0-9._-]*|\s+(in|notin)\s*\([A-Za-z0-9._,\s-]*\))?\s*$/;

/** A Kubernetes label selector (`app=web,tier!=cache`, `env in (prod,staging)`, `!legacy`). */
function parseLabelSelector(value: string): string {
  const terms = value.split(/,(?![^(]*\))/);
  for (const term of terms) {
    if (!SELECTOR_TERM.test(term.replace(/^\s*!/, ''))) {
      throw new InvalidValue(
        `"${term.trim()}" is not a label selector term`,
        'a label selector such as app=web,track!=canary or env in (prod)',
      );
    }
  }
  return value;
}
