/**
 * The one command shape `{ type, data, metadata: { actor, now } }` (`Command` of @sa/eventstore, docs/CONVENTIONS.md):
 * who acts and when is in `metadata` only, filled by `IntakePipelines.command()` from the officer (or the inbox's
 * system actor) and the injected clock; what the command is about is in `data`.
 */
import type { OfficerRef } from './officer';

export interface IntakeCommandMetadata {
  /** The officer (or system component) issuing the command. */
  actor: OfficerRef;
  /** ISO-8601 instant of the command (from the injected clock). */
  now: string;
}

export type IntakeCommand<T extends string, D> = { type: T; data: D; metadata: IntakeCommandMetadata };

/** A command as its issuer builds it, `{ type, data }`: `IntakePipelines.command()` adds the metadata. */
export type CommandBody<C> = C extends unknown ? Omit<C, 'metadata'> : never;
