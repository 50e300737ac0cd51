import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock.js';
import { getObject, getString, type JsonObject } from './json.js';
import { resourceByPlural } from './resources.js';
import type { Store } from './store.js';

/**
 * Records core/v1 Events as the controllers and the kubelet do; a repeat of the same reason and message
 * for the same object bumps `count` and `lastTimestamp` instead of adding an event.
 */
export class EventRecorder {
  private readonly events = resourceByPlural('events');
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly clock: SimClock,
  ) {}

  record(
    involved: JsonObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
    fieldPath?: string,
  ): void {
    const meta = getObject(involved, ['metadata']);
    const namespace = getString(meta, ['namespace']) ?? 'default';
    const uid = String(meta.uid ?? '');
    const key = `${uid}|${reason}|${message}`;
    const now = this.clock.timestamp();
    const existingName = this.seen.get(key);
    const existing = existingName ? this.store.find(this.events, namespace, existingName) : undefined;
    if (existing) {
      existing.count = Number(existing.count ?? 1) + 1;
      existing.lastTimestamp = now;
      this.store.update(this.events, existing);
      return;
    }
    const name = `${String(meta.name)}.${randomBytes(8).toString('hex')}`;
    if (!this.store.find(resourceByPlural('namespaces'), undefined, namespace)) return;
    this.store.create(this.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: String(involved.kind),
        namespace,
        name: String(meta.name),
        uid,
        apiVersion: String(involved.apiVersion),
        resourceVersion: String(meta.resourceVersion ?? ''),
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source: { component, ...(component === 'kubelet' ? { host: 'kube-sim-node' } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? 'kube-sim-node' : '',
    });
    this.seen.set(key, name);
  }
}
