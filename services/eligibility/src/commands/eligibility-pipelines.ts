import { Inject, Injectable } from '@nestjs/common';
import { assertJurisdiction, type Actor } from '@sa/auth';
import { ContractViolationError } from '@sa/contracts';
import {
  CommandPipeline,
  EVENT_STORE,
  MetadataCommandPipeline,
  type AggregateStreamResult,
  type CommandOutcome,
  type EventMetadata,
  type EventStore,
  type HandleOptions,
  type WithCommandMetadata,
} from '@sa/eventstore';
import type { CommandBody, Decider } from '@sa/decider';
import { CLOCK, shanghaiDate, shanghaiInstant, type Clock } from '@sa/time';
import {
  createReviewCaseDecider,
  EligibilityError,
  notFoundError,
  holidayCalendarDecider,
  holidayCalendarStreamId,
  policyImpactDecider,
  type PolicyCommandBody,
  type PolicyEvent,
  type PolicyImpactEvaluated,
  type PolicyImpactState,
  type PolicyLineState,
  type RecordPolicyImpact,
  policyImpactStreamId,
  policyLineDecider,
  policyStreamId,
  redeterminationRoundDecider,
  redeterminationRoundStreamId,
  type RedeterminationRoundCommand,
  type RedeterminationRoundEvent,
  type RedeterminationRoundState,
  reviewCaseStreamId,
  toEligibilityError,
  type ReviewCaseCommandBody,
  type ReviewCaseEvent,
  type ReviewCaseState,
  type WorkingDays,
} from '../domain';
import { WORKING_CALENDAR } from '../calendars/working-calendar';
import { toIntegrationEvent } from '../messaging/outgoing';
import { actorRef, caseCommandResponse, type CaseCommandResponse } from '../review-cases/shared/case-command-response';

/** A placeholder id for validating a decision's public event before anything is appended. */
const PROBE_ID = '00000000-0000-4000-8000-000000000000';

/** What a review-case use case builds from the case and the instant: the command and its event metadata. */
export interface CaseCommand {
  command: ReviewCaseCommandBody;
  /** Reason, evidence, policy version … (the actor and `now` are the pipeline's). */
  options?: Omit<HandleOptions, 'actor' | 'now' | 'retryOnConflict' | 'maxRetries'>;
}

/** The case as the caller may see it and the instant read once, for building a `CaseCommand`. */
export interface CaseCommandContext {
  state: ReviewCaseState;
  /** ISO-8601 instant (+08:00) from the injected clock: the command's `metadata.now`. */
  now: string;
  /** Its Asia/Shanghai date: the day to resolve the policy in force on. */
  today: string;
}

/**
 * A decision whose public event would break its contract is refused before it is recorded: the
 * relay must never meet an event it cannot publish (the pipeline's `check`).
 */
export function checkPublishable(events: readonly { type: string; data: unknown }[], metadata: EventMetadata): void {
  for (const event of events) {
    try {
      toIntegrationEvent({ eventId: PROBE_ID, type: event.type, data: event.data, metadata });
    } catch (e) {
      if (!(e instanceof ContractViolationError)) throw e;
      throw new EligibilityError('contract_violation', `The decision cannot be published: ${e.message}`, { details: { errors: e.errors } });
    }
  }
}

/**
 * Eligibility's deciders set up on the platform's command pipeline (@sa/eventstore `CommandPipeline`;
 * the HTTP contract — Idempotency-Key, If-Match, ETag, 409 — comes from `@CommandRoute` of
 * @sa/platform; docs/CONVENTIONS.md "Commands"). HTTP commands never retry a conflicting append;
 * the inbox passes `retryOnConflict` with its own actor and command id (the integration event id).
 * Review-case commands are built as `{ type, data }`; `reviewCase` (a `MetadataCommandPipeline`) is the
 * one place they get their `metadata: { actor, now }` (the actor of the call or the HTTP scope, the
 * time from the injected clock).
 */
@Injectable()
export class EligibilityPipelines {
  /** The review case (审核确认), stream `reviewCase-<caseId>`: takes `{ type, data }`, adds `metadata: { actor, now }`. */
  readonly reviewCase: MetadataCommandPipeline<ReviewCaseCommandBody, ReviewCaseEvent, ReviewCaseState>;
  /** A policy line (its published versions), stream `policy-<policyId>`. */
  readonly policy;
  /** A caseload impact evaluation of a draft standard, stream `policyImpact-<impactId>`. */
  readonly policyImpact;
  /** A year's national holiday calendar (节假日安排, its versions), stream `holidayCalendar-<year>`. */
  readonly holidayCalendar;
  /** The re-determination round of a published version (its batch runs and batch decisions), stream `redeterminationRound-<version>`. */
  readonly redeterminationRound: MetadataCommandPipeline<CommandBody<RedeterminationRoundCommand>, RedeterminationRoundEvent, RedeterminationRoundState>;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) readonly calendar: WorkingDays,
  ) {
    const now = () => shanghaiInstant(clock.now());
    const base = { store, now, mapError: toEligibilityError };
    this.reviewCase = new MetadataCommandPipeline<ReviewCaseCommandBody, ReviewCaseEvent, ReviewCaseState>({
      ...base,
      // The decider's commands are ReviewCaseCommand: a body of ReviewCaseCommandBody with its metadata.
      decider: createReviewCaseDecider({ calendar }) as unknown as Decider<WithCommandMetadata<ReviewCaseCommandBody>, ReviewCaseEvent, ReviewCaseState>,
      streamId: reviewCaseStreamId,
      check: checkPublishable,
    });
    // Policy lines and impact records: `{ type, data }` bodies, `metadata: { actor, now }` added here too.
    this.policy = new MetadataCommandPipeline<PolicyCommandBody, PolicyEvent, PolicyLineState>({ ...base, decider: policyLineDecider, streamId: policyStreamId });
    this.policyImpact = new MetadataCommandPipeline<CommandBody<RecordPolicyImpact>, PolicyImpactEvaluated, PolicyImpactState>({
      ...base,
      decider: policyImpactDecider,
      streamId: policyImpactStreamId,
    });
    // Batch routes over a version's cases address its round: If-Match / ETag are the round's revision; its division is the jurisdiction.
    this.redeterminationRound = new MetadataCommandPipeline<CommandBody<RedeterminationRoundCommand>, RedeterminationRoundEvent, RedeterminationRoundState>({
      ...base,
      decider: redeterminationRoundDecider as unknown as Decider<WithCommandMetadata<CommandBody<RedeterminationRoundCommand>>, RedeterminationRoundEvent, RedeterminationRoundState>,
      streamId: redeterminationRoundStreamId,
    });
    // The national calendar belongs to no division: any policy_admin may publish it (the route's role check).
    this.holidayCalendar = new CommandPipeline({
      ...base,
      decider: holidayCalendarDecider,
      streamId: holidayCalendarStreamId,
      jurisdictionOf: () => null,
      check: checkPublishable as never,
    });
  }

  /** The review case as the caller may see it: 404 when it does not exist, 403 outside their jurisdiction. */
  async caseFor(actor: Actor, caseId: string): Promise<AggregateStreamResult<ReviewCaseEvent, ReviewCaseState>> {
    const found = await this.reviewCase.aggregate(caseId);
    const { state } = found;
    if (!found.exists || state.status === 'NONE' || state.jurisdiction === null) throw notFoundError('case_not_found', `No review case ${caseId}`);
    assertJurisdiction(actor, state.jurisdiction, 'caseId');
    return found;
  }

  /**
   * An officer's command on one review case, the way every review-case handler runs it: the case as the
   * caller may see it (`caseFor`: 404 / 403), the instant read once (`time()`), the command built from
   * both, handed to `reviewCase` with the officer as `metadata.actor` and that instant as `metadata.now`
   * (so the decider's "today" is the day the policy was resolved on), and the common answer. The use
   * case adds its own fields to `response` from `outcome`.
   */
  async caseCommand(
    actor: Actor,
    caseId: string,
    build: (context: CaseCommandContext) => CaseCommand | Promise<CaseCommand>,
  ): Promise<{ response: CaseCommandResponse; outcome: CommandOutcome<ReviewCaseEvent, ReviewCaseState> }> {
    const { state } = await this.caseFor(actor, caseId);
    const { now, today } = this.time();
    const { command, options } = await build({ state, now, today });
    const outcome = await this.reviewCase.handle(caseId, command, { ...options, actor: actorRef(actor), now });
    return { response: caseCommandResponse(caseId, outcome), outcome };
  }

  /** Today in Asia/Shanghai, from the injectable clock. */
  today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** Now (ISO-8601 with +08:00), from the injectable clock. */
  now(): string {
    return shanghaiInstant(this.clock.now());
  }

  /**
   * The instant and its date, read once: a caller that computes values in `data` from today (the policy
   * in force) passes the same `now` to `reviewCase.handle`, so the decider's "today" is that date.
   */
  time(): { now: string; today: string } {
    const now = this.clock.now();
    return { now: shanghaiInstant(now), today: shanghaiDate(now) };
  }
}
