import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import type { Decider, DomainEvent } from '@sa/decider';
import { fold } from '@sa/decider';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import {
  EVENT_STORE,
  handleCommand,
  StreamNotFoundError,
  type EventStore,
  type HandleCommandResult,
  type RecordedEvent,
} from '@sa/eventstore';
import { randomUUID } from 'node:crypto';
import { IntakeRuleError, LocalDate, OfficerRef, shanghaiDate, shanghaiInstant } from '../domain';
import { CLOCK, type Clock } from '@sa/time';

/** The moment a command is handled, from the injectable clock. */
export interface CommandTime {
  /** ISO-8601 with +08:00. */
  now: string;
  today: LocalDate;
}

export interface RunOptions<C, E extends DomainEvent, S> {
  streamId: string;
  decider: Decider<C, E, S>;
  command: C;
  /** Idempotency key of the command; event i gets eventIdFor(commandId, i). */
  commandId: string;
  /** The case the events belong to. */
  correlationId: string;
  actor: OfficerRef;
  occurredAt: string;
  reason?: string;
  evidenceRefs?: string[];
  consentRefs?: string[];
}

export const officerRef = (actor: Actor): OfficerRef => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

/**
 * The application side of every intake command: read the stream, fold, decide, append with the
 * revision read (`handleCommand` of @sa/eventstore). A concurrent writer on the same stream makes the
 * append fail: that request gets 409 (no silent retry: the officer sees the other change first).
 */
@Injectable()
export class IntakeCommands {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  time(): CommandTime {
    const now = this.clock.now();
    return { now: shanghaiInstant(now), today: shanghaiDate(now) };
  }

  /** The command id: the client's `Idempotency-Key` when it sends one, a fresh UUID otherwise. */
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
    try {
      return await handleCommand({
        store: this.store,
        streamId: o.streamId,
        decider: o.decider,
        command: o.command,
        commandId: o.commandId,
        metadata: {
          correlationId: o.correlationId,
          causationId: o.commandId,
          actor: o.actor,
          occurredAt: o.occurredAt,
          ...(o.reason ? { reason: o.reason } : {}),
          ...(o.evidenceRefs && o.evidenceRefs.length > 0 ? { evidenceRefs: o.evidenceRefs } : {}),
          ...(o.consentRefs && o.consentRefs.length > 0 ? { consentRefs: o.consentRefs } : {}),
        },
        retryOnConflict: false,
      });
    } catch (e) {
      throw asHttpError(e);
    }
  }

  /** The current state of a stream (initial state when it does not exist) and its events. */
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
}

/** Domain refusals keep their status; an officer acting outside their jurisdiction gets the platform's 403. */
export function asHttpError(e: unknown): unknown {
  if (e instanceof IntakeRuleError && e.code === 'outside_jurisdiction') {
    return new ProblemException(403, { type: PROBLEM_TYPES.outsideJurisdiction, title: 'Outside your jurisdiction', detail: e.message });
  }
  return e;
}
