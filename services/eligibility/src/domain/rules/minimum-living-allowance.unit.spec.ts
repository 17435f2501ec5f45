import { ASSESSMENT_DATE, examplePolicy, household, householdOfThree, member, minor } from '../__tests__/fixtures';
import { InvalidFactsError } from '../errors';
import { HouseholdFacts } from '../household';
import { PolicyParameters } from '../policy/policy-version';
import { assessMinimumLivingAllowance } from './minimum-living-allowance';

function assess(facts: HouseholdFacts, overrides: Partial<PolicyParameters> = {}) {
  return assessMinimumLivingAllowance({ household: facts, assessmentDate: ASSESSMENT_DATE, policy: examplePolicy(overrides) });
}
const codes = (result: { reasons: { code: string }[] }) => result.reasons.map((r) => r.code);
const defaults = examplePolicy().parameters;

describe('低保 — the worked example of DOMAIN-RULES.md', () => {
  it('pays ¥1,300 to a household of three with ¥1,800 income: (1000 − 600) × 3 + ¥100 for the minor', () => {
    const result = assess(householdOfThree(180000));
    expect(result).toMatchObject({
      eligible: true,
      outcome: 'ELIGIBLE',
      perCapitaIncomeFen: 60000,
      monthlyAmountFen: 130000,
      baseAmountFen: 120000,
      membersCovered: 3,
      coveredMemberIds: ['A', 'B', 'C'],
      supplements: [{ memberId: 'C', category: 'MINOR', amountFen: 10000 }],
      policyVersion: '330106-2026-01',
    });
  });

  it('raises a gap of ¥150 to the ¥200 minimum: ¥200 × 3 + ¥100 = ¥700 with ¥2,550 income', () => {
    const result = assess(householdOfThree(255000));
    expect(result).toMatchObject({ outcome: 'ELIGIBLE', perCapitaIncomeFen: 85000, monthlyAmountFen: 70000, baseAmountFen: 60000 });
    const base = result.explanation.find((s) => s.rule === 'MLA.BENEFIT.BASE');
    expect(base?.parameters).toEqual({ subsistenceStandard: 100000, minimumBenefitRatio: '0.20' });
    expect(base?.result).toMatchObject({ gapPerPersonFen: '15000', minimumPerPersonFen: '20000', raisedToMinimum: true, perPersonFen: '20000' });
  });

  it('finds a household with ¥3,300 income not eligible but marginal (below 1.5 × standard)', () => {
    const result = assess(householdOfThree(330000));
    expect(result).toMatchObject({ eligible: false, outcome: 'MARGINAL', perCapitaIncomeFen: 110000, monthlyAmountFen: 0, membersCovered: 0 });
    expect(codes(result)).toEqual(['INCOME_NOT_BELOW_STANDARD', 'BELOW_MARGINAL_LINE']);
  });
});

describe('低保 — rounding happens exactly once', () => {
  it('pays exactly ¥500 for per-capita income of a third of ¥2,500 (no per-person rounding)', () => {
    const result = assess(householdOfThree(250000), { minimumBenefitRatio: undefined, supplements: { combination: 'HIGHEST_ONLY', rules: [] } });
    // per person: 100000 − 250000/3 = 50000/3 fen; × 3 = 50000 exactly (rounding per person would give 50001)
    expect(result.perCapitaIncomeFen).toBe(83333);
    expect(result.monthlyAmountFen).toBe(50000);
    expect(result.explanation.find((s) => s.rule === 'MLA.BENEFIT.BASE')?.result).toMatchObject({ perPersonFen: '50000/3 (≈16666.67)' });
  });

  it('rounds the exact total once and apportions the lines so they add up to it', () => {
    // standard 100001: minimum 0.20 × 100001 = 20000.2 per person × 3 = 60000.6; minor 10% = 10000.1; total 70000.7 → 70001
    const result = assess(householdOfThree(250000), { subsistenceStandard: 100001 });
    expect(result.monthlyAmountFen).toBe(70001);
    expect(result.baseAmountFen).toBe(60001);
    expect(result.supplements).toEqual([{ memberId: 'C', category: 'MINOR', amountFen: 10000 }]);
    expect(result.explanation.find((s) => s.rule === 'MLA.BENEFIT.TOTAL')).toMatchObject({
      parameters: { roundingRule: 'ROUND_HALF_UP_TO_FEN_ONCE' },
      result: { exactTotalFen: '700007/10 (≈70000.70)', monthlyAmountFen: 70001 },
    });
  });
});

describe('低保 — benefit methods and supplements', () => {
  const tiered: Partial<PolicyParameters> = {
    benefitMethod: {
      method: 'TIERED',
      bands: [
        { minIncomeFen: 0, maxIncomeFen: 30000, percentOfStandard: '100' },
        { minIncomeFen: 30000, maxIncomeFen: 60000, percentOfStandard: '60' },
        { minIncomeFen: 60000, maxIncomeFen: 100000, percentOfStandard: '30' },
      ],
    },
  };

  it('pays a tiered benefit: the income band gives a percentage of the standard to each member', () => {
    expect(assess(householdOfThree(120000), tiered).monthlyAmountFen).toBe(60000 * 3 + 10000);
    expect(assess(householdOfThree(60000), tiered).monthlyAmountFen).toBe(100000 * 3 + 10000);
  });

  it('puts an income exactly on a band boundary in the higher band', () => {
    expect(assess(householdOfThree(90000), tiered).monthlyAmountFen).toBe(60000 * 3 + 10000);
  });

  it('does not apply the gap minimum to tiered amounts', () => {
    expect(assess(householdOfThree(285000), { ...tiered, minimumBenefitRatio: '0.5' }).monthlyAmountFen).toBe(30000 * 3 + 10000);
  });

  const supplementRules: PolicyParameters['supplements']['rules'] = [
    { category: 'SEVERE_DISABILITY', amount: { percentOfStandard: '20' } },
    { category: 'ELDERLY', minimumAge: 70, amount: { flatFen: 5000 } },
    { category: 'SEVERE_ILLNESS', amount: { percentOfStandard: '15' } },
    { category: 'MINOR', amount: { percentOfStandard: '10' } },
  ];
  const elderlyDisabled = household([
    member('G', { birthDate: '1950-01-01', workAbility: 'NONE', disability: { grade: 2, category: 'PHYSICAL' } }),
  ]);

  it('adds every supplement a member qualifies for when supplements are additive', () => {
    const result = assess(elderlyDisabled, { supplements: { combination: 'ADDITIVE', rules: supplementRules } });
    expect(result.supplements).toEqual([
      { memberId: 'G', category: 'SEVERE_DISABILITY', amountFen: 20000 },
      { memberId: 'G', category: 'ELDERLY', amountFen: 5000 },
    ]);
    expect(result.monthlyAmountFen).toBe(125000);
  });

  it('pays only the highest supplement when supplements are highest-only', () => {
    const result = assess(elderlyDisabled, { supplements: { combination: 'HIGHEST_ONLY', rules: supplementRules } });
    expect(result.supplements).toEqual([{ memberId: 'G', category: 'SEVERE_DISABILITY', amountFen: 20000 }]);
    expect(result.monthlyAmountFen).toBe(120000);
  });

  it('pays a flat-fen elderly supplement from the policy age, not a day before', () => {
    const supplements = { combination: 'HIGHEST_ONLY' as const, rules: supplementRules };
    const seventy = household([member('E', { birthDate: '1956-03-15', workAbility: 'NONE' })]);
    const almostSeventy = household([member('E', { birthDate: '1956-03-16', workAbility: 'NONE' })]);
    expect(assess(seventy, { supplements }).supplements).toEqual([{ memberId: 'E', category: 'ELDERLY', amountFen: 5000 }]);
    expect(assess(almostSeventy, { supplements }).supplements).toEqual([]);
  });
});

describe('低保 — counted income', () => {
  it('leaves excluded income types out of household income', () => {
    const facts = householdOfThree(180000, {
      incomes: [
        { memberId: 'A', type: 'WAGES', monthlyAverageFen: 180000 },
        { memberId: 'C', type: 'SCHOLARSHIP', monthlyAverageFen: 30000 },
        { memberId: 'B', type: 'SPECIAL_CARE_PENSION', monthlyAverageFen: 20000 },
      ],
    });
    expect(assess(facts).monthlyAmountFen).toBe(130000);
    expect(assess(facts, { incomeExclusions: ['SPECIAL_CARE_PENSION'] }).monthlyAmountFen).toBe(100000 * 3 - 210000 + 10000);
  });

  it('deducts a share of earnings as employment cost, capped at a share of the standard', () => {
    const result = assess(householdOfThree(180000), {
      employmentCostDeduction: { basis: 'SHARE_OF_EARNINGS', share: '0.2', capShareOfStandard: '0.1' },
    });
    // 20% of 180000 = 36000, capped at 10000 → counted 170000
    expect(result.monthlyAmountFen).toBe(300000 - 170000 + 10000);
    expect(result.explanation.find((s) => s.rule === 'INCOME.EMPLOYMENT_COST_DEDUCTION')?.result).toEqual({
      deductions: [{ memberId: 'A', deductionFen: '10000' }],
      countedIncomeFen: '170000',
    });
  });

  it('deducts a share of the standard per earning member, never more than their earnings', () => {
    const facts = householdOfThree(0, {
      incomes: [
        { memberId: 'A', type: 'WAGES', monthlyAverageFen: 180000 },
        { memberId: 'B', type: 'BUSINESS', monthlyAverageFen: 10000 },
        { memberId: 'B', type: 'PENSION', monthlyAverageFen: 5000 },
      ],
    });
    const result = assess(facts, { employmentCostDeduction: { basis: 'SHARE_OF_STANDARD', share: '0.3' } });
    // A: 30000; B: min(30000, earned 10000) = 10000; pension not earned → counted 195000 − 40000 = 155000
    expect(result.monthlyAmountFen).toBe(300000 - 155000 + 10000);
  });

  it('does not count people in prison: no headcount, no income, no assets', () => {
    const facts = householdOfThree(180000, {
      members: [member('A'), member('B'), minor('C'), member('D', { included: false, exclusionReason: 'IMPRISONED' })],
      incomes: [
        { memberId: 'A', type: 'WAGES', monthlyAverageFen: 180000 },
        { memberId: 'D', type: 'WAGES', monthlyAverageFen: 500000 },
      ],
      vehicles: [{ memberId: 'D', valueFen: 9000000 }],
    });
    expect(assess(facts)).toMatchObject({ outcome: 'ELIGIBLE', membersCovered: 3, monthlyAmountFen: 130000 });
  });
});

describe('低保 — asset limits', () => {
  it('accepts financial assets exactly at 24 × standard per person and refuses a fen more', () => {
    expect(assess(householdOfThree(180000, { financialAssets: [{ kind: 'BANK_DEPOSIT', valueFen: 7200000 }] })).outcome).toBe('ELIGIBLE');
    const over = assess(
      householdOfThree(180000, {
        financialAssets: [
          { kind: 'BANK_DEPOSIT', valueFen: 7000000 },
          { kind: 'SECURITIES', valueFen: 200003 },
        ],
      }),
    );
    expect(over).toMatchObject({ eligible: false, outcome: 'INELIGIBLE', monthlyAmountFen: 0 });
    expect(codes(over)).toContain('FINANCIAL_ASSETS_OVER_LIMIT');
  });

  it('allows the higher multiple for a household with a severely ill member', () => {
    const facts = householdOfThree(180000, {
      members: [member('A'), member('B', { severeIllness: { condition: '尿毒症' } }), minor('C')],
      financialAssets: [{ kind: 'BANK_DEPOSIT', valueFen: 10800000 }],
    });
    expect(assess(facts).outcome).toBe('ELIGIBLE');
    expect(assess({ ...facts, financialAssets: [{ kind: 'BANK_DEPOSIT', valueFen: 10800003 }] }).outcome).toBe('INELIGIBLE');
  });

  it('refuses a household with a vehicle above the value limit', () => {
    const result = assess(householdOfThree(180000, { vehicles: [{ memberId: 'A', valueFen: 6000000 }] }));
    expect(result.outcome).toBe('INELIGIBLE');
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: 'VEHICLE_OVER_LIMIT', memberId: 'A' }));
  });

  it('exempts a sole-livelihood vehicle and a disability vehicle', () => {
    expect(assess(householdOfThree(180000, { vehicles: [{ valueFen: 6000000, soleLivelihood: true }] })).outcome).toBe('ELIGIBLE');
    expect(assess(householdOfThree(180000, { vehicles: [{ valueFen: 6000000, disabilityVehicle: true }] })).outcome).toBe('ELIGIBLE');
  });

  it('does not exempt a sole-livelihood vehicle when the policy grants no such exemption', () => {
    const vehicles = { ...defaults.assetLimits.vehicles, exemptions: ['DISABILITY_VEHICLE' as const] };
    const result = assess(householdOfThree(180000, { vehicles: [{ valueFen: 6000000, soleLivelihood: true }] }), {
      assetLimits: { ...defaults.assetLimits, vehicles },
    });
    expect(result.outcome).toBe('INELIGIBLE');
  });

  it('refuses a household whose businesses make more than the profit limit', () => {
    const result = assess(householdOfThree(180000, { businesses: [{ annualProfitFen: 3000000 }, { annualProfitFen: 2000001 }] }));
    expect(codes(result)).toContain('BUSINESS_PROFIT_OVER_LIMIT');
    expect(assess(householdOfThree(180000, { businesses: [{ annualProfitFen: 6000000 }, { annualProfitFen: -1000000 }] })).outcome).toBe(
      'ELIGIBLE',
    );
  });

  it('refuses a household with more homes than allowed', () => {
    const result = assess(householdOfThree(180000, { homes: [{ areaSqm: 50 }, { areaSqm: 40 }] }));
    expect(result.outcome).toBe('INELIGIBLE');
    expect(codes(result)).toContain('TOO_MANY_HOMES');
  });

  it('refuses a household whose home area per person exceeds the limit, exact at the limit', () => {
    expect(assess(householdOfThree(180000, { homes: [{ areaSqm: 180 }] })).outcome).toBe('ELIGIBLE');
    expect(codes(assess(householdOfThree(180000, { homes: [{ areaSqm: 180.01 }] })))).toContain('HOME_AREA_OVER_LIMIT');
  });

  it('does not call a household over an asset limit marginal, even with low income', () => {
    const result = assess(householdOfThree(330000, { homes: [{ areaSqm: 50 }, { areaSqm: 40 }] }));
    expect(result.outcome).toBe('INELIGIBLE');
  });
});

describe('低保 — 单人保 (individual coverage)', () => {
  const withMember = (b: ReturnType<typeof member>, wagesA = 330000, overrides: Partial<HouseholdFacts> = {}) =>
    household([member('A'), b, minor('C')], { incomes: [{ memberId: 'A', type: 'WAGES', monthlyAverageFen: wagesA }], ...overrides });

  it('covers a grade 1 disabled member of a marginal household as a one-person household', () => {
    const result = assess(withMember(member('B', { disability: { grade: 1, category: 'PHYSICAL' }, workAbility: 'NONE' })));
    expect(result).toMatchObject({
      eligible: true,
      outcome: 'INDIVIDUAL_COVERAGE',
      perCapitaIncomeFen: 110000,
      membersCovered: 1,
      coveredMemberIds: ['B'],
      monthlyAmountFen: 100000,
    });
    expect(codes(result)).toContain('INDIVIDUAL_COVERAGE');
  });

  it('uses the covered member’s own income for the gap', () => {
    const facts = withMember(member('B', { severeIllness: { condition: '白血病' } }), 330000, {
      incomes: [
        { memberId: 'A', type: 'WAGES', monthlyAverageFen: 290000 },
        { memberId: 'B', type: 'PENSION', monthlyAverageFen: 40000 },
      ],
    });
    expect(assess(facts)).toMatchObject({ outcome: 'INDIVIDUAL_COVERAGE', monthlyAmountFen: 60000 });
  });

  it('covers a grade 3 intellectual or mental disability but not a grade 3 physical one', () => {
    expect(assess(withMember(member('B', { disability: { grade: 3, category: 'MENTAL' } }))).outcome).toBe('INDIVIDUAL_COVERAGE');
    expect(assess(withMember(member('B', { disability: { grade: 3, category: 'INTELLECTUAL' } }))).outcome).toBe('INDIVIDUAL_COVERAGE');
    expect(assess(withMember(member('B', { disability: { grade: 3, category: 'PHYSICAL' } }))).outcome).toBe('MARGINAL');
  });

  it('does not cover anyone individually in a household above the marginal line', () => {
    const result = assess(withMember(member('B', { disability: { grade: 1, category: 'VISUAL' } }), 480000));
    expect(result.outcome).toBe('INELIGIBLE');
    expect(codes(result)).toContain('INCOME_NOT_BELOW_MARGINAL_LINE');
  });

  it('does not cover anyone individually when the household’s assets are over a limit', () => {
    const facts = withMember(member('B', { disability: { grade: 1, category: 'VISUAL' } }), 330000, { businesses: [{ annualProfitFen: 9000000 }] });
    expect(assess(facts).outcome).toBe('INELIGIBLE');
  });
});

describe('低保 — refusing suitable work', () => {
  it('takes away the share of a member who refused suitable work three times, still counting their income', () => {
    const facts = householdOfThree(180000, { members: [member('A', { suitableWorkRefusals: 3 }), member('B'), minor('C')] });
    const result = assess(facts);
    expect(result).toMatchObject({ outcome: 'ELIGIBLE', perCapitaIncomeFen: 60000, membersCovered: 2, coveredMemberIds: ['B', 'C'] });
    expect(result.monthlyAmountFen).toBe(40000 * 2 + 10000);
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: 'MEMBER_LOST_SHARE_REFUSED_WORK', memberId: 'A' }));
  });

  it('keeps the share of a member who refused twice', () => {
    const facts = householdOfThree(180000, { members: [member('A', { suitableWorkRefusals: 2 }), member('B'), minor('C')] });
    expect(assess(facts).monthlyAmountFen).toBe(130000);
  });

  it('pays nothing when the only member refused three times: marginal, no member covered', () => {
    const result = assess(household([member('A', { suitableWorkRefusals: 4 })]));
    expect(result).toMatchObject({ eligible: false, outcome: 'MARGINAL', monthlyAmountFen: 0 });
    expect(codes(result)).toContain('NO_MEMBER_COVERED');
  });
});

describe('低保 — explanation, review class and input checks', () => {
  it('explains every step with rule, English and Chinese description, inputs, parameters and result', () => {
    const result = assess(householdOfThree(180000));
    expect(result.explanation.map((s) => s.rule)).toEqual([
      'MLA.HOUSEHOLD.MEMBERS',
      'INCOME.EXCLUSIONS',
      'INCOME.EMPLOYMENT_COST_DEDUCTION',
      'MLA.INCOME.PER_CAPITA_BELOW_STANDARD',
      'ASSETS.FINANCIAL',
      'ASSETS.VEHICLES',
      'ASSETS.BUSINESSES',
      'ASSETS.HOMES',
      'MLA.MEMBERS.WORK_REFUSAL',
      'MLA.BENEFIT.BASE',
      'BENEFIT.SUPPLEMENTS',
      'MLA.BENEFIT.TOTAL',
      'MLA.OUTCOME',
    ]);
    for (const s of result.explanation) {
      expect(s.description.en).toEqual(expect.any(String));
      expect(s.description.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(s).toEqual(expect.objectContaining({ inputs: expect.any(Object), parameters: expect.any(Object) }));
    }
    expect(JSON.parse(JSON.stringify(result.explanation))).toEqual(result.explanation);
  });

  it('classes a household with work-capable members as unstable (6-month review), one without as stable (12)', () => {
    expect(assess(householdOfThree(180000)).review).toEqual({ householdClass: 'UNSTABLE', intervalMonths: 6 });
    const elderly = household([member('E', { birthDate: '1950-01-01', workAbility: 'NONE' })]);
    expect(assess(elderly).review).toEqual({ householdClass: 'STABLE', intervalMonths: 12 });
    expect(assess(householdOfThree(330000)).review).toBeNull();
  });

  it('refuses facts that name an unknown member', () => {
    const facts = householdOfThree(0, { incomes: [{ memberId: 'Z', type: 'WAGES', monthlyAverageFen: 1 }] });
    expect(() => assess(facts)).toThrow(InvalidFactsError);
    expect(() => assess(householdOfThree(100.5))).toThrow('household.incomes[0].monthlyAverageFen must be a whole number of fen');
  });
});
