import { child, getObjects, isObject, type JsonObject } from './json.js';

/** Sets a field only when it is missing (the API server's defaulting never overrides a given value). */
function setDefault(obj: JsonObject, key: string, value: JsonObject[string]): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

function defaultContainer(container: JsonObject): void {
  const image = typeof container.image === 'string' ? container.image : '';
  const lastSegment = image.split('/').pop() ?? '';
  const tagged = lastSegment.includes(':') || image.includes('@');
  setDefault(container, 'imagePullPolicy', !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent');
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  setDefault(container, 'resources', {});
  for (const port of getObjects(container, ['ports'])) setDefault(port, 'protocol', 'TCP');
}

/** Pod spec defaults as the API server fills them (so templates compare equal after a round trip). */
export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...getObjects(spec, ['containers']), ...getObjects(spec, ['initContainers'])])
    defaultContainer(c);
}

/** Applies the defaults of the object's kind in place. */
export function applyDefaults(kind: string, object: JsonObject): void {
  const spec = isObject(object.spec) ? object.spec : undefined;
  switch (kind) {
    case 'Deployment': {
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      const strategy = child(spec, 'strategy');
      setDefault(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') {
        const rolling = child(strategy, 'rollingUpdate');
        setDefault(rolling, 'maxUnavailable', '25%');
        setDefault(rolling, 'maxSurge', '25%');
      } else delete strategy.rollingUpdate;
      defaultPodSpec(child(child(spec, 'template'), 'spec'));
      return;
    }
    case 'ReplicaSet':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      defaultPodSpec(child(child(spec, 'template'), 'spec'));
      return;
    case 'Pod':
      if (spec) defaultPodSpec(spec);
      return;
    case 'Service':
      if (!spec) return;
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      for (const port of getObjects(spec, ['ports'])) {
        setDefault(port, 'protocol', 'TCP');
        setDefault(port, 'targetPort', port.port ?? 0);
      }
      return;
    case 'Namespace': {
      const metadata = child(object, 'metadata');
      const labels = child(metadata, 'labels');
      setDefault(labels, 'kubernetes.io/metadata.name', metadata.name ?? '');
      setDefault(object, 'spec', { finalizers: ['kubernetes'] });
      return;
    }
  }
}
