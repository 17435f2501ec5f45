import { Inject, Injectable } from '@nestjs/common';
import { type Actor, assertJurisdiction } from '@sa/auth';
import type { DomainEvent } from '@sa/decider';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import {
  CommandPipeline,
  EVENT_STORE,
  currentCommandScope,
  type ActorRef,
  type AggregateStreamResult,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
  type HandleOptions,
} from '@sa/eventstore';
import { CLOCK, shanghaiDate, shanghaiInstant, type Clock } from '@sa/time';
import { randomUUID } from 'node:crypto';
import {
  complaintDecider,
  complaintStreamId,
  followUpDecider,
  followUpStreamId,
  type ComplaintCommand,
  type ComplaintCommandBody,
  type ComplaintEvent,
  type ComplaintState,
  type FollowUpCommand,
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

/** A command in the one shape `{ type, data, metadata: { actor, now } }` (docs/CONVENTIONS.md). */
export type WithMetadata<B> = B & { readonly metadata: CommandMetadata };

/** `handle`'s options: the pipeline's, and `now` when the caller already read the clock for values in `data`. */
export type FollowUpHandleOptions = HandleOptions & {
  /** The instant the command is decided at (ISO, +08:00); default: the injected clock now. */
  now?: string;
};

/**
 * One decider's pipeline, taking the command as its issuer builds it (`{ type, data }`, the domain's
 * command type) and giving it its `metadata: { actor, now }` — the actor of the options or of the HTTP
 * command scope, the time from the injected clock — before the platform's `CommandPipeline` decides and
 * appends. Every event records the command type (`commandType`).
 */
export class FollowUpPipeline<B extends { type: string }, C extends WithMetadata<B>, E extends DomainEvent, S> {
  constructor(
    readonly inner: CommandPipeline<C, E, S>,
    private readonly now: () => string,
  ) {}

  /** The one place a command gets its `metadata`. */
  command(body: B, actor: ActorRef, now: string = this.now()): C {
    return { ...body, metadata: { actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, now } } as C;
  }

  /** Decide and append (`options.actor`, else the HTTP scope's actor); consumers pass `commandId` and `retryOnConflict`. */
  async handle(id: string, body: B, options: FollowUpHandleOptions = {}): Promise<CommandOutcome<E, S>> {
    const { now, ...rest } = options;
    const actor = rest.actor ?? currentCommandScope()?.actor;
    if (!actor) throw new TypeError('A command needs an actor (none given and no HTTP command scope)');
    return this.inner.handle(id, this.command(body, actor, now), { ...rest, actor, extra: { ...rest.extra, commandType: body.type } });
  }

  /** The aggregate's current state; `exists: false` (and the initial state) when it has no stream. */
  aggregate(id: string): Promise<AggregateStreamResult<E, S>> {
    return this.inner.aggregate(id);
  }
}

/**
 * Follow-up's deciders set up on the platform's command pipeline (@sa/eventstore `CommandPipeline`;
 * the HTTP contract — Idempotency-Key, If-Match, ETag, 409 — comes from `@CommandRoute` of @sa/platform;
 * docs/CONVENTIONS.md "Commands"). Refusals are the decider's DomainErrors (mapped by the platform).
 * The one place a command gets its `metadata: { actor, now }` (`FollowUpPipeline.command`).
 */
@Injectable()
export class FollowUpPipelines {
  /** Stream `followUp-<caseId>`. */
  readonly followUp: FollowUpPipeline<FollowUpCommandBody, FollowUpCommand, FollowUpEvent, FollowUpState>;
  /** Stream `complaint-<complaintId>`. */
  readonly complaint: FollowUpPipeline<ComplaintCommandBody, ComplaintCommand, ComplaintEvent, ComplaintState>;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
  ) {
    const now = () => shanghaiInstant(clock.now());
    const base = { store, now };
    this.followUp = new FollowUpPipeline(new CommandPipeline({ ...base, decider: followUpDecider, streamId: followUpStreamId }), now);
    this.complaint = new FollowUpPipeline(new CommandPipeline({ ...base, decider: complaintDecider, streamId: complaintStreamId }), now);
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
