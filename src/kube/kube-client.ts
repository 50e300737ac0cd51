import type { KubeConfig, KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { Deadline, parseRetryAfter, withRetry, type RetryVerdict } from '../runtime/retry.js';
import { objectApiFor } from './built-in-resources.js';
import { loadKubeConfig, type ClusterAccess } from './kube-config.js';
import {
  explainApiError,
  KubeApiError,
  type KubeStatus,
  type KubeVerb,
  type ObjectRef,
} from './kube-errors.js';
import { refOf, resourceOf } from './kinds.js';

/** The field manager of every server-side apply prodline makes (DESIGN.md). */
export const FIELD_MANAGER = 'prodline';

/** A Kubernetes object as JSON, with the metadata prodline reads. */
export interface KubeObject extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    uid?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** What the client says about each call it makes (counting, logging). */
export interface CallObserver {
  /** A request is about to be sent (every attempt, retries included). */
  onRequest?(verb: KubeVerb, ref: ObjectRef, attempt: number): void;
  /** A transient failure will be retried after `delayMs`. */
  onRetry?(message: string): void;
}

export interface KubeClientOptions extends CallObserver {
  /** No new attempt starts after this point. */
  deadline?: Deadline;
}

/** One watch stream; `done` settles when the server or the network ends it. */
export interface WatchHandle {
  done: Promise<void>;
  abort(): void;
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** 429, 5xx and dropped connections are worth another attempt; everything else is an answer. */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: unknown; type?: string; message?: string; cause?: { code?: unknown } };
  if (typeof e?.code === 'number') return e.code === 429 || e.code >= 500;
  if (typeof e?.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  if (typeof e?.cause?.code === 'string' && TRANSIENT_CODES.has(e.cause.code)) return true;
  return e?.type === 'system' || /socket hang up|ECONNRESET|network/i.test(e?.message ?? '');
}

/** For the retry engine: transient failures are retried, after the API server's Retry-After when it sends one. */
function classifyKubeFailure(error: unknown): RetryVerdict {
  if (!isTransient(error)) return { retryable: false };
  const headers = (error as { headers?: Record<string, string | undefined> }).headers;
  return { retryable: true, retryAfterMs: parseRetryAfter(headers?.['retry-after']) };
}

function statusBody(error: unknown): KubeStatus | undefined {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as KubeStatus;
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null ? (body as KubeStatus) : undefined;
}

/**
 * The one Kubernetes client of prodline: get, list, server-side apply, delete and watch, each through
 * `call`, the single seam where retries (reads, and applies, which are safe to repeat) and the
 * translation of API errors into messages for people happen.
 */
export class KubeClient {
  private constructor(
    readonly config: KubeConfig,
    private readonly objects: KubernetesObjectApi,
    private readonly options: KubeClientOptions,
  ) {}

  /** Loads the kubeconfig (see loadKubeConfig) and makes a client; imports client-node on demand. */
  static async connect(access: ClusterAccess, options: KubeClientOptions = {}): Promise<KubeClient> {
    const config = await loadKubeConfig(access);
    const k8s = await import('@kubernetes/client-node');
    return new KubeClient(config, objectApiFor(k8s, config), options);
  }

  /** The namespace of the kubeconfig's current context, if it names one. */
  contextNamespace(): string | undefined {
    return this.config.getContextObject(this.config.getCurrentContext())?.namespace;
  }

  /** Reads an object; undefined when it does not exist. */
  async get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return (await this.call('get', ref, () =>
        this.objects.read({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name ?? '', namespace: ref.namespace },
        }),
      )) as T;
    } catch (error) {
      // A missing object is an answer; a missing namespace is not (the server's message says which).
      if (
        error instanceof KubeApiError &&
        error.status === 404 &&
        !/^namespaces? "/.test(error.kubeStatus?.message ?? '')
      )
        return undefined;
      throw error;
    }
  }

  /** Lists a kind in a namespace (optionally by label selector), with the list's resourceVersion. */
  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace: string,
    labelSelector?: string,
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const ref: ObjectRef = { apiVersion, kind, resource: resourceOf(kind), namespace };
    const list = await this.call('list', ref, () =>
      this.objects.list(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      ),
    );
    return { items: list.items as T[], resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  /** Server-side apply with field manager `prodline`; `force` takes fields over from other managers. */
  async apply<T extends KubeObject>(object: T, options: { force?: boolean } = {}): Promise<T> {
    return (await this.call('patch', refOf(object), () =>
      this.objects.patch(
        object,
        undefined,
        undefined,
        FIELD_MANAGER,
        options.force ?? false,
        'application/apply-patch+yaml' as never,
      ),
    )) as T;
  }

  /** Deletes an object (its ReplicaSets and pods follow in the background); false when it was already gone. */
  async delete(ref: ObjectRef): Promise<boolean> {
    try {
      await this.call('delete', ref, () =>
        this.objects.delete(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { name: ref.name ?? '', namespace: ref.namespace },
          },
          undefined,
          undefined,
          undefined,
          undefined,
          'Background',
        ),
      );
      return true;
    } catch (error) {
      // A retried delete whose first attempt went through answers 404: the object is gone either way.
      if (error instanceof KubeApiError && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * The last `tailLines` lines of a container's log (`previous`: the run before the last restart, where a
   * crash loop's reason is). Through the same seam as every other call, so it is retried and explained.
   */
  async podLog(
    namespace: string,
    pod: string,
    container: string,
    options: { tailLines: number; previous?: boolean },
  ): Promise<string> {
    const k8s = await import('@kubernetes/client-node');
    const core = this.config.makeApiClient(k8s.CoreV1Api);
    const ref: ObjectRef = { apiVersion: 'v1', kind: 'Pod', resource: 'pods/log', namespace, name: pod };
    return this.call('get', ref, () =>
      core.readNamespacedPodLog({
        name: pod,
        namespace,
        container,
        tailLines: options.tailLines,
        previous: options.previous,
      }),
    );
  }

  /** Opens a watch on `path` (an API collection path) from `resourceVersion`; events arrive in order. */
  async watch(
    ref: ObjectRef,
    path: string,
    params: Record<string, string | boolean>,
    onEvent: (type: string, object: KubeObject | KubeStatus) => void,
  ): Promise<WatchHandle> {
    const k8s = await import('@kubernetes/client-node');
    let settle: (error?: unknown) => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      settle = () => resolve();
    });
    const controller = await this.call('watch', ref, () =>
      new k8s.Watch(this.config).watch(
        path,
        params,
        (type, object) => onEvent(type, object as KubeObject),
        (error) => settle(error),
      ),
    );
    return { done, abort: () => controller.abort() };
  }

  /**
   * The seam: every request goes through here. Reads, watches, applies and deletes are safe to repeat,
   * so all are retried on 429/5xx/connection resets; failures become KubeApiError messages.
   */
  private async call<T>(verb: KubeVerb, ref: ObjectRef, request: () => Promise<T>): Promise<T> {
    try {
      const { value } = await withRetry(
        `${verb} ${ref.kind}${ref.name ? ` ${ref.name}` : ''}`,
        ({ number }) => {
          this.options.onRequest?.(verb, ref, number);
          return request();
        },
        {
          deadline: this.options.deadline,
          classify: classifyKubeFailure,
          onRetry: (error, delayMs, attempt) =>
            this.options.onRetry?.(
              `${verb} ${ref.kind} ${ref.name ?? ''}: ${describeFailure(error)}; attempt ${attempt + 1} in ${delayMs} ms`,
            ),
        },
      );
      return value;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw explainApiError(
        verb,
        ref,
        typeof code === 'number' ? code : undefined,
        statusBody(error),
        describeFailure(error),
      );
    }
  }
}

function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const body = statusBody(error);
  if (typeof code === 'number') return `HTTP ${code}${body?.message ? ` ${body.message}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
