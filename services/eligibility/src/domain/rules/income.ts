/**
 * Counted income (计算收入): the reported monthly averages, minus excluded income types, minus the
 * employment-cost deduction on earned income. Shared by 低保 and 特困. All figures exact.
 */
import { exact, ExplanationValue, Step, step } from '../explanation';
import { HouseholdMember, INCOME_TYPES, IncomeItem } from '../household';
import { formatYuan, Rational, roundToFen } from '../money';
import { sharePercentText } from '../policy/policy-amount';
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

/**
 * Support deemed from obliged relatives living apart (赡养/抚养/扶养义务人, members excluded with
 * reason OBLIGED_SUPPORTER_LIVING_APART), by the policy's `obligedSupport` formula: for each such
 * relative, (their counted income − threshold, not below 0) × the share for the number of obliged
 * relatives (`sharesByObligedCount[n − 1]`, the last entry for more). The threshold is
 * `thresholdMultipleOfStandard` × the standard, or × `perCapitaConsumptionFen` with method
 * MULTIPLE_OF_CONSUMPTION. Added to the household's counted income. No parameter: nothing is deemed
 * (the rule before it existed).
 */
export function deemedObligedSupport(
  members: readonly HouseholdMember[],
  incomes: readonly IncomeItem[],
  parameters: PolicyParameters,
): { total: Rational; step: Step | null } {
  const rule = parameters.obligedSupport;
  if (!rule) return { total: Rational.ZERO, step: null };
  const obliged = members.filter((m) => !m.included && m.exclusionReason === 'OBLIGED_SUPPORTER_LIVING_APART');
  const byConsumption = rule.method === 'MULTIPLE_OF_CONSUMPTION';
  const base = byConsumption
    ? Rational.fen(rule.perCapitaConsumptionFen ?? 0, 'obligedSupport.perCapitaConsumptionFen')
    : Rational.fen(parameters.subsistenceStandard, 'subsistenceStandard');
  const threshold = base.times(Rational.decimal(rule.thresholdMultipleOfStandard, 'obligedSupport.thresholdMultipleOfStandard'));
  const shares = rule.sharesByObligedCount;
  const shareText = obliged.length === 0 ? null : shares[Math.min(obliged.length, shares.length) - 1]!;
  const share = shareText === null ? Rational.ZERO : Rational.decimal(shareText, 'obligedSupport.sharesByObligedCount');
  const lines = obliged.map((relative) => {
    const own = countIncome([relative], incomes, parameters).income.total;
    const excess = own.greaterThan(threshold) ? own.minus(threshold) : Rational.ZERO;
    return { memberId: relative.memberId, income: own, excess, deemed: excess.times(share) };
  });
  const total = Rational.sum(lines.map((l) => l.deemed));
  const baseText = byConsumption
    ? `当地居民月人均消费支出（${formatYuan(rule.perCapitaConsumptionFen ?? 0)}）`
    : `当地低保标准（${formatYuan(parameters.subsistenceStandard)}）`;
  const formula =
    shareText === null
      ? `赡养（抚养、扶养）费按义务人月收入超出${baseText}${rule.thresholdMultipleOfStandard}倍部分计算；无不共同生活的义务人，不计算`
      : `赡养（抚养、扶养）费按义务人月收入超出${baseText}${rule.thresholdMultipleOfStandard}倍部分的${sharePercentText(shareText)}%计算（义务人${obliged.length}人）`;
  return {
    total,
    step: step(
      'INCOME.OBLIGED_SUPPORT',
      {
        en: `Support deemed from obliged relatives living apart: their income above ${rule.thresholdMultipleOfStandard} × the ${byConsumption ? 'local per-capita consumption' : 'standard'} × the local share`,
        zh: formula,
      },
      { obligedRelatives: lines.map((l) => ({ memberId: l.memberId, countedIncomeFen: exact(l.income), excessFen: exact(l.excess) })) },
      {
        subsistenceStandard: parameters.subsistenceStandard,
        'obligedSupport.method': rule.method ?? 'MULTIPLE_OF_STANDARD',
        'obligedSupport.thresholdMultipleOfStandard': rule.thresholdMultipleOfStandard,
        ...(byConsumption ? { 'obligedSupport.perCapitaConsumptionFen': rule.perCapitaConsumptionFen ?? null } : {}),
        'obligedSupport.sharesByObligedCount': [...shares],
      },
      {
        thresholdFen: exact(threshold),
        shareApplied: shareText,
        deemed: lines.map((l) => ({ memberId: l.memberId, deemedFen: exact(l.deemed) })),
        lines: lines.map(
          (l, i) =>
            `第${i + 1}位义务人：月收入${formatYuan(roundToFen(l.income))}，超出${formatYuan(roundToFen(threshold))}部分${formatYuan(roundToFen(l.excess))}，按${shareText === null ? '0' : sharePercentText(shareText)}%计赡养费${formatYuan(roundToFen(l.deemed))}`,
        ),
        deemedSupportFen: exact(total),
      },
    ),
  };
}
