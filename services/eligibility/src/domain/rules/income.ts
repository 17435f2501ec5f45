/**
 * Counted income (计算收入): the reported monthly averages, minus excluded income types, minus the
 * employment-cost deduction on earned income. Shared by 低保 and 特困. All figures exact.
 */
import { exact, ExplanationValue, Step, step } from '../explanation';
import { HouseholdMember, INCOME_TYPES, IncomeItem } from '../household';
import { Rational } from '../money';
import { PolicyParameters } from '../policy/policy-version';

export interface EmploymentDeduction {
  memberId: string;
  earned: Rational;
  deduction: Rational;
}

export interface CountedIncome {
  /** Counted income per member after exclusions and deduction. */
  byMember: ReadonlyMap<string, Rational>;
  total: Rational;
  deductions: EmploymentDeduction[];
}

/**
 * Counted income of `members` (only their income items are read). Returns the figures and the two
 * explanation steps (exclusions, employment-cost deduction).
 */
export function countIncome(
  members: readonly HouseholdMember[],
  incomes: readonly IncomeItem[],
  parameters: PolicyParameters,
): { income: CountedIncome; steps: Step[] } {
  const memberIds = new Set(members.map((m) => m.memberId));
  const relevant = incomes.filter((item) => memberIds.has(item.memberId));
  const excluded = new Set(parameters.incomeExclusions);

  const gross = new Map<string, Rational>();
  const earned = new Map<string, Rational>();
  for (const member of members) {
    gross.set(member.memberId, Rational.ZERO);
    earned.set(member.memberId, Rational.ZERO);
  }
  const itemized: ExplanationValue[] = [];
  for (const item of relevant) {
    const counted = !excluded.has(item.type);
    itemized.push({
      memberId: item.memberId,
      type: item.type,
      label: INCOME_TYPES[item.type].zh,
      monthlyAverageFen: item.monthlyAverageFen,
      counted,
      ...(item.source ? { source: { ...item.source } as unknown as ExplanationValue } : {}),
    });
    if (!counted) continue;
    const amount = Rational.fen(item.monthlyAverageFen, 'monthlyAverageFen');
    gross.set(item.memberId, (gross.get(item.memberId) ?? Rational.ZERO).plus(amount));
    if (INCOME_TYPES[item.type].earned) earned.set(item.memberId, (earned.get(item.memberId) ?? Rational.ZERO).plus(amount));
  }
  const grossTotal = Rational.sum([...gross.values()]);
  const exclusionStep = step(
    'INCOME.EXCLUSIONS',
    { en: 'Leave out excluded income types', zh: '剔除不计入家庭收入的项目' },
    { incomeItems: itemized },
    { incomeExclusions: [...parameters.incomeExclusions] },
    { countedIncomeBeforeDeductionFen: exact(grossTotal) },
  );

  const deductions = members
    .map((member) => ({ memberId: member.memberId, earned: earned.get(member.memberId) ?? Rational.ZERO }))
    .filter(({ earned: e }) => e.greaterThan(0))
    .map(({ memberId, earned: e }) => ({ memberId, earned: e, deduction: employmentCostDeduction(e, parameters) }));
  const byMember = new Map<string, Rational>();
  for (const member of members) {
    const deduction = deductions.find((d) => d.memberId === member.memberId)?.deduction ?? Rational.ZERO;
    byMember.set(member.memberId, (gross.get(member.memberId) ?? Rational.ZERO).minus(deduction));
  }
  const total = Rational.sum([...byMember.values()]);
  const rule = parameters.employmentCostDeduction;
  const deductionStep = step(
    'INCOME.EMPLOYMENT_COST_DEDUCTION',
    { en: 'Deduct employment costs from earned income (wages, business)', zh: '扣减就业成本' },
    { earningMembers: deductions.map((d) => ({ memberId: d.memberId, earnedFen: exact(d.earned) })) },
    {
      'employmentCostDeduction.basis': rule.basis,
      'employmentCostDeduction.share': rule.share,
      'employmentCostDeduction.capShareOfStandard': rule.capShareOfStandard ?? null,
      subsistenceStandard: parameters.subsistenceStandard,
    },
    {
      deductions: deductions.map((d) => ({ memberId: d.memberId, deductionFen: exact(d.deduction) })),
      countedIncomeFen: exact(total),
    },
  );
  return { income: { byMember, total, deductions }, steps: [exclusionStep, deductionStep] };
}

/**
 * The deduction for one earning member: share × earnings (or × standard), at most
 * capShareOfStandard × standard when set, and never more than the earnings themselves.
 */
export function employmentCostDeduction(earned: Rational, parameters: PolicyParameters): Rational {
  const rule = parameters.employmentCostDeduction;
  const standard = Rational.fen(parameters.subsistenceStandard, 'subsistenceStandard');
  const share = Rational.decimal(rule.share, 'employmentCostDeduction.share');
  let deduction = rule.basis === 'SHARE_OF_EARNINGS' ? earned.times(share) : standard.times(share);
  if (rule.capShareOfStandard !== undefined) {
    deduction = Rational.min(deduction, standard.times(Rational.decimal(rule.capShareOfStandard, 'employmentCostDeduction.capShareOfStandard')));
  }
  return Rational.min(deduction, earned);
}
