import { ASSESSMENT_DATE, examplePolicy, member } from '../__tests__/fixtures';
import { HouseholdMember } from '../household';
import { PolicyParameters } from '../policy/policy-version';
import { assessExtremePoverty, ExtremePovertyInput, SelfCareActivity, selfCareLevelOf } from './extreme-poverty';

const ALL_ABLE: Record<SelfCareActivity, 'ABLE' | 'UNABLE'> = {
  EATING: 'ABLE',
  DRESSING: 'ABLE',
  BED_TRANSFER: 'ABLE',
  TOILETING: 'ABLE',
  INDOOR_WALKING: 'ABLE',
  BATHING: 'ABLE',
};
const ORDER: SelfCareActivity[] = ['EATING', 'DRESSING', 'BED_TRANSFER', 'TOILETING', 'INDOOR_WALKING', 'BATHING'];
const unable = (count: number) => ({ ...ALL_ABLE, ...Object.fromEntries(ORDER.slice(0, count).map((a) => [a, 'UNABLE'])) });

const elderly = member('P', { birthDate: '1950-01-01', workAbility: 'NONE' });

function assess(overrides: Partial<ExtremePovertyInput> = {}, parameters: Partial<PolicyParameters> = {}) {
  return assessExtremePoverty({
    person: elderly,
    incomes: [],
    assets: { financialAssets: [], vehicles: [], businesses: [], homes: [] },
    supporters: [],
    selfCare: ALL_ABLE,
    assessmentDate: ASSESSMENT_DATE,
    policy: examplePolicy(parameters),
    ...overrides,
  });
}
const routesOf = (person: HouseholdMember) => assess({ person }).workAbilityRoutes;

describe('特困 — self-care level', () => {
  it.each([
    [0, 'SELF_SUFFICIENT'],
    [1, 'PARTLY_DEPENDENT'],
    [3, 'PARTLY_DEPENDENT'],
    [4, 'FULLY_DEPENDENT'],
    [6, 'FULLY_DEPENDENT'],
  ])('with %i of six activities impossible the person is %s', (count, level) => {
    expect(selfCareLevelOf(unable(count))).toEqual({ level, unableActivities: ORDER.slice(0, count) });
  });

  it('pays the care allowance of the level on top of 1.3 × standard', () => {
    expect(assess({ selfCare: unable(0) })).toMatchObject({ basicLivingFen: 130000, careAllowanceFen: 0, monthlyAmountFen: 130000 });
    expect(assess({ selfCare: unable(3) })).toMatchObject({ selfCareLevel: 'PARTLY_DEPENDENT', careAllowanceFen: 30000, monthlyAmountFen: 160000 });
    expect(assess({ selfCare: unable(4) })).toMatchObject({ selfCareLevel: 'FULLY_DEPENDENT', careAllowanceFen: 60000, monthlyAmountFen: 190000 });
  });

  it('refuses an assessment that leaves an activity out', () => {
    const { BATHING: _, ...incomplete } = ALL_ABLE;
    expect(() => assess({ selfCare: incomplete as typeof ALL_ABLE })).toThrow('self-care assessment must state ABLE or UNABLE for BATHING');
  });
});

describe('特困 — no work ability', () => {
  it('counts a person of 60 or over, not 59', () => {
    expect(routesOf(member('P', { birthDate: '1966-03-15' }))).toEqual(['AGE_60_OR_OVER']);
    expect(routesOf(member('P', { birthDate: '1966-03-16' }))).toEqual([]);
  });

  it('counts a child under 16, not one who has turned 16', () => {
    expect(routesOf(member('P', { birthDate: '2010-03-16' }))).toEqual(['UNDER_16']);
    expect(routesOf(member('P', { birthDate: '2010-03-15' }))).toEqual([]);
  });

  it('counts the listed severe disabilities only', () => {
    const adult = (disability: HouseholdMember['disability']) => routesOf(member('P', { disability }));
    expect(adult({ grade: 2, category: 'PHYSICAL' })).toEqual(['LISTED_SEVERE_DISABILITY']);
    expect(adult({ grade: 3, category: 'INTELLECTUAL' })).toEqual(['LISTED_SEVERE_DISABILITY']);
    expect(adult({ grade: 1, category: 'VISUAL' })).toEqual(['LISTED_SEVERE_DISABILITY']);
    expect(adult({ grade: 3, category: 'PHYSICAL' })).toEqual([]);
    expect(adult({ grade: 2, category: 'VISUAL' })).toEqual([]);
    expect(adult({ grade: 1, category: 'HEARING' })).toEqual([]);
  });

  it('refuses a working-age person without a listed disability', () => {
    const result = assess({ person: member('P') });
    expect(result).toMatchObject({ eligible: false, outcome: 'INELIGIBLE', monthlyAmountFen: 0 });
    expect(result.reasons.map((r) => r.code)).toEqual(['HAS_WORK_ABILITY']);
  });

  it('records every route that applies', () => {
    expect(routesOf(member('P', { birthDate: '1950-01-01', disability: { grade: 1, category: 'MENTAL' } }))).toEqual([
      'AGE_60_OR_OVER',
      'LISTED_SEVERE_DISABILITY',
    ]);
  });
});

describe('特困 — income, assets and supporters', () => {
  it('requires income below the standard, leaving excluded types out', () => {
    expect(assess({ incomes: [{ memberId: 'P', type: 'PENSION', monthlyAverageFen: 99999 }] }).eligible).toBe(true);
    const result = assess({ incomes: [{ memberId: 'P', type: 'PENSION', monthlyAverageFen: 100000 }] });
    expect(result).toMatchObject({ eligible: false, monthlyIncomeFen: 100000 });
    expect(result.reasons.map((r) => r.code)).toContain('INCOME_NOT_BELOW_STANDARD');
    expect(assess({ incomes: [{ memberId: 'P', type: 'BASIC_RESIDENT_PENSION', monthlyAverageFen: 150000 }] }).eligible).toBe(true);
  });

  it('requires assets within the limits, with the higher multiple for a severely disabled person', () => {
    const deposit = (valueFen: number) => ({ financialAssets: [{ kind: 'BANK_DEPOSIT' as const, valueFen }], vehicles: [], businesses: [], homes: [] });
    expect(assess({ assets: deposit(2400000) }).eligible).toBe(true);
    expect(assess({ assets: deposit(2400001) }).reasons.map((r) => r.code)).toContain('FINANCIAL_ASSETS_OVER_LIMIT');
    const blind = member('P', { birthDate: '1950-01-01', disability: { grade: 1, category: 'VISUAL' } });
    expect(assess({ person: blind, assets: deposit(3600000) }).eligible).toBe(true);
  });

  it('refuses a person with a supporter able to support them', () => {
    const result = assess({ supporters: [{ relation: '女儿', ableToSupport: true }] });
    expect(result.eligible).toBe(false);
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: 'SUPPORTER_ABLE_TO_SUPPORT', zh: '法定义务人（女儿）具有履行义务能力' }));
    expect(assess({ supporters: [{ relation: '儿子', ableToSupport: false }] }).eligible).toBe(true);
  });
});

describe('特困 — amounts and explanation', () => {
  it('rounds basic living and care allowance once each, half up', () => {
    // 1.3 × 100005 = 130006.5 → 130007; 30% × 100005 = 30001.5 → 30002
    const result = assess({ selfCare: unable(2) }, { subsistenceStandard: 100005 });
    expect(result).toMatchObject({ basicLivingFen: 130007, careAllowanceFen: 30002, monthlyAmountFen: 160009 });
  });

  it('pays a flat-fen care allowance when the policy says so', () => {
    const careAllowance = { ...examplePolicy().parameters.careAllowance, FULLY_DEPENDENT: { flatFen: 88000 } };
    expect(assess({ selfCare: unable(6) }, { careAllowance }).careAllowanceFen).toBe(88000);
  });

  it('explains each condition and the amount', () => {
    const result = assess({ selfCare: unable(1) });
    expect(result.explanation.map((s) => s.rule)).toEqual([
      'EPS.WORK_ABILITY',
      'INCOME.EXCLUSIONS',
      'INCOME.EMPLOYMENT_COST_DEDUCTION',
      'EPS.INCOME_BELOW_STANDARD',
      'ASSETS.FINANCIAL',
      'ASSETS.VEHICLES',
      'ASSETS.BUSINESSES',
      'ASSETS.HOMES',
      'EPS.NO_ABLE_SUPPORTER',
      'EPS.SELF_CARE',
      'EPS.AMOUNT',
    ]);
    expect(result.explanation.at(-1)).toMatchObject({
      parameters: { extremePovertyMultiple: '1.3', 'careAllowance.PARTLY_DEPENDENT': '30% of standard' },
      result: { basicLivingFen: 130000, careAllowanceFen: 30000, monthlyAmountFen: 160000 },
    });
    expect(result.reasons[0].code).toBe('EXTREME_POVERTY_CONDITIONS_MET');
  });
});
