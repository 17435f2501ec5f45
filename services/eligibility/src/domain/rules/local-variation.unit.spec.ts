/**
 * Issue 14 item 8 (part): local rules the policy model now expresses — support deemed from obliged
 * relatives living apart, and 低保边缘 financial-asset limits as their own multiples.
 *
 * Worked examples: the figures model the form of local rules such as "赡养义务人月收入超过当地低保标准
 * 2 倍的部分，按 30%（多名义务人的，每人 20%）计算赡养费" and "低保边缘家庭人均金融资产不超过当地低保
 * 标准的 36 倍（重病重残家庭 48 倍）". No published provincial text with these exact numbers was found
 * in the stored reference corpora; the standard is DOMAIN-RULES' worked-example ¥1,000.
 */
import { ASSESSMENT_DATE, examplePolicy, household, householdOfThree, member } from '../__tests__/fixtures';
import { ObligedSupportPolicy } from '../policy/policy-version';
import { validatePolicyVersion } from '../policy/validate-policy';
import { assessMinimumLivingAllowance } from './minimum-living-allowance';

const OBLIGED: ObligedSupportPolicy = { thresholdMultipleOfStandard: '2', sharesByObligedCount: ['0.3', '0.2'] };

/** An elderly parent living alone with no income; sons living apart earning `wages` each. */
function parentWithSons(wages: number[]) {
  const sons = wages.map((_, i) => member(`son-${i}`, { included: false, exclusionReason: 'OBLIGED_SUPPORTER_LIVING_APART' }));
  return household([member('parent', { birthDate: '1950-01-01', workAbility: 'NONE' }), ...sons], {
    incomes: wages.map((w, i) => ({ memberId: `son-${i}`, type: 'WAGES' as const, monthlyAverageFen: w })),
  });
}

describe('support deemed from obliged relatives living apart (policy obligedSupport)', () => {
  it('without the parameter nothing is deemed (the rule as before): the parent gets the full gap ¥1,000', () => {
    const r = assessMinimumLivingAllowance({ household: parentWithSons([500000]), assessmentDate: ASSESSMENT_DATE, policy: examplePolicy() });
    expect(r.monthlyAmountFen).toBe(100000);
    expect(r.explanation.some((s) => s.rule === 'INCOME.OBLIGED_SUPPORT')).toBe(false);
  });

  it('one son earning ¥5,000: (5,000 − 2 × 1,000) × 30 % = ¥900 deemed; gap ¥100 raised to the 20 % minimum: ¥200', () => {
    const r = assessMinimumLivingAllowance({ household: parentWithSons([500000]), assessmentDate: ASSESSMENT_DATE, policy: examplePolicy({ obligedSupport: OBLIGED }) });
    expect(r.perCapitaIncomeFen).toBe(90000);
    expect(r.monthlyAmountFen).toBe(20000);
    const s = r.explanation.find((e) => e.rule === 'INCOME.OBLIGED_SUPPORT')!;
    expect(s.result).toMatchObject({ shareApplied: '0.3', deemed: [{ memberId: 'son-0', deemedFen: expect.stringContaining('90000') as string }] });
  });

  it('two sons earning ¥5,000 and ¥2,500: (3,000 + 500) × 20 % = ¥700 deemed; benefit ¥300', () => {
    const r = assessMinimumLivingAllowance({ household: parentWithSons([500000, 250000]), assessmentDate: ASSESSMENT_DATE, policy: examplePolicy({ obligedSupport: OBLIGED }) });
    expect(r.perCapitaIncomeFen).toBe(70000);
    expect(r.monthlyAmountFen).toBe(30000);
  });

  it('a son below the threshold is deemed to give nothing', () => {
    const r = assessMinimumLivingAllowance({ household: parentWithSons([180000]), assessmentDate: ASSESSMENT_DATE, policy: examplePolicy({ obligedSupport: OBLIGED }) });
    expect(r.monthlyAmountFen).toBe(100000);
  });

  it('validates the formula, naming the field', () => {
    const bad = validatePolicyVersion(examplePolicy({ obligedSupport: { thresholdMultipleOfStandard: '-1', sharesByObligedCount: [] } }));
    expect(bad.map((v) => v.path)).toEqual(['parameters.obligedSupport.thresholdMultipleOfStandard', 'parameters.obligedSupport.sharesByObligedCount']);
  });
});

describe('低保边缘 financial-asset limits as their own multiples (policy marginalFinancialAssetLimits)', () => {
  // Household of three, ¥3,300 income (per capita ¥1,100: above the standard, below 1.5 ×), ¥80,000 deposits:
  // over the 低保 limit (24 × ¥1,000 × 3 = ¥72,000), within a 低保边缘 limit of 36 × ¥1,000 × 3 = ¥108,000.
  const facts = () => householdOfThree(330000, { financialAssets: [{ kind: 'BANK_DEPOSIT', valueFen: 8000000 }] });

  it('without the parameter the 低保 limits apply (as before): not marginal', () => {
    const r = assessMinimumLivingAllowance({ household: facts(), assessmentDate: ASSESSMENT_DATE, policy: examplePolicy() });
    expect(r.outcome).toBe('INELIGIBLE');
  });

  it('with 36 × / 48 ×: marginal, and the explanation shows the 低保边缘 limit used', () => {
    const policy = examplePolicy({ marginalFinancialAssetLimits: { perCapitaMultipleOfStandard: '36', severeHouseholdPerCapitaMultipleOfStandard: '48' } });
    const r = assessMinimumLivingAllowance({ household: facts(), assessmentDate: ASSESSMENT_DATE, policy });
    expect(r.outcome).toBe('MARGINAL');
    expect(r.explanation.map((s) => s.rule).filter((rule) => rule.startsWith('MLA.MARGINAL.'))).not.toEqual([]);
    expect(validatePolicyVersion(policy)).toEqual([]);
  });

  it('refuses a 低保边缘 limit whose severe multiple is below the normal one', () => {
    const v = validatePolicyVersion(examplePolicy({ marginalFinancialAssetLimits: { perCapitaMultipleOfStandard: '36', severeHouseholdPerCapitaMultipleOfStandard: '30' } }));
    expect(v.map((x) => x.path)).toEqual(['parameters.marginalFinancialAssetLimits.severeHouseholdPerCapitaMultipleOfStandard']);
  });
});
