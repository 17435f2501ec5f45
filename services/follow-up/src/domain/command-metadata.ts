/**
 * Who acts and when: the `metadata` of every follow-up command (structurally `CommandMetadata` of
 * @sa/eventstore), filled in one place — `FollowUpPipeline.command()` — from the caller and the injected
 * clock. A decider reads its "today" from `metadata.now` (the Asia/Shanghai date of that instant) and the
 * officer who acts from `metadata.actor`; values that need the calendar (due dates) arrive computed in `data`.
 */
import { shanghaiDate } from '@sa/time';
import type { LocalDate } from './calendar';
import { FollowUpRuleError } from './follow-up-rule-error';

export interface FollowUpCommandMetadata {
  actor: { id: string; role: string; jurisdiction: string };
  /** ISO-8601 instant with an offset (+08:00), from the injected clock. */
  now: string;
}

/** A command in the one shape `{ type, data, metadata: { actor, now } }`. */
export type CommandOf<T extends string, D> = { type: T; data: D; metadata: FollowUpCommandMetadata };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The command's "today": the Asia/Shanghai date of `metadata.now` (checked: a command without a time is refused). */
export function todayOf(command: { metadata: FollowUpCommandMetadata }): LocalDate {
  const now = command.metadata?.now;
  if (typeof now !== 'string' || !INSTANT.test(now) || Number.isNaN(Date.parse(now))) {
    throw new FollowUpRuleError('invalid_command_time', 'metadata.now must be an ISO-8601 instant with an offset', { field: 'metadata.now' });
  }
  return shanghaiDate(now);
}

/** The officer (or system) who acts, as the events record them. */
export function actorOf(command: { metadata: FollowUpCommandMetadata }): { id: string; role: string; jurisdiction: string } {
  const a = command.metadata?.actor;
  if (!a || typeof a.id !== 'string' || a.id === '') {
    throw new FollowUpRuleError('actor_missing', 'metadata.actor is required', { field: 'metadata.actor' });
  }
  return { id: a.id, role: a.role, jurisdiction: a.jurisdiction };
}
