import { Inject, Injectable } from '@nestjs/common';
import { type Actor, assertJurisdiction } from '@sa/auth';
import type { Decider, DomainEvent } from '@sa/decider';
import { fold } from '@sa/decider';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import {
  EVENT_STORE,
  handleCommand,
  StreamNotFoundError,
  type ActorRef,
  type EventStore,
  type HandleCommandResult,
  type RecordedEvent,
} from '@sa/eventstore';
import { randomUUID } from 'node:crypto';
import { CLOCK, shanghaiDate, shanghaiInstant, type Clock } from '@sa/time';
import { followUpDecider, followUpStreamId, type FollowUpState, type LocalDate } from '../domain';

export interface CommandTime {
  now: string;
  today: LocalDate;
}

export interface RunOptions<C, E extends DomainEvent, S> {
  streamId: string;
  decider: Decider<C, E, S>;
  command: C;
  commandId: string;
  correlationId: string;
  actor: ActorRef;
  occurredAt: string;
  causationId?: string;
  reason?: string;
  evidenceRefs?: string[];
}

/** The actor recorded on events the service decides by itself (consumer, scheduler). */
export const SYSTEM_ACTOR = (jurisdiction: string): ActorRef => ({ id: 'follow-up-service', role: 'system', jurisdiction });

export const actorRef = (actor: Actor): ActorRef => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

/**
 * The application side of every follow-up command: read the stream, fold, decide, append with the
 * revision read (`handleCommand` of @sa/eventstore). Refusals are DomainErrors (mapped to problem
 * details by the platform); a concurrent writer gives 409.
 */
@Injectable()
export class FollowUpCommands {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}

  time(): CommandTime {
    const now = this.clock.now();
    return { now: shanghaiInstant(now), today: shanghaiDate(now) };
  }

  /** The client's `Idempotency-Key` (a UUID) when it sends one, a fresh UUID otherwise. */
  commandId(idempotencyKey: string | undefined): string {
    if (idempotencyKey === undefined || idempotencyKey === '') return randomUUID();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idempotencyKey)) {
      throw new ProblemException(400, {
        type: PROBLEM_TYPES.validation,
        detail: 'Idempotency-Key must be a UUID',
        errors: [{ field: 'Idempotency-Key', message: 'must be a UUID' }],
      });
    }
    return idempotencyKey.toLowerCase();
  }

  async run<C, E extends DomainEvent, S>(o: RunOptions<C, E, S>): Promise<HandleCommandResult<E, S>> {
    return handleCommand({
      store: this.store,
      streamId: o.streamId,
      decider: o.decider,
      command: o.command,
      commandId: o.commandId,
      metadata: {
        correlationId: o.correlationId,
        causationId: o.causationId ?? o.commandId,
        actor: o.actor,
        occurredAt: o.occurredAt,
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.evidenceRefs && o.evidenceRefs.length > 0 ? { evidenceRefs: o.evidenceRefs } : {}),
      },
      retryOnConflict: false,
    });
  }

  async load<C, E extends DomainEvent, S>(streamId: string, decider: Decider<C, E, S>): Promise<{ state: S; events: RecordedEvent[] }> {
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(streamId);
    } catch (e) {
      if (e instanceof StreamNotFoundError) return { state: decider.initialState, events: [] };
      throw e;
    }
    return { state: fold(decider, events.map((r) => ({ type: r.type, data: r.data }) as unknown as E)), events };
  }

  /** The follow-up case, checked against the officer's jurisdiction (404 when unknown, 403 outside). */
  async caseFor(actor: Actor, caseId: string): Promise<FollowUpState> {
    const { state } = await this.load(followUpStreamId(caseId), followUpDecider);
    if (state.status === 'NONE') {
      throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, title: 'Not found', detail: `No follow-up case ${caseId}` });
    }
    assertJurisdiction(actor, state.jurisdiction);
    return state;
  }

  /** Runs a command on a case's follow-up stream on behalf of an officer. */
  async onCase<C, E extends DomainEvent, S>(
    actor: Actor,
    caseId: string,
    decider: Decider<C, E, S>,
    command: C,
    idempotencyKey: string | undefined,
    extra: { reason?: string; evidenceRefs?: string[] } = {},
  ): Promise<HandleCommandResult<E, S>> {
    await this.caseFor(actor, caseId);
    return this.run({
      streamId: followUpStreamId(caseId),
      decider,
      command,
      commandId: this.commandId(idempotencyKey),
      correlationId: caseId,
      actor: actorRef(actor),
      occurredAt: this.time().now,
      ...extra,
    });
  }
}
