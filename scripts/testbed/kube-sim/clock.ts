/**
 * The simulator's clock: real time plus an offset that tests can advance, and that can be frozen, so
 * progress deadlines and back-offs are tested without waiting for them.
 */
export class SimClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  private readonly listeners = new Set<() => void>();

  /** Milliseconds since the epoch, in simulated time. */
  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offsetMs;
  }

  /** RFC 3339 with seconds precision, as Kubernetes writes `metav1.Time`. */
  timestamp(ms = this.now()): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** RFC 3339 with microseconds, as `metav1.MicroTime` (event times). */
  microTimestamp(ms = this.now()): string {
    return new Date(ms).toISOString().replace(/Z$/, '000Z');
  }

  /** Jumps forward; listeners (the controllers) run at once so the jump takes effect. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`cannot advance the clock by ${ms} ms`);
    this.offsetMs += ms;
    for (const listener of this.listeners) listener();
  }

  /** Stops simulated time (real time passing no longer moves it). */
  freeze(): void {
    if (this.frozenAt === undefined) this.frozenAt = Date.now();
  }

  /** Lets simulated time flow again from where it stood. */
  resume(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs += this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Called after every `advance`. */
  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
