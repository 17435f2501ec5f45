/**
 * A case migrated from an office's existing ledger (存量台账迁入): its history starts with
 * `CaseMigrated`, which names the source file (SHA-256 digest, name) and rows, and carries the
 * household and the benefit in force, so the case goes on like any approved case (changes, reviews,
 * payments). The relay publishes it as AssistanceGranted, from which disbursement registers the
 * entitlement and follow-up opens the review schedule.
 */
import { CalendarDate, CalendarMonth } from '../calendar-date';
import { ageGroupsOf, type MemberAgeGroups } from '../age-groups';
import { conflictError, ruleError } from '../errors';
import { Fen } from '../money';
import { ReviewClass, SelfCareLevel, SupplyMode } from '../policy/policy-version';
import type { ActorRef, CaseMember, Recipient, RecurringProgram, ReviewCaseState } from './case-file';
import { actorOf, todayOf } from '@sa/decider';
import type { ReviewCaseCommandOf } from './commands';

/** Migrated households are reviewed as 非稳定 (every 6 months) until their first review classifies them. */
export const MIGRATED_REVIEW_CLASS: ReviewClass = 'UNSTABLE';
export const MIGRATED_REVIEW_INTERVAL_MONTHS = 6;
/** The policy version recorded on a migrated decision: the amount is the ledger's, not recomputed. */
export const MIGRATED_POLICY_VERSION = 'legacy-ledger';

export interface MigrationSource {
  importId: string;
  fileName: string;
  /** SHA-256 of the file's bytes, hex. */
  fileDigest: string;
  /** The file rows of the household (header = row 1). */
  rows: number[];
}

export interface CaseMigratedData {
  caseId: string;
  caseNumber: string;
  program: RecurringProgram;
  jurisdiction: string;
  source: MigrationSource;
  household: { applicantMemberId: string; members: (CaseMember & { residentId: string })[] };
  /** Each member's age groups in clear (the birth dates are sealed): what the monthly statistics count. Absent in events recorded before. */
  ageGroups?: MemberAgeGroups[];
  decisionId: string;
  /** The original approval date, from the ledger. */
  decidedOn: CalendarDate;
  /** The first month this system pays. */
  startMonth: CalendarMonth;
  monthlyAmountFen: Fen;
  /** 特困 only: sets the care allowance downstream. */
  selfCareLevel?: SelfCareLevel;
  /** 特困 only, when the ledger names it (保障类别 特困集中供养 / 特困分散供养): 供养方式, counted by the monthly statistics. */
  supplyMode?: SupplyMode;
  subsistenceStandardFen: Fen;
  perCapitaMonthlyIncomeFen: Fen;
  membersCovered: { memberId: string; name: string }[];
  recipient: Recipient;
  reviewClass: ReviewClass;
  reviewIntervalMonths: number;
  policyVersion: string;
  importedBy: ActorRef;
  importedOn: CalendarDate;
}

export type CaseMigrated = { type: 'CaseMigrated'; data: CaseMigratedData };

export type MigrateCase = ReviewCaseCommandOf<'MigrateCase', Omit<CaseMigratedData, 'ageGroups' | 'importedBy' | 'importedOn' | 'reviewClass' | 'reviewIntervalMonths' | 'policyVersion'>>;

export function decideMigration(command: MigrateCase, state: ReviewCaseState): CaseMigrated[] {
  const d = command.data;
  const actor = actorOf(command);
  const on = todayOf(command);
  if (state.status !== 'NONE') throw conflictError('case_already_exists', `case ${d.caseId} already exists (${state.status})`);
  if (!Number.isSafeInteger(d.monthlyAmountFen) || d.monthlyAmountFen < 0) throw ruleError('invalid_amount', 'monthlyAmountFen must be a non-negative integer (fen)', 'monthlyAmountFen');
  if (d.startMonth <= d.decidedOn.slice(0, 7)) throw ruleError('invalid_start_month', 'the first month paid must be after the month of the original approval', 'startMonth');
  if (d.supplyMode !== undefined && d.program !== 'EXTREME_POVERTY_SUPPORT') throw ruleError('supply_mode_not_applicable', 'only extreme poverty support has a supply mode (供养方式)', 'supplyMode');
  if (d.supplyMode !== undefined && d.supplyMode !== 'CENTRALIZED' && d.supplyMode !== 'DISPERSED') throw ruleError('invalid_supply_mode', 'supplyMode must be CENTRALIZED or DISPERSED', 'supplyMode');
  if (d.program === 'EXTREME_POVERTY_SUPPORT' && !d.selfCareLevel) throw ruleError('self_care_level_required', 'extreme poverty support needs the self-care level', 'selfCareLevel');
  if (d.membersCovered.length === 0) throw ruleError('no_member_covered', 'a migrated case covers at least one member', 'membersCovered');
  const known = new Set(d.household.members.map((m) => m.memberId));
  if (!d.membersCovered.every((m) => known.has(m.memberId)) || !known.has(d.recipient.memberId) || !known.has(d.household.applicantMemberId)) {
    throw ruleError('unknown_member', 'covered members, the recipient and the applicant must be members of the household', 'membersCovered');
  }
  return [
    {
      type: 'CaseMigrated',
      data: {
        ...d,
        ageGroups: ageGroupsOf(d.household.members),
        reviewClass: MIGRATED_REVIEW_CLASS,
        reviewIntervalMonths: MIGRATED_REVIEW_INTERVAL_MONTHS,
        policyVersion: MIGRATED_POLICY_VERSION,
        importedBy: actor,
        importedOn: on,
      },
    },
  ];
}

export function evolveMigration(state: ReviewCaseState, event: CaseMigrated): ReviewCaseState {
  const d = event.data;
  return {
    ...state,
    status: 'APPROVED',
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    program: d.program,
    jurisdiction: d.jurisdiction,
    acceptedOn: d.decidedOn,
    household: { applicantMemberId: d.household.applicantMemberId, members: d.household.members.map(({ residentId: _r, ...m }) => m) },
    decision: {
      decisionId: d.decisionId,
      outcome: 'APPROVED',
      decidedOn: d.decidedOn,
      decidedBy: d.importedBy,
      proposedBy: d.importedBy,
      decisionAuthority: 'COUNTY',
      policyVersion: d.policyVersion,
      startMonth: d.startMonth,
      monthlyAmountFen: d.monthlyAmountFen,
      noticeDueOn: null,
      overdue: false,
    },
    benefit: {
      status: 'ACTIVE',
      program: d.program,
      monthlyAmountFen: d.monthlyAmountFen,
      sinceMonth: d.startMonth,
      coverage: 'HOUSEHOLD',
      coveredMemberIds: d.membersCovered.map((m) => m.memberId),
      supplements: [],
      reviewClass: d.reviewClass,
      reviewIntervalMonths: d.reviewIntervalMonths,
      policyVersion: d.policyVersion,
      decisionId: d.decisionId,
      taperSchedule: null,
    },
    migrated: { ...d.source, rows: [...d.source.rows], importedBy: d.importedBy, importedOn: d.importedOn },
  };
}
