/**
 * Issue 14 item 2: 单人保 method and ratio as policy parameters, explained line by line; a 低保边缘
 * household with a 单人保 member gets both outcomes in one decision.
 *
 * The numbers model a typical local rule ("单人保按本人收入与低保标准的差额发放" / "按不低于当地低保标准
 * 60% 发放" / a fixed monthly amount); no published text of a particular province was found in the
 * stored reference corpora, so the figures are the DOMAIN-RULES worked-example standard (¥1,000).
 */
import { A, B, caseMember, decided, history, HOUSEHOLD, open, opinion, policyWith, receiveFacts, visit } from '../__tests__/review-case-fixtures';
import { validatePolicyVersion } from '../policy/validate-policy';
import { IndividualCoveragePolicy } from '../policy/policy-version';
import { InitialOpinionIssued, Program, VerificationFacts } from './index';

/** B is grade-1 disabled with no income of her own; A earns ¥3,300: per capita ¥1,100 (above ¥1,000, below 1.5 × ¥1,000). */
const household = {
  ...HOUSEHOLD,
  members: HOUSEHOLD.members.map((m) => (m.memberId === B ? caseMember(B, '李娜', 'SPOUSE', { birthDate: '1982-07-05', workAbility: 'NONE', disability: { grade: 1, category: 'PHYSICAL' } }) : m)),
};
const facts: VerificationFacts = {
  incomes: [{ memberId: A, type: 'WAGES', monthlyAverageFen: 330000 }],
  financialAssets: [],
  vehicles: [],
  businesses: [],
  homes: [],
};

function assess(program: Program, individualCoverage?: IndividualCoveragePolicy) {
  const policy = policyWith(individualCoverage ? { individualCoverage } : {});
  const past = history(open({ program, household }), receiveFacts(0, { facts }), visit());
  const [event] = decided(past, opinion({ policy }));
  return (event as InitialOpinionIssued).data.opinion.assessment!;
}

describe('低保边缘 household with a 单人保 member', () => {
  it('is judged marginal (not "符合低保条件") and covers the member in the same decision', () => {
    const a = assess('LOW_INCOME_MARGINAL');
    expect(a.eligible).toBe(true);
    expect(a.householdMarginal).toBe(true);
    expect(a.outcome).toBe('MARGINAL_WITH_INDIVIDUAL_COVERAGE');
    expect(a.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['BELOW_MARGINAL_LINE', 'INDIVIDUAL_COVERAGE']));
    expect(a.reasons.map((r) => r.zh)).not.toContain('符合低保条件，不属于低保边缘家庭');
    // OWN_GAP (no parameter: the rule as before): ¥1,000 − ¥0 for B
    expect(a.coverage).toBe('INDIVIDUAL');
    expect(a.coveredMemberIds).toEqual([B]);
    expect(a.monthlyAmountFen).toBe(100000);
  });

  it('the 低保 application of the same household records both as well (单人保 paid, household marginal)', () => {
    const a = assess('MINIMUM_LIVING_ALLOWANCE');
    expect(a).toMatchObject({ eligible: true, outcome: 'INDIVIDUAL_COVERAGE', householdMarginal: true, monthlyAmountFen: 100000 });
  });
});

describe('单人保 method and ratio (policy individualCoverage)', () => {
  const withOwnIncome: VerificationFacts = { ...facts, incomes: [...facts.incomes, { memberId: B, type: 'PENSION', monthlyAverageFen: 60000 }] };
  const assessWithIncome = (rule: IndividualCoveragePolicy) => {
    const policy = policyWith({ individualCoverage: rule });
    const past = history(open({ program: 'LOW_INCOME_MARGINAL', household }), receiveFacts(0, { facts: withOwnIncome }), visit());
    return ((decided(past, opinion({ policy }))[0] as InitialOpinionIssued).data.opinion.assessment!);
  };

  // B has ¥600 pension: per capita (3300 + 600) / 3 = ¥1,300, still marginal; B's own income ¥600 < ¥1,000.
  it('OWN_GAP: ¥1,000 − ¥600 = ¥400 (raised to the 20 % minimum? no: ¥400 ≥ ¥200)', () => {
    const a = assessWithIncome({ method: 'OWN_GAP', addSupplements: true });
    expect(a.monthlyAmountFen).toBe(40000);
  });

  it('OWN_GAP with a floor of 60 % of the standard: ¥400 raised to ¥600, explained', () => {
    const a = assessWithIncome({ method: 'OWN_GAP', minimumShareOfStandard: '0.60', addSupplements: true });
    expect(a.monthlyAmountFen).toBe(60000);
    const floor = a.explanation.find((s) => s.rule === 'MLA.INDIVIDUAL_COVERAGE.MINIMUM_SHARE')!;
    expect(floor.parameters).toMatchObject({ 'individualCoverage.minimumShareOfStandard': '0.60' });
    expect(floor.result).toMatchObject({ raisedToFloor: true, baseAmountFen: expect.stringContaining('60000') as string });
  });

  it('SHARE_OF_STANDARD 60 %: ¥600 whatever the own income, explained', () => {
    const a = assessWithIncome({ method: 'SHARE_OF_STANDARD', share: '0.60', addSupplements: true });
    expect(a.monthlyAmountFen).toBe(60000);
    const base = a.explanation.find((s) => s.rule === 'MLA.INDIVIDUAL_COVERAGE.BASE')!;
    expect(base.parameters).toEqual({ subsistenceStandard: 100000, 'individualCoverage.method': 'SHARE_OF_STANDARD', 'individualCoverage.share': '0.60' });
  });

  it('FIXED_AMOUNT ¥500, with the classified supplement left out by policy', () => {
    const policy = policyWith({
      individualCoverage: { method: 'FIXED_AMOUNT', amountFen: 50000, addSupplements: false },
      supplements: { combination: 'HIGHEST_ONLY', rules: [{ category: 'SEVERE_DISABILITY', amount: { percentOfStandard: '10' } }] },
    });
    const past = history(open({ program: 'LOW_INCOME_MARGINAL', household }), receiveFacts(0, { facts }), visit());
    const a = (decided(past, opinion({ policy }))[0] as InitialOpinionIssued).data.opinion.assessment!;
    expect(a.monthlyAmountFen).toBe(50000);
    expect(a.supplements).toEqual([]);
    expect(a.explanation.map((s) => s.rule)).toContain('MLA.INDIVIDUAL_COVERAGE.SUPPLEMENTS');
  });
});

describe('policy validation of individualCoverage and unknown keys', () => {
  const base = policyWith({});
  it('accepts the three methods and refuses bad ratios and amounts, naming the field', () => {
    expect(validatePolicyVersion(policyWith({ individualCoverage: { method: 'SHARE_OF_STANDARD', share: '0.60', addSupplements: true } }))).toEqual([]);
    const bad = validatePolicyVersion(policyWith({ individualCoverage: { method: 'SHARE_OF_STANDARD', share: '1.5', addSupplements: true } }));
    expect(bad.map((v) => v.path)).toEqual(['parameters.individualCoverage.share']);
    const fixed = validatePolicyVersion(policyWith({ individualCoverage: { method: 'FIXED_AMOUNT', amountFen: 0, addSupplements: 'yes' } as never }));
    expect(fixed.map((v) => v.path).sort()).toEqual(['parameters.individualCoverage.addSupplements', 'parameters.individualCoverage.amountFen']);
    const method = validatePolicyVersion(policyWith({ individualCoverage: { method: 'HALF', addSupplements: true } as never }));
    expect(method.map((v) => v.path)).toEqual(['parameters.individualCoverage.method']);
  });

  it('refuses every unknown key, each named, at any depth', () => {
    const candidate = {
      ...base,
      comment: 'x',
      parameters: {
        ...base.parameters,
        subsistenceStandart: 120000,
        assetLimits: { ...base.parameters.assetLimits, homes: { ...base.parameters.assetLimits.homes, maxArea: 1 } },
        individualCoverage: { method: 'OWN_GAP', addSupplements: true, share: '0.6' },
      },
    };
    expect(validatePolicyVersion(candidate as never).map((v) => [v.path, v.message])).toEqual([
      ['comment', 'is not a known parameter'],
      ['parameters.subsistenceStandart', 'is not a known parameter'],
      ['parameters.assetLimits.homes.maxArea', 'is not a known parameter'],
      ['parameters.individualCoverage.share', 'is not a known parameter'],
    ]);
  });

  it('a version stored before unknown keys were refused still applies (decisions re-check it with unknownKeys: ignore)', () => {
    const stored = { ...base, parameters: { ...base.parameters, legacyNote: 'ignored' } } as never;
    expect(validatePolicyVersion(stored, { unknownKeys: 'ignore' })).toEqual([]);
    const past = history(open(), receiveFacts(), visit());
    const [event] = decided(past, opinion({ policy: stored }));
    expect(event!.type).toBe('InitialOpinionIssued');
  });
});
