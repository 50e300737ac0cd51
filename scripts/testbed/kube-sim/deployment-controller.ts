import type { SimClock } from './clock.js';
import type { EventRecorder } from './events.js';
import {
  clone,
  deepEqual,
  pruneNulls,
  getNumber,
  getObject,
  getString,
  stableStringify,
  type JsonObject,
} from './json.js';
import { ownerReference } from './replicaset-controller.js';
import { OwnerIndex } from './owner-index.js';
import { resourceByPlural } from './resources.js';
import {
  fnv32a,
  nextNewReplicaSetSize,
  safeEncode,
  scaleDownOldReplicaSets,
  surgeAndUnavailable,
} from './rollout.js';
import type { Store } from './store.js';
import { deploymentStatus } from './deployment-status.js';

export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH = 'pod-template-hash';

/** The pod template without its pod-template-hash label (how templates are compared). */
function withoutHash(template: JsonObject): JsonObject {
  const copy = pruneNulls(template);
  const labels = getObject(copy, ['metadata', 'labels']);
  delete labels[HASH];
  return copy;
}

const revisionOf = (rs: JsonObject): number =>
  Number(getString(rs, ['metadata', 'annotations', REVISION]) ?? 0);
const replicasOf = (rs: JsonObject): number => getNumber(rs, ['spec', 'replicas']) ?? 0;
const statusCount = (rs: JsonObject, field: string): number => getNumber(rs, ['status', field]) ?? 0;

/**
 * The deployment controller: one ReplicaSet per pod template (named by its hash, with revision
 * annotations and an owner reference), rolling or recreate updates within maxSurge/maxUnavailable, old
 * ReplicaSets pruned to revisionHistoryLimit, and the status and conditions kubectl reads.
 */
export class DeploymentController {
  private readonly deployments = resourceByPlural('deployments');
  private readonly replicaSets = resourceByPlural('replicasets');
  private readonly owned: OwnerIndex;

  constructor(
    private readonly store: Store,
    private readonly clock: SimClock,
    private readonly events: EventRecorder,
  ) {
    this.owned = new OwnerIndex(store, this.replicaSets);
  }

  reconcile(): boolean {
    let changed = false;
    for (const stored of [...this.store.list(this.deployments)]) changed = this.sync(stored) || changed;
    return changed;
  }

  private ownedReplicaSets(deployment: JsonObject): JsonObject[] {
    return this.owned.owned(String(getString(deployment, ['metadata', 'uid'])));
  }

  private sync(deployment: JsonObject): boolean {
    let changed = false;
    const spec = getObject(deployment, ['spec']);
    const desired = getNumber(spec, ['replicas']) ?? 1;
    const template = getObject(spec, ['template']);
    const paused = spec.paused === true;
    const all = this.ownedReplicaSets(deployment);
    let newRs = all.find((rs) =>
      deepEqual(withoutHash(getObject(rs, ['spec', 'template'])), withoutHash(template)),
    );
    const old = all.filter((rs) => rs !== newRs).sort((a, b) => revisionOf(a) - revisionOf(b));
    const maxOldRevision = Math.max(0, ...old.map(revisionOf));
    const { maxSurge, maxUnavailable } =
      getString(spec, ['strategy', 'type']) === 'Recreate'
        ? { maxSurge: 0, maxUnavailable: desired }
        : surgeAndUnavailable(desired, getObject(spec, ['strategy', 'rollingUpdate']));
    let createdNew = false;
    if (!newRs && !paused) {
      newRs = this.createReplicaSet(deployment, template, maxOldRevision + 1, desired, maxSurge, old);
      createdNew = true;
      changed = true;
    } else if (newRs && revisionOf(newRs) <= maxOldRevision) {
      // A rollback to an old template: its ReplicaSet becomes the newest revision again.
      newRs = clone(newRs);
      const annotations = getObject(newRs, ['metadata', 'annotations']);
      const history = [
        getString(newRs, ['metadata', 'annotations', REVISION_HISTORY]),
        String(revisionOf(newRs)),
      ].filter(Boolean);
      annotations[REVISION_HISTORY] = history.join(',');
      annotations[REVISION] = String(maxOldRevision + 1);
      const cause = getString(deployment, ['metadata', 'annotations', CHANGE_CAUSE]);
      if (cause) annotations[CHANGE_CAUSE] = cause;
      newRs = this.store.update(this.replicaSets, newRs);
      changed = true;
    }
    const cause = getString(deployment, ['metadata', 'annotations', CHANGE_CAUSE]);
    if (
      newRs &&
      cause !== undefined &&
      getString(newRs, ['metadata', 'annotations', CHANGE_CAUSE]) !== cause
    ) {
      // The controller copies the change-cause onto the current ReplicaSet on every sync (rollout history shows it).
      newRs = clone(newRs);
      getObject(newRs, ['metadata', 'annotations'])[CHANGE_CAUSE] = cause;
      newRs = this.store.update(this.replicaSets, newRs);
      changed = true;
    }
    if (newRs && !paused)
      changed = this.scale(deployment, newRs, old, desired, maxSurge, maxUnavailable) || changed;
    changed = this.prune(deployment, old) || changed;
    return this.writeStatus(deployment, newRs, desired, maxUnavailable, createdNew) || changed;
  }

  private createReplicaSet(
    deployment: JsonObject,
    template: JsonObject,
    revision: number,
    desired: number,
    maxSurge: number,
    old: JsonObject[],
  ): JsonObject {
    const meta = getObject(deployment, ['metadata']);
    const hash = safeEncode(fnv32a(stableStringify(withoutHash(template))));
    const rsTemplate = clone(template);
    getObject(rsTemplate, ['metadata']).labels = {
      ...getObject(rsTemplate, ['metadata', 'labels']),
      [HASH]: hash,
    };
    const selector = clone(getObject(deployment, ['spec', 'selector']));
    selector.matchLabels = { ...getObject(selector, ['matchLabels']), [HASH]: hash };
    const cause = getString(meta, ['annotations', CHANGE_CAUSE]);
    const strategy = getString(deployment, ['spec', 'strategy', 'type']);
    const current = old.reduce((sum, rs) => sum + replicasOf(rs), 0);
    const initial =
      strategy === 'Recreate'
        ? current === 0
          ? desired
          : 0
        : nextNewReplicaSetSize(
            desired,
            maxSurge,
            { replicas: 0, available: 0 },
            old.map((rs) => ({ replicas: replicasOf(rs), available: statusCount(rs, 'availableReplicas') })),
          );
    const rs = this.store.create(this.replicaSets, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${String(meta.name)}-${hash}`,
        namespace: String(meta.namespace),
        labels: clone(getObject(rsTemplate, ['metadata', 'labels'])),
        annotations: {
          [DESIRED]: String(desired),
          [MAX_REPLICAS]: String(desired + maxSurge),
          [REVISION]: String(revision),
          ...(cause ? { [CHANGE_CAUSE]: cause } : {}),
        },
        ownerReferences: [ownerReference(deployment)],
      },
      spec: {
        replicas: initial,
        minReadySeconds: getNumber(deployment, ['spec', 'minReadySeconds']) ?? 0,
        selector,
        template: rsTemplate,
      },
      status: { replicas: 0 },
    });
    if (initial > 0)
      this.events.record(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${String(getObject(rs, ['metadata']).name)} from 0 to ${initial}`,
        'deployment-controller',
      );
    return rs;
  }

  private scale(
    deployment: JsonObject,
    newRs: JsonObject,
    old: JsonObject[],
    desired: number,
    maxSurge: number,
    maxUnavailable: number,
  ): boolean {
    const counts = (rs: JsonObject) => ({
      replicas: replicasOf(rs),
      available: statusCount(rs, 'availableReplicas'),
    });
    let changed = false;
    const resize = (rs: JsonObject, replicas: number): JsonObject => {
      const resized = this.resize(deployment, rs, replicas);
      if (resized) changed = true;
      return resized ?? rs;
    };
    if (getString(deployment, ['spec', 'strategy', 'type']) === 'Recreate') {
      const oldPods = old.reduce((sum, rs) => sum + replicasOf(rs) + statusCount(rs, 'replicas'), 0);
      for (const rs of old) resize(rs, 0);
      if (oldPods === 0) resize(newRs, desired);
      return changed;
    }
    const target = nextNewReplicaSetSize(desired, maxSurge, counts(newRs), [
      counts(newRs),
      ...old.map(counts),
    ]);
    // The old ReplicaSets are scaled against the new one's size after this sync's scale-up.
    const grown = resize(newRs, target);
    const sizes = scaleDownOldReplicaSets(desired, maxUnavailable, counts(grown), old.map(counts));
    old.forEach((rs, i) => resize(rs, sizes[i]));
    return changed;
  }

  /** Sets a ReplicaSet's size (and desired-replicas annotation); the updated object, or undefined if unchanged. */
  private resize(deployment: JsonObject, stored: JsonObject, replicas: number): JsonObject | undefined {
    const before = replicasOf(stored);
    const desired = String(getNumber(deployment, ['spec', 'replicas']) ?? 1);
    if (before === replicas && getString(stored, ['metadata', 'annotations', DESIRED]) === desired)
      return undefined;
    const rs = clone(stored);
    getObject(rs, ['spec']).replicas = replicas;
    getObject(rs, ['metadata', 'annotations'])[DESIRED] = desired;
    const updated = this.store.update(this.replicaSets, rs);
    if (before !== replicas)
      this.events.record(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${replicas > before ? 'up' : 'down'} replica set ${String(getObject(rs, ['metadata']).name)} from ${before} to ${replicas}`,
        'deployment-controller',
      );
    return updated;
  }

  /** Deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
  private prune(deployment: JsonObject, old: JsonObject[]): boolean {
    const limit = getNumber(deployment, ['spec', 'revisionHistoryLimit']) ?? 10;
    const empty = old.filter((rs) => replicasOf(rs) === 0 && statusCount(rs, 'replicas') === 0);
    const excess = empty.length - limit;
    if (excess <= 0) return false;
    for (const rs of empty.slice(0, excess)) {
      const meta = getObject(rs, ['metadata']);
      if (this.store.find(this.replicaSets, String(meta.namespace), String(meta.name)))
        this.store.delete(this.replicaSets, String(meta.namespace), String(meta.name));
    }
    return true;
  }

  private writeStatus(
    deployment: JsonObject,
    newRs: JsonObject | undefined,
    desired: number,
    maxUnavailable: number,
    createdNew: boolean,
  ): boolean {
    const all = this.ownedReplicaSets(deployment);
    const newName = newRs ? String(getObject(newRs, ['metadata']).name) : '';
    const { status, timedOut } = deploymentStatus({
      deployment,
      replicaSets: all,
      newName,
      desired,
      maxUnavailable,
      createdNew,
      nowMs: this.clock.now(),
      timestamp: this.clock.timestamp(),
    });
    if (timedOut)
      this.events.record(
        deployment,
        'Warning',
        'ProgressDeadlineExceeded',
        `Deployment "${String(getObject(deployment, ['metadata']).name)}" has timed out progressing.`,
        'deployment-controller',
      );
    const fresh = all.find((rs) => getString(rs, ['metadata', 'name']) === newName);
    const annotations = getObject(deployment, ['metadata', 'annotations']);
    const revision = fresh ? getString(fresh, ['metadata', 'annotations', REVISION]) : undefined;
    const annotationsChanged = revision !== undefined && annotations[REVISION] !== revision;
    if (deepEqual(status, deployment.status ?? null) && !annotationsChanged) return false;
    deployment = clone(deployment);
    if (annotationsChanged)
      getObject(deployment, ['metadata']).annotations = { ...annotations, [REVISION]: String(revision) };
    deployment.status = status;
    this.store.update(this.deployments, deployment);
    return true;
  }
}
