import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, MetadataCommandPipeline, type AppendOptions, type EventStore, type NewEvent, type TransactionClient } from '@sa/eventstore';
import { CLOCK, shanghaiInstant, type Clock } from '@sa/time';
import {
  emergencyAdvanceDecider,
  emergencyAdvanceStreamId,
  entitlementDecider,
  entitlementStreamId,
  PAYMENT_RUN_CATEGORY,
  paymentRunDecider,
  paymentRunStreamId,
  type EmergencyAdvanceCommandBody,
  type EmergencyAdvanceEvent,
  type EmergencyAdvanceState,
  type EntitlementCommandBody,
  type EntitlementEvent,
  type EntitlementState,
  type PaymentRunCommandBody,
  type PaymentRunEvent,
  type PaymentRunState,
} from '../domain';

/** The case a payment-run event concerns (its correlation id and Kafka key), or the run for run-wide events. */
export function eventCorrelation(e: PaymentRunEvent, runId: string): string {
  switch (e.type) {
    case 'PaymentIssued':
    case 'PaymentReissued':
      return e.data.caseId;
    case 'PaymentReturned':
      return e.data.payment.caseId;
    default:
      return runId;
  }
}

/**
 * The cases a batch event concerns (its regular payment lines, then its arrears and offset lines; distinct, in line order): `metadata.caseIds`, which
 * the event store indexes (migration 5) and the audit and the personal-data report look a case up by, instead
 * of a GIN index over every line of `data.payments`. Undefined for the run's other events.
 */
export function batchCaseIds(e: PaymentRunEvent): string[] | undefined {
  if (e.type !== 'PaymentBatchIssued') return undefined;
  // every case the batch concerns: its regular lines, its 补发 lines (also those fully netted) and its 追回 offsets
  const { payments, arrears = [], offsets = [] } = e.data;
  return [...new Set([...payments, ...arrears, ...offsets].map((p) => p.caseId))];
}

/**
 * The event store as the payment run writes to it: one command on a run records events of many cases
 * (a batch pays hundreds of households, a bank confirmation returns several), and each of those events
 * carries its case as correlation id — audit reads a case's history by it, the relay keys by it — while
 * run-wide events keep the run's. The pipeline fills the metadata once per command (correlation = the
 * run); this adapter sets the per-event case on the way into the store — and on a batch event, which keeps
 * the run's correlation, the cases it pays (`metadata.caseIds`, see batchCaseIds) — and changes nothing else.
 */
export function correlatingRunEventsByCase(store: EventStore): EventStore {
  const prefix = `${PAYMENT_RUN_CATEGORY}-`;
  const correlate = (events: NewEvent[]): NewEvent[] =>
    events.map((e) => {
      const caseIds = batchCaseIds({ type: e.type, data: e.data } as PaymentRunEvent);
      if (caseIds) return { ...e, metadata: { ...e.metadata, caseIds } };
      const caseId = eventCorrelation({ type: e.type, data: e.data } as PaymentRunEvent, e.metadata.correlationId);
      return caseId === e.metadata.correlationId ? e : { ...e, metadata: { ...e.metadata, correlationId: caseId } };
    });
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'appendToStream') {
        return (streamId: string, events: NewEvent[], options?: AppendOptions) =>
          target.appendToStream(streamId, streamId.startsWith(prefix) ? correlate(events) : events, options);
      }
      if (prop === 'appendInTransaction') {
        const inTx = target.appendInTransaction?.bind(target);
        return (
          inTx &&
          ((tx: TransactionClient, streamId: string, events: NewEvent[], options?: AppendOptions) =>
            inTx(tx, streamId, streamId.startsWith(prefix) ? correlate(events) : events, options))
        );
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The three deciders of disbursement on the platform's command pipeline, framework-free (the executor, the bench
 * and the tests build them too). Each is the one place its commands get `metadata: { actor, now }`
 * (`MetadataCommandPipeline.command`: the actor of the options or of the HTTP scope, the time from the injected
 * clock); callers build `{ type, data }`, and no command carries a time in `data` (the payment run's executor,
 * which decides batches on a state it already holds, builds its commands with the same `command()`).
 */
export function disbursementPipelines(store: EventStore, clock: Clock) {
  const base = { store, now: () => shanghaiInstant(clock.now()) };
  return {
    /** `entitlement-<caseId>`: eligibility's decisions (consumer) and payee changes (HTTP). */
    entitlement: new MetadataCommandPipeline<EntitlementCommandBody, EntitlementEvent, EntitlementState>({ ...base, decider: entitlementDecider, streamId: entitlementStreamId }),
    /** `paymentRun-<runId>`: start, bank confirmation, completion, reissue; the run's batches keep their batch path (PaymentRunExecutor). */
    paymentRun: new MetadataCommandPipeline<PaymentRunCommandBody, PaymentRunEvent, PaymentRunState>({
      ...base,
      store: correlatingRunEventsByCase(store),
      decider: paymentRunDecider,
      streamId: paymentRunStreamId,
    }),
    /** `emergencyAdvance-<advanceId>`: pay, paperwork completed. */
    emergencyAdvance: new MetadataCommandPipeline<EmergencyAdvanceCommandBody, EmergencyAdvanceEvent, EmergencyAdvanceState>({
      ...base,
      decider: emergencyAdvanceDecider,
      streamId: emergencyAdvanceStreamId,
    }),
  };
}

export type DisbursementPipelineSet = ReturnType<typeof disbursementPipelines>;

/**
 * Disbursement's deciders set up once on the platform's command pipeline (@sa/eventstore
 * `CommandPipeline`; the HTTP contract comes from `@CommandRoute` of @sa/platform;
 * docs/CONVENTIONS.md "Commands"). HTTP commands never retry a conflicting append (409);
 * the consumer passes `retryOnConflict` with the integration event's id as command id.
 */
@Injectable()
export class DisbursementPipelines {
  readonly entitlement: DisbursementPipelineSet['entitlement'];
  readonly paymentRun: DisbursementPipelineSet['paymentRun'];
  readonly emergencyAdvance: DisbursementPipelineSet['emergencyAdvance'];

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    const p = disbursementPipelines(store, clock);
    this.entitlement = p.entitlement;
    this.paymentRun = p.paymentRun;
    this.emergencyAdvance = p.emergencyAdvance;
  }
}
