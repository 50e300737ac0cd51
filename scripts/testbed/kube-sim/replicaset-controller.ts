import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock.js';
import type { EventRecorder } from './events.js';
import { clone, deepEqual, getNumber, getObject, getObjects, getString, type JsonObject } from './json.js';
import { OwnerIndex } from './owner-index.js';
import { resourceByPlural } from './resources.js';
import type { Store } from './store.js';

/** Five characters from Kubernetes' name alphabet, as generateName produces. */
export function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The controller owner reference of an object, if any. */
export function controllerUid(object: JsonObject): string | undefined {
  const ref = getObjects(object, ['metadata', 'ownerReferences']).find((r) => r.controller === true);
  return typeof ref?.uid === 'string' ? ref.uid : undefined;
}

/** An owner reference to `owner`, marked as its controller. */
export function ownerReference(owner: JsonObject): JsonObject {
  const meta = getObject(owner, ['metadata']);
  return {
    apiVersion: String(owner.apiVersion),
    kind: String(owner.kind),
    name: String(meta.name),
    uid: String(meta.uid),
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** True when the pod has been Ready for at least minReadySeconds. */
export function podAvailable(pod: JsonObject, minReadySeconds: number, nowMs: number): boolean {
  const ready = getObjects(pod, ['status', 'conditions']).find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(String(ready.lastTransitionTime));
  return since + minReadySeconds * 1000 <= nowMs;
}

function podReady(pod: JsonObject): boolean {
  return getObjects(pod, ['status', 'conditions']).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Keeps each ReplicaSet's pod count at spec.replicas and its status counters right. */
export class ReplicaSetController {
  private readonly replicaSets = resourceByPlural('replicasets');
  private readonly pods = resourceByPlural('pods');
  private readonly owned: OwnerIndex;

  constructor(
    private readonly store: Store,
    private readonly clock: SimClock,
    private readonly events: EventRecorder,
  ) {
    this.owned = new OwnerIndex(store, this.pods);
  }

  reconcile(): boolean {
    let changed = false;
    for (const rs of [...this.store.list(this.replicaSets)]) {
      const meta = getObject(rs, ['metadata']);
      const namespace = String(meta.namespace);
      const uid = String(meta.uid);
      let pods = this.owned.owned(uid);
      const desired = getNumber(rs, ['spec', 'replicas']) ?? 1;
      if (pods.length < desired) {
        for (let i = pods.length; i < desired; i++) this.createPod(rs);
        changed = true;
      } else if (pods.length > desired) {
        // Not-ready pods go first, then the newest: the controller keeps the pods that serve.
        const ranked = [...pods].sort((a, b) => {
          const ready = Number(podReady(a)) - Number(podReady(b));
          if (ready !== 0) return ready;
          return String(getString(b, ['metadata', 'creationTimestamp'])).localeCompare(
            String(getString(a, ['metadata', 'creationTimestamp'])),
          );
        });
        for (const pod of ranked.slice(0, pods.length - desired)) {
          const name = String(getString(pod, ['metadata', 'name']));
          this.store.delete(this.pods, namespace, name);
          this.events.record(
            rs,
            'Normal',
            'SuccessfulDelete',
            `Deleted pod: ${name}`,
            'replicaset-controller',
          );
        }
        changed = true;
      }
      pods = this.owned.owned(uid);
      const minReady = getNumber(rs, ['spec', 'minReadySeconds']) ?? 0;
      const now = this.clock.now();
      const status: JsonObject = {
        replicas: pods.length,
        fullyLabeledReplicas: pods.length,
        readyReplicas: pods.filter(podReady).length,
        availableReplicas: pods.filter((p) => podAvailable(p, minReady, now)).length,
        observedGeneration: meta.generation ?? 1,
      };
      // Like the real type, only `replicas` is serialised when zero.
      for (const field of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'])
        if (status[field] === 0) delete status[field];
      if (!deepEqual(status, rs.status ?? null)) {
        const next = clone(rs);
        next.status = status;
        this.store.update(this.replicaSets, next);
        changed = true;
      }
    }
    return changed;
  }

  private createPod(rs: JsonObject): void {
    const meta = getObject(rs, ['metadata']);
    const template = getObject(rs, ['spec', 'template']);
    const name = `${String(meta.name)}-${randomSuffix()}`;
    const templateMeta = getObject(template, ['metadata']);
    this.store.create(this.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${String(meta.name)}-`,
        namespace: String(meta.namespace),
        labels: clone(getObject(templateMeta, ['labels'])),
        ...(templateMeta.annotations ? { annotations: clone(getObject(templateMeta, ['annotations'])) } : {}),
        ownerReferences: [ownerReference(rs)],
      },
      spec: clone(getObject(template, ['spec'])),
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
    this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, 'replicaset-controller');
  }
}
