/**
 * 分类施保 (classified supplements): extra amounts for covered members who are severely ill,
 * severely disabled (grade 1–2), elderly (age ≥ N) or minors. With HIGHEST_ONLY a member receives
 * the single highest amount among the categories they fall in (the earlier rule wins a tie); with
 * ADDITIVE they receive all of them.
 */
import { ageOn, CalendarDate } from '../calendar-date';
import { exact, ExplanationValue, Step, step } from '../explanation';
import { hasSevereDisability, hasSevereIllness, HouseholdMember, isMinor } from '../household';
import { Rational } from '../money';
import { describePolicyAmount, policyAmountValue } from '../policy/policy-amount';
import { PolicyParameters, SupplementCategory, SupplementRule } from '../policy/policy-version';

export interface SupplementLine {
  memberId: string;
  category: SupplementCategory;
  amount: Rational;
}

export const SUPPLEMENT_LABELS: Record<SupplementCategory, string> = {
  SEVERE_ILLNESS: '重病患者',
  SEVERE_DISABILITY: '一、二级重度残疾人',
  ELDERLY: '老年人',
  MINOR: '未成年人',
};

/** Whether `member` falls in the category of `rule` on `onDate`. */
export function fallsInCategory(member: HouseholdMember, rule: SupplementRule, onDate: CalendarDate): boolean {
  switch (rule.category) {
    case 'SEVERE_ILLNESS':
      return hasSevereIllness(member);
    case 'SEVERE_DISABILITY':
      return hasSevereDisability(member);
    case 'ELDERLY':
      return rule.minimumAge !== undefined && ageOn(member.birthDate, onDate) >= rule.minimumAge;
    case 'MINOR':
      return isMinor(member, onDate);
  }
}

/** Supplements of the covered members, exact, with the explanation step. */
export function supplementsFor(
  covered: readonly HouseholdMember[],
  onDate: CalendarDate,
  parameters: PolicyParameters,
): { lines: SupplementLine[]; step: Step } {
  const { combination, rules } = parameters.supplements;
  const perMember: { memberId: string; applicable: ExplanationValue[]; granted: SupplementLine[] }[] = covered.map((member) => {
    const applicable = rules
      .filter((rule) => fallsInCategory(member, rule, onDate))
      .map((rule) => ({
        memberId: member.memberId,
        category: rule.category,
        amount: policyAmountValue(rule.amount, parameters.subsistenceStandard, `supplements.${rule.category}`),
      }));
    const granted = combination === 'ADDITIVE' ? applicable : highest(applicable);
    return {
      memberId: member.memberId,
      applicable: applicable.map((line) => ({ category: line.category, amountFen: exact(line.amount) })),
      granted,
    };
  });
  const lines = perMember.flatMap((m) => m.granted);
  return {
    lines,
    step: step(
      'BENEFIT.SUPPLEMENTS',
      { en: 'Classified supplements for covered members', zh: '分类施保' },
      {
        coveredMembers: perMember.map((m) => ({ memberId: m.memberId, applicableCategories: m.applicable })),
        assessmentDate: onDate,
      },
      {
        'supplements.combination': combination,
        'supplements.rules': rules.map((rule) => ({
          category: rule.category,
          amount: describePolicyAmount(rule.amount),
          ...(rule.minimumAge !== undefined ? { minimumAge: rule.minimumAge } : {}),
        })),
        subsistenceStandard: parameters.subsistenceStandard,
      },
      {
        supplements: lines.map((line) => ({ memberId: line.memberId, category: line.category, amountFen: exact(line.amount) })),
        totalFen: exact(Rational.sum(lines.map((line) => line.amount))),
      },
    ),
  };
}

function highest(lines: SupplementLine[]): SupplementLine[] {
  if (lines.length === 0) return [];
  return [lines.reduce((best, line) => (line.amount.greaterThan(best.amount) ? line : best))];
}
