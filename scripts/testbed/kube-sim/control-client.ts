import type { Behaviour, BehaviourKind } from './pod-behaviours.js';
import type { DenyRule, FaultAction, FaultMatch, LoggedRequest } from './faults.js';

/** A typed client for the simulator's control API (for tests and benchmarks). */
export class KubeSimControl {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`kube-sim control ${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Makes pods running `image` (a pattern, `*` for any) behave as given. */
  setBehaviour(image: string, behaviour: BehaviourKind | Behaviour): Promise<unknown> {
    return this.call('POST', '/behaviours', { image, behaviour });
  }

  clearBehaviours(): Promise<unknown> {
    return this.call('DELETE', '/behaviours');
  }

  /** Injects a fault for the matching requests (`times` of them, or all), after letting `skip` through. */
  addFault(match: FaultMatch, action: FaultAction, times?: number, skip?: number): Promise<{ id: number }> {
    return this.call('POST', '/faults', { match, action, times, skip });
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  deny(rule: DenyRule): Promise<unknown> {
    return this.call('POST', '/deny', rule);
  }

  clearDeny(): Promise<unknown> {
    return this.call('DELETE', '/deny');
  }

  /** Moves simulated time forward (controllers run at once). */
  advanceClock(ms: number): Promise<{ nowMs: number }> {
    return this.call('POST', '/clock/advance', { ms });
  }

  freezeClock(): Promise<unknown> {
    return this.call('POST', '/clock/freeze');
  }

  resumeClock(): Promise<unknown> {
    return this.call('POST', '/clock/resume');
  }

  /** Ends every open watch stream now; resolves with how many were ended. */
  async endWatches(): Promise<number> {
    return (await this.call<{ ended: number }>('POST', '/watches/end')).ended;
  }

  /** Drops the change history, so watches from older resourceVersions get 410 Gone. */
  compact(): Promise<unknown> {
    return this.call('POST', '/compact');
  }

  requests(): Promise<{ total: number; requests: LoggedRequest[] }> {
    return this.call('GET', '/requests');
  }

  counters(): Promise<{ total: number; counts: Record<string, number> }> {
    return this.call('GET', '/counters');
  }

  resetRequests(): Promise<unknown> {
    return this.call('DELETE', '/requests');
  }

  /** Deletes everything outside the system namespaces and clears faults, behaviours and logs. */
  reset(): Promise<unknown> {
    return this.call('POST', '/reset');
  }
}
