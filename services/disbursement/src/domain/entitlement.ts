/**
 * Entitlement (待遇): what one case is owed each month. Stream `entitlement-<caseId>`.
 *
 * The amount is a timeline of decisions, each effective from a month: a monthly amount, a schedule of
 * explicit months (渐退 taper, 临时救助 instalments; nothing after its last month), a suspension or a
 * termination. For a month, the latest entry effective at or before it applies; a later decision wins a
 * tie. A retroactive decision (effective in the past) therefore changes what past months were owed,
 * which is what back-pay and recovery compare against what was paid (see retroactive.ts).
 */
import { DomainError, type Decider, type DomainEvent } from '@sa/decider';
import { assertFen, assertYearMonth, type YearMonth } from './period';
import { settleRetroactiveCorrection } from './retroactive';
import { allocateRepayment, outstandingOverpayments, totalOutstanding, type RepaymentInstalment } from './recovery';

export const ENTITLEMENT_CATEGORY = 'entitlement';
export const entitlementStreamId = (caseId: string): string => `${ENTITLEMENT_CATEGORY}-${caseId}`;

export type Program = 'MINIMUM_LIVING_ALLOWANCE' | 'EXTREME_POVERTY_SUPPORT' | 'TEMPORARY_ASSISTANCE' | 'LOW_INCOME_MARGINAL';

export interface Recipient {
  memberId: string;
  name: string;
  /** Reference into the bank-account registry (never the account number itself). */
  bankAccountRef: string;
  bankAccountMasked?: string;
}

/** A member a decision covers (for 单人保, the one member covered alone). */
export interface CoveredMember {
  memberId: string;
  name: string;
}

/** HOUSEHOLD, or INDIVIDUAL (单人保): one member covered alone inside a household that is not itself eligible. */
export type Coverage = 'HOUSEHOLD' | 'INDIVIDUAL';

export interface MonthAmount {
  month: YearMonth;
  amountFen: number;
}

export type TimelineEntry =
  | { from: YearMonth; decisionId: string; kind: 'AMOUNT'; amountFen: number }
  | { from: YearMonth; decisionId: string; kind: 'SCHEDULE'; months: MonthAmount[] }
  | { from: YearMonth; decisionId: string; kind: 'SUSPENDED' }
  | { from: YearMonth; decisionId: string; kind: 'TERMINATED' };

// ---- events -------------------------------------------------------------------------------------

export type EntitlementRegistered = DomainEvent<
  'EntitlementRegistered',
  {
    entitlementId: string;
    caseId: string;
    caseNumber: string;
    decisionId: string;
    program: Program;
    jurisdiction: string;
    recipient: Recipient;
    startMonth: YearMonth;
    /** Recurring programs: the monthly amount from startMonth. */
    monthlyAmountFen?: number;
    /** Temporary assistance: the instalments (nothing after the last). */
    instalments?: MonthAmount[];
    /** Recurring programs: HOUSEHOLD, or INDIVIDUAL (单人保) — absent in events recorded before it was kept (HOUSEHOLD). */
    coverage?: Coverage;
    /** The members the decision covers (单人保: the member covered alone). */
    membersCovered?: CoveredMember[];
  }
>;
export type EntitlementAmountChanged = DomainEvent<
  'EntitlementAmountChanged',
  { decisionId: string; effectiveMonth: YearMonth; previousAmountFen: number; amountFen: number; reasonCode: string }
>;
export type EntitlementTapered = DomainEvent<
  'EntitlementTapered',
  { decisionId: string; effectiveMonth: YearMonth; schedule: MonthAmount[]; reasonCode: string }
>;
export type EntitlementSuspended = DomainEvent<'EntitlementSuspended', { decisionId: string; effectiveMonth: YearMonth; reasonCode: string }>;
export type EntitlementTerminated = DomainEvent<'EntitlementTerminated', { decisionId: string; effectiveMonth: YearMonth; reasonCode: string }>;
export type EntitlementResumed = DomainEvent<
  'EntitlementResumed',
  { decisionId: string; effectiveMonth: YearMonth; amountFen: number; reasonCode: string }
>;
/** Who acted (officer id, role, jurisdiction), as recorded on payee changes. */
export interface OfficerRef {
  id: string;
  role: string;
  jurisdiction: string;
}
/** A payee change asked for, with the household's request as evidence; pending until a second officer approves. */
export interface BankAccountChange {
  changeId: string;
  recipient: Recipient;
  /** The household's written request (document reference), the evidence of the change. */
  householdRequestRef: string;
  reason: string;
  requestedBy: OfficerRef;
  requestedOn: string;
}
export type BankAccountChangeRequested = DomainEvent<'BankAccountChangeRequested', BankAccountChange>;
/** Four-eyes: approvedBy ≠ requestedBy. Events before payee changes needed approval carry only the first three fields. */
export type BankAccountCorrected = DomainEvent<
  'BankAccountCorrected',
  { previous: Recipient; recipient: Recipient; correctedOn: string; changeId?: string; householdRequestRef?: string; requestedBy?: OfficerRef; approvedBy?: OfficerRef }
>;

/** 补发 / 追回: the differences a retroactive decision leaves on months already paid, month by month. */
export interface RetroactiveRecord {
  decisionId: string;
  months: { month: YearMonth; owedFen: number; paidFen: number; differenceFen: number }[];
  totalFen: number;
}
export type ArrearsDetermined = DomainEvent<'ArrearsDetermined', RetroactiveRecord>;
export type OverpaymentRecorded = DomainEvent<'OverpaymentRecorded', RetroactiveRecord>;

/** A repayment received from the household under a plan, split over the overpayments it repays (oldest first). */
export interface Repayment {
  repaymentId: string;
  amountFen: number;
  receivedOn: string;
  /** The receipt / bank slip (document reference). */
  evidenceRef: string;
  reason: string;
  recordedBy: OfficerRef;
  /** Per overpayment repaid: the part, and what is still outstanding on it after. */
  allocation: { overpaymentDecisionId: string; amountFen: number; outstandingAfterFen: number }[];
}
/** 退款计划: the case has ended, so no payment is left to offset; the household repays in instalments. */
export interface RepaymentPlan {
  planId: string;
  /** The outstanding overpayments the plan covers, and their total when it was recorded. */
  overpaymentDecisionIds: string[];
  totalFen: number;
  instalments: RepaymentInstalment[];
  reason: string;
  recordedBy: OfficerRef;
  recordedOn: string;
  repayments: Repayment[];
}
/** The case the recovery step belongs to (the published events carry it). */
interface CaseOf {
  caseId: string;
  caseNumber: string;
  entitlementId: string;
  jurisdiction: string;
}
export type RepaymentPlanRecorded = DomainEvent<'RepaymentPlanRecorded', Omit<RepaymentPlan, 'repayments'> & CaseOf>;
/** outstandingAfterFen: the plan's balance after this repayment. */
export type OverpaymentRepaid = DomainEvent<'OverpaymentRepaid', Repayment & CaseOf & { planId: string; outstandingAfterFen: number }>;

export type EntitlementEvent =
  | RepaymentPlanRecorded
  | OverpaymentRepaid
  | ArrearsDetermined
  | OverpaymentRecorded
  | EntitlementRegistered
  | EntitlementAmountChanged
  | EntitlementTapered
  | EntitlementSuspended
  | EntitlementTerminated
  | EntitlementResumed
  | BankAccountCorrected
  | BankAccountChangeRequested;

// ---- state --------------------------------------------------------------------------------------

export interface EntitlementState {
  registered: boolean;
  entitlementId: string;
  caseId: string;
  caseNumber: string;
  program: Program;
  jurisdiction: string;
  recipient: Recipient | null;
  /** HOUSEHOLD, or INDIVIDUAL (单人保). */
  coverage?: Coverage;
  /** The members the decision covers. */
  membersCovered?: CoveredMember[];
  startMonth: YearMonth;
  /** Ascending by `from`; equal `from` keeps decision order. */
  timeline: TimelineEntry[];
  decisionIds: string[];
  /** Supplementary payments owed (补发), per retroactive decision. */
  arrears: RetroactiveRecord[];
  /** Overpayments to recover (追回), per retroactive decision. */
  recoveries: RetroactiveRecord[];
  /** A payee change waiting for the second officer's approval. */
  pendingBankAccountChange?: BankAccountChange | null;
  /** Repayment plans (the case ended with an overpayment outstanding) and the repayments under them. */
  repaymentPlans?: RepaymentPlan[];
}

export const initialEntitlementState: EntitlementState = {
  registered: false,
  entitlementId: '',
  caseId: '',
  caseNumber: '',
  program: 'MINIMUM_LIVING_ALLOWANCE',
  jurisdiction: '',
  recipient: null,
  startMonth: '0000-01',
  timeline: [],
  decisionIds: [],
  arrears: [],
  recoveries: [],
};

function withEntry(state: EntitlementState, entry: TimelineEntry): EntitlementState {
  const timeline = [...state.timeline];
  let i = timeline.length;
  while (i > 0 && timeline[i - 1]!.from > entry.from) i--;
  timeline.splice(i, 0, entry);
  return { ...state, timeline, decisionIds: [...state.decisionIds, entry.decisionId] };
}

export function evolveEntitlement(state: EntitlementState, event: EntitlementEvent): EntitlementState {
  switch (event.type) {
    case 'EntitlementRegistered': {
      const d = event.data;
      const base: EntitlementState = {
        ...state,
        registered: true,
        entitlementId: d.entitlementId,
        caseId: d.caseId,
        caseNumber: d.caseNumber,
        program: d.program,
        jurisdiction: d.jurisdiction,
        recipient: d.recipient,
        coverage: d.coverage ?? 'HOUSEHOLD',
        membersCovered: d.membersCovered ?? [],
        startMonth: state.registered ? state.startMonth : d.startMonth,
      };
      return d.instalments
        ? withEntry(base, { from: d.startMonth, decisionId: d.decisionId, kind: 'SCHEDULE', months: d.instalments })
        : withEntry(base, { from: d.startMonth, decisionId: d.decisionId, kind: 'AMOUNT', amountFen: d.monthlyAmountFen ?? 0 });
    }
    case 'EntitlementAmountChanged':
    case 'EntitlementResumed':
      return withEntry(state, { from: event.data.effectiveMonth, decisionId: event.data.decisionId, kind: 'AMOUNT', amountFen: event.data.amountFen });
    case 'EntitlementTapered':
      return withEntry(state, { from: event.data.effectiveMonth, decisionId: event.data.decisionId, kind: 'SCHEDULE', months: event.data.schedule });
    case 'EntitlementSuspended':
      return withEntry(state, { from: event.data.effectiveMonth, decisionId: event.data.decisionId, kind: 'SUSPENDED' });
    case 'EntitlementTerminated':
      return withEntry(state, { from: event.data.effectiveMonth, decisionId: event.data.decisionId, kind: 'TERMINATED' });
    case 'BankAccountCorrected':
      return { ...state, recipient: event.data.recipient, pendingBankAccountChange: null };
    case 'BankAccountChangeRequested':
      return { ...state, pendingBankAccountChange: event.data };
    case 'ArrearsDetermined':
      return { ...state, arrears: [...(state.arrears ?? []), event.data] };
    case 'OverpaymentRecorded':
      return { ...state, recoveries: [...(state.recoveries ?? []), event.data] };
    case 'RepaymentPlanRecorded': {
      const { caseId: _c, caseNumber: _n, entitlementId: _e, jurisdiction: _j, ...plan } = event.data;
      return { ...state, repaymentPlans: [...(state.repaymentPlans ?? []), { ...plan, repayments: [] }] };
    }
    case 'OverpaymentRepaid': {
      const { planId, outstandingAfterFen: _after, caseId: _c, caseNumber: _n, entitlementId: _e, jurisdiction: _j, ...repayment } = event.data;
      return { ...state, repaymentPlans: (state.repaymentPlans ?? []).map((p) => (p.planId === planId ? { ...p, repayments: [...p.repayments, repayment] } : p)) };
    }
  }
}

// ---- the amount owed for a month ------------------------------------------------------------------

/**
 * The programme a payment of this entitlement is made under. 单人保 is 低保 for one member ("参照单人户
 * 纳入低保"): a 低保边缘 (LOW_INCOME_MARGINAL) approval with a 单人保 member pays that member's amount as
 * 低保 (MINIMUM_LIVING_ALLOWANCE) — 低保边缘 itself is a status with no allowance of its own. Every other
 * entitlement is paid under the programme decided.
 */
export function paymentProgramOf(state: Pick<EntitlementState, 'program' | 'coverage'>): Program {
  return state.program === 'LOW_INCOME_MARGINAL' && state.coverage === 'INDIVIDUAL' ? 'MINIMUM_LIVING_ALLOWANCE' : state.program;
}

export type PeriodStatus = 'NOT_STARTED' | 'PAYABLE' | 'SUSPENDED' | 'TERMINATED' | 'ENDED' | 'NOT_REGISTERED';

export interface PeriodAmount {
  status: PeriodStatus;
  payable: boolean;
  amountFen: number;
  /** The decision that sets this month's amount (authorises the payment). */
  decisionId?: string;
}

/** What the entitlement owes for `period` (YYYY-MM): 0 and not payable before the start, when suspended, terminated or ended. */
export function amountForPeriod(state: EntitlementState, period: YearMonth): PeriodAmount {
  if (!state.registered) return { status: 'NOT_REGISTERED', payable: false, amountFen: 0 };
  let entry: TimelineEntry | undefined;
  for (const e of state.timeline) {
    if (e.from <= period) entry = e;
    else break;
  }
  if (!entry || period < state.startMonth) return { status: 'NOT_STARTED', payable: false, amountFen: 0 };
  switch (entry.kind) {
    case 'SUSPENDED':
      return { status: 'SUSPENDED', payable: false, amountFen: 0, decisionId: entry.decisionId };
    case 'TERMINATED':
      return { status: 'TERMINATED', payable: false, amountFen: 0, decisionId: entry.decisionId };
    case 'AMOUNT':
      return { status: 'PAYABLE', payable: entry.amountFen > 0, amountFen: entry.amountFen, decisionId: entry.decisionId };
    case 'SCHEDULE': {
      const month = entry.months.find((m) => m.month === period);
      if (!month) {
        const last = entry.months[entry.months.length - 1];
        const ended = !last || period > last.month;
        return { status: ended ? 'ENDED' : 'PAYABLE', payable: false, amountFen: 0, decisionId: entry.decisionId };
      }
      return { status: 'PAYABLE', payable: month.amountFen > 0, amountFen: month.amountFen, decisionId: entry.decisionId };
    }
  }
}

// ---- commands -----------------------------------------------------------------------------------

export type RegisterEntitlement = {
  type: 'RegisterEntitlement';
  data: EntitlementRegistered['data'];
};
export type ApplyBenefitChange = {
  type: 'ApplyBenefitChange';
  data: {
    decisionId: string;
    changeType: 'INCREASE' | 'DECREASE' | 'TAPER' | 'SUSPENSION' | 'TERMINATION' | 'RESUMPTION';
    effectiveMonth: YearMonth;
    monthlyAmountFen?: number;
    taperSchedule?: MonthAmount[];
    reasonCode: string;
  };
};
export type RequestBankAccountChange = { type: 'RequestBankAccountChange'; data: BankAccountChange };
/** The second officer approves the pending change (four-eyes). */
export type CorrectBankAccount = { type: 'CorrectBankAccount'; data: { changeId: string; approvedBy: OfficerRef; correctedOn: string } };

/** After a decision effective in the past: compare what is owed now with what was paid (from the payment ledger). */
export type SettleRetroactiveCorrection = {
  type: 'SettleRetroactiveCorrection';
  data: { decisionId: string; from: YearMonth; through: YearMonth; paid: { month: YearMonth; amountFen: number }[] };
};

/**
 * The case has ended (terminated): the outstanding overpayment becomes a repayment plan. `offsetByDecision`
 * is what the runs already recovered by offset, per overpayment decision (from the offsets ledger).
 */
export type RecordRepaymentPlan = {
  type: 'RecordRepaymentPlan';
  data: { planId: string; instalments: RepaymentInstalment[]; reason: string; recordedBy: OfficerRef; recordedOn: string; offsetByDecision: Record<string, number> };
};
/** A repayment under the plan, recorded by an officer with its evidence. */
export type RecordRepayment = {
  type: 'RecordRepayment';
  data: { planId: string; repaymentId: string; amountFen: number; receivedOn: string; evidenceRef: string; reason: string; recordedBy: OfficerRef; offsetByDecision: Record<string, number> };
};

export type EntitlementCommand =
  | RegisterEntitlement
  | ApplyBenefitChange
  | RequestBankAccountChange
  | CorrectBankAccount
  | SettleRetroactiveCorrection
  | RecordRepaymentPlan
  | RecordRepayment;

export const ENTITLEMENT_ERRORS = {
  notRegistered: 'entitlement_not_registered',
  alreadyRegistered: 'entitlement_already_registered',
  invalidBankAccount: 'invalid_bank_account',
  missingAmount: 'missing_amount',
  invalidSchedule: 'invalid_schedule',
  sameAccount: 'bank_account_unchanged',
  evidenceRequired: 'household_request_required',
  noPendingChange: 'bank_account_change_not_found',
  changePending: 'bank_account_change_pending',
  fourEyes: 'four_eyes_required',
  coveredMemberRequired: 'covered_member_required',
  caseNotEnded: 'case_not_ended',
  nothingToRecover: 'nothing_to_recover',
  planExists: 'repayment_plan_exists',
  planTotal: 'repayment_plan_total_mismatch',
  noPlan: 'repayment_plan_not_found',
  repaymentTooLarge: 'repayment_exceeds_outstanding',
  reasonRequired: 'reason_required',
} as const;

const caseOf = (s: EntitlementState): CaseOf => ({ caseId: s.caseId, caseNumber: s.caseNumber, entitlementId: s.entitlementId, jurisdiction: s.jurisdiction });

/** The balance of a plan: its total less the repayments recorded under it. */
export function planBalance(plan: RepaymentPlan): number {
  return plan.totalFen - plan.repayments.reduce((s, r) => s + r.amountFen, 0);
}

function requireText(value: unknown, field: string, code: string = ENTITLEMENT_ERRORS.reasonRequired): string {
  if (typeof value !== 'string' || value.trim() === '') throw new DomainError(code, `${field} is required`, { field });
  return value;
}

function validateRecipient(recipient: Recipient | undefined, field: string): void {
  if (!recipient || typeof recipient.name !== 'string' || recipient.name.trim() === '') {
    throw new DomainError(ENTITLEMENT_ERRORS.invalidBankAccount, 'The recipient needs a name', { field: `${field}.name` });
  }
  if (typeof recipient.bankAccountRef !== 'string' || !/^\S{4,128}$/.test(recipient.bankAccountRef)) {
    throw new DomainError(ENTITLEMENT_ERRORS.invalidBankAccount, 'The recipient needs a bank account reference', {
      field: `${field}.bankAccountRef`,
    });
  }
}

function validateSchedule(schedule: MonthAmount[] | undefined, field: string, from: YearMonth): MonthAmount[] {
  if (!Array.isArray(schedule)) throw new DomainError(ENTITLEMENT_ERRORS.invalidSchedule, `${field} is required`, { field });
  let previous = '';
  schedule.forEach((m, i) => {
    assertYearMonth(m.month, `${field}[${i}].month`);
    assertFen(m.amountFen, `${field}[${i}].amountFen`);
    if (m.month <= previous || m.month < from) {
      throw new DomainError(ENTITLEMENT_ERRORS.invalidSchedule, `${field} months must ascend from ${from}`, { field: `${field}[${i}].month` });
    }
    previous = m.month;
  });
  return schedule;
}

function decideEntitlement(command: EntitlementCommand, state: EntitlementState): EntitlementEvent[] {
  switch (command.type) {
    case 'RegisterEntitlement': {
      const d = command.data;
      if (state.decisionIds.includes(d.decisionId)) return [];
      const current = state.timeline[state.timeline.length - 1];
      if (state.registered && current?.kind !== 'TERMINATED') {
        throw new DomainError(ENTITLEMENT_ERRORS.alreadyRegistered, 'The case already has an active entitlement', { kind: 'conflict' });
      }
      validateRecipient(d.recipient, 'recipient');
      assertYearMonth(d.startMonth, 'startMonth');
      if (d.coverage === 'INDIVIDUAL' && (!d.membersCovered || d.membersCovered.length === 0)) {
        throw new DomainError(ENTITLEMENT_ERRORS.coveredMemberRequired, '单人保 covers a named member: membersCovered is empty', { field: 'membersCovered' });
      }
      if (d.instalments) validateSchedule(d.instalments, 'instalments', d.startMonth);
      else assertFen(d.monthlyAmountFen, 'monthlyAmountFen');
      return [{ type: 'EntitlementRegistered', data: d }];
    }
    case 'ApplyBenefitChange': {
      const d = command.data;
      if (!state.registered) throw new DomainError(ENTITLEMENT_ERRORS.notRegistered, 'No entitlement for this case', { kind: 'not_found' });
      if (state.decisionIds.includes(d.decisionId)) return [];
      assertYearMonth(d.effectiveMonth, 'effectiveMonth');
      const common = { decisionId: d.decisionId, effectiveMonth: d.effectiveMonth, reasonCode: d.reasonCode };
      switch (d.changeType) {
        case 'INCREASE':
        case 'DECREASE': {
          if (d.monthlyAmountFen === undefined) throw new DomainError(ENTITLEMENT_ERRORS.missingAmount, 'The new monthly amount is required', { field: 'monthlyAmountFen' });
          assertFen(d.monthlyAmountFen, 'monthlyAmountFen');
          const previous = amountForPeriod(state, d.effectiveMonth).amountFen;
          return [{ type: 'EntitlementAmountChanged', data: { ...common, previousAmountFen: previous, amountFen: d.monthlyAmountFen } }];
        }
        case 'RESUMPTION': {
          if (d.monthlyAmountFen === undefined) throw new DomainError(ENTITLEMENT_ERRORS.missingAmount, 'The resumed monthly amount is required', { field: 'monthlyAmountFen' });
          assertFen(d.monthlyAmountFen, 'monthlyAmountFen');
          return [{ type: 'EntitlementResumed', data: { ...common, amountFen: d.monthlyAmountFen } }];
        }
        case 'TAPER':
          return [{ type: 'EntitlementTapered', data: { ...common, schedule: validateSchedule(d.taperSchedule, 'taperSchedule', d.effectiveMonth) } }];
        case 'SUSPENSION':
          return [{ type: 'EntitlementSuspended', data: common }];
        case 'TERMINATION':
          return [{ type: 'EntitlementTerminated', data: common }];
      }
      break;
    }
    case 'RequestBankAccountChange': {
      const d = command.data;
      if (!state.registered || !state.recipient) throw new DomainError(ENTITLEMENT_ERRORS.notRegistered, 'No entitlement for this case', { kind: 'not_found' });
      if (state.pendingBankAccountChange?.changeId === d.changeId) return [];
      if (state.pendingBankAccountChange) {
        throw new DomainError(ENTITLEMENT_ERRORS.changePending, `Payee change ${state.pendingBankAccountChange.changeId} awaits approval`, { kind: 'conflict' });
      }
      validateRecipient(d.recipient, 'recipient');
      if (d.recipient.bankAccountRef === state.recipient.bankAccountRef && d.recipient.name === state.recipient.name) {
        throw new DomainError(ENTITLEMENT_ERRORS.sameAccount, 'The corrected account is the same as the current one', { field: 'recipient.bankAccountRef' });
      }
      if (typeof d.householdRequestRef !== 'string' || d.householdRequestRef.trim() === '') {
        throw new DomainError(ENTITLEMENT_ERRORS.evidenceRequired, "A payee change needs the household's request as evidence", { field: 'householdRequestRef' });
      }
      return [{ type: 'BankAccountChangeRequested', data: d }];
    }
    case 'CorrectBankAccount': {
      const d = command.data;
      if (!state.registered || !state.recipient) throw new DomainError(ENTITLEMENT_ERRORS.notRegistered, 'No entitlement for this case', { kind: 'not_found' });
      const pending = state.pendingBankAccountChange;
      if (!pending || pending.changeId !== d.changeId) {
        throw new DomainError(ENTITLEMENT_ERRORS.noPendingChange, `No pending payee change ${d.changeId}`, { kind: 'not_found', field: 'changeId' });
      }
      if (d.approvedBy.id === pending.requestedBy.id) {
        throw new DomainError(ENTITLEMENT_ERRORS.fourEyes, 'A payee change is approved by a second officer, not the one who requested it', { kind: 'forbidden' });
      }
      return [
        {
          type: 'BankAccountCorrected',
          data: {
            previous: state.recipient,
            recipient: pending.recipient,
            correctedOn: d.correctedOn,
            changeId: pending.changeId,
            householdRequestRef: pending.householdRequestRef,
            requestedBy: pending.requestedBy,
            approvedBy: d.approvedBy,
          },
        },
      ];
    }
    case 'SettleRetroactiveCorrection': {
      const d = command.data;
      if (!state.registered) throw new DomainError(ENTITLEMENT_ERRORS.notRegistered, 'No entitlement for this case', { kind: 'not_found' });
      const settled = [...(state.arrears ?? []), ...(state.recoveries ?? [])].some((r) => r.decisionId === d.decisionId);
      if (settled || d.through < d.from) return [];
      const result = settleRetroactiveCorrection(state, d.paid, d.from, d.through);
      const events: EntitlementEvent[] = [];
      if (result.supplementary) events.push({ type: 'ArrearsDetermined', data: { decisionId: d.decisionId, ...result.supplementary } });
      if (result.recovery) events.push({ type: 'OverpaymentRecorded', data: { decisionId: d.decisionId, ...result.recovery } });
      return events;
    }
    case 'RecordRepaymentPlan': {
      const d = command.data;
      if (!state.registered) throw new DomainError(ENTITLEMENT_ERRORS.notRegistered, 'No entitlement for this case', { kind: 'not_found' });
      const plans = state.repaymentPlans ?? [];
      if (plans.some((p) => p.planId === d.planId)) return [];
      if (state.timeline[state.timeline.length - 1]?.kind !== 'TERMINATED') {
        throw new DomainError(ENTITLEMENT_ERRORS.caseNotEnded, 'The case is still paid: the overpayment is recovered by offset against its payments', { kind: 'conflict' });
      }
      requireText(d.reason, 'reason');
      const open = plans.find((p) => planBalance(p) > 0);
      if (open) throw new DomainError(ENTITLEMENT_ERRORS.planExists, `Repayment plan ${open.planId} is still open`, { kind: 'conflict' });
      const outstanding = outstandingOverpayments(state, new Map(Object.entries(d.offsetByDecision))).filter((o) => o.outstandingFen > 0);
      // What earlier (settled) plans cover is already in the repayments; an open balance is refused above.
      const totalFen = totalOutstanding(outstanding);
      if (totalFen <= 0) throw new DomainError(ENTITLEMENT_ERRORS.nothingToRecover, 'No overpayment is outstanding on this case', { kind: 'conflict' });
      if (!Array.isArray(d.instalments) || d.instalments.length === 0) {
        throw new DomainError(ENTITLEMENT_ERRORS.invalidSchedule, 'instalments: at least one', { field: 'instalments' });
      }
      let previous = '';
      d.instalments.forEach((m, i) => {
        assertYearMonth(m.dueMonth, `instalments[${i}].dueMonth`);
        assertFen(m.amountFen, `instalments[${i}].amountFen`, { positive: true });
        if (m.dueMonth <= previous || m.dueMonth < d.recordedOn.slice(0, 7)) {
          throw new DomainError(ENTITLEMENT_ERRORS.invalidSchedule, `instalments: due months ascend from ${d.recordedOn.slice(0, 7)}`, { field: `instalments[${i}].dueMonth` });
        }
        previous = m.dueMonth;
      });
      const sum = d.instalments.reduce((s, m) => s + m.amountFen, 0);
      if (sum !== totalFen) {
        throw new DomainError(ENTITLEMENT_ERRORS.planTotal, `The instalments add up to ${sum} fen, the outstanding overpayment is ${totalFen} fen`, {
          field: 'instalments',
          details: { outstandingFen: totalFen, instalmentsFen: sum },
        });
      }
      return [
        {
          type: 'RepaymentPlanRecorded',
          data: {
            ...caseOf(state),
            planId: d.planId,
            overpaymentDecisionIds: outstanding.map((o) => o.decisionId),
            totalFen,
            instalments: d.instalments.map((m) => ({ dueMonth: m.dueMonth, amountFen: m.amountFen })),
            reason: d.reason,
            recordedBy: d.recordedBy,
            recordedOn: d.recordedOn,
          },
        },
      ];
    }
    case 'RecordRepayment': {
      const d = command.data;
      if (!state.registered) throw new DomainError(ENTITLEMENT_ERRORS.notRegistered, 'No entitlement for this case', { kind: 'not_found' });
      const plan = (state.repaymentPlans ?? []).find((p) => p.planId === d.planId);
      if (!plan) throw new DomainError(ENTITLEMENT_ERRORS.noPlan, `No repayment plan ${d.planId}`, { kind: 'not_found', field: 'planId' });
      if (plan.repayments.some((r) => r.repaymentId === d.repaymentId)) return [];
      assertFen(d.amountFen, 'amountFen', { positive: true });
      requireText(d.evidenceRef, 'evidenceRef');
      requireText(d.reason, 'reason');
      const balance = planBalance(plan);
      if (d.amountFen > balance) {
        throw new DomainError(ENTITLEMENT_ERRORS.repaymentTooLarge, `The plan's balance is ${balance} fen`, { field: 'amountFen', details: { balanceFen: balance } });
      }
      const outstanding = outstandingOverpayments(state, new Map(Object.entries(d.offsetByDecision))).filter((o) => plan.overpaymentDecisionIds.includes(o.decisionId));
      return [
        {
          type: 'OverpaymentRepaid',
          data: {
            ...caseOf(state),
            planId: d.planId,
            repaymentId: d.repaymentId,
            amountFen: d.amountFen,
            receivedOn: d.receivedOn,
            evidenceRef: d.evidenceRef,
            reason: d.reason,
            recordedBy: d.recordedBy,
            allocation: allocateRepayment(outstanding, d.amountFen),
            outstandingAfterFen: balance - d.amountFen,
          },
        },
      ];
    }
  }
  return [];
}

export const entitlementDecider: Decider<EntitlementCommand, EntitlementEvent, EntitlementState> = {
  decide: decideEntitlement,
  evolve: evolveEntitlement,
  initialState: initialEntitlementState,
};
