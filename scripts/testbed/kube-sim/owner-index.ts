import { getObjects, type JsonObject } from './json.js';
import type { ResourceType } from './resources.js';
import type { Store } from './store.js';

/**
 * Objects of one resource grouped by their controller's uid, rebuilt lazily after any change to that
 * resource: controllers ask "what does this owner control?" for every owner on every pass, and a scan
 * per question made 64 Deployments quadratic.
 */
export class OwnerIndex {
  private index: Map<string, JsonObject[]> | undefined;

  constructor(
    private readonly store: Store,
    private readonly resource: ResourceType,
  ) {
    store.onChange((event) => {
      if (event.resource === resource) this.index = undefined;
    });
  }

  /** The stored objects (read-only) whose controller owner reference has this uid. */
  owned(uid: string): JsonObject[] {
    if (!this.index) {
      this.index = new Map();
      for (const object of this.store.list(this.resource)) {
        const ref = getObjects(object, ['metadata', 'ownerReferences']).find((r) => r.controller === true);
        if (typeof ref?.uid !== 'string') continue;
        const list = this.index.get(ref.uid);
        if (list) list.push(object);
        else this.index.set(ref.uid, [object]);
      }
    }
    return this.index.get(uid) ?? [];
  }
}
