/**
 * Who acts and when: the `metadata` of every review-case command (structurally `CommandMetadata` of
 * @sa/eventstore), filled in one place — `EligibilityPipelines.reviewCase.command()` — from the caller
 * and the injected clock. A decider reads its "today" from `metadata.now` (the Asia/Shanghai date of
 * that instant, `todayOf`) and the officer or system component that acts from `metadata.actor`
 * (`actorOf`); values that need the calendar or the policy arrive computed in `data`. The decider reads
 * no clock.
 */
import { shanghaiDate } from '@sa/time';
import type { CalendarDate } from '../calendar-date';
import { ruleError } from '../errors';
import type { ActorRef } from './case-file';

export interface ReviewCaseCommandMetadata {
  actor: ActorRef;
  /** ISO-8601 instant with an offset (+08:00), from the injected clock. */
  now: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The command's "today": the Asia/Shanghai date of `metadata.now` (a command without a valid time is refused). */
export function todayOf(command: { metadata: ReviewCaseCommandMetadata }): CalendarDate {
  const now = command.metadata?.now;
  if (typeof now !== 'string' || !INSTANT.test(now) || Number.isNaN(Date.parse(now))) {
    throw ruleError('invalid_command_time', 'metadata.now must be an ISO-8601 instant with an offset', 'metadata.now');
  }
  return shanghaiDate(now);
}

/** The officer (or system component) who acts, as the events record them. */
export function actorOf(command: { metadata: ReviewCaseCommandMetadata }): ActorRef {
  const a = command.metadata?.actor;
  if (!a || typeof a.id !== 'string' || a.id === '') throw ruleError('actor_missing', 'metadata.actor is required', 'metadata.actor');
  return a;
}
