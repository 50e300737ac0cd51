import { ApiError } from './errors.js';
import { getObject, getObjects, getString, type JsonObject } from './json.js';
import { behaviourFor, type BehaviourKind, type BehaviourRule } from './pod-behaviours.js';

/** The query parameters of `GET …/pods/<name>/log` the simulator honours. */
export interface LogQuery {
  container?: string;
  previous: boolean;
  tailLines?: number;
  timestamps: boolean;
  limitBytes?: number;
}

/** Reads the log query as the API server does: bad numbers are 400s, not silently ignored. */
export function parseLogQuery(query: URLSearchParams): LogQuery {
  const positive = (key: string): number | undefined => {
    const raw = query.get(key);
    if (raw === null) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      throw new ApiError(
        400,
        'BadRequest',
        `${key}: Invalid value: "${raw}": must be a non-negative integer`,
      );
    return value;
  };
  return {
    container: query.get('container') ?? undefined,
    previous: query.get('previous') === 'true' || query.get('previous') === '1',
    tailLines: positive('tailLines'),
    timestamps: query.get('timestamps') === 'true' || query.get('timestamps') === '1',
    limitBytes: positive('limitBytes'),
  };
}

/** One run of a container: which instance (0 = first start), when it started, whether it ended. */
interface ContainerRun {
  instance: number;
  startedAt: string;
  finishedAt?: string;
}

/**
 * The run whose log the kubelet would serve, following its `validateContainerLogStatus`: `previous`
 * reads lastState.terminated; otherwise the running container, else the last terminated one, else a
 * 400 naming why there is nothing to read (the kubelet's own wording).
 */
function runToRead(status: JsonObject, pod: string, container: string, previous: boolean): ContainerRun {
  const restarts = Number(status.restartCount ?? 0);
  const last = getObject(status, ['lastState', 'terminated']);
  const lastRun = (): ContainerRun => ({
    // The simulator names terminated containers `<name>-<instance>`; fall back to the restart count.
    instance: Number(/-(\d+)$/.exec(String(last.containerID ?? ''))?.[1] ?? restarts),
    startedAt: String(last.startedAt),
    finishedAt: String(last.finishedAt),
  });
  if (previous) {
    if (!last.containerID)
      throw new ApiError(
        400,
        'BadRequest',
        `previous terminated container "${container}" in pod "${pod}" not found`,
      );
    return lastRun();
  }
  const running = getObject(status, ['state', 'running']);
  if (running.startedAt) return { instance: restarts, startedAt: String(running.startedAt) };
  if (last.containerID) return lastRun();
  const waiting = getString(status, ['state', 'waiting', 'reason']) ?? 'ContainerCreating';
  const why =
    waiting === 'ErrImagePull'
      ? "image can't be pulled"
      : waiting === 'ImagePullBackOff'
        ? 'trying and failing to pull image'
        : waiting;
  throw new ApiError(
    400,
    'BadRequest',
    `container "${container}" in pod "${pod}" is waiting to start: ${why}`,
  );
}

/**
 * What a container of each behaviour writes during one run. Crash loops end on a stack-like line and
 * print a credential on the way (a connection string), as real services too often do, so log readers
 * are tested on redaction; OOM-killed runs simply stop mid-allocation.
 */
export function logLinesOf(
  kind: BehaviourKind,
  image: string,
  container: string,
  instance: number,
): string[] {
  const start = [
    `starting ${container} (${image}), instance ${instance}`,
    'loading configuration from /etc/app/config.yaml',
  ];
  switch (kind) {
    case 'healthy':
    case 'slow':
      return [...start, 'listening on :8080', 'ready: serving traffic'];
    case 'never-ready':
      return [...start, 'listening on :8080', 'readiness: dependency "db" not reachable, answering 503'];
    case 'crash-loop':
      return [
        ...start,
        'connecting to postgres://app:s3cr3t-pa55@db.internal:5432/app',
        'panic: connect db: dial tcp 10.96.0.12:5432: connect: connection refused',
        '',
        'goroutine 1 [running]:',
        'main.mustConnect(...)',
        '\t/app/db.go:42 +0x1c5',
        'main.main()',
        '\t/app/main.go:17 +0x9a',
      ];
    case 'oom':
      return [
        ...start,
        'warming cache: 128MiB allocated',
        'warming cache: 256MiB allocated',
        'warming cache: 512MiB allocated',
      ];
    case 'pull-failure':
      return [];
  }
}

/** Spreads a run's lines over its lifetime (10 ms apart), never past when it finished. */
function stamp(lines: string[], run: ContainerRun): string[] {
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Number.POSITIVE_INFINITY;
  return lines.map((line, i) => {
    const at = Math.min(start + i * 10, Math.max(start, end));
    return `${new Date(at).toISOString().replace(/Z$/, '000000Z')} ${line}`;
  });
}

/**
 * The body of `GET /api/v1/namespaces/<ns>/pods/<name>/log`: the container chosen as the API server
 * chooses it (required when the pod has several), the run chosen as the kubelet chooses it, then
 * `tailLines` and `limitBytes` applied. Text, newline-terminated, like a real container log.
 */
export function podLog(pod: JsonObject, query: LogQuery, rules: readonly BehaviourRule[]): string {
  const name = String(getObject(pod, ['metadata']).name);
  const containers = getObjects(pod, ['spec', 'containers']);
  let containerName = query.container;
  if (containerName === undefined) {
    if (containers.length !== 1)
      throw new ApiError(
        400,
        'BadRequest',
        `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => String(c.name)).join(' ')}]`,
      );
    containerName = String(containers[0].name);
  }
  const spec = containers.find((c) => c.name === containerName);
  if (!spec) throw new ApiError(400, 'BadRequest', `container ${containerName} is not valid for pod ${name}`);
  const status = getObjects(pod, ['status', 'containerStatuses']).find((s) => s.name === containerName);
  if (!status)
    throw new ApiError(
      400,
      'BadRequest',
      `container "${containerName}" in pod "${name}" is waiting to start: ContainerCreating`,
    );
  const run = runToRead(status, name, containerName, query.previous);
  const image = String(spec.image);
  const stamped = stamp(logLinesOf(behaviourFor(image, rules).kind, image, containerName, run.instance), run);
  let lines = query.timestamps ? stamped : stamped.map((line) => line.slice(line.indexOf(' ') + 1));
  if (query.tailLines !== undefined) lines = query.tailLines === 0 ? [] : lines.slice(-query.tailLines);
  const text = lines.map((line) => `${line}\n`).join('');
  return query.limitBytes !== undefined
    ? Buffer.from(text).subarray(0, query.limitBytes).toString('utf8')
    : text;
}
