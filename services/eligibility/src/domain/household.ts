/**
 * Household facts as established by verification (核对) and the home visit, in the shape the rules
 * read them. Codes follow the public contracts (`@sa/contracts`), so a contract member or asset
 * maps over field by field.
 */
import { ageOn, assertCalendarDate, CalendarDate } from './calendar-date';
import { InvalidFactsError } from './errors';
import { assertFen, assertNonNegativeFen, Fen } from './money';

/** Income types as verification reports them, with the Chinese label and whether it is earned. */
export const INCOME_TYPES = {
  WAGES: { zh: '工资性收入', earned: true },
  BUSINESS: { zh: '经营净收入', earned: true },
  PROPERTY: { zh: '财产净收入', earned: false },
  PENSION: { zh: '离退休金/职工养老金', earned: false },
  BASIC_RESIDENT_PENSION: { zh: '城乡居民基础养老金', earned: false },
  SUPPORT_PAYMENT: { zh: '赡养费/扶养费/抚养费', earned: false },
  UNEMPLOYMENT_BENEFIT: { zh: '失业保险金', earned: false },
  SPECIAL_CARE_PENSION: { zh: '优待抚恤金', earned: false },
  FAMILY_PLANNING_REWARD: { zh: '计划生育奖励扶助金', earned: false },
  SCHOLARSHIP: { zh: '奖学金/助学金', earned: false },
  HEROIC_ACT_AWARD: { zh: '见义勇为奖金', earned: false },
  SOCIAL_ASSISTANCE: { zh: '社会救助金', earned: false },
  AGRICULTURAL_SUBSIDY: { zh: '农业补贴', earned: false },
  OTHER_TRANSFER: { zh: '其他转移性收入', earned: false },
  OTHER: { zh: '其他收入', earned: false },
} as const;
export type IncomeType = keyof typeof INCOME_TYPES;

export function isIncomeType(value: unknown): value is IncomeType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(INCOME_TYPES, value);
}

export type DisabilityCategory = 'VISUAL' | 'HEARING' | 'SPEECH' | 'PHYSICAL' | 'INTELLECTUAL' | 'MENTAL' | 'MULTIPLE';

export interface Disability {
  /** 残疾等级 1 (most severe) – 4. */
  grade: 1 | 2 | 3 | 4;
  category: DisabilityCategory;
}

export type WorkAbility = 'FULL' | 'PARTIAL' | 'NONE';

export type ExclusionReason =
  | 'IMPRISONED'
  | 'COMPULSORY_DRUG_REHABILITATION'
  | 'CLERGY_LIVING_APART'
  | 'OBLIGED_SUPPORTER_LIVING_APART'
  | 'OTHER';

export interface HouseholdMember {
  memberId: string;
  birthDate: CalendarDate;
  /** Part of the assessed household (共同生活家庭成员); excluded people count for nothing. */
  included: boolean;
  exclusionReason?: ExclusionReason;
  disability: Disability | null;
  /** A listed severe illness (重病), or null. */
  severeIllness: { condition: string } | null;
  workAbility: WorkAbility;
  /** Times the member refused suitable work offered by the employment service; 3 or more loses their share. */
  suitableWorkRefusals?: number;
}

/**
 * Where a figure came from, for the explanation: the household's declaration (申报), a declaration
 * made with a change report, or verification (核对) with the registries whose items counted.
 * Absent on figures recorded before sources were kept (they were verified figures).
 */
export interface FigureSource {
  origin: 'DECLARED' | 'DECLARED_CHANGE' | 'VERIFIED';
  /** VERIFIED: the registries (verification sources) the figure rests on. */
  registries?: string[];
}

/** One income type of one member: the monthly average over the 12 months before application. */
export interface IncomeItem {
  memberId: string;
  type: IncomeType;
  monthlyAverageFen: Fen;
  source?: FigureSource;
}

export type FinancialAssetKind = 'BANK_DEPOSIT' | 'CASH' | 'SECURITIES' | 'INSURANCE' | 'HOUSING_FUND' | 'CLAIM' | 'OTHER';

/** Assets may name their owner; an asset of an excluded member is not counted. */
export interface FinancialAsset {
  memberId?: string;
  kind: FinancialAssetKind;
  valueFen: Fen;
  source?: FigureSource;
}

export interface Vehicle {
  memberId?: string;
  valueFen: Fen;
  /** The household's sole means of livelihood (e.g. a van used for a living). */
  soleLivelihood?: boolean;
  /** A vehicle for a disabled person (残疾人功能性补偿代步机动车). */
  disabilityVehicle?: boolean;
  source?: FigureSource;
}

export interface Business {
  memberId?: string;
  /** Annual net profit; negative for a loss. */
  annualProfitFen: Fen;
}

export interface Home {
  memberId?: string;
  areaSqm: number;
  source?: FigureSource;
}

export interface HouseholdAssets {
  financialAssets: FinancialAsset[];
  vehicles: Vehicle[];
  businesses: Business[];
  homes: Home[];
}

export interface HouseholdFacts extends HouseholdAssets {
  members: HouseholdMember[];
  incomes: IncomeItem[];
}

/** 3 refusals of suitable work lose the member's share (national rule). */
export const WORK_REFUSALS_LOSING_SHARE = 3;
export const AGE_OF_MAJORITY = 18;

export function isMinor(member: HouseholdMember, onDate: CalendarDate): boolean {
  return ageOn(member.birthDate, onDate) < AGE_OF_MAJORITY;
}

/** Grade 1–2 disability of any category (重度残疾). */
export function hasSevereDisability(member: HouseholdMember): boolean {
  return member.disability !== null && member.disability.grade <= 2;
}

export function hasSevereIllness(member: HouseholdMember): boolean {
  return member.severeIllness !== null;
}

/**
 * The members who may be covered individually (单人保), and whose presence makes a household a
 * "severe illness/disability household" for the higher financial-asset limit: grade 1–2
 * disability, grade 3 intellectual or mental disability, or a listed severe illness.
 */
export function isSeverelyIllOrDisabled(member: HouseholdMember): boolean {
  const d = member.disability;
  const grade3IntellectualOrMental = d !== null && d.grade === 3 && (d.category === 'INTELLECTUAL' || d.category === 'MENTAL');
  return hasSevereDisability(member) || grade3IntellectualOrMental || hasSevereIllness(member);
}

export function hasLostShareByRefusingWork(member: HouseholdMember): boolean {
  return (member.suitableWorkRefusals ?? 0) >= WORK_REFUSALS_LOSING_SHARE;
}

/** Members who belong to the assessed household. */
export function countedMembers(members: readonly HouseholdMember[]): HouseholdMember[] {
  return members.filter((member) => member.included);
}

/** Assets and incomes with no owner or with an included owner. */
export function belongsToHousehold(memberId: string | undefined, counted: ReadonlySet<string>): boolean {
  return memberId === undefined || counted.has(memberId);
}

/**
 * Checks the facts are consistent before any rule reads them: unique member ids, references to
 * known members, whole fen, sane dates and areas. Throws `InvalidFactsError` naming the field.
 */
export function assertValidHouseholdFacts(facts: HouseholdFacts, assessmentDate: CalendarDate, root = 'household'): void {
  assertCalendarDate(assessmentDate, 'assessmentDate');
  const ids = new Set<string>();
  facts.members.forEach((member, i) => {
    const path = `${root}.members[${i}]`;
    if (typeof member.memberId !== 'string' || member.memberId === '') throw new InvalidFactsError('memberId is required', `${path}.memberId`);
    if (ids.has(member.memberId)) throw new InvalidFactsError(`duplicate memberId ${member.memberId}`, `${path}.memberId`);
    ids.add(member.memberId);
    assertCalendarDate(member.birthDate, `${path}.birthDate`);
    if (member.birthDate > assessmentDate) throw new InvalidFactsError('birth date is after the assessment date', `${path}.birthDate`);
    const refusals = member.suitableWorkRefusals ?? 0;
    if (!Number.isSafeInteger(refusals) || refusals < 0) {
      throw new InvalidFactsError('suitableWorkRefusals must be a non-negative integer', `${path}.suitableWorkRefusals`);
    }
    if (member.disability !== null && ![1, 2, 3, 4].includes(member.disability.grade)) {
      throw new InvalidFactsError('disability grade must be 1–4', `${path}.disability.grade`);
    }
  });
  if (countedMembers(facts.members).length === 0) {
    throw new InvalidFactsError('the household has no included member', `${root}.members`);
  }
  const checkOwner = (memberId: string | undefined, path: string, required: boolean) => {
    if (memberId === undefined && !required) return;
    if (memberId === undefined || !ids.has(memberId)) throw new InvalidFactsError(`unknown member ${String(memberId)}`, `${path}.memberId`);
  };
  facts.incomes.forEach((income, i) => {
    const path = `${root}.incomes[${i}]`;
    checkOwner(income.memberId, path, true);
    if (!isIncomeType(income.type)) throw new InvalidFactsError(`unknown income type ${String(income.type)}`, `${path}.type`);
    assertNonNegativeFen(income.monthlyAverageFen, `${path}.monthlyAverageFen`);
  });
  facts.financialAssets.forEach((asset, i) => {
    checkOwner(asset.memberId, `${root}.financialAssets[${i}]`, false);
    assertNonNegativeFen(asset.valueFen, `${root}.financialAssets[${i}].valueFen`);
  });
  facts.vehicles.forEach((vehicle, i) => {
    checkOwner(vehicle.memberId, `${root}.vehicles[${i}]`, false);
    assertNonNegativeFen(vehicle.valueFen, `${root}.vehicles[${i}].valueFen`);
  });
  facts.businesses.forEach((business, i) => {
    checkOwner(business.memberId, `${root}.businesses[${i}]`, false);
    assertFen(business.annualProfitFen, `${root}.businesses[${i}].annualProfitFen`);
  });
  facts.homes.forEach((home, i) => {
    checkOwner(home.memberId, `${root}.homes[${i}]`, false);
    if (typeof home.areaSqm !== 'number' || !Number.isFinite(home.areaSqm) || home.areaSqm < 0) {
      throw new InvalidFactsError('areaSqm must be a non-negative number', `${root}.homes[${i}].areaSqm`);
    }
  });
}
