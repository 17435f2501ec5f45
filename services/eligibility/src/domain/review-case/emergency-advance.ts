/**
 * 先行救助 (emergency advance) as a decision of the review case. Disbursement pays an advance only
 * when this decision is stored: the amount is the officer's, checked here against the limit of the
 * policy in force for the case (`temporaryAssistance.emergencyAdvanceLimitFen`, and never more than
 * the amount requested), the policy version and the paperwork period come from that policy — never
 * from the request that pays. Several advances of one case together stay within the limit.
 */
import { CalendarDate } from '../calendar-date';
import { conflictError, notFoundError, ruleError } from '../errors';
import { Fen } from '../money';
import { PolicyVersion } from '../policy/policy-version';
import { coveringDivisions } from '../policy/resolve-policy';
import { validatePolicyVersion } from '../policy/validate-policy';
import { ActorRef, Recipient, ReviewCaseState } from './case-file';
import type { ReviewCaseCommandOf } from './commands';
import { actorOf, todayOf } from '@sa/decider';

export type ApproveEmergencyAdvance = ReviewCaseCommandOf<
  'ApproveEmergencyAdvance',
  {
    advanceId: string;
    amountFen: Fen;
    /** The version in force today for the case's jurisdiction (resolved by the application). */
    policy: PolicyVersion;
    recipient: { memberId: string; bankAccountRef: string; bankAccountMasked?: string };
    reason: string;
    evidenceRefs?: string[];
  }
>;

export interface EmergencyAdvanceApproved {
  type: 'EmergencyAdvanceApproved';
  data: {
    caseId: string;
    caseNumber: string;
    jurisdiction: string;
    advanceId: string;
    amountFen: Fen;
    /** The case's limit: min(policy limit, amount requested), minus advances approved before. */
    advanceLimitFen: Fen;
    policyVersion: string;
    /** From the policy: the file must be complete this many working days after payment. */
    paperworkWorkingDays: number;
    recipient: Recipient;
    reason: string;
    evidenceRefs: string[];
    approvedOn: CalendarDate;
    approvedBy: ActorRef;
  };
}

/** Advances approved on the case (the state keeps them for the limit and for idempotency). */
export interface ApprovedAdvance {
  advanceId: string;
  amountFen: Fen;
}

export const EMERGENCY_ADVANCE_ERRORS = {
  notTemporary: 'advance_not_emergency_case',
  notRequested: 'advance_not_requested',
  closed: 'case_closed',
  overLimit: 'advance_over_limit',
  reasonRequired: 'advance_reason_required',
  recipient: 'recipient_required',
} as const;

function policyApplies(state: ReviewCaseState, policy: PolicyVersion, on: CalendarDate): void {
  if (validatePolicyVersion(policy, { unknownKeys: 'ignore' }).length > 0) throw ruleError('policy_invalid', `The policy version ${policy.version} is not valid`, 'policy');
  if (!coveringDivisions(state.jurisdiction!).some((d) => d.code === policy.divisionCode) || policy.effectiveFrom > on) {
    throw ruleError('policy_not_applicable', `Policy ${policy.version} does not apply to jurisdiction ${state.jurisdiction} on ${on}`, 'policy');
  }
}

/** The most this case may still receive as advances under `policy`. */
export function emergencyAdvanceLimitFor(state: ReviewCaseState, policy: PolicyVersion): Fen {
  const policyLimit = policy.parameters.temporaryAssistance.emergencyAdvanceLimitFen;
  const requested = state.temporaryAssistance?.requestedAmountFen ?? null;
  const caseLimit = requested === null ? policyLimit : Math.min(policyLimit, requested);
  const approved = (state.emergencyAdvances ?? []).reduce((sum, a) => sum + a.amountFen, 0);
  return Math.max(0, caseLimit - approved);
}

export function decideEmergencyAdvance(c: ApproveEmergencyAdvance, s: ReviewCaseState): EmergencyAdvanceApproved[] {
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.status === 'NONE' || s.caseId === null || s.jurisdiction === null) throw notFoundError('case_not_open', 'No review case is open for this case');
  if ((s.emergencyAdvances ?? []).some((a) => a.advanceId === d.advanceId)) return [];
  if (s.program !== 'TEMPORARY_ASSISTANCE' || s.temporaryAssistance?.type !== 'EMERGENCY') {
    throw ruleError(EMERGENCY_ADVANCE_ERRORS.notTemporary, 'Only an emergency-type temporary assistance case (急难型临时救助) can receive an advance');
  }
  if (!s.temporaryAssistance.emergencyAdvanceRequested) throw ruleError(EMERGENCY_ADVANCE_ERRORS.notRequested, 'The application did not ask for an emergency advance');
  if (s.status === 'REFUSED' || s.status === 'WITHDRAWN') throw conflictError(EMERGENCY_ADVANCE_ERRORS.closed, `The case is ${s.status}`);
  policyApplies(s, d.policy, on);
  if (!Number.isSafeInteger(d.amountFen) || d.amountFen <= 0) throw ruleError('invalid_amount', 'amountFen must be a positive integer number of fen', 'amountFen');
  const limit = emergencyAdvanceLimitFor(s, d.policy);
  if (d.amountFen > limit) {
    throw ruleError(EMERGENCY_ADVANCE_ERRORS.overLimit, `The advance exceeds the limit of ${limit} fen for this case under policy ${d.policy.version}`, 'amountFen');
  }
  if (d.reason.trim().length < 2) throw ruleError(EMERGENCY_ADVANCE_ERRORS.reasonRequired, 'An emergency advance needs its reason', 'reason');
  const payee = s.household?.members.find((m) => m.memberId === d.recipient.memberId && m.included);
  if (!payee) throw ruleError(EMERGENCY_ADVANCE_ERRORS.recipient, 'The payee must be an included member of the household', 'recipient.memberId');
  if (d.recipient.bankAccountRef.trim() === '') throw ruleError(EMERGENCY_ADVANCE_ERRORS.recipient, 'The payee’s bank-account reference is required', 'recipient.bankAccountRef');
  return [
    {
      type: 'EmergencyAdvanceApproved',
      data: {
        caseId: s.caseId,
        caseNumber: s.caseNumber!,
        jurisdiction: s.jurisdiction,
        advanceId: d.advanceId,
        amountFen: d.amountFen,
        advanceLimitFen: limit,
        policyVersion: d.policy.version,
        paperworkWorkingDays: d.policy.parameters.temporaryAssistance.paperworkWorkingDays,
        recipient: {
          memberId: payee.memberId,
          name: payee.name,
          bankAccountRef: d.recipient.bankAccountRef,
          ...(d.recipient.bankAccountMasked ? { bankAccountMasked: d.recipient.bankAccountMasked } : {}),
        },
        reason: d.reason,
        evidenceRefs: d.evidenceRefs ?? [],
        approvedOn: on,
        approvedBy: actor,
      },
    },
  ];
}

export function evolveEmergencyAdvance(state: ReviewCaseState, event: EmergencyAdvanceApproved): ReviewCaseState {
  return { ...state, emergencyAdvances: [...(state.emergencyAdvances ?? []), { advanceId: event.data.advanceId, amountFen: event.data.amountFen }] };
}
