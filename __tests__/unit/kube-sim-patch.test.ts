import { applyJsonPatch, applyMergePatch } from '../../scripts/testbed/kube-sim/patch-json.js';
import { applyStrategicMergePatch } from '../../scripts/testbed/kube-sim/patch-strategic.js';
import {
  fieldSet,
  fromFieldsV1,
  serverSideApply,
  toFieldsV1,
} from '../../scripts/testbed/kube-sim/patch-apply.js';
import { ApiError } from '../../scripts/testbed/kube-sim/errors.js';
import type { JsonObject } from '../../scripts/testbed/kube-sim/json.js';

const pod = (): JsonObject => ({
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    containers: [
      { name: 'app', image: 'web:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'proxy:1' },
    ],
    finalizers: ['a'],
  },
});

describe('JSON merge patch (RFC 7386)', () => {
  test.each([
    [{ a: 1, b: { c: 2 } }, { b: { d: 3 } }, { a: 1, b: { c: 2, d: 3 } }],
    [{ a: 1, b: 2 }, { a: null }, { b: 2 }],
    [{ list: [1, 2] }, { list: [3] }, { list: [3] }],
    [{ a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
  ])('%j + %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  test('does not modify its input', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  test('add, replace, remove, move, copy and test', () => {
    const result = applyJsonPatch(pod(), [
      { op: 'replace', path: '/spec/containers/0/image', value: 'web:2' },
      { op: 'add', path: '/metadata/labels/track', value: 'canary' },
      { op: 'remove', path: '/metadata/labels/tier' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'third', image: 'x' } },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copied' },
      { op: 'move', from: '/metadata/labels/copied', path: '/metadata/labels/moved' },
      { op: 'test', path: '/metadata/labels/moved', value: 'web' },
      { op: 'add', path: '/metadata/annotations', value: { 'a~b/c': 'd' } },
      { op: 'replace', path: '/metadata/annotations/a~0b~1c', value: 'e' },
    ]) as JsonObject;
    expect(result).toMatchObject({
      metadata: { labels: { app: 'web', track: 'canary', moved: 'web' }, annotations: { 'a~b/c': 'e' } },
    });
    expect((result.spec as JsonObject).containers).toHaveLength(3);
  });

  test('a failed test or a missing path is 422, a malformed patch 400', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as ApiError).code;
      }
      return 0;
    };
    expect(code(() => applyJsonPatch(pod(), [{ op: 'test', path: '/metadata/name', value: 'other' }]))).toBe(
      422,
    );
    expect(code(() => applyJsonPatch(pod(), [{ op: 'replace', path: '/spec/nothing/here', value: 1 }]))).toBe(
      422,
    );
    expect(code(() => applyJsonPatch(pod(), { op: 'add' }))).toBe(400);
  });
});

describe('strategic merge patch', () => {
  test('containers merge by name (what `kubectl set image` sends)', () => {
    const result = applyStrategicMergePatch(pod(), {
      spec: { $setElementOrder: undefined, containers: [{ name: 'app', image: 'web:2' }] },
    } as unknown as JsonObject);
    const containers = (result.spec as JsonObject).containers as JsonObject[];
    expect(containers.map((c) => [c.name, c.image])).toEqual([
      ['app', 'web:2'],
      ['sidecar', 'proxy:1'],
    ]);
    expect(containers[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  test('$setElementOrder orders, $patch: delete removes an item, null removes a field', () => {
    const result = applyStrategicMergePatch(pod(), {
      metadata: { labels: { tier: null } },
      spec: {
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
        containers: [
          { name: 'app', env: [{ name: 'B', value: '2' }] },
          { name: 'sidecar', $patch: 'delete' },
        ],
      },
    });
    expect(result.metadata).toEqual({ name: 'web', labels: { app: 'web' } });
    const containers = (result.spec as JsonObject).containers as JsonObject[];
    expect(containers).toHaveLength(1);
    expect(containers[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
  });

  test('$patch: replace on a list and on a map; lists without a merge key are replaced', () => {
    const replacedList = applyStrategicMergePatch(pod(), {
      spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] },
    });
    expect((replacedList.spec as JsonObject).containers).toEqual([{ name: 'only', image: 'x' }]);
    const replacedMap = applyStrategicMergePatch(pod(), {
      metadata: { labels: { $patch: 'replace', x: 'y' } },
    });
    expect((replacedMap.metadata as JsonObject).labels).toEqual({ x: 'y' });
    const args = applyStrategicMergePatch({ spec: { args: ['a', 'b'] } }, { spec: { args: ['c'] } });
    expect(args).toEqual({ spec: { args: ['c'] } });
  });

  test('finalizers merge as a set; $deleteFromPrimitiveList removes; $retainKeys prunes', () => {
    expect(applyStrategicMergePatch(pod(), { spec: { finalizers: ['b', 'a'] } })).toMatchObject({
      spec: { finalizers: ['a', 'b'] },
    });
    expect(
      applyStrategicMergePatch(pod(), { spec: { '$deleteFromPrimitiveList/finalizers': ['a'] } }),
    ).toMatchObject({ spec: { finalizers: [] } });
    const retained = applyStrategicMergePatch(
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
      { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    );
    expect(retained).toEqual({ strategy: { type: 'Recreate' } });
  });

  test('service ports merge on port, container ports on containerPort', () => {
    const svc = applyStrategicMergePatch(
      { spec: { ports: [{ port: 80, targetPort: 8080 }] } },
      { spec: { ports: [{ port: 443, targetPort: 8443 }] } },
    );
    expect((svc.spec as JsonObject).ports).toHaveLength(2);
    const merged = applyStrategicMergePatch(pod(), {
      spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }] }] },
    });
    const app = ((merged.spec as JsonObject).containers as JsonObject[])[0];
    expect(app.ports).toEqual([{ containerPort: 80, name: 'http' }]);
  });
});

describe('server-side apply', () => {
  const live = (): JsonObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'web:1' }] } } },
  });

  test('field sets round-trip through fieldsV1 with keyed list items', () => {
    const fields = fieldSet(live());
    const v1 = toFieldsV1(fields);
    expect(v1).toMatchObject({
      'f:spec': {
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } } } },
      },
    });
    expect([...fromFieldsV1(v1)].sort()).toEqual([...fields].sort());
  });

  test('removes fields its manager no longer applies, keeps others', () => {
    const first = serverSideApply({ metadata: { name: 'web' } }, live(), 'ci', false, true);
    const withFirst = { ...first.object, metadata: { ...(first.object.metadata as JsonObject) } };
    (withFirst.metadata as JsonObject).managedFields = first.managed.map((m) => ({
      manager: m.manager,
      operation: m.operation,
      fieldsV1: toFieldsV1(m.fields),
    }));
    const applied = live();
    delete (applied.metadata as JsonObject).labels;
    const second = serverSideApply(withFirst, applied, 'ci', false, true);
    expect((second.object.metadata as JsonObject).labels).toBeUndefined();
    expect((second.object.spec as JsonObject).replicas).toBe(2);
  });

  test('a different value for a field another manager owns is a 409 conflict unless forced', () => {
    const owned = live();
    (owned.metadata as JsonObject).managedFields = [
      { manager: 'hpa', operation: 'Update', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    ];
    const applied = live();
    (applied.spec as JsonObject).replicas = 5;
    expect(() => serverSideApply(owned, applied, 'ci', false, true)).toThrow(
      'conflict with "hpa" using apps/v1: .spec.replicas',
    );
    const forced = serverSideApply(owned, applied, 'ci', true, true);
    expect((forced.object.spec as JsonObject).replicas).toBe(5);
    expect(forced.managed.find((m) => m.manager === 'hpa')?.fields.size ?? 0).toBe(0);
  });
});
