import { BrokenCircuitError, CircuitState as PolicyState, circuitBreaker, ConsecutiveBreaker, handleType, type CircuitBreakerPolicy } from 'cockatiel';

/**
 * The circuit of one platform source, on cockatiel's `CircuitBreakerPolicy` with a `ConsecutiveBreaker`:
 * after `failureThreshold` consecutive failures the circuit opens and calls are refused for `openMs`;
 * then one trial call is let through (half-open; calls made meanwhile wait for its verdict instead of
 * being sent): success closes the circuit, failure opens it again. A call that settles neither way
 * (a 4xx: the platform answered) does not count; in half-open it closes the circuit.
 *
 * The pause is measured on the process's wall clock (cockatiel reads `Date.now()`), not the injected
 * case clock: it is how long the platform gets to recover, which moving the case calendar
 * (SA_CLOCK_FILE) does not shorten. Tests move it with jest's fake `Date`.
 */
export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** How the circuit judges one call. */
export type CircuitVerdict = 'success' | 'failure' | 'neutral';

export interface CircuitOptions {
  failureThreshold: number;
  openMs: number;
}

/** What `run` gives back: the call's value, or `refused` when the circuit is open (nothing was sent). */
export type CircuitRun<T> = { refused: true } | { refused: false; value: T };

class Judged<T> extends Error {
  constructor(
    readonly verdict: 'failure' | 'neutral',
    readonly value: T,
  ) {
    super(`platform call judged ${verdict}`);
  }
}
class FailedCall<T> extends Judged<T> {}

export class SourceCircuit {
  private readonly policy: CircuitBreakerPolicy;

  constructor(private readonly options: CircuitOptions) {
    const breaker = new ConsecutiveBreaker(options.failureThreshold);
    // Only failures open the circuit; a neutral call passes through cockatiel as an unhandled error.
    this.policy = circuitBreaker(handleType(FailedCall), { halfOpenAfter: options.openMs, breaker });
    // A trial starts from a clean count: after it the circuit again needs `failureThreshold` failures.
    this.policy.onHalfOpen(() => breaker.success());
  }

  /** Runs `call` through the circuit; `call` says how its outcome counts and never throws. */
  async run<T>(call: () => Promise<{ verdict: CircuitVerdict; value: T }>): Promise<CircuitRun<T>> {
    try {
      const value = await this.policy.execute(async () => {
        const { verdict, value: v } = await call();
        if (verdict === 'failure') throw new FailedCall('failure', v);
        if (verdict === 'neutral') throw new Judged('neutral', v);
        return v;
      });
      return { refused: false, value };
    } catch (err) {
      if (err instanceof BrokenCircuitError) return { refused: true };
      if (err instanceof Judged) return { refused: false, value: err.value as T };
      throw err;
    }
  }

  get current(): CircuitState {
    switch (this.policy.state) {
      case PolicyState.Closed:
        return 'CLOSED';
      case PolicyState.HalfOpen:
        return 'HALF_OPEN';
      default: {
        const own = (this.policy.toJSON() as { ownState: { openedAt?: number } }).ownState;
        return Date.now() - (own.openedAt ?? 0) >= this.options.openMs ? 'HALF_OPEN' : 'OPEN';
      }
    }
  }
}
