import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The correlation id of the work in progress (an HTTP request, a Kafka message, a scheduled job).
 * HTTP requests get theirs from the platform middleware; non-HTTP code sets it with
 * `runWithCorrelationId` and every log line written inside carries it.
 */
interface CorrelationContext {
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** A caller-supplied id is accepted only if short and plain, so it cannot inject into logs or headers. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function runWithCorrelationId<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: acceptCorrelationId(correlationId) ?? newCorrelationId() }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function newCorrelationId(): string {
  return randomUUID();
}

/** The id if it is acceptable as a correlation id, else undefined. */
export function acceptCorrelationId(candidate: unknown): string | undefined {
  if (Array.isArray(candidate)) candidate = candidate[0];
  return typeof candidate === 'string' && ACCEPTABLE_ID.test(candidate) ? candidate : undefined;
}
