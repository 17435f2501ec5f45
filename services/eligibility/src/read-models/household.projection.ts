/**
 * The households ledger's read model (`review_case_households`): the members of each case's household
 * as the case's events leave them (names, resident IDs where the case has them, relation, birth date,
 * whether the benefit covers them). Pure (document in, document out); the case-list projection writes
 * it sealed under the case's data key (names and resident IDs are personal fields).
 */
import type { RecordedEvent } from '@sa/eventstore';
import type { ReviewCaseEvent } from '../domain';

export interface LedgerMember {
  memberId: string;
  name: string;
  /**
   * Resident ID (身份证号): only cases migrated from a ledger (CaseMigrated carries it). A case opened
   * from an application has none here: eligibility keeps no resident IDs of applicants (the case file
   * is served whole to officers), so the ledger's column is empty for them.
   */
  residentId?: string;
  relation: string;
  birthDate: string | null;
  /** Part of the assessed household (共同生活家庭成员). */
  included: boolean;
  /** Covered by the benefit in force (保障对象). */
  covered: boolean;
}

export interface HouseholdDocument {
  applicantMemberId: string;
  members: LedgerMember[];
}

/** Event types that change a household document. */
export const HOUSEHOLD_EVENT_TYPES: readonly ReviewCaseEvent['type'][] = ['ReviewCaseOpened', 'CaseMigrated', 'CaseApproved', 'RedeterminationRequested', 'BenefitChangeDecided'];

type MemberLike = { memberId: string; name: string; relation: string; birthDate?: string | null; included?: boolean; residentId?: string };

function member(m: MemberLike, covered: boolean): LedgerMember {
  return {
    memberId: m.memberId,
    name: m.name,
    ...(typeof m.residentId === 'string' && m.residentId !== '' ? { residentId: m.residentId } : {}),
    relation: m.relation,
    birthDate: m.birthDate ?? null,
    included: m.included ?? true,
    covered,
  };
}

function coverOnly(doc: HouseholdDocument, covered: readonly { memberId: string }[]): HouseholdDocument {
  const ids = new Set(covered.map((m) => m.memberId));
  return { ...doc, members: doc.members.map((m) => ({ ...m, covered: ids.has(m.memberId) })) };
}

/** The household after one event, or `undefined` when the event does not change it. */
export function projectHousehold(current: HouseholdDocument | null, recorded: Pick<RecordedEvent, 'type' | 'data'>): HouseholdDocument | undefined {
  const event = { type: recorded.type, data: recorded.data } as ReviewCaseEvent;
  switch (event.type) {
    case 'ReviewCaseOpened': {
      const h = event.data.household;
      return { applicantMemberId: h.applicantMemberId, members: (h.members as MemberLike[]).map((m) => member(m, false)) };
    }
    case 'CaseMigrated': {
      const d = event.data;
      const covered = new Set(d.membersCovered.map((m) => m.memberId));
      return { applicantMemberId: d.household.applicantMemberId, members: d.household.members.map((m) => member(m, covered.has(m.memberId))) };
    }
    case 'CaseApproved':
      return current ? coverOnly(current, event.data.membersCovered) : undefined;
    case 'RedeterminationRequested': {
      if (!current) return undefined;
      const d = event.data;
      if (d.membersLeft.length === 0 && d.membersJoined.length === 0) return undefined;
      const left = new Set(d.membersLeft);
      const known = new Set(current.members.map((m) => m.memberId));
      return {
        ...current,
        members: [
          ...current.members.map((m) => (left.has(m.memberId) ? { ...m, included: false, covered: false } : m)),
          ...(d.membersJoined as MemberLike[]).filter((m) => !known.has(m.memberId)).map((m) => member(m, false)),
        ],
      };
    }
    case 'BenefitChangeDecided': {
      if (!current) return undefined;
      const d = event.data;
      if (d.changeType === 'TERMINATION') return coverOnly(current, []);
      return d.membersCovered ? coverOnly(current, d.membersCovered) : undefined;
    }
    default:
      return undefined;
  }
}
