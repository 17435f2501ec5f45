import { ageOn, birthDateOf, checkResidentId, normaliseResidentId } from './resident-id';
import { type CalendarDate, ageOn as wholeYearsBetween } from '@sa/time';
import { IntakeRuleError, RuleViolation } from './shared/intake-rule-error';

/** The member's relation to the applicant (申请人): "the member is the applicant's …". */
export const RELATIONS = [
  'APPLICANT',
  'SPOUSE',
  'CHILD',
  'CHILD_IN_LAW',
  'PARENT',
  'PARENT_IN_LAW',
  'GRANDPARENT',
  'GRANDCHILD',
  'SIBLING',
  'OTHER',
] as const;
export type Relation = (typeof RELATIONS)[number];

/** Education levels; an adult child in full-time education up to UNDERGRADUATE still counts. */
export const EDUCATION_LEVELS = [
  'PRIMARY',
  'JUNIOR_SECONDARY',
  'SENIOR_SECONDARY',
  'VOCATIONAL',
  'UNDERGRADUATE',
  'POSTGRADUATE',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const DISABILITY_CATEGORIES = ['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE'] as const;
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number];
export const DISABILITY_GRADES = [1, 2, 3, 4] as const;
export type DisabilityGrade = (typeof DISABILITY_GRADES)[number];

export const WORK_ABILITIES = ['FULL', 'PARTIAL', 'NONE'] as const;
export type WorkAbility = (typeof WORK_ABILITIES)[number];

export const EMPLOYMENT_STATUSES = [
  'EMPLOYED',
  'SELF_EMPLOYED',
  'FLEXIBLE_EMPLOYMENT',
  'FARMING',
  'UNEMPLOYED',
  'STUDENT',
  'RETIRED',
  'PRESCHOOL',
  'NOT_IN_LABOUR_FORCE',
] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

/** Where a person is held by the state; such a person is not a member of the household. */
export const CUSTODY_KINDS = ['PRISON', 'COMPULSORY_DRUG_REHABILITATION'] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

export interface Employment {
  status: EmploymentStatus;
  employer?: string;
  /** For STUDENT: the level of full-time education. */
  educationLevel?: EducationLevel;
}

export interface HouseholdMember {
  /** UUID of the person on this application (assigned by the shell; published as `memberId`). */
  memberId: string;
  residentId: string;
  name: string;
  relation: Relation;
  /** Lives together with the applicant (长期共同居住). */
  livesWithApplicant: boolean;
  /** For an adult child: cannot live independently (e.g. severe disability or illness). */
  unableToLiveIndependently?: boolean;
  /**
   * A legal duty of support (法定赡养、扶养、抚养义务) between the member and the applicant that the
   * relation does not imply by itself: grandparents and grandchildren, siblings (Civil Code
   * art. 1074, 1075), others. Spouses, parents and children carry it by law.
   */
  legalDutyOfSupport?: boolean;
  /** Serving a prison sentence or in compulsory drug rehabilitation. */
  custody?: { kind: CustodyKind; since: CalendarDate; documentRef?: string };
  /** A member of the clergy (宗教教职人员) living apart from the family since this date. */
  clergyLivingApartSince?: CalendarDate;
  disability?: { grade: DisabilityGrade; category: DisabilityCategory; certificateRef?: string };
  severeIllness?: { condition: string; diagnosedOn?: CalendarDate; evidenceRef?: string };
  workAbility: WorkAbility;
  employment: Employment;
}

/**
 * A legally obliged supporter (法定赡养/抚养/扶养义务人) outside the household, e.g. an adult child
 * living apart. Not a member, but must consent to verification of their means.
 */
export interface LegallyObligedSupporter {
  memberId: string;
  residentId: string;
  name: string;
  /** Relation to the applicant. */
  relation: Exclude<Relation, 'APPLICANT'>;
  address?: string;
  /** Their means matter: can they support the household? */
  workAbility: WorkAbility;
  employment: Employment;
}

export interface Household {
  /** Community (12-digit division code) of the household's registered residence (户籍所在地). */
  registeredResidence: string;
  address: string;
  phone?: string;
  members: HouseholdMember[];
  supporters: LegallyObligedSupporter[];
}

/** Why a member counts (最低生活保障审核确认办法 art. 8). */
export const INCLUSION_RULES = [
  'APPLICANT',
  'SPOUSE',
  'MINOR_CHILD',
  'ADULT_CHILD_UNABLE_TO_LIVE_INDEPENDENTLY',
  'ADULT_CHILD_IN_FULL_TIME_EDUCATION',
  'LEGAL_DUTY_OF_SUPPORT_LIVING_TOGETHER',
] as const;
export type InclusionRule = (typeof INCLUSION_RULES)[number];

/** Why a listed person does not count. The first three are the statutory exclusions. */
export const EXCLUSION_RULES = [
  'IN_PRISON',
  'IN_COMPULSORY_DRUG_REHABILITATION',
  'CLERGY_LIVING_APART_3_YEARS',
  'NOT_LIVING_TOGETHER',
  'NO_LEGAL_DUTY_OF_SUPPORT',
] as const;
export type ExclusionRule = (typeof EXCLUSION_RULES)[number];

export type MembershipAssessment =
  | { counts: true; rule: InclusionRule; reason: string }
  | { counts: false; rule: ExclusionRule; reason: string };

export const CLERGY_YEARS_APART = 3;
export const ADULT_AGE = 18;

export function isAdultOn(residentId: string, date: CalendarDate): boolean {
  return ageOn(residentId, date) >= ADULT_AGE;
}

/**
 * Who counts as a member of the household on the application date. The statutory exclusions come
 * first (they override every relation, the spouse's and the applicant's included); then the
 * inclusion rules in the order of the regulation.
 */
export function assessMembership(member: HouseholdMember, applicationDate: CalendarDate): MembershipAssessment {
  if (member.custody && member.custody.since <= applicationDate) {
    return member.custody.kind === 'PRISON'
      ? { counts: false, rule: 'IN_PRISON', reason: `在监狱内服刑（自${member.custody.since}起）` }
      : {
          counts: false,
          rule: 'IN_COMPULSORY_DRUG_REHABILITATION',
          reason: `在强制隔离戒毒所执行强制隔离戒毒（自${member.custody.since}起）`,
        };
  }
  if (
    member.clergyLivingApartSince !== undefined &&
    wholeYearsBetween(member.clergyLivingApartSince, applicationDate) >= CLERGY_YEARS_APART
  ) {
    return {
      counts: false,
      rule: 'CLERGY_LIVING_APART_3_YEARS',
      reason: `宗教教职人员，自${member.clergyLivingApartSince}起脱离家庭独立生活满三年`,
    };
  }
  switch (member.relation) {
    case 'APPLICANT':
      return { counts: true, rule: 'APPLICANT', reason: '申请人本人' };
    case 'SPOUSE':
      return { counts: true, rule: 'SPOUSE', reason: '配偶' };
    case 'CHILD': {
      if (!isAdultOn(member.residentId, applicationDate)) {
        return { counts: true, rule: 'MINOR_CHILD', reason: '未成年子女' };
      }
      if (member.unableToLiveIndependently) {
        return { counts: true, rule: 'ADULT_CHILD_UNABLE_TO_LIVE_INDEPENDENTLY', reason: '已成年但不能独立生活的子女' };
      }
      const level = member.employment.status === 'STUDENT' ? member.employment.educationLevel : undefined;
      if (level !== undefined && level !== 'POSTGRADUATE') {
        return {
          counts: true,
          rule: 'ADULT_CHILD_IN_FULL_TIME_EDUCATION',
          reason: '在校接受全日制本科及以下学历教育的成年子女',
        };
      }
      // An adult child who can live independently still has a legal duty to support their parents.
      return livingTogetherWithDuty(member, true);
    }
    case 'PARENT':
      return livingTogetherWithDuty(member, true);
    default:
      return livingTogetherWithDuty(member, member.legalDutyOfSupport === true);
  }
}

function livingTogetherWithDuty(member: HouseholdMember, hasDuty: boolean): MembershipAssessment {
  if (!hasDuty) {
    return { counts: false, rule: 'NO_LEGAL_DUTY_OF_SUPPORT', reason: '与申请人之间无法定赡养、扶养、抚养义务' };
  }
  if (!member.livesWithApplicant) {
    return { counts: false, rule: 'NOT_LIVING_TOGETHER', reason: '未与申请人长期共同居住' };
  }
  return {
    counts: true,
    rule: 'LEGAL_DUTY_OF_SUPPORT_LIVING_TOGETHER',
    reason: '具有法定赡养、扶养、抚养义务关系并长期共同居住',
  };
}

export interface AssessedMember extends HouseholdMember {
  birthDate: CalendarDate;
  /** Age on the application date. */
  age: number;
  adult: boolean;
  membership: MembershipAssessment;
}

export function assessHousehold(household: Household, applicationDate: CalendarDate): AssessedMember[] {
  return household.members.map((m) => {
    const age = ageOn(m.residentId, applicationDate);
    return {
      ...m,
      residentId: normaliseResidentId(m.residentId),
      birthDate: birthDateOf(m.residentId),
      age,
      adult: age >= ADULT_AGE,
      membership: assessMembership(m, applicationDate),
    };
  });
}

export function applicantOf(household: Household): HouseholdMember | undefined {
  return household.members.find((m) => m.relation === 'APPLICANT');
}

/** Whether the applicant is a member of the household under the membership rules. */
export function applicantIsHouseholdMember(household: Household, applicationDate: CalendarDate): boolean {
  const applicant = applicantOf(household);
  return applicant !== undefined && assessMembership(applicant, applicationDate).counts;
}

/** Every resident ID on the form: members and supporters (normalised). */
export function residentIdsOf(household: Household): string[] {
  return [...household.members, ...household.supporters].map((p) => normaliseResidentId(p.residentId));
}

const DIVISION_12 = /^[1-9]\d{11}$/;
export const MAX_MEMBERS = 30;

/**
 * Rules of the household section; every problem is reported at once, each naming its field
 * (`household.members[1].residentId`), so the officer can correct the form in one go.
 */
export function householdProblems(household: Household, today: CalendarDate): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (!DIVISION_12.test(household.registeredResidence)) {
    problems.push({ field: 'household.registeredResidence', message: 'must be a 12-digit community division code' });
  }
  if (household.members.length === 0) problems.push({ field: 'household.members', message: 'must not be empty' });
  if (household.members.length > MAX_MEMBERS) {
    problems.push({ field: 'household.members', message: `must list at most ${MAX_MEMBERS} members` });
  }
  const seen = new Map<string, string>();
  const note = (residentId: string, field: string) => {
    const check = checkResidentId(residentId, today);
    if (!check.valid) {
      problems.push({ field, message: `resident ID ${check.message}` });
      return;
    }
    const first = seen.get(check.residentId);
    if (first !== undefined) problems.push({ field, message: `the same resident ID is already listed at ${first}` });
    else seen.set(check.residentId, field);
  };
  household.members.forEach((m, i) => note(m.residentId, `household.members[${i}].residentId`));
  household.supporters.forEach((s, i) => note(s.residentId, `household.supporters[${i}].residentId`));

  if (household.members.filter((m) => m.relation === 'APPLICANT').length !== 1) {
    problems.push({ field: 'household.members', message: 'must list exactly one member with relation APPLICANT' });
  }
  if (household.members.filter((m) => m.relation === 'SPOUSE').length > 1) {
    problems.push({ field: 'household.members', message: 'must list at most one SPOUSE' });
  }
  household.members.forEach((m, i) => {
    const f = `household.members[${i}]`;
    if (m.custody && m.custody.since > today) problems.push({ field: `${f}.custody.since`, message: 'must not be in the future' });
    if (m.clergyLivingApartSince !== undefined && m.clergyLivingApartSince > today) {
      problems.push({ field: `${f}.clergyLivingApartSince`, message: 'must not be in the future' });
    }
    if (m.employment.status === 'STUDENT' && m.employment.educationLevel === undefined) {
      problems.push({ field: `${f}.employment.educationLevel`, message: 'is required for a student' });
    }
    if (m.severeIllness?.diagnosedOn !== undefined && m.severeIllness.diagnosedOn > today) {
      problems.push({ field: `${f}.severeIllness.diagnosedOn`, message: 'must not be in the future' });
    }
  });
  return problems;
}

export function assertHouseholdValid(household: Household, today: CalendarDate): void {
  const problems = householdProblems(household, today);
  if (problems.length > 0) throw new IntakeRuleError('invalid_household', 'The household section is invalid', problems);
}
