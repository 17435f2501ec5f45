/**
 * The one command shape `{ type, data, metadata: { actor, now } }` as a decider reads it (structurally
 * `Command` / `CommandMetadata` of @sa/eventstore, which fills it: `MetadataCommandPipeline.command`).
 * A decider's "today" is the Asia/Shanghai date of `metadata.now` (`todayOf`), who acts is
 * `metadata.actor` (`actorOf`); both are checked, so a command built without them is refused rather than
 * deciding with an empty actor or an invalid date. Pure (no clock): the time is the command's.
 */
import { shanghaiDate } from '@sa/time';
import { DomainError } from './domain-error';

/** Who acts (officer or system), as events record it. */
export interface CommandActor {
  id: string;
  role: string;
  jurisdiction: string;
}

export interface DecidedCommandMetadata {
  actor: CommandActor;
  /** ISO-8601 instant with an offset (+08:00), from the injected clock. */
  now: string;
}

/** A command of the one shape, for a decider's command union: `CommandWithMetadata<'PayX', PayXData>`. */
export type CommandWithMetadata<T extends string, D> = { readonly type: T; readonly data: D; readonly metadata: DecidedCommandMetadata };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The command's instant (`metadata.now`), checked. */
export function nowOf(command: { metadata?: { now?: unknown } }): string {
  const now = command.metadata?.now;
  if (typeof now !== 'string' || !INSTANT.test(now) || Number.isNaN(Date.parse(now))) {
    throw new DomainError('invalid_command_time', 'metadata.now must be an ISO-8601 instant with an offset', { field: 'metadata.now' });
  }
  return now;
}

/** The command's "today": the Asia/Shanghai date (YYYY-MM-DD) of `metadata.now`. */
export function todayOf(command: { metadata?: { now?: unknown } }): string {
  return shanghaiDate(nowOf(command));
}

/** The officer (or system) who acts: `metadata.actor`, as `{ id, role, jurisdiction }`. */
export function actorOf(command: { metadata?: { actor?: Partial<CommandActor> } }): CommandActor {
  const a = command.metadata?.actor;
  if (!a || typeof a.id !== 'string' || a.id === '') {
    throw new DomainError('actor_missing', 'metadata.actor is required', { field: 'metadata.actor' });
  }
  return { id: a.id, role: a.role ?? '', jurisdiction: a.jurisdiction ?? '' };
}

/** A command as its issuer builds it, without `metadata` (the pipeline adds it): `CommandBody<XCommand>`, distributed over a union. */
export type CommandBody<C> = C extends { type: infer T; data: infer D } ? { type: T; data: D } : never;
