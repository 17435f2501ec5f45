/**
 * 最低生活保障 (低保): eligibility and monthly benefit of a household.
 *
 * 1. Counted members: `included` members only (people in prison, compulsory drug rehabilitation,
 *    clergy living apart … count for nothing: no headcount, no income, no assets).
 * 2. Counted income: monthly 12-month averages, excluded income types left out, employment cost
 *    deducted from earned income; per-capita income = counted income ÷ counted members (exact).
 * 3. Eligible when per-capita income is below the standard AND assets are within every limit AND
 *    at least one member keeps a share (3 refusals of suitable work lose a member's share: they still
 *    count in the per-capita income but are not covered).
 * 4. Benefit. GAP: (standard − per-capita income) per covered member, raised to
 *    minimumBenefitRatio × standard when below it. TIERED: the band of the per-capita income gives
 *    each covered member a percentage of the standard. Then 分类施保 supplements.
 *    The exact total is rounded once (ROUND_HALF_UP to fen); line items are apportioned so that
 *    base + supplements add up to that total.
 * 5. Not eligible: 低保边缘 (MARGINAL) when per-capita income < marginalIncomeMultiple × standard and
 *    assets within limits. Inside such a household, members with grade 1–2 disability, grade 3
 *    intellectual/mental disability or a listed severe illness are covered individually (单人保,
 *    INDIVIDUAL_COVERAGE), each as a one-person household on their own counted income.
 *    Otherwise INELIGIBLE.
 */
import { CalendarDate } from '../calendar-date';
import { ruleError } from '../errors';
import { exact, Reason, Step, step } from '../explanation';
import {
  assertValidHouseholdFacts,
  countedMembers,
  hasLostShareByRefusingWork,
  HouseholdFacts,
  HouseholdMember,
  isSeverelyIllOrDisabled,
  WORK_REFUSALS_LOSING_SHARE,
} from '../household';
import { apportion, Fen, formatYuan, Rational, ROUNDING_RULE, roundToFen } from '../money';
import { PolicyParameters, PolicyVersion, ReviewClass, SupplementCategory } from '../policy/policy-version';
import { assessAssets, tierHasOwnAssetLimits } from './assets';
import { countIncome, deemedObligedSupport } from './income';
import { SupplementLine, supplementsFor } from './supplements';

export type MinimumLivingAllowanceOutcome = 'ELIGIBLE' | 'MARGINAL' | 'INDIVIDUAL_COVERAGE' | 'INELIGIBLE';

export const OUTCOME_LABELS: Record<MinimumLivingAllowanceOutcome, string> = {
  ELIGIBLE: '符合低保条件',
  MARGINAL: '低保边缘家庭',
  INDIVIDUAL_COVERAGE: '单人保（单独纳入低保）',
  INELIGIBLE: '不符合低保条件',
};

export interface MinimumLivingAllowanceInput {
  household: HouseholdFacts;
  /** The day the facts are judged on (ages are taken on this day). */
  assessmentDate: CalendarDate;
  policy: PolicyVersion;
}

export interface SupplementAmount {
  memberId: string;
  category: SupplementCategory;
  amountFen: Fen;
}

export interface MinimumLivingAllowanceAssessment {
  /** The policy version applied (recorded on the decision). */
  policyVersion: string;
  /** True when some benefit is payable (ELIGIBLE or INDIVIDUAL_COVERAGE). */
  eligible: boolean;
  outcome: MinimumLivingAllowanceOutcome;
  /** Per-capita counted income, rounded half up for display; the comparisons use the exact value. */
  perCapitaIncomeFen: Fen;
  /** Monthly benefit: the exact total rounded once. 0 when nothing is payable. */
  monthlyAmountFen: Fen;
  /** The part of `monthlyAmountFen` that is not supplements. */
  baseAmountFen: Fen;
  /** Number of members the benefit covers. */
  membersCovered: number;
  coveredMemberIds: string[];
  /** 分类施保 lines; `baseAmountFen` + their amounts = `monthlyAmountFen`. */
  supplements: SupplementAmount[];
  reasons: Reason[];
  /** Periodic-review class and interval when a benefit is payable. */
  review: { householdClass: ReviewClass; intervalMonths: number } | null;
  explanation: Step[];
}

export function assessMinimumLivingAllowance(input: MinimumLivingAllowanceInput): MinimumLivingAllowanceAssessment {
  const { household, assessmentDate, policy } = input;
  const parameters = policy.parameters;
  assertValidHouseholdFacts(household, assessmentDate);
  const standard = Rational.fen(parameters.subsistenceStandard, 'subsistenceStandard');
  const explanation: Step[] = [];
  const reasons: Reason[] = [];

  const counted = countedMembers(household.members);
  explanation.push(membersStep(household, counted));

  const { income: ownIncome, steps: incomeSteps } = countIncome(counted, household.incomes, parameters);
  explanation.push(...incomeSteps);
  const deemed = deemedObligedSupport(household.members, household.incomes, parameters);
  if (deemed.step) explanation.push(deemed.step);
  const income = { ...ownIncome, total: ownIncome.total.plus(deemed.total) };
  const perCapita = income.total.dividedBy(counted.length);
  const belowStandard = perCapita.lessThan(standard);
  explanation.push(
    step(
      'MLA.INCOME.PER_CAPITA_BELOW_STANDARD',
      { en: 'Per-capita monthly income below the standard', zh: '家庭月人均收入低于低保标准' },
      { countedIncomeFen: exact(income.total), countedMembers: counted.length, perCapitaIncomeFen: exact(perCapita) },
      { subsistenceStandard: parameters.subsistenceStandard },
      { belowStandard },
    ),
  );
  reasons.push(
    belowStandard
      ? { code: 'INCOME_BELOW_STANDARD', en: 'Per-capita income is below the standard', zh: '家庭月人均收入低于当地低保标准' }
      : {
          code: 'INCOME_NOT_BELOW_STANDARD',
          en: `Per-capita income ${formatYuan(roundToFen(perCapita))} is not below the standard ${formatYuan(parameters.subsistenceStandard)}`,
          zh: `家庭月人均收入${formatYuan(roundToFen(perCapita))}不低于当地低保标准${formatYuan(parameters.subsistenceStandard)}`,
        },
  );

  const assets = assessAssets(household, counted, parameters);
  explanation.push(...assets.steps);
  reasons.push(...assets.violations);

  const covered = counted.filter((member) => !hasLostShareByRefusingWork(member));
  const refusers = counted.filter(hasLostShareByRefusingWork);
  explanation.push(
    step(
      'MLA.MEMBERS.WORK_REFUSAL',
      { en: 'Members who refused suitable work three times lose their share', zh: '无正当理由三次拒绝适当工作的成员不享受低保' },
      {
        refusals: counted.map((m) => ({ memberId: m.memberId, suitableWorkRefusals: m.suitableWorkRefusals ?? 0 })),
        refusalsLosingShare: WORK_REFUSALS_LOSING_SHARE,
      },
      {},
      { coveredMemberIds: covered.map((m) => m.memberId), lostShare: refusers.map((m) => m.memberId) },
    ),
  );
  reasons.push(
    ...refusers.map((m) => ({
      code: 'MEMBER_LOST_SHARE_REFUSED_WORK',
      en: 'Refused suitable work three times: not covered',
      zh: '无正当理由三次拒绝适当工作，不计入保障人数',
      memberId: m.memberId,
    })),
  );

  const review = reviewOf(counted, parameters);
  if (belowStandard && assets.withinLimits && covered.length > 0) {
    const base = baseBenefit(perCapita, covered.length, parameters, 'MLA.BENEFIT.BASE');
    explanation.push(base.step);
    const supplements = supplementsFor(covered, assessmentDate, parameters);
    explanation.push(supplements.step);
    const total = roundTotal(base.amount, supplements.lines);
    explanation.push(total.step);
    return {
      policyVersion: policy.version,
      eligible: true,
      outcome: 'ELIGIBLE',
      perCapitaIncomeFen: roundToFen(perCapita),
      monthlyAmountFen: total.monthlyAmountFen,
      baseAmountFen: total.baseAmountFen,
      membersCovered: covered.length,
      coveredMemberIds: covered.map((m) => m.memberId),
      supplements: total.supplements,
      reasons,
      review,
      explanation: [...explanation, outcomeStep('ELIGIBLE', total.monthlyAmountFen)],
    };
  }
  if (belowStandard && assets.withinLimits) {
    reasons.push({ code: 'NO_MEMBER_COVERED', en: 'No member keeps a share', zh: '无可纳入保障的成员' });
  }

  const marginalLine = standard.times(Rational.decimal(parameters.marginalIncomeMultiple, 'marginalIncomeMultiple'));
  const belowMarginalLine = perCapita.lessThan(marginalLine);
  // 低保边缘 may have asset limits of its own (policy marginalFinancialAssetLimits, assetLimitsByTier.LOW_INCOME_MARGINAL).
  let marginalAssetsWithin = assets.withinLimits;
  if (tierHasOwnAssetLimits(parameters, 'LOW_INCOME_MARGINAL')) {
    const own = assessAssets(household, counted, parameters, 'LOW_INCOME_MARGINAL');
    marginalAssetsWithin = own.withinLimits;
    explanation.push(...own.steps.map((s) => ({ ...s, rule: `MLA.MARGINAL.${s.rule}`, description: { en: `低保边缘 limits: ${s.description.en}`, zh: `低保边缘财产标准：${s.description.zh}` } })));
    if (belowMarginalLine && !own.withinLimits) reasons.push(...own.violations.filter((v) => !reasons.some((r) => r.code === v.code && r.memberId === v.memberId)));
  }
  const marginal = belowMarginalLine && marginalAssetsWithin;
  explanation.push(
    step(
      'MLA.MARGINAL',
      { en: 'Not eligible: marginal (低保边缘) when below the marginal line with assets within limits', zh: '低保边缘家庭认定' },
      { perCapitaIncomeFen: exact(perCapita), assetsWithinLimits: marginalAssetsWithin },
      { subsistenceStandard: parameters.subsistenceStandard, marginalIncomeMultiple: parameters.marginalIncomeMultiple },
      { marginalLineFen: exact(marginalLine), belowMarginalLine, marginal },
    ),
  );
  const notPayable = (outcome: 'MARGINAL' | 'INELIGIBLE'): MinimumLivingAllowanceAssessment => ({
    policyVersion: policy.version,
    eligible: false,
    outcome,
    perCapitaIncomeFen: roundToFen(perCapita),
    monthlyAmountFen: 0,
    baseAmountFen: 0,
    membersCovered: 0,
    coveredMemberIds: [],
    supplements: [],
    reasons,
    review: null,
    explanation: [...explanation, outcomeStep(outcome, 0)],
  });
  if (!marginal) {
    if (!belowMarginalLine) {
      reasons.push({
        code: 'INCOME_NOT_BELOW_MARGINAL_LINE',
        en: `Per-capita income is not below ${parameters.marginalIncomeMultiple} × the standard`,
        zh: `家庭月人均收入不低于低保标准的${parameters.marginalIncomeMultiple}倍`,
      });
    }
    return notPayable('INELIGIBLE');
  }
  reasons.push({
    code: 'BELOW_MARGINAL_LINE',
    en: `Per-capita income below ${parameters.marginalIncomeMultiple} × the standard with assets within limits`,
    zh: `家庭月人均收入低于低保标准的${parameters.marginalIncomeMultiple}倍且财产状况符合规定`,
  });

  const individual = individualCoverage(covered, income.byMember, standard, parameters);
  explanation.push(individual.step);
  if (individual.members.length === 0) return notPayable('MARGINAL');

  const bases = individual.members.map(({ member, ownIncome }) => individualBase(ownIncome, parameters, member.memberId));
  explanation.push(...bases.flatMap((b) => b.steps));
  const coveredIndividuals = individual.members.map((i) => i.member);
  const addSupplements = parameters.individualCoverage?.addSupplements ?? true;
  const supplements = addSupplements
    ? supplementsFor(coveredIndividuals, assessmentDate, parameters)
    : {
        lines: [],
        step: step(
          'MLA.INDIVIDUAL_COVERAGE.SUPPLEMENTS',
          { en: 'No classified supplement on individual coverage (local rule)', zh: '单人保不另加发分类施保金（按地方政策）' },
          { coveredMemberIds: coveredIndividuals.map((m) => m.memberId) },
          { 'individualCoverage.addSupplements': false },
          { supplementsFen: '0' },
        ),
      };
  explanation.push(supplements.step);
  const total = roundTotal(Rational.sum(bases.map((b) => b.amount)), supplements.lines);
  explanation.push(total.step);
  reasons.push(
    ...coveredIndividuals.map((m) => ({
      code: 'INDIVIDUAL_COVERAGE',
      en: 'Covered individually (severe illness or disability in a marginal household)',
      zh: '低保边缘家庭中的重病、重残人员，单独纳入低保',
      memberId: m.memberId,
    })),
  );
  return {
    policyVersion: policy.version,
    eligible: true,
    outcome: 'INDIVIDUAL_COVERAGE',
    perCapitaIncomeFen: roundToFen(perCapita),
    monthlyAmountFen: total.monthlyAmountFen,
    baseAmountFen: total.baseAmountFen,
    membersCovered: coveredIndividuals.length,
    coveredMemberIds: coveredIndividuals.map((m) => m.memberId),
    supplements: total.supplements,
    reasons,
    review,
    explanation: [...explanation, outcomeStep('INDIVIDUAL_COVERAGE', total.monthlyAmountFen)],
  };
}

function membersStep(household: HouseholdFacts, counted: readonly HouseholdMember[]): Step {
  return step(
    'MLA.HOUSEHOLD.MEMBERS',
    { en: 'Members counted in the household', zh: '共同生活家庭成员认定' },
    {
      members: household.members.map((m) => ({
        memberId: m.memberId,
        included: m.included,
        ...(m.included ? {} : { exclusionReason: m.exclusionReason ?? null }),
      })),
    },
    {},
    { countedMembers: counted.length, countedMemberIds: counted.map((m) => m.memberId) },
  );
}

/**
 * Base benefit (before supplements) for `persons` covered people whose (per-capita) income is
 * `income`. GAP: standard − income, raised to the minimum share; TIERED: the band's percentage.
 */
export function baseBenefit(
  income: Rational,
  persons: number,
  parameters: PolicyParameters,
  rule: string,
  memberId?: string,
): { perPerson: Rational; amount: Rational; step: Step } {
  const standard = Rational.fen(parameters.subsistenceStandard, 'subsistenceStandard');
  const who: Record<string, string> = memberId === undefined ? {} : { memberId };
  const method = parameters.benefitMethod;
  if (method.method === 'TIERED') {
    const band = method.bands.find((b) => income.greaterThanOrEqual(b.minIncomeFen) && income.lessThan(b.maxIncomeFen));
    if (!band) {
      throw ruleError('policy_invalid', `no TIERED band covers per-capita income ${income.describe()} fen`, 'parameters.benefitMethod.bands');
    }
    const perPerson = standard.times(Rational.percent(band.percentOfStandard, 'band.percentOfStandard'));
    const amount = perPerson.times(persons);
    return {
      perPerson,
      amount,
      step: step(
        rule,
        { en: 'Tiered benefit: the income band gives a percentage of the standard per person', zh: '分档补差：按收入档次发放低保标准的相应比例' },
        { ...who, perCapitaIncomeFen: exact(income), personsCovered: persons },
        { subsistenceStandard: parameters.subsistenceStandard, 'benefitMethod.bands': method.bands.map((b) => ({ ...b })) },
        { band: { ...band }, perPersonFen: exact(perPerson), baseAmountFen: exact(amount) },
      ),
    };
  }
  const gap = standard.minus(income);
  const minimum =
    parameters.minimumBenefitRatio === undefined ? null : standard.times(Rational.decimal(parameters.minimumBenefitRatio, 'minimumBenefitRatio'));
  const raised = minimum !== null && gap.lessThan(minimum);
  const perPerson = raised && minimum !== null ? minimum : gap;
  const amount = perPerson.times(persons);
  return {
    perPerson,
    amount,
    step: step(
      rule,
      { en: 'Gap benefit: (standard − per-capita income) × members covered, at least the minimum share', zh: '差额补差：（低保标准－人均收入）×保障人数，不低于最低发放比例' },
      { ...who, perCapitaIncomeFen: exact(income), personsCovered: persons },
      { subsistenceStandard: parameters.subsistenceStandard, minimumBenefitRatio: parameters.minimumBenefitRatio ?? null },
      {
        gapPerPersonFen: exact(gap),
        minimumPerPersonFen: minimum === null ? null : exact(minimum),
        raisedToMinimum: raised,
        perPersonFen: exact(perPerson),
        baseAmountFen: exact(amount),
      },
    ),
  };
}

/** The one rounding, and line items apportioned to add up to it. */
function roundTotal(
  base: Rational,
  supplements: readonly SupplementLine[],
): { monthlyAmountFen: Fen; baseAmountFen: Fen; supplements: SupplementAmount[]; step: Step } {
  const exactTotal = base.plus(Rational.sum(supplements.map((s) => s.amount)));
  const { total, parts } = apportion([base, ...supplements.map((s) => s.amount)]);
  const lines = supplements.map((s, i) => ({ memberId: s.memberId, category: s.category, amountFen: parts[i + 1] }));
  return {
    monthlyAmountFen: total,
    baseAmountFen: parts[0],
    supplements: lines,
    step: step(
      'MLA.BENEFIT.TOTAL',
      { en: 'Monthly amount: base plus supplements, rounded once to whole fen', zh: '月保障金额：基本保障金加分类施保金，最后一次性四舍五入到分' },
      { baseAmountFen: exact(base), supplementsFen: exact(Rational.sum(supplements.map((s) => s.amount))) },
      { roundingRule: ROUNDING_RULE.code },
      { exactTotalFen: exact(exactTotal), monthlyAmountFen: total, baseAmountFen: parts[0], supplements: lines.map((l) => ({ ...l })) },
    ),
  };
}

/**
 * 单人保 base amount of one member by the policy's `individualCoverage` method (OWN_GAP by the
 * benefit method when the parameter is absent, as before it existed), with the steps explaining it.
 */
function individualBase(ownIncome: Rational, parameters: PolicyParameters, memberId: string): { amount: Rational; steps: Step[] } {
  const rule = parameters.individualCoverage ?? { method: 'OWN_GAP' as const, addSupplements: true };
  const standard = Rational.fen(parameters.subsistenceStandard, 'subsistenceStandard');
  if (rule.method === 'OWN_GAP') {
    const base = baseBenefit(ownIncome, 1, parameters, 'MLA.INDIVIDUAL_COVERAGE.BASE', memberId);
    if (rule.minimumShareOfStandard === undefined) return { amount: base.amount, steps: [base.step] };
    const floor = standard.times(Rational.decimal(rule.minimumShareOfStandard, 'individualCoverage.minimumShareOfStandard'));
    const raised = base.amount.lessThan(floor);
    const amount = raised ? floor : base.amount;
    return {
      amount,
      steps: [
        base.step,
        step(
          'MLA.INDIVIDUAL_COVERAGE.MINIMUM_SHARE',
          { en: 'Individual coverage: own gap, at least the local share of the standard', zh: '单人保：按本人收入差额发放，不低于低保标准的规定比例' },
          { memberId, ownGapAmountFen: exact(base.amount) },
          { subsistenceStandard: parameters.subsistenceStandard, 'individualCoverage.method': 'OWN_GAP', 'individualCoverage.minimumShareOfStandard': rule.minimumShareOfStandard },
          { floorFen: exact(floor), raisedToFloor: raised, baseAmountFen: exact(amount) },
        ),
      ],
    };
  }
  if (rule.method === 'SHARE_OF_STANDARD') {
    const amount = standard.times(Rational.decimal(rule.share, 'individualCoverage.share'));
    return {
      amount,
      steps: [
        step(
          'MLA.INDIVIDUAL_COVERAGE.BASE',
          { en: 'Individual coverage: a fixed share of the standard', zh: '单人保：按低保标准的规定比例发放' },
          { memberId, ownIncomeFen: exact(ownIncome) },
          { subsistenceStandard: parameters.subsistenceStandard, 'individualCoverage.method': 'SHARE_OF_STANDARD', 'individualCoverage.share': rule.share },
          { baseAmountFen: exact(amount) },
        ),
      ],
    };
  }
  const amount = Rational.fen(rule.amountFen, 'individualCoverage.amountFen');
  return {
    amount,
    steps: [
      step(
        'MLA.INDIVIDUAL_COVERAGE.BASE',
        { en: 'Individual coverage: a fixed monthly amount', zh: '单人保：按固定金额发放' },
        { memberId, ownIncomeFen: exact(ownIncome) },
        { 'individualCoverage.method': 'FIXED_AMOUNT', 'individualCoverage.amountFen': rule.amountFen },
        { baseAmountFen: exact(amount) },
      ),
    ],
  };
}

/** 单人保 candidates: severely ill or disabled members with a share whose own counted income is below the standard. */
function individualCoverage(
  candidates: readonly HouseholdMember[],
  incomeByMember: ReadonlyMap<string, Rational>,
  standard: Rational,
  parameters: PolicyParameters,
): { members: { member: HouseholdMember; ownIncome: Rational }[]; step: Step } {
  const assessed = candidates.filter(isSeverelyIllOrDisabled).map((member) => {
    const ownIncome = incomeByMember.get(member.memberId) ?? Rational.ZERO;
    return { member, ownIncome, ownIncomeBelowStandard: ownIncome.lessThan(standard) };
  });
  const members = assessed.filter((a) => a.ownIncomeBelowStandard).map(({ member, ownIncome }) => ({ member, ownIncome }));
  return {
    members,
    step: step(
      'MLA.INDIVIDUAL_COVERAGE',
      {
        en: 'Individual coverage in a marginal household: grade 1–2 disability, grade 3 intellectual/mental disability or listed severe illness, own income below the standard',
        zh: '单人保：低保边缘家庭中的一、二级残疾人，三级智力、精神残疾人或重病患者，本人收入低于低保标准',
      },
      {
        candidates: assessed.map((a) => ({
          memberId: a.member.memberId,
          disability: a.member.disability ? { ...a.member.disability } : null,
          severeIllness: a.member.severeIllness !== null,
          ownIncomeFen: exact(a.ownIncome),
        })),
      },
      { subsistenceStandard: parameters.subsistenceStandard },
      { coveredMemberIds: members.map((m) => m.member.memberId) },
    ),
  };
}

/**
 * Review class: UNSTABLE when any counted member can work (FULL or PARTIAL work ability), else
 * STABLE. INTENSIVE is an officer's choice, never this rule's.
 */
function reviewOf(counted: readonly HouseholdMember[], parameters: PolicyParameters) {
  const householdClass: ReviewClass = counted.some((m) => m.workAbility !== 'NONE') ? 'UNSTABLE' : 'STABLE';
  return { householdClass, intervalMonths: parameters.reviewIntervals[householdClass] };
}

function outcomeStep(outcome: MinimumLivingAllowanceOutcome, monthlyAmountFen: Fen): Step {
  return step(
    'MLA.OUTCOME',
    { en: `Outcome: ${outcome}`, zh: OUTCOME_LABELS[outcome] },
    {},
    {},
    { outcome, monthlyAmountFen },
  );
}
