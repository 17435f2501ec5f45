import { fold } from '@sa/decider';
import { verificationDecider, type VerificationCommand, type VerificationEvent, type VerificationState } from '../../src/domain';

/** The events a sequence of commands produces, each decided on the state the previous ones left. */
export function history(...commands: VerificationCommand[]): VerificationEvent[] {
  const events: VerificationEvent[] = [];
  let state = verificationDecider.initialState;
  for (const c of commands) {
    const produced = verificationDecider.decide(c, state);
    events.push(...produced);
    state = fold(verificationDecider, produced, state);
  }
  return events;
}

export function stateOf(events: readonly VerificationEvent[]): VerificationState {
  return fold(verificationDecider, events);
}

/** Decides `command` after `past` and returns the new events (for checks on parts of big events). */
export function decided(past: readonly VerificationEvent[], command: VerificationCommand): VerificationEvent[] {
  return verificationDecider.decide(command, stateOf(past));
}

export function ofType<T extends VerificationEvent['type']>(events: readonly VerificationEvent[], type: T): Extract<VerificationEvent, { type: T }>[] {
  return events.filter((e): e is Extract<VerificationEvent, { type: T }> => e.type === type);
}
