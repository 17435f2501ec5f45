/**
 * A circuit breaker per source: after `failureThreshold` consecutive failures the circuit opens and
 * calls are refused for `openMs`; then one trial call is let through (half-open): success closes the
 * circuit, failure opens it again. Time comes from the given clock.
 */
export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface CircuitOptions {
  failureThreshold: number;
  openMs: number;
  now: () => number;
}

export class CircuitBreaker {
  private state: CircuitState = 'CLOSED';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(private readonly options: CircuitOptions) {}

  /** Whether a call may be made now (in half-open state: only one at a time). */
  tryAcquire(): boolean {
    if (this.state === 'CLOSED') return true;
    if (this.state === 'OPEN') {
      if (this.options.now() - this.openedAt < this.options.openMs) return false;
      this.state = 'HALF_OPEN';
      this.trialInFlight = false;
    }
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.state = 'CLOSED';
    this.failures = 0;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    if (this.state === 'HALF_OPEN') {
      this.open();
      return;
    }
    this.failures++;
    if (this.failures >= this.options.failureThreshold) this.open();
  }

  /** A call that settled neither way (e.g. a 4xx): releases a half-open trial without judging. */
  release(): void {
    this.trialInFlight = false;
    if (this.state === 'HALF_OPEN') this.state = 'CLOSED';
  }

  get current(): CircuitState {
    if (this.state === 'OPEN' && this.options.now() - this.openedAt >= this.options.openMs) return 'HALF_OPEN';
    return this.state;
  }

  private open(): void {
    this.state = 'OPEN';
    this.openedAt = this.options.now();
    this.failures = 0;
  }
}
