import { AssertionError } from 'node:assert';
import { DomainError, fold, given, isDomainError, run, type Decider } from '../src';

type Command = { type: 'Open'; owner: string } | { type: 'Deposit'; amountFen: number } | { type: 'Close' };
type Event =
  | { type: 'Opened'; data: { owner: string } }
  | { type: 'Deposited'; data: { amountFen: number } }
  | { type: 'Closed'; data: Record<string, never> };
interface State {
  status: 'new' | 'open' | 'closed';
  balanceFen: number;
}

class AccountClosed extends DomainError {
  constructor() {
    super('account_closed', 'the account is closed', { kind: 'conflict' });
  }
}

const account: Decider<Command, Event, State> = {
  initialState: { status: 'new', balanceFen: 0 },
  decide(command, state) {
    if (state.status === 'closed') throw new AccountClosed();
    switch (command.type) {
      case 'Open':
        return state.status === 'new' ? [{ type: 'Opened', data: { owner: command.owner } }] : [];
      case 'Deposit':
        if (state.status !== 'open') throw new DomainError('account_not_open', 'open the account first', { kind: 'conflict' });
        if (!Number.isSafeInteger(command.amountFen) || command.amountFen <= 0) {
          throw new DomainError('invalid_amount', 'amount must be a positive number of fen', { field: 'amountFen' });
        }
        return [{ type: 'Deposited', data: { amountFen: command.amountFen } }];
      case 'Close':
        return [{ type: 'Closed', data: {} }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'Opened':
        return { ...state, status: 'open' };
      case 'Deposited':
        return { ...state, balanceFen: state.balanceFen + event.data.amountFen };
      case 'Closed':
        return { ...state, status: 'closed' };
    }
  },
};

const opened: Event = { type: 'Opened', data: { owner: '李四' } };

describe('decider toolkit', () => {
  it('given / when / then', () => {
    const events = given(account, [opened])
      .when({ type: 'Deposit', amountFen: 500 })
      .then([{ type: 'Deposited', data: { amountFen: 500 } }]);
    expect(events).toHaveLength(1);
    given(account, [opened]).when({ type: 'Open', owner: 'x' }).thenNothing();
    given(account).when({ type: 'Open', owner: 'x' }).then([{ type: 'Opened', data: { owner: 'x' } }]);
    given(account, [opened]).when({ type: 'Deposit', amountFen: 5 }).thenState({ status: 'open', balanceFen: 5 });
    given(account, [opened, { type: 'Deposited', data: { amountFen: 3 } }]).thenState({ status: 'open', balanceFen: 3 });
  });

  it('thenThrows by class and by code, returning the error', () => {
    given(account, [opened, { type: 'Closed', data: {} }]).when({ type: 'Close' }).thenThrows(AccountClosed);
    const err = given(account, []).when({ type: 'Deposit', amountFen: 1 }).thenThrows<DomainError>('account_not_open');
    expect(err.httpStatus).toBe(409);
    const invalid = given(account, [opened]).when({ type: 'Deposit', amountFen: 1.5 }).thenThrows<DomainError>('invalid_amount');
    expect(invalid).toMatchObject({ field: 'amountFen', kind: 'rule', httpStatus: 422, name: 'DomainError' });
    expect(new AccountClosed().name).toBe('AccountClosed');
    expect(isDomainError(invalid)).toBe(true);
  });

  it('fails a spec that does not hold', () => {
    expect(() => given(account, [opened]).when({ type: 'Deposit', amountFen: 5 }).then([])).toThrow(/unexpected events/);
    expect(() => given(account, [opened]).when({ type: 'Deposit', amountFen: 5 }).thenThrows('x')).toThrow(AssertionError);
    expect(() => given(account, []).when({ type: 'Deposit', amountFen: 5 }).thenThrows('other_code')).toThrow(
      /expected DomainError code 'other_code', got 'account_not_open'/,
    );
    expect(() => given(account, []).when({ type: 'Deposit', amountFen: 5 }).thenThrows(AccountClosed)).toThrow(
      /expected AccountClosed/,
    );
  });

  it('fold and run', () => {
    expect(fold(account, [opened, { type: 'Deposited', data: { amountFen: 2 } }])).toEqual({ status: 'open', balanceFen: 2 });
    expect(run(account, [opened], { type: 'Deposit', amountFen: 4 })).toEqual({
      events: [{ type: 'Deposited', data: { amountFen: 4 } }],
      state: { status: 'open', balanceFen: 4 },
    });
  });
});
