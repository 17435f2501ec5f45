import { Inject, Injectable } from '@nestjs/common';
import { type Actor, assertJurisdiction } from '@sa/auth';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { EVENT_STORE, MetadataCommandPipeline, currentCommandScope, type ActorRef, type EventStore } from '@sa/eventstore';
import { CLOCK, shanghaiDate, shanghaiInstant, type Clock } from '@sa/time';
import { randomUUID } from 'node:crypto';
import {
  complaintDecider,
  complaintStreamId,
  followUpDecider,
  followUpStreamId,
  type ComplaintCommandBody,
  type ComplaintEvent,
  type ComplaintState,
  type FollowUpCommandBody,
  type FollowUpEvent,
  type FollowUpState,
  type LocalDate,
} from '../domain';

/** The moment a command is handled, from the injectable clock. */
export interface CommandTime {
  /** ISO-8601 with +08:00. */
  now: string;
  today: LocalDate;
}

/** The actor recorded on events the service decides by itself (consumer, scheduler). */
export const SYSTEM_ACTOR = (jurisdiction: string): ActorRef => ({ id: 'follow-up-service', role: 'system', jurisdiction });

export const actorRef = (actor: Actor): ActorRef => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

const notFound = (detail: string) => new ProblemException(404, { type: PROBLEM_TYPES.notFound, title: 'Not found', detail });

/**
 * Follow-up's deciders set up on the platform's command pipeline (@sa/eventstore `CommandPipeline`;
 * the HTTP contract — Idempotency-Key, If-Match, ETag, 409 — comes from `@CommandRoute` of @sa/platform;
 * docs/CONVENTIONS.md "Commands"). Refusals are the decider's DomainErrors (mapped by the platform).
 * The one place a command gets its `metadata: { actor, now }` is the shared `MetadataCommandPipeline.command`
 * (@sa/eventstore); every event records the command type (`commandType`, `recordCommandType`).
 */
@Injectable()
export class FollowUpPipelines {
  /** Stream `followUp-<caseId>`. */
  readonly followUp: MetadataCommandPipeline<FollowUpCommandBody, FollowUpEvent, FollowUpState>;
  /** Stream `complaint-<complaintId>`. */
  readonly complaint: MetadataCommandPipeline<ComplaintCommandBody, ComplaintEvent, ComplaintState>;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
  ) {
    const now = () => shanghaiInstant(clock.now());
    const base = { store, now, recordCommandType: true };
    this.followUp = new MetadataCommandPipeline({ ...base, decider: followUpDecider, streamId: followUpStreamId });
    this.complaint = new MetadataCommandPipeline({ ...base, decider: complaintDecider, streamId: complaintStreamId });
  }

  /** The instant and its date, read once: pass `now` to `handle` when `data` carries values computed from `today`. */
  time(): CommandTime {
    const now = this.clock.now();
    return { now: shanghaiInstant(now), today: shanghaiDate(now) };
  }

  /**
   * The id of what an HTTP command creates (review, report, visit, complaint): the command id, which
   * derives from the client's Idempotency-Key (the key itself when it is a UUID), else a fresh UUID.
   */
  newId(): string {
    return currentCommandScope()?.commandId ?? randomUUID();
  }

  /** The follow-up case, checked against the officer's jurisdiction (404 when unknown, 403 outside). */
  async caseFor(actor: Actor, caseId: string): Promise<FollowUpState> {
    const { exists, state } = await this.followUp.aggregate(caseId);
    if (!exists || state.status === 'NONE') throw notFound(`No follow-up case ${caseId}`);
    assertJurisdiction(actor, state.jurisdiction);
    return state;
  }

  /** The complaint (404 when unknown); who may see or act on it is the caller's check. */
  async complaintFor(complaintId: string): Promise<ComplaintState> {
    const { state } = await this.complaint.aggregate(complaintId);
    if (!state.filed) throw notFound(`No complaint ${complaintId}`);
    return state;
  }
}
