/**
 * 特困人员救助供养 (extreme poverty support) for one person.
 *
 * Eligible when all three hold:
 * - no work ability: age ≥ 60, under 16, or a listed severe disability;
 * - no income source: counted income below the standard (same counting as 低保) and assets within
 *   the asset limits (the person alone is the household);
 * - no legally obliged supporter able to support them.
 * Self-care assessment over six activities: none unable = SELF_SUFFICIENT, 1–3 = PARTLY_DEPENDENT,
 * 4 or more = FULLY_DEPENDENT. Basic living = extremePovertyMultiple × standard; care allowance by
 * level. Each is a final figure rounded once (ROUND_HALF_UP to fen); the monthly amount is their sum.
 */
import { ageOn, CalendarDate } from '../calendar-date';
import { InvalidFactsError } from '../errors';
import { exact, Reason, Step, step } from '../explanation';
import { assertValidHouseholdFacts, Disability, DisabilityCategory, HouseholdAssets, HouseholdMember, IncomeItem } from '../household';
import { Fen, formatYuan, Rational, ROUNDING_RULE, roundToFen } from '../money';
import { describePolicyAmount, policyAmountValue } from '../policy/policy-amount';
import { PolicyAmount, PolicyParameters, PolicyVersion, SelfCareLevel, SupplyMode } from '../policy/policy-version';
import { assessAssets } from './assets';
import { countIncome } from './income';

export type SelfCareActivity = 'EATING' | 'DRESSING' | 'BED_TRANSFER' | 'TOILETING' | 'INDOOR_WALKING' | 'BATHING';

export const SELF_CARE_ACTIVITIES: Record<SelfCareActivity, string> = {
  EATING: '进食',
  DRESSING: '穿衣',
  BED_TRANSFER: '上下床',
  TOILETING: '如厕',
  INDOOR_WALKING: '室内行走',
  BATHING: '洗澡',
};

export const SELF_CARE_LEVEL_LABELS: Record<SelfCareLevel, string> = {
  SELF_SUFFICIENT: '具备生活自理能力',
  PARTLY_DEPENDENT: '部分丧失生活自理能力',
  FULLY_DEPENDENT: '完全丧失生活自理能力',
};

export const SUPPLY_MODE_LABELS: Record<SupplyMode, string> = {
  CENTRALIZED: '集中供养',
  DISPERSED: '分散供养',
};

/**
 * The care standard (照料护理标准) that applies: by supply mode × self-care level when the policy
 * sets `careStandardsBySupplyMode` and the supply mode is recorded; else `careAllowance[level]`.
 */
export function careStandardFor(
  parameters: PolicyParameters,
  level: SelfCareLevel,
  supplyMode: SupplyMode | null | undefined,
): { amount: PolicyAmount; parameter: string; bySupplyMode: boolean } {
  if (supplyMode !== undefined && supplyMode !== null && !(supplyMode in SUPPLY_MODE_LABELS)) {
    throw new InvalidFactsError(`supply mode must be CENTRALIZED (集中供养) or DISPERSED (分散供养), got ${String(supplyMode)}`, 'extremePoverty.supplyMode');
  }
  const table = parameters.careStandardsBySupplyMode;
  if (table && supplyMode) {
    return { amount: table[supplyMode][level], parameter: `careStandardsBySupplyMode.${supplyMode}.${level}`, bySupplyMode: true };
  }
  return { amount: parameters.careAllowance[level], parameter: `careAllowance.${level}`, bySupplyMode: false };
}

function careStandardLine(care: ReturnType<typeof careStandardFor>, level: SelfCareLevel, supplyMode: SupplyMode | null | undefined, fen: number, standard: number): string {
  const amount = 'flatFen' in care.amount ? formatYuan(care.amount.flatFen) : `低保标准（${formatYuan(standard)}）的${care.amount.percentOfStandard}%`;
  const who = SELF_CARE_LEVEL_LABELS[level];
  if (care.bySupplyMode) return `${SUPPLY_MODE_LABELS[supplyMode!]}、${who}：照料护理标准为${amount}，即每月${formatYuan(fen)}`;
  const note = supplyMode ? '' : '（未记录供养方式）';
  return `${who}：照料护理标准为${amount}，即每月${formatYuan(fen)}${note}`;
}

export type WorkAbilityRoute = 'AGE_60_OR_OVER' | 'UNDER_16' | 'LISTED_SEVERE_DISABILITY';

export const OLD_AGE = 60;
export const CHILD_AGE_LIMIT = 16;

/**
 * Disabilities that mean no work ability (特困人员认定办法, 2021, art. 7): grade 1–3 intellectual or
 * mental, grade 1–2 physical, grade 1 visual — the worst grade of each category listed.
 */
export const LISTED_SEVERE_DISABILITY_GRADES: Partial<Record<DisabilityCategory, number>> = {
  INTELLECTUAL: 3,
  MENTAL: 3,
  PHYSICAL: 2,
  VISUAL: 1,
};

export interface Supporter {
  /** Relation to the person (spouse, child, parent …). */
  relation: string;
  /** Whether the supporter is able to fulfil the duty of support (有履行义务能力). */
  ableToSupport: boolean;
}

export interface ExtremePovertyInput {
  person: HouseholdMember;
  /** The person's own income items (monthly 12-month averages). */
  incomes: IncomeItem[];
  assets: HouseholdAssets;
  /** Legally obliged supporters (法定赡养、抚养、扶养义务人); empty when there are none. */
  supporters: Supporter[];
  /** Self-care assessment over the six activities. */
  selfCare: Record<SelfCareActivity, 'ABLE' | 'UNABLE'>;
  /** 供养方式, when recorded (cases before it was recorded have none: the policy's `careAllowance` applies). */
  supplyMode?: SupplyMode | null;
  assessmentDate: CalendarDate;
  policy: PolicyVersion;
}

export interface ExtremePovertyAssessment {
  policyVersion: string;
  eligible: boolean;
  outcome: 'ELIGIBLE' | 'INELIGIBLE';
  /** The routes by which the person has no work ability (empty: has work ability). */
  workAbilityRoutes: WorkAbilityRoute[];
  selfCareLevel: SelfCareLevel;
  unableActivities: SelfCareActivity[];
  /** Counted monthly income, rounded half up for display. */
  monthlyIncomeFen: Fen;
  /** Basic living (基本生活费); 0 when not eligible. */
  basicLivingFen: Fen;
  /** Care allowance (护理补贴) for the self-care level; 0 when not eligible. */
  careAllowanceFen: Fen;
  /** basicLivingFen + careAllowanceFen. */
  monthlyAmountFen: Fen;
  reasons: Reason[];
  explanation: Step[];
}

export function isListedSevereDisability(disability: Disability | null): boolean {
  if (disability === null) return false;
  const worstListedGrade = LISTED_SEVERE_DISABILITY_GRADES[disability.category];
  return worstListedGrade !== undefined && disability.grade <= worstListedGrade;
}

export function workAbilityRoutes(person: HouseholdMember, onDate: CalendarDate): WorkAbilityRoute[] {
  const age = ageOn(person.birthDate, onDate);
  const routes: WorkAbilityRoute[] = [];
  if (age >= OLD_AGE) routes.push('AGE_60_OR_OVER');
  if (age < CHILD_AGE_LIMIT) routes.push('UNDER_16');
  if (isListedSevereDisability(person.disability)) routes.push('LISTED_SEVERE_DISABILITY');
  return routes;
}

/** 0 unable = SELF_SUFFICIENT, 1–3 = PARTLY_DEPENDENT, ≥ 4 = FULLY_DEPENDENT. */
export function selfCareLevelOf(selfCare: Record<SelfCareActivity, 'ABLE' | 'UNABLE'>): {
  level: SelfCareLevel;
  unableActivities: SelfCareActivity[];
} {
  const activities = Object.keys(SELF_CARE_ACTIVITIES) as SelfCareActivity[];
  for (const activity of activities) {
    if (selfCare[activity] !== 'ABLE' && selfCare[activity] !== 'UNABLE') {
      throw new InvalidFactsError(`self-care assessment must state ABLE or UNABLE for ${activity}`, `selfCare.${activity}`);
    }
  }
  const unableActivities = activities.filter((activity) => selfCare[activity] === 'UNABLE');
  const unable = unableActivities.length;
  const level: SelfCareLevel = unable === 0 ? 'SELF_SUFFICIENT' : unable <= 3 ? 'PARTLY_DEPENDENT' : 'FULLY_DEPENDENT';
  return { level, unableActivities };
}

export function assessExtremePoverty(input: ExtremePovertyInput): ExtremePovertyAssessment {
  const { assessmentDate, policy, supporters } = input;
  const parameters = policy.parameters;
  const person: HouseholdMember = { ...input.person, included: true };
  assertValidHouseholdFacts({ members: [person], incomes: input.incomes, ...input.assets }, assessmentDate, 'application');
  const standard = Rational.fen(parameters.subsistenceStandard, 'subsistenceStandard');
  const explanation: Step[] = [];
  const reasons: Reason[] = [];

  const routes = workAbilityRoutes(person, assessmentDate);
  const noWorkAbility = routes.length > 0;
  explanation.push(
    step(
      'EPS.WORK_ABILITY',
      { en: 'No work ability: age ≥ 60, under 16, or a listed severe disability', zh: '无劳动能力认定（60周岁以上、未满16周岁或规定等级的残疾人）' },
      {
        age: ageOn(person.birthDate, assessmentDate),
        disability: person.disability ? { ...person.disability } : null,
        listedSevereDisabilityGrades: { ...LISTED_SEVERE_DISABILITY_GRADES },
      },
      {},
      { routes, noWorkAbility },
    ),
  );
  if (!noWorkAbility) {
    reasons.push({ code: 'HAS_WORK_ABILITY', en: 'Has work ability', zh: '具有劳动能力' });
  }

  const { income, steps: incomeSteps } = countIncome([person], input.incomes, parameters);
  explanation.push(...incomeSteps);
  const incomeBelowStandard = income.total.lessThan(standard);
  explanation.push(
    step(
      'EPS.INCOME_BELOW_STANDARD',
      { en: 'Income below the standard', zh: '收入低于当地最低生活保障标准' },
      { countedIncomeFen: exact(income.total) },
      { subsistenceStandard: parameters.subsistenceStandard },
      { belowStandard: incomeBelowStandard },
    ),
  );
  if (!incomeBelowStandard) {
    reasons.push({
      code: 'INCOME_NOT_BELOW_STANDARD',
      en: `Income ${formatYuan(roundToFen(income.total))} is not below the standard`,
      zh: `收入${formatYuan(roundToFen(income.total))}不低于当地最低生活保障标准`,
    });
  }

  // 特困 may have asset limits of its own (assetLimitsByTier.EXTREME_POVERTY_SUPPORT); else the 低保 limits.
  const assets = assessAssets(input.assets, [person], parameters, 'EXTREME_POVERTY_SUPPORT');
  explanation.push(...assets.steps);
  reasons.push(...assets.violations);

  const ableSupporters = supporters.filter((s) => s.ableToSupport);
  explanation.push(
    step(
      'EPS.NO_ABLE_SUPPORTER',
      { en: 'No legally obliged supporter able to support', zh: '无法定义务人或法定义务人无履行义务能力' },
      { supporters: supporters.map((s) => ({ relation: s.relation, ableToSupport: s.ableToSupport })) },
      {},
      { ableSupporters: ableSupporters.length, noAbleSupporter: ableSupporters.length === 0 },
    ),
  );
  reasons.push(
    ...ableSupporters.map((s) => ({
      code: 'SUPPORTER_ABLE_TO_SUPPORT',
      en: `A supporter (${s.relation}) is able to support`,
      zh: `法定义务人（${s.relation}）具有履行义务能力`,
    })),
  );

  const { level, unableActivities } = selfCareLevelOf(input.selfCare);
  explanation.push(
    step(
      'EPS.SELF_CARE',
      { en: 'Self-care level: 0 unable = self-sufficient, 1–3 = partly, ≥ 4 = fully dependent', zh: '生活自理能力评估（六项指标）' },
      { selfCare: { ...input.selfCare } },
      {},
      { unableActivities, unableCount: unableActivities.length, level, label: SELF_CARE_LEVEL_LABELS[level] },
    ),
  );

  const eligible = noWorkAbility && incomeBelowStandard && assets.withinLimits && ableSupporters.length === 0;
  const basicLiving = standard.times(Rational.decimal(parameters.extremePovertyMultiple, 'extremePovertyMultiple'));
  const care = careStandardFor(parameters, level, input.supplyMode);
  const careAllowance = policyAmountValue(care.amount, parameters.subsistenceStandard, care.parameter);
  const basicLivingFen = eligible ? roundToFen(basicLiving) : 0;
  const careAllowanceFen = eligible ? roundToFen(careAllowance) : 0;
  if (parameters.careStandardsBySupplyMode) {
    explanation.push(
      step(
        'EPS.CARE_STANDARD',
        { en: 'Care standard by supply mode (centralized / dispersed) and self-care level', zh: careStandardLine(care, level, input.supplyMode, roundToFen(careAllowance), parameters.subsistenceStandard) },
        { supplyMode: input.supplyMode ?? null, selfCareLevel: level },
        { [care.parameter]: describePolicyAmount(care.amount), subsistenceStandard: parameters.subsistenceStandard },
        { careStandardExactFen: exact(careAllowance), careStandardFen: roundToFen(careAllowance), bySupplyMode: care.bySupplyMode },
      ),
    );
  }
  explanation.push(
    step(
      'EPS.AMOUNT',
      { en: 'Basic living = multiple × standard; care allowance by self-care level; each rounded once', zh: '基本生活标准＝低保标准×倍数；照料护理标准按自理能力等级' },
      { eligible, selfCareLevel: level },
      {
        subsistenceStandard: parameters.subsistenceStandard,
        extremePovertyMultiple: parameters.extremePovertyMultiple,
        [care.parameter]: describePolicyAmount(care.amount),
        roundingRule: ROUNDING_RULE.code,
      },
      {
        basicLivingExactFen: exact(basicLiving),
        careAllowanceExactFen: exact(careAllowance),
        basicLivingFen,
        careAllowanceFen,
        monthlyAmountFen: basicLivingFen + careAllowanceFen,
      },
    ),
  );
  if (eligible) {
    reasons.unshift({ code: 'EXTREME_POVERTY_CONDITIONS_MET', en: 'All 特困 conditions are met', zh: '符合特困人员认定条件' });
  }
  return {
    policyVersion: policy.version,
    eligible,
    outcome: eligible ? 'ELIGIBLE' : 'INELIGIBLE',
    workAbilityRoutes: routes,
    selfCareLevel: level,
    unableActivities,
    monthlyIncomeFen: roundToFen(income.total),
    basicLivingFen,
    careAllowanceFen,
    monthlyAmountFen: basicLivingFen + careAllowanceFen,
    reasons,
    explanation,
  };
}
