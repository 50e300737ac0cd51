import type { DeployContext, DeployResult } from '../deploy/deploy-context.js';
import {
  describeRelease,
  isCanary,
  promote,
  releaseOf,
  rollBack,
  verifyRouting,
  withRouteOfOlderCanary,
  type LiveRelease,
} from '../deploy/remedy.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import { ActionFailure } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import type { AlertMatcher } from './alert-matchers.js';
import {
  AlertmanagerClient,
  AlertmanagerUnavailable,
  describeAlert,
  matchingAlerts,
} from './alertmanager-client.js';
import { planAnalysis, planToYaml, renderPlan } from './analysis-checks.js';
import {
  realClock,
  runAnalysis,
  type AnalysisResult,
  type AnalysisSettings,
  type Reason,
} from './analysis-engine.js';
import type { AnalysisSpec } from './analysis-spec.js';
import { runHealthChecks } from './health-checks.js';
import type { HealthCheck } from './health-url.js';
import { sendTransport, type HttpTransport } from './http-transport.js';
import { PrometheusClient } from './prometheus-client.js';
import { promDuration } from './query-template.js';
import { listDeployments, resolveDeployments } from './live-deployments.js';
import { watchRollout, type WatchedDeployment } from './rollout-watch.js';
import { decide, type Decision } from './verdict.js';
import type { WorkloadRef } from './workloads.js';

/** What to verify and how; the fields are verify-rollout's validated inputs. */
export interface VerifyOptions extends AnalysisSettings {
  workloads: WorkloadRef[];
  selector?: string;
  namespace: string;
  timeoutMs: number;
  maxRestarts: number;
  healthChecks: HealthCheck[];
  healthIntervalMs: number;
  healthSuccesses: number;
  /** `ca`: the PEM text of the CA that signed Prometheus' certificate. */
  prometheus?: { url: string; token?: string; username?: string; password?: string; ca?: string };
  analysis?: AnalysisSpec;
  alertmanagerUrl?: string;
  abortOnAlerts: AlertMatcher[][];
  onFailure: 'rollback' | 'freeze' | 'none';
  autoPromote: boolean;
  release: DeployContext['release'];
}

/** Everything the step reports. */
export interface VerifyOutcome {
  decision: Decision;
  analysis?: AnalysisResult;
  plan?: string;
  pods: string[];
  rolledBackTo?: string;
  /** What the remedy did, in sentences (rollback, promotion, freeze). */
  notes: string[];
}

const HEALTH_TIMEOUT_MS = 5_000;

/**
 * verify-rollout end to end: rollout watched (pods diagnosed for fail-fast) → health checks →
 * Prometheus analysis with Alertmanager abort → decision → rollback or promotion through canary-deploy's
 * strategies, each itself verified with the same rollout rules.
 */
export async function verifyRelease(
  client: KubeClient,
  options: VerifyOptions,
  logger: Logger,
  transport: HttpTransport = sendTransport(),
): Promise<VerifyOutcome> {
  const started = Date.now();
  const remaining = () => Math.max(1_000, options.timeoutMs - (Date.now() - started));
  const { lives, lists } = await resolveDeployments(client, options);
  let release = releaseOf(lives);
  const strategy = release.strategy;
  const secrets = [options.prometheus?.token, options.prometheus?.password].filter((s): s is string => !!s);
  logger.info(
    `verifying ${lives.map((d) => d.metadata.name).join(', ')} (${describeRelease(release)}) in ${options.namespace}`,
  );
  const rollout = await watchRollout(client, lives.map(watched), {
    timeoutMs: options.timeoutMs,
    maxRestarts: options.maxRestarts,
    onProgress: (m) => logger.info(m),
    secrets,
    initial: lists,
  });
  let failure = rollout.failure;
  if (!failure && options.healthChecks.length > 0) {
    const health = await runHealthChecks(
      options.healthChecks,
      transport,
      healthSettings(options, remaining()),
      realClock,
    );
    failure = health.reason;
  }
  let analysis: AnalysisResult | undefined;
  let plan: string | undefined;
  if (!failure && options.analysis && options.prometheus) {
    const planned = await planAnalysis(options.analysis);
    plan = planToYaml(planned);
    const stable = lives.find((d) => !isCanary(d)) ?? lives[0];
    const rendered = renderPlan(planned, {
      service: stable.metadata.labels?.app ?? stable.metadata.name.replace(/-(canary|blue|green)$/, ''),
      namespace: options.namespace,
      canary: strategy === 'canary' ? 'canary' : 'stable',
      stable: 'stable',
      window: promDuration(options.intervalMs),
    });
    const { url, token, username, password, ca } = options.prometheus;
    const prometheus = new PrometheusClient(ca ? sendTransport({ ca }) : transport, {
      url,
      token,
      username,
      password,
    });
    analysis = await runAnalysis({
      checks: rendered.checks,
      requests: rendered.requests,
      settings: options,
      prometheus,
      abortCheck: alertCheck(options, transport),
      onSample: (s) => logger.info(`sample ${s.index}: ${s.outcome}${s.note ? ` (${s.note})` : ''}`),
    });
  }
  const notes: string[] = [];
  const failed = failure ?? (analysis && analysis.outcome !== 'passed' ? analysis.reason : undefined);
  const remedies = failed ? options.onFailure === 'rollback' : options.autoPromote;
  if (remedies) release = await withRouteOfOlderCanary(client, options.namespace, release, lives);
  const ctx = deployContext(client, options, release, logger, remaining());
  let rollbackVerified: boolean | undefined;
  let promotionVerified: boolean | undefined;
  let rolledBackTo: string | undefined;
  const pods = [...rollout.pods];
  // A rollback or a promotion is itself verified with the same rollout rules (and pod fail-fast), and a
  // gateway canary's HTTPRoute is read back.
  const verifyRemedy = async (result: DeployResult) => {
    const again = await listDeployments(
      client,
      options.namespace,
      result.workloads.map((w) => w.name),
    );
    const check = await watchRollout(client, again.lives.map(watched), {
      timeoutMs: remaining(),
      maxRestarts: options.maxRestarts,
      secrets,
      initial: again.lists,
    });
    const routing = await verifyRouting(ctx, release);
    return {
      verified: !check.failure && routing.problems.length === 0,
      problems: [check.failure?.message, ...routing.problems].filter(Boolean).join('; '),
      pods: check.pods,
      routing: routing.lines,
    };
  };
  if (failed && options.onFailure === 'rollback') {
    try {
      const result = await rollBack(ctx, strategy, lives);
      rolledBackTo = result.digest;
      const remedy = await verifyRemedy(result);
      rollbackVerified = remedy.verified;
      pods.push(...remedy.pods);
      notes.push(
        rollbackVerified
          ? `Rolled back (${describeRelease(release)}): ${result.workloads.map((w) => w.name).join(', ')} ready again${rolledBackTo ? ` on ${rolledBackTo}` : ''}.`
          : `Rolled back (${describeRelease(release)}), but the rollback did not verify: ${remedy.problems}`,
        ...remedy.routing,
      );
    } catch (error) {
      if (!(error instanceof ActionFailure)) throw error;
      rollbackVerified = false;
      notes.push(`The rollback failed: ${error.message}`);
    }
  } else if (failed && options.onFailure === 'freeze') {
    notes.push(
      'on-failure is freeze: NOTHING was changed in the cluster; the failing release is still live.',
    );
  } else if (!failed && options.autoPromote) {
    const result = await promote(ctx, strategy);
    if (result) {
      const remedy = await verifyRemedy(result);
      promotionVerified = remedy.verified;
      notes.push(
        promotionVerified
          ? `Promoted (${describeRelease(release)}): ${result.workloads.map((w) => w.name).join(', ')} serve ${result.digest ?? 'the release'}.`
          : `Promoted (${describeRelease(release)}), but the promotion did not verify: ${remedy.problems}`,
        ...remedy.routing,
      );
    }
  }
  const decision = decide(
    { failure, analysis },
    { onFailure: options.onFailure, autoPromote: options.autoPromote, rollbackVerified, promotionVerified },
  );
  return { decision, analysis, plan, pods, rolledBackTo, notes };
}

function watched(live: KubeObject): WatchedDeployment {
  const spec = live.spec as
    | {
        selector?: { matchLabels?: Record<string, string> };
        template?: { spec?: { containers?: { image?: string }[] } };
      }
    | undefined;
  return {
    namespace: live.metadata.namespace ?? 'default',
    name: live.metadata.name,
    matchLabels: spec?.selector?.matchLabels ?? {},
    images: (spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
  };
}

function healthSettings(options: VerifyOptions, deadlineMs: number) {
  return {
    successes: options.healthSuccesses,
    intervalMs: options.healthIntervalMs,
    timeoutMs: HEALTH_TIMEOUT_MS,
    deadlineMs,
  };
}

/** Before each sample: a firing alert that matches aborts; an unreachable Alertmanager is a warning. */
function alertCheck(
  options: VerifyOptions,
  transport: HttpTransport,
): (() => Promise<Reason | undefined>) | undefined {
  if (!options.alertmanagerUrl || options.abortOnAlerts.length === 0) return undefined;
  const alertmanager = new AlertmanagerClient(transport, options.alertmanagerUrl);
  return async () => {
    try {
      const firing = matchingAlerts(await alertmanager.firing(), options.abortOnAlerts);
      if (firing.length === 0) return undefined;
      return { code: 'alert-firing', message: `alert firing: ${firing.map(describeAlert).join('; ')}` };
    } catch (error) {
      if (error instanceof AlertmanagerUnavailable) return undefined;
      throw error;
    }
  };
}

function deployContext(
  client: KubeClient,
  options: VerifyOptions,
  release: LiveRelease,
  logger: Logger,
  timeoutMs: number,
): DeployContext {
  return {
    client,
    namespace: options.namespace,
    logger,
    release: options.release,
    canaryWeight: 0,
    // As canary-deploy routed the release: a gateway canary is aborted and promoted through its HTTPRoute.
    trafficRouter: release.trafficRouter,
    httpRoute: release.httpRoute,
    keepPrevious: true,
    timeoutMs,
  };
}
