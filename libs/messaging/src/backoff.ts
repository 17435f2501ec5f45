export interface BackoffOptions {
  /** First delay in ms. */
  initialMs: number;
  /** Upper bound for one delay in ms. */
  maxMs: number;
  /** Multiplier per attempt (default 2). */
  factor?: number;
  /** Random spread, 0..1, applied as ±jitter/2 (default 0.2). */
  jitter?: number;
}

/** Delay before retry number `attempt` (1-based: the delay after the first failure is attempt 1). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(options.maxMs, options.initialMs * factor ** Math.max(0, attempt - 1));
  const spread = base * jitter * (Math.random() - 0.5);
  return Math.max(0, Math.round(base + spread));
}

/** Sleep that can be cut short by an abort signal (resolves, never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
