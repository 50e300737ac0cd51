import { clone, getObjects, getString, type JsonObject } from './json.js';
import { RESOURCES, type ResourceType } from './resources.js';
import type { Store } from './store.js';

/**
 * Deletes an object and what depends on it, as the garbage collector would with background
 * propagation (at once here): objects whose ownerReferences name it are deleted in turn, or merely
 * lose that reference when orphaning. Deleting a Namespace deletes everything in it.
 */
export function deleteWithDependents(
  store: Store,
  resource: ResourceType,
  namespace: string | undefined,
  name: string,
  orphan: boolean,
): JsonObject {
  const deleted = store.delete(resource, namespace, name);
  const uid = getString(deleted, ['metadata', 'uid']);
  if (uid) {
    for (const r of RESOURCES) {
      for (const object of [...store.list(r)]) {
        const refs = getObjects(object, ['metadata', 'ownerReferences']);
        if (!refs.some((ref) => ref.uid === uid)) continue;
        const objectNamespace = getString(object, ['metadata', 'namespace']);
        const objectName = String(getString(object, ['metadata', 'name']));
        if (orphan) {
          const next = clone(object);
          (next.metadata as JsonObject).ownerReferences = refs.filter((ref) => ref.uid !== uid);
          store.update(r, next);
        } else if (store.find(r, objectNamespace, objectName))
          deleteWithDependents(store, r, objectNamespace, objectName, false);
      }
    }
  }
  if (resource.kind === 'Namespace')
    for (const r of RESOURCES.filter((t) => t.namespaced))
      for (const o of [...store.list(r, name)])
        if (store.find(r, name, String(getString(o, ['metadata', 'name']))))
          deleteWithDependents(store, r, name, String(getString(o, ['metadata', 'name'])), false);
  return deleted;
}
