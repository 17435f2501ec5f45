import { AssertionError, deepStrictEqual } from 'node:assert';
import type { Decider, DomainEvent } from './decider';
import { fold } from './decider';
import { DomainError } from './domain-error';

/**
 * Given / when / then specifications for deciders (works in jest and in any other runner):
 *
 *   given(applicationDecider, [submitted])
 *     .when({ type: 'Withdraw', data: { reason: '...' } })
 *     .then([{ type: 'ApplicationWithdrawn', data: { reason: '...' } }]);
 *
 *   given(applicationDecider, []).when(withdraw).thenThrows('application_not_found');
 *   given(applicationDecider, []).when(withdraw).thenThrows(ApplicationNotFound);
 *
 * Equality is jest's `toEqual` when jest's `expect` is around (readable diffs), node's deepStrictEqual
 * otherwise. The decided events are also folded through `evolve`, so an event the decider emits but
 * cannot evolve fails the spec.
 */

type ErrorClass = abstract new (...args: never[]) => Error;

interface JestLikeExpect {
  (actual: unknown): { toEqual(expected: unknown): void };
}

function assertEqual(actual: unknown, expected: unknown, message: string): void {
  const jestExpect = (globalThis as { expect?: JestLikeExpect }).expect;
  if (typeof jestExpect === 'function') {
    try {
      jestExpect(actual).toEqual(expected);
    } catch (err) {
      if (err instanceof Error) err.message = `${message}\n\n${err.message}`;
      throw err;
    }
    return;
  }
  deepStrictEqual(actual, expected, message);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export class DeciderScenario<C, E extends DomainEvent, S> {
  constructor(
    private readonly decider: Decider<C, E, S>,
    private readonly past: readonly E[],
    private readonly command: C,
  ) {}

  private decide(): { state: S; events: E[] } {
    const state = fold(this.decider, this.past);
    return { state, events: this.decider.decide(this.command, state) };
  }

  /** Asserts the decided events (order matters) and returns them. */
  then(expected: readonly E[]): E[] {
    if (typeof expected === 'function') {
      throw new TypeError('DeciderScenario is not a promise: call .then(expectedEvents), do not await it');
    }
    const { state, events } = this.decide();
    assertEqual(events, expected, `decide(${describe(this.command)}) produced unexpected events`);
    fold(this.decider, events, state); // the decided events must evolve
    return events;
  }

  /** Asserts that the command is accepted and produces no event (an idempotent no-op). */
  thenNothing(): void {
    this.then([]);
  }

  /** Asserts the state after the given and the decided events. */
  thenState(expected: S): S {
    const { state, events } = this.decide();
    const after = fold(this.decider, events, state);
    assertEqual(after, expected, `state after ${describe(this.command)} is unexpected`);
    return after;
  }

  /**
   * Asserts that deciding throws: an error class (instanceof) or a DomainError code.
   * Returns the error for further checks.
   */
  thenThrows<T extends Error = Error>(expected: ErrorClass | string): T {
    let events: E[];
    try {
      events = this.decide().events;
    } catch (err) {
      if (typeof expected === 'string') {
        if (!(err instanceof DomainError)) {
          throw new AssertionError({
            message: `expected a DomainError with code '${expected}', got ${String(err)}`,
            actual: err,
            expected,
          });
        }
        if (err.code !== expected) {
          throw new AssertionError({
            message: `expected DomainError code '${expected}', got '${err.code}' (${err.message})`,
            actual: err.code,
            expected,
          });
        }
        return err as unknown as T;
      }
      if (!(err instanceof expected)) {
        throw new AssertionError({
          message: `expected ${expected.name}, got ${String(err)}`,
          actual: err,
          expected,
        });
      }
      return err as T;
    }
    const what = typeof expected === 'string' ? `DomainError '${expected}'` : expected.name;
    throw new AssertionError({
      message: `expected ${what} to be thrown, but decide(${describe(this.command)}) returned ${describe(events)}`,
      actual: events,
      expected: what,
    });
  }
}

export interface GivenStep<C, E extends DomainEvent, S> {
  when(command: C): DeciderScenario<C, E, S>;
  /** Asserts the state folded from the given events alone. */
  thenState(expected: S): S;
}

export function given<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, events: readonly E[] = []): GivenStep<C, E, S> {
  return {
    when: (command: C) => new DeciderScenario(decider, events, command),
    thenState: (expected: S) => {
      const state = fold(decider, events);
      assertEqual(state, expected, 'state after the given events is unexpected');
      return state;
    },
  };
}
