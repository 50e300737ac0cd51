/**
 * The seed's Pod Security settings (the Kubernetes "restricted" profile plus resources and digests) as
 * pure checks on every pod template. Each finding names the file, the object and the field path, so a
 * reader can go straight to the line to change.
 */

/** One policy finding. */
export interface PolicyFinding {
  file: string;
  /** `Deployment/web` */
  object: string;
  /** `spec.template.spec.containers[0].securityContext.privileged` */
  path: string;
  /** What is wrong and what to set. */
  message: string;
}

/** The volume types the restricted profile allows. */
export const ALLOWED_VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);

/** Checks one pod spec (found at `base`, e.g. `spec.template.spec`) and returns every finding. */
export function checkPodSpec(
  podSpec: unknown,
  where: { file: string; object: string; base: string },
): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const add = (path: string, message: string) =>
    findings.push({ file: where.file, object: where.object, path: `${where.base}.${path}`, message });
  const spec = obj(podSpec);
  const podSecurity = obj(spec.securityContext);
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (spec[field] === true) add(field, `${field} shares the node's namespace with the pod: remove it`);
  list(spec.volumes).forEach((volume, i) => {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (type === 'hostPath')
      add(
        `volumes[${i}].hostPath`,
        `volume "${String(volume.name)}" mounts a directory of the node: use emptyDir, a configMap/secret or a persistentVolumeClaim`,
      );
    else if (type && !(ALLOWED_VOLUME_TYPES as readonly string[]).includes(type))
      add(
        `volumes[${i}].${type}`,
        `volume type ${type} is not allowed (allowed: ${ALLOWED_VOLUME_TYPES.join(', ')})`,
      );
  });
  const containers = [
    ...list(spec.initContainers).map((c, i) => ({ c, path: `initContainers[${i}]` })),
    ...list(spec.containers).map((c, i) => ({ c, path: `containers[${i}]` })),
  ];
  for (const { c, path } of containers) {
    const name = `container "${String(c.name)}"`;
    const sc = obj(c.securityContext);
    const scPath = `${path}.securityContext`;
    if (sc.privileged === true) add(`${scPath}.privileged`, `${name} is privileged: remove privileged: true`);
    if (sc.allowPrivilegeEscalation !== false)
      add(`${scPath}.allowPrivilegeEscalation`, `${name}: set allowPrivilegeEscalation: false`);
    const drop = (obj(sc.capabilities).drop as unknown[] | undefined) ?? [];
    if (!drop.includes('ALL'))
      add(`${scPath}.capabilities.drop`, `${name}: drop all capabilities (capabilities: {drop: [ALL]})`);
    if (sc.readOnlyRootFilesystem !== true)
      add(
        `${scPath}.readOnlyRootFilesystem`,
        `${name}: set readOnlyRootFilesystem: true (mount an emptyDir where it must write)`,
      );
    if (sc.runAsNonRoot !== true && podSecurity.runAsNonRoot !== true)
      add(`${scPath}.runAsNonRoot`, `${name}: set runAsNonRoot: true (here or in the pod's securityContext)`);
    const seccomp = String(obj(sc.seccompProfile).type ?? obj(podSecurity.seccompProfile).type ?? '');
    if (!SECCOMP_TYPES.includes(seccomp))
      add(
        `${scPath}.seccompProfile.type`,
        `${name}: set a seccomp profile of type RuntimeDefault or Localhost (here or in the pod's securityContext)`,
      );
    const resources = obj(c.resources);
    for (const kind of ['requests', 'limits'] as const)
      for (const resource of ['cpu', 'memory'])
        if (obj(resources[kind])[resource] === undefined)
          add(`${path}.resources.${kind}.${resource}`, `${name}: set resources.${kind}.${resource}`);
    if (typeof c.image !== 'string' || !/@sha256:[0-9a-f]{64}$/.test(c.image))
      add(`${path}.image`, `${name}: image ${String(c.image)} is not pinned by digest (repo@sha256:…)`);
  }
  return findings;
}

/** Checks every pod template of a manifest object (Deployments; other kinds carry none). */
export function checkObject(
  object: { kind: string; metadata: { name: string }; spec?: unknown },
  file: string,
): PolicyFinding[] {
  if (object.kind !== 'Deployment') return [];
  const template = obj(obj(obj(object.spec).template).spec);
  return checkPodSpec(template, {
    file,
    object: `${object.kind}/${object.metadata.name}`,
    base: 'spec.template.spec',
  });
}

/** One line per finding: `k8s/web.yaml Deployment/web spec.template.spec…: message`. */
export function formatFinding(finding: PolicyFinding): string {
  return `${finding.file} ${finding.object} ${finding.path}: ${finding.message}`;
}
