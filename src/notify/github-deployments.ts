import { createHash, randomUUID } from 'node:crypto';
import { headline, type Release, type ReleaseEvent } from './release.js';
import { truncate } from './text-safety.js';

/** Deployment status states prodline posts. */
export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive';

export interface CreateDeployment {
  ref: string;
  environment: string;
  description: string;
  productionEnvironment: boolean;
  transientEnvironment: boolean;
  payload: Record<string, unknown>;
}

export interface CreateStatus {
  state: DeploymentState;
  description: string;
  environmentUrl?: string;
  logUrl?: string;
}

/** A deployment as listed: enough to find the one a promotion replaces, or one a lost answer created. */
export interface ListedDeployment {
  id: number;
  digest?: string;
  /** `payload.prodline.requestId` (see {@link requestIdOf}): which notify call created it. */
  requestId?: string;
}

/** The GitHub deployments API, reduced to the calls notify makes (one HTTP request each). */
export interface DeploymentsApi {
  create(request: CreateDeployment): Promise<number>;
  createStatus(deploymentId: number, status: CreateStatus): Promise<void>;
  /** The environment's most recent deployments, newest first. */
  listForEnvironment(environment: string): Promise<ListedDeployment[]>;
}

/** What one event does to the environment's GitHub deployment. */
export interface DeploymentPlan {
  /** Create the deployment (no deployment-id was given). */
  create: boolean;
  /** The status to post, if the state changes. */
  state?: DeploymentState;
  /** Mark the deployment this one replaces inactive (production environments, on success). */
  deactivatePrevious: boolean;
}

const STATE_FOR_EVENT: Record<ReleaseEvent, DeploymentState | undefined> = {
  // A new deployment is shown as pending by GitHub until its first status.
  started: undefined,
  deploying: 'in_progress',
  // Still in progress: posting the same state again would cost a call and change nothing on GitHub.
  verified: undefined,
  promoted: 'success',
  'rolled-back': 'failure',
  failed: 'failure',
};

/**
 * Plans the calls for one event. A status is posted only when the deployment's state changes; on
 * success in a production environment, the deployment it replaces is marked inactive explicitly,
 * because GitHub's `auto_inactive` only covers non-production environments.
 */
export function planDeployment(
  event: ReleaseEvent,
  existingId: number | undefined,
  production: boolean,
): DeploymentPlan {
  const create = existingId === undefined;
  let state = STATE_FOR_EVENT[event];
  // A deployment created late (notify first called at `verified`) still shows that work is under way.
  if (state === undefined && create && event === 'verified') state = 'in_progress';
  return { create, state, deactivatePrevious: state === 'success' && production };
}

/** GitHub's rule, kept explicit: `production` is a production environment unless said otherwise. */
export function isProductionEnvironment(environment: string, setting: 'auto' | 'true' | 'false'): boolean {
  return setting === 'auto' ? environment === 'production' : setting === 'true';
}

/** GitHub limits a status description to 140 characters. */
export function statusDescription(release: Release): string {
  const detail = release.reason ?? release.verdict;
  return truncate(`${headline(release)}${detail ? `: ${detail}` : ''}`.replace(/\s+/g, ' '), 140, '…');
}

// Evidence larger than this goes by reference: a deployment payload is not a file store.
const MAX_EVIDENCE_CHARS = 60_000;

/**
 * The deployment's payload: what was deployed, and the release evidence (or its hash when too big).
 * `requestId` marks the notify call that created it, so a create whose answer was lost can be found.
 */
export function deploymentPayload(
  release: Release,
  evidence?: unknown,
  requestId?: string,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    prodline: {
      service: release.service,
      digest: release.digest ?? null,
      image: release.image ?? null,
      previousDigest: release.previousDigest ?? null,
      strategy: release.strategy ?? null,
      runUrl: release.run.runUrl ?? null,
      ...(requestId ? { requestId } : {}),
    },
  };
  if (evidence !== undefined) {
    const text = JSON.stringify(evidence);
    payload.evidence =
      text.length <= MAX_EVIDENCE_CHARS
        ? evidence
        : {
            truncated: true,
            sha256: createHash('sha256').update(text).digest('hex'),
            size: text.length,
            where: release.run.runUrl ?? null,
          };
  }
  return payload;
}

/**
 * Which listed deployment a promotion replaces: the newest older one that ran the previous digest
 * (right even after a rolled-back release in between), or, without a previous digest, the newest older one.
 */
export function replacedDeployment(
  listed: ListedDeployment[],
  currentId: number,
  previousDigest?: string,
): number | undefined {
  const older = listed.filter((d) => d.id !== currentId && d.id < currentId).sort((a, b) => b.id - a.id);
  const match = previousDigest ? older.find((d) => d.digest === previousDigest) : older[0];
  return match?.id;
}

/**
 * `payload.prodline.requestId` of a listed deployment (GitHub returns the payload as an object, or as
 * the JSON string it was given), or undefined.
 */
export function requestIdOf(payload: unknown): string | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const prodline = (value as { prodline?: { requestId?: unknown } } | null)?.prodline;
  return typeof prodline?.requestId === 'string' ? prodline.requestId : undefined;
}

/**
 * Whether a failed create may still have created the deployment: the request reached GitHub but its
 * answer was lost — no answer at all (timeout, reset), or a gateway's 502/504. A 4xx, or a 500/503
 * from the API itself, is GitHub saying it did not do it, and is retried without a look.
 */
export function createOutcomeUnknown(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = (error as { status?: unknown }).status;
  return status === undefined || status === 502 || status === 504;
}

/** What reporting one event did: the deployment id and each HTTP call made. */
export interface DeploymentReport {
  deploymentId: number;
  calls: string[];
}

/**
 * Carries out the plan against the API: create (when needed), post the status, and deactivate the
 * replaced deployment. Each call goes through `attempt`, which adds retries.
 */
export async function reportDeployment(
  api: DeploymentsApi,
  release: Release & { environment: string },
  options: {
    existingId?: number;
    ref: string;
    production: boolean;
    transient: boolean;
    evidence?: unknown;
    logUrl?: string;
    /** Marks the deployment this call creates (a fresh UUID by default). */
    requestId?: string;
  },
  attempt: <T>(label: string, call: () => Promise<T>) => Promise<T>,
): Promise<DeploymentReport> {
  const plan = planDeployment(release.event, options.existingId, options.production);
  const calls: string[] = [];
  let id = options.existingId;
  if (id === undefined) {
    const requestId = options.requestId ?? randomUUID();
    const request: CreateDeployment = {
      ref: options.ref,
      environment: release.environment,
      description: statusDescription(release),
      productionEnvironment: options.production,
      transientEnvironment: options.transient,
      payload: deploymentPayload(release, options.evidence, requestId),
    };
    id = await createOnce(api, request, requestId, attempt, calls);
  }
  const deploymentId = id;
  if (plan.state) {
    const status: CreateStatus = {
      state: plan.state,
      description: statusDescription(release),
      environmentUrl: release.environmentUrl,
      logUrl: options.logUrl,
    };
    await attempt(`status ${plan.state}`, () => api.createStatus(deploymentId, status));
    calls.push(`status ${plan.state}`);
  }
  if (plan.deactivatePrevious) {
    const listed = await attempt('list deployments', () => api.listForEnvironment(release.environment));
    calls.push('list deployments');
    const previous = replacedDeployment(listed, deploymentId, release.previousDigest);
    if (previous !== undefined) {
      const status: CreateStatus = {
        state: 'inactive',
        description: truncate(`Replaced by deployment ${deploymentId}`, 140),
      };
      await attempt('status inactive', () => api.createStatus(previous, status));
      calls.push(`status inactive (deployment ${previous})`);
    }
  }
  return { deploymentId, calls };
}

/**
 * Creates the deployment, retried through `attempt` — but a create is not idempotent, so once an
 * attempt failed in a way that may have created it anyway, each retry first lists the environment's
 * deployments and adopts the one carrying this call's `requestId` instead of creating a second.
 */
async function createOnce(
  api: DeploymentsApi,
  request: CreateDeployment,
  requestId: string,
  attempt: <T>(label: string, call: () => Promise<T>) => Promise<T>,
  calls: string[],
): Promise<number> {
  let unsure = false;
  let adopted = false;
  const id = await attempt('create deployment', async () => {
    if (unsure) {
      calls.push('list deployments');
      const listed = await api.listForEnvironment(request.environment);
      const created = listed.find((deployment) => deployment.requestId === requestId);
      if (created) {
        adopted = true;
        return created.id;
      }
    }
    try {
      return await api.create(request);
    } catch (error) {
      unsure ||= createOutcomeUnknown(error);
      throw error;
    }
  });
  calls.push(adopted ? 'create deployment (answer lost; adopted the one it created)' : 'create deployment');
  return id;
}
