import type { SimClock } from './clock.js';
import type { EventRecorder } from './events.js';
import { clone, deepEqual, getObject, getObjects, getString, type JsonObject } from './json.js';
import {
  behaviourFor,
  containerStateAt,
  type BehaviourDefaults,
  type BehaviourRule,
  type ContainerState,
} from './pod-behaviours.js';
import { resourceByPlural } from './resources.js';
import type { Store } from './store.js';

export const NODE_NAME = 'kube-sim-node';

/**
 * Scheduler and kubelet in one: binds pods to the one simulated node and writes their status from the
 * image behaviour table and the simulated clock, with the events a kubelet would record.
 */
export class PodController {
  private readonly pods = resourceByPlural('pods');
  /** Creation instants with millisecond precision (metadata keeps only seconds). */
  private readonly createdAt = new Map<string, number>();
  private nextIp = 2;
  private readonly ips = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly clock: SimClock,
    private readonly events: EventRecorder,
    readonly rules: BehaviourRule[],
    readonly defaults: BehaviourDefaults,
  ) {
    store.onChange((event) => {
      const uid = getString(event.object, ['metadata', 'uid']);
      if (event.resource !== this.pods || !uid) return;
      if (event.type === 'ADDED') this.createdAt.set(uid, this.clock.now());
      if (event.type === 'DELETED') {
        this.createdAt.delete(uid);
        this.settled.delete(uid);
        this.ips.delete(uid);
      }
    });
  }

  /**
   * Pods whose status can no longer change (ready for good, or never-ready and running), by the stored
   * object they were checked against: skipped until that object or the behaviour table changes.
   */
  private readonly settled = new Map<string, JsonObject>();
  private settledSignature = '';

  private signature(): string {
    return JSON.stringify([this.rules, this.defaults]);
  }

  private isSettled(pod: JsonObject, uid: string, now: number): boolean {
    const created = this.createdAt.get(uid);
    if (created === undefined) return false;
    const elapsed = now - created;
    return getObjects(pod, ['spec', 'containers']).every((c) => {
      const behaviour = behaviourFor(String(c.image), this.rules);
      if (behaviour.kind === 'never-ready') return true;
      if (behaviour.kind !== 'healthy' && behaviour.kind !== 'slow') return false;
      const readyAfter =
        behaviour.readyAfterMs ??
        (behaviour.kind === 'slow' ? this.defaults.slowReadyAfterMs : this.defaults.readyAfterMs);
      return elapsed >= readyAfter;
    });
  }

  /** One pass over every pod; returns true when anything was written. */
  reconcile(): boolean {
    let changed = false;
    const signature = this.signature();
    if (signature !== this.settledSignature) {
      this.settled.clear();
      this.settledSignature = signature;
    }
    // Stored objects are read in place and copied only to be written (copies are the cost here).
    for (const stored of [...this.store.list(this.pods)]) {
      const meta = getObject(stored, ['metadata']);
      const uid = String(meta.uid);
      if (!getObject(stored, ['spec']).nodeName) {
        const pod = clone(stored);
        getObject(pod, ['spec']).nodeName = NODE_NAME;
        this.store.update(this.pods, pod);
        this.events.record(
          pod,
          'Normal',
          'Scheduled',
          `Successfully assigned ${String(meta.namespace)}/${String(meta.name)} to ${NODE_NAME}`,
          'default-scheduler',
        );
        changed = true;
        continue;
      }
      if (this.settled.get(uid) === stored) continue;
      // One instant for both questions: a pod checked just before it turns ready is not settled.
      const now = this.clock.now();
      const next = this.statusOf(stored, uid, now);
      if (deepEqual(next, stored.status)) {
        if (this.isSettled(stored, uid, now)) this.settled.set(uid, stored);
      } else {
        const pod = clone(stored);
        this.recordTransitions(
          pod,
          getObjects(pod, ['status', 'containerStatuses']),
          getObjects(next, ['containerStatuses']),
        );
        pod.status = next;
        this.store.update(this.pods, pod);
        changed = true;
      }
    }
    return changed;
  }

  private statusOf(pod: JsonObject, uid: string, now: number): JsonObject {
    const created =
      this.createdAt.get(uid) ?? Date.parse(String(getObject(pod, ['metadata']).creationTimestamp));
    const previous = getObject(pod, ['status']);
    const containers = getObjects(pod, ['spec', 'containers']);
    const states: (ContainerState & { name: string; image: string })[] = containers.map((c) => {
      const image = String(c.image);
      const name = String(c.name);
      const timeline = { elapsed: now - created, startedAt: (ms: number) => this.clock.timestamp(ms) };
      return {
        name,
        image,
        ...containerStateAt(name, image, behaviourFor(image, this.rules), this.defaults, timeline, created),
      };
    });
    const allReady = states.every((s) => s.ready);
    const phase = states.every((s) => s.phase === 'Running') ? 'Running' : 'Pending';
    const condition = (type: string, status: boolean): JsonObject => {
      const value = status ? 'True' : 'False';
      const before = getObjects(previous, ['conditions']).find((c) => c.type === type);
      const since = before && before.status === value ? before.lastTransitionTime : this.clock.timestamp(now);
      return {
        type,
        status: value,
        lastProbeTime: null,
        lastTransitionTime: since ?? null,
        ...(status || type === 'PodScheduled' || type === 'Initialized'
          ? {}
          : {
              reason: 'ContainersNotReady',
              message: `containers with unready status: [${states
                .filter((s) => !s.ready)
                .map((s) => s.name)
                .join(' ')}]`,
            }),
      };
    };
    if (!this.ips.has(uid)) this.ips.set(uid, `10.244.0.${(this.nextIp++ % 250) + 2}`);
    const podIP = this.ips.get(uid) ?? '';
    return {
      phase,
      conditions: [
        condition('PodReadyToStartContainers', true),
        condition('Initialized', true),
        condition('Ready', allReady),
        condition('ContainersReady', allReady),
        condition('PodScheduled', true),
      ],
      hostIP: '10.0.0.10',
      hostIPs: [{ ip: '10.0.0.10' }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: this.clock.timestamp(created),
      containerStatuses: states.map((s) => ({
        name: s.name,
        state: s.state,
        lastState: s.lastState,
        ready: s.ready,
        restartCount: s.restartCount,
        image: s.image,
        imageID:
          s.phase === 'Running'
            ? `${s.image.split('@')[0].replace(/:[^/:]+$/, '')}@sha256:${'0'.repeat(64)}`
            : '',
        ...(s.phase === 'Running'
          ? { containerID: `containerd://${uid.replace(/-/g, '')}${s.restartCount}` }
          : {}),
        started: s.started,
      })),
      qosClass: 'BestEffort',
    };
  }

  private recordTransitions(pod: JsonObject, before: JsonObject[], after: JsonObject[]): void {
    const name = String(getObject(pod, ['metadata']).name);
    const namespace = String(getObject(pod, ['metadata']).namespace);
    for (const status of after) {
      const container = String(status.name);
      const image = String(status.image);
      const field = `spec.containers{${container}}`;
      const old = before.find((b) => b.name === container);
      const reasonOf = (s: JsonObject | undefined) =>
        getString(s, ['state', 'waiting', 'reason']) ??
        (getObject(s, ['state']).running ? 'Running' : undefined);
      const was = reasonOf(old);
      const now = reasonOf(status);
      const restarts = Number(status.restartCount ?? 0);
      const restarted = restarts > Number(old?.restartCount ?? 0);
      if (now === was && !restarted) continue;
      if (now === 'Running') {
        if (!was || was === 'ErrImagePull' || was === 'ImagePullBackOff')
          this.events.record(
            pod,
            'Normal',
            'Pulled',
            `Container image "${image}" already present on machine`,
            'kubelet',
            field,
          );
        this.events.record(pod, 'Normal', 'Created', `Created container: ${container}`, 'kubelet', field);
        this.events.record(pod, 'Normal', 'Started', `Started container ${container}`, 'kubelet', field);
        if (behaviourFor(image, this.rules).kind === 'never-ready')
          this.events.record(
            pod,
            'Warning',
            'Unhealthy',
            'Readiness probe failed: HTTP probe failed with statuscode: 503',
            'kubelet',
            field,
          );
      } else if (now === 'CrashLoopBackOff') {
        this.events.record(
          pod,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${container} in pod ${name}_${namespace}(${String(getObject(pod, ['metadata']).uid)})`,
          'kubelet',
          field,
        );
      } else if (now === 'ErrImagePull') {
        this.events.record(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, 'kubelet', field);
        this.events.record(
          pod,
          'Warning',
          'Failed',
          String(getString(status, ['state', 'waiting', 'message'])),
          'kubelet',
          field,
        );
        this.events.record(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet', field);
      } else if (now === 'ImagePullBackOff') {
        this.events.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet', field);
        this.events.record(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet', field);
      }
    }
  }
}
