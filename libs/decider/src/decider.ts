/**
 * The functional core of an aggregate (Jérémie Chassaing's "decider"):
 *
 *   decide(command, state) → events      business rules; throws a DomainError to refuse the command
 *   evolve(state, event)   → state       pure fold; never throws for an event that was once decided
 *   initialState                         the state of a stream with no events
 *
 * Domain events are plain `{ type, data }` objects: `type` is a string literal (the union discriminant,
 * e.g. 'ApplicationSubmitted'), `data` is plain JSON (no Date, no BigInt, no class instances: money in
 * integer fen, instants as ISO strings). Envelope concerns (event id, metadata, schema version, stream
 * revision, hash chain) are added by the application shell (`handleCommand` in @sa/eventstore), never here.
 *
 * This module must stay framework-free (no Nest, no pg, no event-store client): the audit replay tool
 * imports the deciders of every context.
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

export interface Decider<C, E extends DomainEvent, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  readonly initialState: S;
}

/** Folds events onto the decider's initial state (or onto `from`). */
export function fold<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, events: Iterable<E>, from?: S): S {
  let state = from ?? decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Convenience: decide on the state obtained from past events, returning the new events and the new state. */
export function run<C, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  past: Iterable<E>,
  command: C,
): { events: E[]; state: S } {
  const before = fold(decider, past);
  const events = decider.decide(command, before);
  return { events, state: fold(decider, events, before) };
}
