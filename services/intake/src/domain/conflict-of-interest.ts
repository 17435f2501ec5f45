import { HouseholdMember } from './household';
import { normaliseResidentId } from './resident-id';

/** Close relations that must be declared (近亲属). */
export const CLOSE_RELATIONS = [
  'SPOUSE',
  'PARENT',
  'CHILD',
  'SIBLING',
  'GRANDPARENT',
  'GRANDCHILD',
  'PARENT_IN_LAW',
  'CHILD_IN_LAW',
  'OTHER_CLOSE_RELATIVE',
] as const;
export type CloseRelation = (typeof CLOSE_RELATIONS)[number];

export const CLOSE_RELATION_LABELS: Record<CloseRelation, string> = {
  SPOUSE: '配偶',
  PARENT: '父母',
  CHILD: '子女',
  SIBLING: '兄弟姐妹',
  GRANDPARENT: '祖父母、外祖父母',
  GRANDCHILD: '孙子女、外孙子女',
  PARENT_IN_LAW: '岳父母、公婆',
  CHILD_IN_LAW: '儿媳、女婿',
  OTHER_CLOSE_RELATIVE: '其他近亲属',
};

/** The official's role, as published. */
export const OFFICIAL_ROLES = ['CASEWORKER', 'COMMUNITY_COMMITTEE_MEMBER', 'STREET_OFFICIAL', 'COUNTY_OFFICIAL', 'OTHER'] as const;
export type OfficialRole = (typeof OFFICIAL_ROLES)[number];

/** A close relative declared by an officer. */
export interface DeclaredCloseRelative {
  officerId: string;
  officerName: string;
  officialRole: OfficialRole;
  officerJurisdiction: string;
  relativeResidentId: string;
  relation: CloseRelation;
}

export interface ConflictOfInterest {
  memberId: string;
  memberResidentId: string;
  memberName: string;
  officerId: string;
  officerName: string;
  officialRole: OfficialRole;
  officerJurisdiction: string;
  relation: CloseRelation;
}

/** Members of the household who are declared close relatives of an officer. */
export function findConflicts(members: HouseholdMember[], declared: DeclaredCloseRelative[]): ConflictOfInterest[] {
  const byId = new Map(members.map((m) => [normaliseResidentId(m.residentId), m]));
  const conflicts: ConflictOfInterest[] = [];
  for (const d of declared) {
    const member = byId.get(normaliseResidentId(d.relativeResidentId));
    if (member) {
      conflicts.push({
        memberId: member.memberId,
        memberResidentId: normaliseResidentId(member.residentId),
        memberName: member.name,
        officerId: d.officerId,
        officerName: d.officerName,
        officialRole: d.officialRole,
        officerJurisdiction: d.officerJurisdiction,
        relation: d.relation,
      });
    }
  }
  return conflicts;
}

export function conflictKey(c: Pick<ConflictOfInterest, 'memberResidentId' | 'officerId'>): string {
  return `${c.memberResidentId}|${c.officerId}`;
}
