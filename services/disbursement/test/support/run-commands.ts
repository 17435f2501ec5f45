import type { PaymentRunCommandBody, PaymentRunCommandOf } from '../../src/domain';

/** The run's system actor, as the executor's commands carry it. */
export const RUN_ACTOR = { id: 'disbursement-payment-run', role: 'system', jurisdiction: '000000' };

/**
 * A payment-run command of the one shape `{ type, data, metadata: { actor, now } }`, as the pipeline builds it:
 * `now` an instant with its offset, or a day (then 10:00 Asia/Shanghai that day); the decider's "today" is its date.
 */
export function runCommand<T extends PaymentRunCommandBody['type']>(
  body: { type: T; data: PaymentRunCommandOf<T>['data'] },
  now: string,
  actor: { id: string; role: string; jurisdiction: string } = RUN_ACTOR,
): PaymentRunCommandOf<T> {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(now) ? `${now}T10:00:00+08:00` : now;
  return { ...body, metadata: { actor, now: instant } } as unknown as PaymentRunCommandOf<T>;
}
