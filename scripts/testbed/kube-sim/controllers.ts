import type { SimClock } from './clock.js';
import { DeploymentController } from './deployment-controller.js';
import { EventRecorder } from './events.js';
import { NamespaceController } from './namespace-controller.js';
import { PodController } from './pod-controller.js';
import type { BehaviourDefaults, BehaviourRule } from './pod-behaviours.js';
import { ReplicaSetController } from './replicaset-controller.js';
import type { Store } from './store.js';

/**
 * Runs the controllers until the cluster is steady: after every change (batched per tick of the event
 * loop), after every clock jump, and on a timer so time-based transitions (a pod turning ready, a
 * progress deadline) happen without anyone writing.
 */
export class ControllerManager {
  readonly pods: PodController;
  private readonly replicaSets: ReplicaSetController;
  private readonly deployments: DeploymentController;
  private readonly namespaces: NamespaceController;
  private scheduled = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    store: Store,
    clock: SimClock,
    rules: BehaviourRule[],
    defaults: BehaviourDefaults,
    private readonly tickMs: number,
  ) {
    const events = new EventRecorder(store, clock);
    this.pods = new PodController(store, clock, events, rules, defaults);
    this.replicaSets = new ReplicaSetController(store, clock, events);
    this.deployments = new DeploymentController(store, clock, events);
    this.namespaces = new NamespaceController(store, clock, 1_000);
    this.unsubscribe.push(
      store.onChange((event) => {
        if (event.resource.plural !== 'events') this.schedule();
      }),
    );
    this.unsubscribe.push(clock.onAdvance(() => this.runNow()));
  }

  start(): void {
    this.timer = setInterval(() => this.runNow(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const off of this.unsubscribe) off();
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // A few milliseconds gather a burst of writes (64 creates at once) into one reconcile.
    setTimeout(() => {
      this.scheduled = false;
      this.runNow();
    }, 5).unref();
  }

  /** Runs passes until nothing changes (bounded, so a bug cannot spin forever). */
  runNow(): void {
    if (this.running) return;
    this.running = true;
    try {
      for (let pass = 0; pass < 20; pass++) {
        const changed = [
          this.namespaces.reconcile(),
          this.pods.reconcile(),
          this.replicaSets.reconcile(),
          this.deployments.reconcile(),
        ];
        if (!changed.some(Boolean)) break;
      }
    } catch (error) {
      process.stderr.write(
        `kube-sim: controller error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    } finally {
      this.running = false;
    }
  }
}
