import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** Why a pod is failing, in the words of the kubelet (the reason a tired engineer will search for). */
export type PodFailureReason =
  | 'CrashLoopBackOff'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'OOMKilled'
  | 'CreateContainerConfigError'
  | 'InvalidImageName'
  | 'TooManyRestarts';

/** One failing container: enough to act on without opening the cluster. */
export interface PodFailure {
  pod: string;
  container: string;
  reason: PodFailureReason;
  /** The kubelet's message, or what the reason means. */
  message: string;
  restarts: number;
  /** Recent events of the pod (filled in by the caller, who has the cluster). */
  events?: string[];
  /** The last log lines, redacted (filled in by the caller). */
  logs?: string[];
}

/** Waiting reasons that will not go away by waiting for the progress deadline. */
const FATAL_WAITING: readonly PodFailureReason[] = [
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'CreateContainerConfigError',
  'InvalidImageName',
];

/**
 * The failures of one pod, pure over its status: fatal waiting reasons, an OOM kill (current or last
 * state), and more restarts than `maxRestarts`. One entry per container, the most telling reason first
 * (an OOM kill explains a CrashLoopBackOff, so it wins over it).
 */
export function diagnosePod(pod: V1Pod, maxRestarts: number): PodFailure[] {
  const name = pod.metadata?.name ?? '(unnamed)';
  const statuses: V1ContainerStatus[] = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const failures: PodFailure[] = [];
  for (const status of statuses) {
    const failure = diagnoseContainer(status, maxRestarts);
    if (failure)
      failures.push({ pod: name, container: status.name, restarts: status.restartCount, ...failure });
  }
  return failures;
}

function diagnoseContainer(
  status: V1ContainerStatus,
  maxRestarts: number,
): { reason: PodFailureReason; message: string } | undefined {
  const waiting = status.state?.waiting;
  const oom = [status.state?.terminated, status.lastState?.terminated].find((t) => t?.reason === 'OOMKilled');
  if (oom)
    return {
      reason: 'OOMKilled',
      message: `killed for using more memory than its limit (exit code ${oom.exitCode}); raise resources.limits.memory or fix the leak`,
    };
  const reason = waiting?.reason as PodFailureReason | undefined;
  if (reason && FATAL_WAITING.includes(reason))
    return { reason, message: waiting?.message ?? explain(reason) };
  if (status.restartCount > maxRestarts)
    return {
      reason: 'TooManyRestarts',
      message: `restarted ${status.restartCount} times (max-restarts is ${maxRestarts})${status.lastState?.terminated ? `; last exit code ${status.lastState.terminated.exitCode} (${status.lastState.terminated.reason ?? 'unknown'})` : ''}`,
    };
  return undefined;
}

function explain(reason: PodFailureReason): string {
  switch (reason) {
    case 'CrashLoopBackOff':
      return 'the container keeps exiting; its last log lines say why';
    case 'ErrImagePull':
    case 'ImagePullBackOff':
    case 'InvalidImageName':
      return 'the image cannot be pulled: check the reference, that it was pushed, and the pull secret';
    case 'CreateContainerConfigError':
      return 'a ConfigMap or Secret the container refers to is missing, or a key in it';
    default:
      return reason;
  }
}

/** The recent events of one pod as short lines, newest last (`Warning BackOff: …`). */
export function describeEvents(events: CoreV1Event[], pod: string, limit = 5): string[] {
  const time = (e: CoreV1Event) =>
    new Date(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? 0).getTime();
  return events
    .filter((e) => e.involvedObject?.kind === 'Pod' && e.involvedObject.name === pod)
    .sort((a, b) => time(a) - time(b))
    .slice(-limit)
    .map(
      (e) =>
        `${e.type ?? 'Normal'} ${e.reason ?? ''}: ${e.message ?? ''}${(e.count ?? 1) > 1 ? ` (×${e.count})` : ''}`,
    );
}

/** One failure as the lines an on-call engineer reads first. */
export function formatPodFailure(failure: PodFailure): string[] {
  return [
    `pod ${failure.pod}, container ${failure.container}: ${failure.reason} — ${failure.message}`,
    ...(failure.events ?? []).map((line) => `  event: ${line}`),
    ...(failure.logs ?? []).map((line) => `  log: ${line}`),
  ];
}
