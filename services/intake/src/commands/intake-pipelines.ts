import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { EVENT_STORE, MetadataCommandPipeline, type EventStore } from '@sa/eventstore';
import { CLOCK, shanghaiDate, shanghaiInstant, type CalendarDate, type Clock } from '@sa/time';
import { officerRelativesStreamId } from '../close-relatives/officer-relatives-stream';
import {
  applicationDecider,
  applicationStreamId,
  IntakeRuleError,
  leadDecider,
  leadStreamId,
  officerRelativesDecider,
  type ApplicationCommandBody,
  type ApplicationEvent,
  type ApplicationState,
  type LeadCommandBody,
  type LeadEvent,
  type LeadState,
  type OfficerRef,
  type OfficerRelativesCommandBody,
  type OfficerRelativesEvent,
  type OfficerRelativesState,
} from '../domain';

/** The moment a command is handled, from the injectable clock. */
export interface CommandTime {
  /** ISO-8601 with +08:00. */
  now: string;
  today: CalendarDate;
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
 * Intake's deciders set up on the platform's command pipeline (@sa/eventstore `MetadataCommandPipeline`;
 * the HTTP contract comes from `@CommandRoute` of @sa/platform; docs/CONVENTIONS.md "Commands"). Callers build
 * `{ type, data }`; the pipeline's `command()` is the one place a command gets its `metadata: { actor, now }` (the
 * officer or the inbox's system actor; `now` from the injected clock, or the `now` a caller read to compute values
 * in `data`, passed as `handle(…, { now })`).
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
    this.application = new MetadataCommandPipeline<ApplicationCommandBody, ApplicationEvent, ApplicationState>({
      ...base,
      decider: applicationDecider,
      streamId: applicationStreamId,
    });
    this.lead = new MetadataCommandPipeline<LeadCommandBody, LeadEvent, LeadState>({
      ...base,
      decider: leadDecider,
      streamId: leadStreamId,
    });
    this.officerRelatives = new MetadataCommandPipeline<OfficerRelativesCommandBody, OfficerRelativesEvent, OfficerRelativesState>({
      ...base,
      decider: officerRelativesDecider,
      streamId: officerRelativesStreamId,
    });
  }

  time(): CommandTime {
    const now = this.clock.now();
    return { now: shanghaiInstant(now), today: shanghaiDate(now) };
  }
}
