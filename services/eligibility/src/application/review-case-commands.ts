import { Inject, Injectable } from '@nestjs/common';
import type { Decider } from '@sa/decider';
import { fold } from '@sa/decider';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import {
  EVENT_STORE,
  handleCommand,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventStore,
  type RecordedEvent,
} from '@sa/eventstore';
import { ContractViolationError } from '@sa/contracts';
import { randomUUID } from 'node:crypto';
import {
  createReviewCaseDecider,
  isRuleEngineError,
  EligibilityError,
  reviewCaseStreamId,
  type ActorRef,
  type ReviewCaseCommand,
  type ReviewCaseEvent,
  type ReviewCaseState,
  type WorkingDayCalendar,
} from '../domain';
import { CLOCK, shanghaiDate, shanghaiInstant, type Clock } from '@sa/time';
import { WORKING_CALENDAR } from '../infrastructure/working-calendar';
import { toIntegrationEvent } from '../messaging/outgoing';

/** A placeholder id for validating a decision's public event before anything is appended. */
const PROBE_ID = '00000000-0000-4000-8000-000000000000';

export interface RunReviewCaseCommand {
  caseId: string;
  command: ReviewCaseCommand;
  /** Idempotency key: event i gets eventIdFor(commandId, i); a retried command appends nothing. */
  commandId: string;
  actor: ActorRef;
  /** The integration event that caused it (consumers); defaults to the command id. */
  causationId?: string;
  /** Decision metadata. */
  reason?: string;
  evidenceRefs?: string[];
  policyVersion?: string;
  /** The stream revision the client saw (`If-Match`); a different one is a 409. */
  expectedRevision?: number;
  /**
   * Re-read and re-decide when another writer appended meanwhile (consumers: the event must be
   * applied). HTTP commands leave it off: the officer gets a 409 and sees the other change first.
   */
  retryOnConflict?: boolean;
}

export interface CommandOutcome {
  caseId: string;
  events: ReviewCaseEvent[];
  state: ReviewCaseState;
  /** Stream revision after the command (-1: no stream). */
  revision: number;
  /** The command had been handled before (same command id): nothing new was written. */
  alreadyHandled: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rule engine's own errors (invalid facts, calendar out of range …) as refusals with a code and field. */
export function asEligibilityError(e: unknown): unknown {
  if (isRuleEngineError(e)) {
    return new EligibilityError(e.code.toLowerCase(), e.message, { kind: 'rule', ...(e.field ? { field: e.field } : {}) });
  }
  return e;
}

/**
 * The application side of every review-case command: `handleCommand` of @sa/eventstore (read the
 * stream, fold, decide, append with the revision read). A concurrent writer makes the append fail
 * with WrongExpectedRevisionError, answered 409 (no silent retry: the officer reloads first).
 */
@Injectable()
export class ReviewCaseCommands {
  readonly decider: Decider<ReviewCaseCommand, ReviewCaseEvent, ReviewCaseState>;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) readonly calendar: WorkingDayCalendar,
  ) {
    this.decider = createReviewCaseDecider({ calendar });
  }

  /** Today in Asia/Shanghai, from the injectable clock. */
  today(): string {
    return shanghaiDate(this.clock.now());
  }

  now(): string {
    return shanghaiInstant(this.clock.now());
  }

  /** The client's `Idempotency-Key` (a UUID) or a fresh one. */
  commandId(idempotencyKey: string | undefined): string {
    if (idempotencyKey === undefined || idempotencyKey === '') return randomUUID();
    if (!UUID.test(idempotencyKey)) {
      throw new ProblemException(400, {
        type: PROBLEM_TYPES.validation,
        detail: 'Idempotency-Key must be a UUID',
        errors: [{ field: 'Idempotency-Key', message: 'must be a UUID' }],
      });
    }
    return idempotencyKey.toLowerCase();
  }

  /** `If-Match: "3"` (or `3`) → 3; absent → undefined. */
  expectedRevision(ifMatch: string | undefined): number | undefined {
    if (ifMatch === undefined || ifMatch === '' || ifMatch === '*') return undefined;
    const m = /^(?:W\/)?"?(-?\d+)"?$/.exec(ifMatch.trim());
    if (!m) {
      throw new ProblemException(400, {
        type: PROBLEM_TYPES.validation,
        detail: 'If-Match must be the case revision (its ETag)',
        errors: [{ field: 'If-Match', message: 'must be the ETag of the case' }],
      });
    }
    return Number(m[1]);
  }

  async load(caseId: string): Promise<{ state: ReviewCaseState; events: RecordedEvent[]; revision: number }> {
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(reviewCaseStreamId(caseId), { direction: 'forwards' });
    } catch (e) {
      if (e instanceof StreamNotFoundError) return { state: this.decider.initialState, events: [], revision: -1 };
      throw e;
    }
    const state = fold(
      this.decider,
      events.map((r) => ({ type: r.type, data: r.data }) as ReviewCaseEvent),
    );
    return { state, events, revision: events.length === 0 ? -1 : events[events.length - 1]!.revision };
  }

  async run(o: RunReviewCaseCommand): Promise<CommandOutcome> {
    const streamId = reviewCaseStreamId(o.caseId);
    if (o.expectedRevision !== undefined) {
      const { revision } = await this.load(o.caseId);
      if (revision !== o.expectedRevision) {
        throw new WrongExpectedRevisionError(streamId, o.expectedRevision, revision < 0 ? 'no_stream' : revision);
      }
    }
    const metadata = {
      correlationId: o.caseId,
      causationId: o.causationId ?? o.commandId,
      actor: { id: o.actor.id, role: o.actor.role, jurisdiction: o.actor.jurisdiction },
      occurredAt: this.now(),
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.evidenceRefs && o.evidenceRefs.length > 0 ? { evidenceRefs: o.evidenceRefs } : {}),
      ...(o.policyVersion ? { policyVersion: o.policyVersion } : {}),
    };
    // A decision whose public event would break its contract is refused before it is recorded:
    // the relay must never meet an event it cannot publish.
    const checked: Decider<ReviewCaseCommand, ReviewCaseEvent, ReviewCaseState> = {
      ...this.decider,
      decide: (command, state) => {
        const events = this.decider.decide(command, state);
        for (const event of events) {
          try {
            toIntegrationEvent({ eventId: PROBE_ID, type: event.type, data: event.data, metadata });
          } catch (e) {
            if (!(e instanceof ContractViolationError)) throw e;
            throw new EligibilityError('contract_violation', `The decision cannot be published: ${e.message}`, { details: { errors: e.errors } });
          }
        }
        return events;
      },
    };
    try {
      const result = await handleCommand({
        store: this.store,
        streamId,
        decider: checked,
        command: o.command,
        commandId: o.commandId,
        metadata,
        retryOnConflict: o.retryOnConflict ?? false,
      });
      return {
        caseId: o.caseId,
        events: result.events,
        state: result.state,
        revision: result.nextExpectedRevision,
        alreadyHandled: result.alreadyHandled,
      };
    } catch (e) {
      throw asEligibilityError(e);
    }
  }
}
