import type { SimClock } from './clock.js';
import { deleteWithDependents } from './garbage-collector.js';
import { getString } from './json.js';
import { resourceByPlural } from './resources.js';
import type { Store } from './store.js';

/**
 * Finishes namespace deletion: a Terminating namespace keeps existing for `graceMs` (so deletes of
 * the objects in it that follow at once still find them, as on a real cluster), then it and
 * everything in it are removed.
 */
export class NamespaceController {
  private readonly namespaces = resourceByPlural('namespaces');

  constructor(
    private readonly store: Store,
    private readonly clock: SimClock,
    private readonly graceMs: number,
  ) {}

  reconcile(): boolean {
    let changed = false;
    for (const ns of [...this.store.list(this.namespaces)]) {
      if (getString(ns, ['status', 'phase']) !== 'Terminating') continue;
      const since = Date.parse(String(getString(ns, ['metadata', 'deletionTimestamp'])));
      // deletionTimestamp has seconds precision: allow for the truncation.
      if (this.clock.now() - since < this.graceMs + 1_000) continue;
      const name = String(getString(ns, ['metadata', 'name']));
      if (this.store.find(this.namespaces, undefined, name))
        deleteWithDependents(this.store, this.namespaces, undefined, name, false);
      changed = true;
    }
    return changed;
  }
}
