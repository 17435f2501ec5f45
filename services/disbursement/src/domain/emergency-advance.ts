/**
 * Emergency advance (先行救助, 急难型临时救助): paid at once, within the local advance limit, with a
 * reason; the file must be completed within a number of working days, else it is overdue.
 * Stream `emergencyAdvance-<advanceId>`. The amount, the limit and the policy version come from
 * eligibility's EmergencyAdvanceApproved decision (approvalEventId), never from the paying request;
 * the paperwork due date from the policy's working days and the calendar. This context never reads policy.
 */
import { DomainError, todayOf, type CommandBody, type CommandWithMetadata, type Decider, type DomainEvent } from '@sa/decider';
import type { Recipient } from './entitlement';
import { assertFen } from './period';

export const EMERGENCY_ADVANCE_CATEGORY = 'emergencyAdvance';
export const emergencyAdvanceStreamId = (advanceId: string): string => `${EMERGENCY_ADVANCE_CATEGORY}-${advanceId}`;

export type EmergencyAdvancePaid = DomainEvent<
  'EmergencyAdvancePaid',
  {
    advanceId: string;
    paymentId: string;
    caseId: string;
    caseNumber: string;
    jurisdiction: string;
    amountFen: number;
    advanceLimitFen: number;
    /** Policy version the limit comes from. */
    policyVersion: string;
    reason: string;
    /** The EmergencyAdvanceApproved integration event (eligibility's decision) this payment carries out. */
    approvalEventId?: string;
    recipient: Recipient;
    paidOn: string;
    /**
     * The paperwork's due date; null when it falls in a year whose 节假日安排 is not published yet
     * (never guessed): `paperworkCalendarMissing` names that year, and the date is counted once it is.
     */
    paperworkDueOn: string | null;
    paperworkCalendarMissing?: number;
  }
>;
export type EmergencyAdvancePaperworkCompleted = DomainEvent<
  'EmergencyAdvancePaperworkCompleted',
  {
    decisionId: string;
    completedOn: string;
    /** Null when the due date could not be counted yet (its year's calendar still missing). */
    late: boolean | null;
    /** The due date counted at completion, when the payment left it open. */
    paperworkDueOn?: string;
  }
>;
export type EmergencyAdvanceEvent = EmergencyAdvancePaid | EmergencyAdvancePaperworkCompleted;

export interface EmergencyAdvanceState {
  paid: EmergencyAdvancePaid['data'] | null;
  completedOn: string | null;
  /** The completion as recorded (its lateness, and the due date counted then when the payment left it open). */
  completion?: EmergencyAdvancePaperworkCompleted['data'];
}

/**
 * Commands are `{ type, data, metadata: { actor, now } }`. The day paid (`paidOn`) and the day the paperwork is
 * completed are the metadata's (`todayOf`); the paperwork due date arrives counted on the calendar in `data`
 * (from the same instant: the caller passes the `now` it counted from).
 */
export type PayEmergencyAdvance = CommandWithMetadata<'PayEmergencyAdvance', Omit<EmergencyAdvancePaid['data'], 'paidOn'>>;
/**
 * `paperworkDueOn`: when the payment left the due date open (calendar missing), the caller counts it
 * again on the calendar it has now and passes it (null when still missing); ignored otherwise.
 */
export type CompleteAdvancePaperwork = CommandWithMetadata<'CompleteAdvancePaperwork', { decisionId: string; paperworkDueOn?: string | null }>;
export type EmergencyAdvanceCommand = PayEmergencyAdvance | CompleteAdvancePaperwork;
/** A command as its issuer builds it (`{ type, data }`); the pipeline adds `metadata`. */
export type EmergencyAdvanceCommandBody = CommandBody<EmergencyAdvanceCommand>;

export const EMERGENCY_ADVANCE_ERRORS = {
  overLimit: 'advance_over_limit',
  reasonRequired: 'advance_reason_required',
  alreadyPaid: 'advance_already_paid',
  notPaid: 'advance_not_paid',
  notApproved: 'advance_not_approved',
  alreadyCompleted: 'advance_already_completed',
} as const;

/** Pay what eligibility approved, within its limit, with its reason; once. */
export function decidePayEmergencyAdvance(command: PayEmergencyAdvance, state: EmergencyAdvanceState): EmergencyAdvanceEvent[] {
  const d = command.data;
  if (state.paid) throw new DomainError(EMERGENCY_ADVANCE_ERRORS.alreadyPaid, 'This advance was already paid', { kind: 'conflict' });
  if (!d.approvalEventId) throw new DomainError(EMERGENCY_ADVANCE_ERRORS.notApproved, 'An advance is paid only for an approval decided by eligibility', { kind: 'not_found', field: 'advanceId' });
  assertFen(d.amountFen, 'amountFen', { positive: true });
  assertFen(d.advanceLimitFen, 'advanceLimitFen');
  if (d.amountFen > d.advanceLimitFen) {
    throw new DomainError(EMERGENCY_ADVANCE_ERRORS.overLimit, `The advance exceeds the local limit of ${d.advanceLimitFen} fen`, { field: 'amountFen' });
  }
  if (!d.reason || d.reason.trim().length < 2) {
    throw new DomainError(EMERGENCY_ADVANCE_ERRORS.reasonRequired, 'An emergency advance needs its reason', { field: 'reason' });
  }
  if (!d.recipient?.bankAccountRef) throw new DomainError('invalid_bank_account', 'The recipient needs a bank account', { field: 'recipient.bankAccountRef' });
  if (d.paperworkDueOn === null && !Number.isInteger(d.paperworkCalendarMissing)) {
    throw new DomainError('invalid_due_date', 'An open paperwork due date names the year whose calendar is missing', { field: 'paperworkCalendarMissing' });
  }
  const { paperworkDueOn, paperworkCalendarMissing, ...paid } = d;
  return [
    {
      type: 'EmergencyAdvancePaid',
      data: { ...paid, paidOn: todayOf(command), paperworkDueOn, ...(paperworkDueOn === null ? { paperworkCalendarMissing } : {}) },
    },
  ];
}

/** The paperwork completed today (the metadata's day): late when after the due date. */
export function decideCompleteAdvancePaperwork(command: CompleteAdvancePaperwork, state: EmergencyAdvanceState): EmergencyAdvanceEvent[] {
  if (!state.paid) throw new DomainError(EMERGENCY_ADVANCE_ERRORS.notPaid, 'No such emergency advance', { kind: 'not_found' });
  if (state.completedOn) throw new DomainError(EMERGENCY_ADVANCE_ERRORS.alreadyCompleted, 'The paperwork is already complete', { kind: 'conflict' });
  const completedOn = todayOf(command);
  const datedNow = state.paid.paperworkDueOn === null ? (command.data.paperworkDueOn ?? null) : null;
  const dueOn = state.paid.paperworkDueOn ?? datedNow;
  const late = dueOn === null ? null : completedOn > dueOn;
  return [
    {
      type: 'EmergencyAdvancePaperworkCompleted',
      data: { decisionId: command.data.decisionId, completedOn, late, ...(datedNow !== null ? { paperworkDueOn: datedNow } : {}) },
    },
  ];
}

export function decideEmergencyAdvance(command: EmergencyAdvanceCommand, state: EmergencyAdvanceState): EmergencyAdvanceEvent[] {
  switch (command.type) {
    case 'PayEmergencyAdvance':
      return decidePayEmergencyAdvance(command, state);
    case 'CompleteAdvancePaperwork':
      return decideCompleteAdvancePaperwork(command, state);
  }
}

function evolve(state: EmergencyAdvanceState, event: EmergencyAdvanceEvent): EmergencyAdvanceState {
  switch (event.type) {
    case 'EmergencyAdvancePaid':
      return { ...state, paid: event.data };
    case 'EmergencyAdvancePaperworkCompleted':
      return { ...state, completedOn: event.data.completedOn, completion: event.data };
  }
}

/** On the overdue list: paid, paperwork not complete, and today is after the due date (never while the date is open). */
export function isAdvanceOverdue(state: EmergencyAdvanceState, today: string): boolean {
  return state.paid !== null && state.completedOn === null && state.paid.paperworkDueOn !== null && today > state.paid.paperworkDueOn;
}

export const emergencyAdvanceDecider: Decider<EmergencyAdvanceCommand, EmergencyAdvanceEvent, EmergencyAdvanceState> = {
  decide: decideEmergencyAdvance,
  evolve,
  initialState: { paid: null, completedOn: null },
};
