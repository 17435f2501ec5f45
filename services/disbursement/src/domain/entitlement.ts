/**
 * Entitlement (待遇): what one case is owed each month. Stream `entitlement-<caseId>`.
 *
 * The amount is a timeline of decisions, each effective from a month: a monthly amount, a schedule of
 * explicit months (渐退 taper, 临时救助 instalments; nothing after its last month), a suspension or a
 * termination. For a month, the latest entry effective at or before it applies; a later decision wins a
 * tie. A retroactive decision (effective in the past) therefore changes what past months were owed,
 * which is what back-pay and recovery compare against what was paid (see retroactive.ts).
 *
 * This file: events, state, `evolve`, the amount owed for a month and the commands. The decisions are one
 * exported `decide<Command>` per command, grouped by step: entitlement.decisions.ts (eligibility's decisions:
 * register, benefit change, retroactive settlement), entitlement.payee.ts (payee change, four eyes),
 * entitlement.repayments.ts (repayment plan, repayment); shared guards in entitlement.guards.ts; the switch
 * and the decider in entitlement.decide.ts.
 */
import type { CommandBody, CommandWithMetadata, DomainEvent } from '@sa/decider';
import type { YearMonth } from './period';
import type { RepaymentInstalment } from './recovery';

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
    /**
     * 追回 monthly cap (integer %, 0–99) of the policy the grant was decided under (AssistanceGranted v3
     * `overpaymentRecovery.monthlyCapPercent`). Absent for grants decided before, or under a policy without
     * it: the service setting applies (recovery.ts `recoveryCapFor`).
     */
    recoveryCapPercent?: number;
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
/**
 * The 追回 monthly cap follows the newest policy: a benefit change decided under a policy version that sets
 * `overpaymentRecovery` (BenefitChanged v5) replaces the entitlement's cap from the next run on. Recorded only
 * when the cap differs from the one in force (`previousCapPercent` null: the service setting applied).
 */
export type EntitlementRecoveryCapChanged = DomainEvent<
  'EntitlementRecoveryCapChanged',
  { decisionId: string; policyVersion: string; previousCapPercent: number | null; capPercent: number }
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
export interface CaseOf {
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
  | EntitlementRecoveryCapChanged
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
  /**
   * 追回 monthly cap of the newest policy that set one: the (latest) grant's (AssistanceGranted v3), replaced by a
   * later change decided under a policy that sets it (BenefitChanged v5); absent: the service setting applies.
   */
  recoveryCapPercent?: number;
  /** The policy version of the cap when a benefit change set it (absent: the grant's policy, or none). */
  recoveryCapPolicyVersion?: string;
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
        recoveryCapPercent: d.recoveryCapPercent,
        recoveryCapPolicyVersion: undefined,
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
    case 'EntitlementRecoveryCapChanged':
      return { ...state, recoveryCapPercent: event.data.capPercent, recoveryCapPolicyVersion: event.data.policyVersion };
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

/** Commands are `{ type, data, metadata: { actor, now } }`: who acts and when come from `metadata` (filled by the pipeline). */
export type RegisterEntitlement = CommandWithMetadata<'RegisterEntitlement', EntitlementRegistered['data']>;
export type ApplyBenefitChange = CommandWithMetadata<
  'ApplyBenefitChange',
  {
    decisionId: string;
    changeType: 'INCREASE' | 'DECREASE' | 'TAPER' | 'SUSPENSION' | 'TERMINATION' | 'RESUMPTION';
    effectiveMonth: YearMonth;
    monthlyAmountFen?: number;
    taperSchedule?: MonthAmount[];
    reasonCode: string;
    /** BenefitChanged v5: the 追回 cap of the policy the change was decided under (absent: the cap in force stays). */
    recoveryCap?: { capPercent: number; policyVersion: string };
  }
>;
/** The officer who asks (`requestedBy`) and the day (`requestedOn`) are the command's metadata. */
export type RequestBankAccountChange = CommandWithMetadata<'RequestBankAccountChange', Omit<BankAccountChange, 'requestedBy' | 'requestedOn'>>;
/** The second officer approves the pending change (four-eyes): `approvedBy` and `correctedOn` from the metadata. */
export type CorrectBankAccount = CommandWithMetadata<'CorrectBankAccount', { changeId: string }>;

/** After a decision effective in the past: compare what is owed now with what was paid (from the payment ledger). */
export type SettleRetroactiveCorrection = CommandWithMetadata<
  'SettleRetroactiveCorrection',
  { decisionId: string; from: YearMonth; through: YearMonth; paid: { month: YearMonth; amountFen: number }[] }
>;

/**
 * The case has ended (terminated): the outstanding overpayment becomes a repayment plan. `offsetByDecision`
 * is what the runs already recovered by offset, per overpayment decision (from the offsets ledger).
 * `recordedBy` / `recordedOn` from the metadata.
 */
export type RecordRepaymentPlan = CommandWithMetadata<
  'RecordRepaymentPlan',
  { planId: string; instalments: RepaymentInstalment[]; reason: string; offsetByDecision: Record<string, number> }
>;
/** A repayment under the plan, recorded by an officer (the metadata's actor) with its evidence. */
export type RecordRepayment = CommandWithMetadata<
  'RecordRepayment',
  { planId: string; repaymentId: string; amountFen: number; receivedOn: string; evidenceRef: string; reason: string; offsetByDecision: Record<string, number> }
>;

export type EntitlementCommand =
  | RegisterEntitlement
  | ApplyBenefitChange
  | RequestBankAccountChange
  | CorrectBankAccount
  | SettleRetroactiveCorrection
  | RecordRepaymentPlan
  | RecordRepayment;

/** A command as its issuer builds it (`{ type, data }`); the pipeline adds `metadata`. */
export type EntitlementCommandBody = CommandBody<EntitlementCommand>;

/** The command of one type (`EntitlementCommandOf<'CorrectBankAccount'>`). */
export type EntitlementCommandOf<T extends EntitlementCommand['type']> = Extract<EntitlementCommand, { type: T }>;

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

