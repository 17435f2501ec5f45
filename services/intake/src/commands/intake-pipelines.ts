import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import type { DecidedCommandMetadata } from '@sa/decider';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { CommandPipeline, EVENT_STORE, type EventStore } from '@sa/eventstore';
import { CLOCK, type Clock } from '@sa/time';
import { officerRelativesStreamId } from '../close-relatives/officer-relatives-stream';
import {
  applicationDecider,
  applicationStreamId,
  IntakeRuleError,
  leadDecider,
  leadStreamId,
  type LocalDate,
  officerRelativesDecider,
  type OfficerRef,
  shanghaiDate,
  shanghaiInstant,
} from '../domain';

/** The moment a command is handled, from the injectable clock. */
export interface CommandTime {
  /** ISO-8601 with +08:00. */
  now: string;
  today: LocalDate;
}

export const officerRef = (actor: Actor): OfficerRef => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

/** Domain refusals keep their status; an officer acting outside their jurisdiction gets the platform's 403. */
export function asHttpError(e: unknown): unknown {
  if (e instanceof IntakeRuleError && e.code === 'outside_jurisdiction') {
    return new ProblemException(403, { type: PROBLEM_TYPES.outsideJurisdiction, title: 'Outside your jurisdiction', detail: e.message });
  }
  return e;
}

/**
 * Intake's deciders set up on the platform's command pipeline (@sa/eventstore `CommandPipeline`;
 * the HTTP contract comes from `@CommandRoute` of @sa/platform; docs/CONVENTIONS.md "Commands").
 */
@Injectable()
export class IntakePipelines {
  readonly application;
  readonly lead;
  readonly officerRelatives;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const base = { store, now: () => shanghaiInstant(clock.now()), mapError: asHttpError };
    this.application = new CommandPipeline({ ...base, decider: applicationDecider, streamId: applicationStreamId });
    this.lead = new CommandPipeline({ ...base, decider: leadDecider, streamId: leadStreamId });
    this.officerRelatives = new CommandPipeline({ ...base, decider: officerRelativesDecider, streamId: officerRelativesStreamId });
  }

  /**
   * The one place a command gets its `metadata: { actor, now }`: the body `{ type, data }` its issuer builds, the
   * officer (or the inbox's system actor) and the time from the injected clock (`now`, when the caller already read it
   * to compute values in `data`).
   */
  command<B extends { type: string; data: unknown }>(body: B, actor: OfficerRef, now: string = this.time().now): B & { metadata: DecidedCommandMetadata } {
    return { ...body, metadata: { actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, now } };
  }

  time(): CommandTime {
    const now = this.clock.now();
    return { now: shanghaiInstant(now), today: shanghaiDate(now) };
  }
}
