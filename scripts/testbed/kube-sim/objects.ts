import type { SimClock } from './clock.js';
import { applyDefaults } from './defaults.js';
import { ApiError, badRequest, notFound } from './errors.js';
import {
  child,
  clone,
  pruneNulls,
  getObject,
  getString,
  isObject,
  type JsonObject,
  type JsonValue,
} from './json.js';
import { applyJsonPatch, applyMergePatch } from './patch-json.js';
import { applyStrategicMergePatch } from './patch-strategic.js';
import { recordUpdate, serverSideApply, writeManaged } from './patch-apply.js';
import { apiVersionOf, resourceByPlural, type ResourceType } from './resources.js';
import { deleteWithDependents } from './garbage-collector.js';
import { initialStatus, scaleOf } from './object-views.js';
import type { Store } from './store.js';
import { validate } from './validation.js';
import { randomSuffix } from './replicaset-controller.js';

/** Options a write request carries in its query string. */
export interface WriteOptions {
  fieldManager?: string;
  force?: boolean;
  dryRun?: boolean;
  subresource?: string;
}

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const BUILT_IN_GROUPS = new Set(['', 'apps']);

/**
 * The API server's object semantics on top of the store: defaults, validation, status and scale
 * subresources, the four patch types, managedFields, namespaces that must exist, cascading deletion.
 */
export class ObjectApi {
  private nextClusterIp = 1;

  constructor(
    readonly store: Store,
    readonly clock: SimClock,
  ) {}

  /** POST: creates an object in `namespace` (ignored for cluster-scoped resources). */
  create(
    resource: ResourceType,
    namespace: string | undefined,
    body: JsonObject,
    options: WriteOptions = {},
  ): JsonObject {
    const object = this.prepareNew(resource, namespace, body);
    this.validateOrThrow(resource, object);
    writeManaged(
      object,
      recordUpdate(undefined, object, options.fieldManager ?? 'unknown'),
      apiVersionOf(resource),
      this.clock.timestamp(),
    );
    if (options.dryRun) return object;
    if (resource.kind === 'Service') this.allocateClusterIp(object);
    return this.store.create(resource, object);
  }

  private prepareNew(resource: ResourceType, namespace: string | undefined, body: JsonObject): JsonObject {
    const object = clone(body);
    this.checkType(resource, object);
    const meta = child(object, 'metadata');
    if (resource.namespaced) {
      if (meta.namespace !== undefined && meta.namespace !== namespace)
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      meta.namespace = namespace ?? 'default';
      const ns = this.store.find(resourceByPlural('namespaces'), undefined, String(meta.namespace));
      if (!ns) throw notFound('namespaces', '', String(meta.namespace));
      if (getString(ns, ['status', 'phase']) === 'Terminating')
        throw new ApiError(
          403,
          'Forbidden',
          `${resource.plural}${resource.group ? `.${resource.group}` : ''} "${String(meta.name ?? '')}" is forbidden: unable to create new content in namespace ${String(meta.namespace)} because it is being terminated`,
        );
    } else delete meta.namespace;
    if (!meta.name && typeof meta.generateName === 'string')
      meta.name = `${meta.generateName}${randomSuffix()}`;
    if (!meta.name)
      throw new ApiError(
        422,
        'Invalid',
        `${resource.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      );
    for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp'])
      delete meta[field];
    const status = initialStatus(resource.kind);
    if (status === undefined) delete object.status;
    else object.status = status;
    if (isObject(object.spec)) object.spec = pruneNulls(object.spec);
    applyDefaults(resource.kind, object);
    return object;
  }

  private checkType(resource: ResourceType, object: JsonObject): void {
    const expected = apiVersionOf(resource);
    if (object.apiVersion !== undefined && object.apiVersion !== expected)
      throw badRequest(
        `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expected})`,
      );
    if (object.kind !== undefined && object.kind !== resource.kind)
      throw badRequest(
        `the kind in the data (${String(object.kind)}) does not match the expected kind (${resource.kind})`,
      );
    object.apiVersion = expected;
    object.kind = resource.kind;
  }

  private validateOrThrow(resource: ResourceType, object: JsonObject, previous?: JsonObject): void {
    const error = validate(resource.kind, object, previous);
    if (error) throw error;
  }

  /** PUT on the object or on its status/scale subresource. */
  update(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    body: JsonObject,
    options: WriteOptions = {},
  ): JsonObject {
    const current = this.store.get(resource, namespace, name);
    if (options.subresource === 'scale') return this.writeScale(resource, current, body, options);
    let next: JsonObject;
    if (options.subresource === 'status') {
      next = clone(current);
      if (body.status !== undefined) next.status = clone(body.status);
      const rv = getString(body, ['metadata', 'resourceVersion']);
      (next.metadata as JsonObject).resourceVersion =
        rv ?? String(getString(current, ['metadata', 'resourceVersion']));
    } else {
      next = clone(body);
      this.checkType(resource, next);
      const meta = child(next, 'metadata');
      if (meta.name !== undefined && meta.name !== name)
        throw badRequest(
          `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
        );
      meta.name = name;
      if (resource.namespaced) meta.namespace = namespace ?? 'default';
      if (resource.subresources.includes('status')) {
        if (current.status === undefined) delete next.status;
        else next.status = clone(current.status);
      }
      if (meta.managedFields === undefined)
        meta.managedFields = getObject(current, ['metadata']).managedFields ?? [];
      if (isObject(next.spec)) next.spec = pruneNulls(next.spec);
      applyDefaults(resource.kind, next);
      if (resource.kind === 'Service')
        getObject(next, ['spec']).clusterIP ??= getObject(current, ['spec']).clusterIP ?? null;
      this.validateOrThrow(resource, next, current);
    }
    writeManaged(
      next,
      recordUpdate(current, next, options.fieldManager ?? 'unknown'),
      apiVersionOf(resource),
      this.clock.timestamp(),
    );
    if (options.dryRun) return next;
    return this.store.update(resource, next);
  }

  /** PATCH with any of the four patch types; server-side apply creates the object when missing. */
  patch(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: JsonValue,
    options: WriteOptions = {},
  ): JsonObject {
    const type = contentType.split(';')[0].trim();
    if (type === PATCH_TYPES.apply) return this.apply(resource, namespace, name, patch, options);
    const current = this.store.get(resource, namespace, name);
    const base = options.subresource === 'scale' ? scaleOf(current) : current;
    let patched: JsonValue;
    if (type === PATCH_TYPES.json) patched = applyJsonPatch(base, patch);
    else if (type === PATCH_TYPES.merge) patched = applyMergePatch(base, patch);
    else if (type === PATCH_TYPES.strategic) {
      if (!BUILT_IN_GROUPS.has(resource.group))
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          `strategic merge patch is not supported for ${apiVersionOf(resource)}, Kind=${resource.kind}`,
        );
      if (!isObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
      patched = applyStrategicMergePatch(base, patch);
    } else
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${Object.values(PATCH_TYPES).join(', ')}`,
      );
    if (!isObject(patched)) throw badRequest('the patch did not produce an object');
    if (options.subresource === 'scale') return this.writeScale(resource, current, patched, options);
    return this.update(resource, namespace, name, patched, options);
  }

  private apply(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    applied: JsonValue,
    options: WriteOptions,
  ): JsonObject {
    const manager = options.fieldManager;
    if (!manager)
      throw new ApiError(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    if (!isObject(applied)) throw badRequest('apply patch must be an object');
    const appliedName = getString(applied, ['metadata', 'name']);
    if (appliedName !== name)
      throw badRequest(
        `the name of the object (${appliedName}) does not match the name on the URL (${name})`,
      );
    const current = this.store.find(resource, namespace, name);
    const strategic = BUILT_IN_GROUPS.has(resource.group);
    const time = this.clock.timestamp();
    if (!current) {
      const object = this.prepareNew(resource, namespace, applied);
      this.validateOrThrow(resource, object);
      const { managed } = serverSideApply({ metadata: {} }, applied, manager, false, strategic);
      writeManaged(object, managed, apiVersionOf(resource), time);
      if (options.dryRun) return object;
      if (resource.kind === 'Service') this.allocateClusterIp(object);
      return this.store.create(resource, object);
    }
    this.checkType(resource, clone(applied));
    const { object, managed } = serverSideApply(current, applied, manager, options.force === true, strategic);
    if (options.subresource !== 'status' && resource.subresources.includes('status'))
      object.status = clone(current.status ?? {});
    applyDefaults(resource.kind, object);
    this.validateOrThrow(resource, object, current);
    writeManaged(object, managed, apiVersionOf(resource), time);
    (object.metadata as JsonObject).resourceVersion =
      getString(current, ['metadata', 'resourceVersion']) ?? '';
    if (options.dryRun) return object;
    return this.store.update(resource, object);
  }

  /** GET of the scale subresource (autoscaling/v1 Scale). */
  getScale(resource: ResourceType, namespace: string | undefined, name: string): JsonObject {
    return scaleOf(this.store.get(resource, namespace, name));
  }

  private writeScale(
    resource: ResourceType,
    current: JsonObject,
    scale: JsonObject,
    options: WriteOptions,
  ): JsonObject {
    const replicas = getObject(scale, ['spec']).replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
      throw new ApiError(
        422,
        'Invalid',
        `Scale.autoscaling "${String(getString(current, ['metadata', 'name']))}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`,
      );
    const next = clone(current);
    child(next, 'spec').replicas = replicas;
    const rv = getString(scale, ['metadata', 'resourceVersion']);
    if (rv) (next.metadata as JsonObject).resourceVersion = rv;
    writeManaged(
      next,
      recordUpdate(current, next, options.fieldManager ?? 'unknown'),
      apiVersionOf(resource),
      this.clock.timestamp(),
    );
    if (options.dryRun) return scaleOf(next);
    return scaleOf(this.store.update(resource, next));
  }

  /** DELETE: removes the object and, unless orphaning, everything it owns (background cascade). */
  delete(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    propagationPolicy = 'Background',
    dryRun = false,
  ): JsonObject {
    const current = this.store.get(resource, namespace, name);
    if (dryRun) return current;
    if (resource.kind === 'Namespace') {
      // Namespaces terminate: the namespace controller empties them, then removes them.
      if (getString(current, ['status', 'phase']) === 'Terminating') return current;
      const terminating = clone(current);
      child(terminating, 'metadata').deletionTimestamp = this.clock.timestamp();
      terminating.status = { phase: 'Terminating' };
      return this.store.update(resource, terminating);
    }
    return deleteWithDependents(this.store, resource, namespace, name, propagationPolicy === 'Orphan');
  }

  private allocateClusterIp(object: JsonObject): void {
    const spec = child(object, 'spec');
    if (spec.clusterIP === 'None' || typeof spec.clusterIP === 'string') return;
    const n = this.nextClusterIp++;
    spec.clusterIP = `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    spec.clusterIPs = [spec.clusterIP];
  }
}
