/**
 * The explanation of an amount as a Chinese case officer reads it (issue 16 polish): real
 * explanations produced by eligibility's rule engine (`assessCase`) for four households — ordinary
 * 低保, 低保边缘 with 单人保, 特困, refusal for assets — rendered by the one formatter both the case page
 * and the audit page use. No output string may contain an untranslated key or enum (`camelCase`,
 * `UPPER_CASE`).
 */
import { assessCase, AssessCaseInput } from '../../eligibility/src/domain/review-case/assessment';
import type { CaseMember, HouseholdSnapshot, VerificationFacts } from '../../eligibility/src/domain/review-case/case-file';
import { DEFAULT_POLICY_VERSION } from '../../eligibility/src/domain/policy-catalogue';
import type { PolicyVersion } from '../../eligibility/src/domain/policy/policy-version';
import { explanationRows, formatStepValue, formatValue, keyLabel } from '../web/src/explain';
import { actorLabel, type DirectoryOfficer } from '../web/src/officers';

const A = '6a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c';
const B = '7b2a1c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d';
const C = '8c3b2d4e-5f6a-4b7c-8d9e-9f0a1b2c3d4e';
const NAMES: Record<string, string> = { [A]: '张伟', [B]: '李娜', [C]: '张小明' };

const person = (memberId: string, relation: string, o: Partial<CaseMember> = {}): CaseMember => ({
  memberId,
  name: NAMES[memberId]!,
  relation,
  birthDate: '1980-03-12',
  included: true,
  disability: null,
  severeIllness: null,
  workAbility: 'FULL',
  ...o,
});

const report = (facts: VerificationFacts) => ({
  verificationId: 'v-1',
  reportVersion: 1,
  purpose: 'INITIAL' as const,
  platformReportRef: 'HZ-1',
  completedAt: '2026-03-05T02:00:00Z',
  receivedOn: '2026-03-05',
  facts,
  outstanding: [],
});

/** The household declared wages, a pension excluded by policy, a deposit, a car and a flat. */
const declaration: HouseholdSnapshot['declaration'] = {
  incomes: [
    { memberId: A, type: 'WAGES', month: '2026-01', amountFen: 150000 },
    { memberId: B, type: 'SPECIAL_CARE_PENSION', month: '2026-01', amountFen: 20000 },
  ],
  assets: [
    { kind: 'BANK_DEPOSIT', ownerMemberIds: [A], valueFen: 500000 },
    { kind: 'VEHICLE', ownerMemberIds: [A], valueFen: 1200000 },
    { kind: 'REAL_ESTATE', ownerMemberIds: [A, B], floorAreaSqm: 56.4 },
  ],
};

const family: HouseholdSnapshot = {
  applicantMemberId: A,
  members: [
    person(A, 'APPLICANT', { workAbility: 'PARTIAL' }),
    person(B, 'SPOUSE', { birthDate: '1982-07-05', workAbility: 'PARTIAL', disability: { grade: 3, category: 'PHYSICAL' } }),
    person(C, 'CHILD', { birthDate: '2012-09-15', workAbility: 'NONE' }),
  ],
  declaration,
};

const verified: VerificationFacts = {
  incomes: [{ memberId: A, type: 'WAGES', monthlyAverageFen: 120000, source: { origin: 'VERIFIED', registries: ['TAX', 'SOCIAL_INSURANCE'] } }],
  financialAssets: [{ memberId: A, kind: 'BANK_DEPOSIT', valueFen: 912011, source: { origin: 'VERIFIED', registries: ['BANK_DEPOSITS'] } }],
  vehicles: [],
  businesses: [],
  homes: [],
};

const base: Omit<AssessCaseInput, 'program' | 'household' | 'verification'> = { policy: DEFAULT_POLICY_VERSION, assessmentDate: '2026-03-15' };

const LOCAL_POLICY: PolicyVersion = {
  ...DEFAULT_POLICY_VERSION,
  parameters: {
    ...DEFAULT_POLICY_VERSION.parameters,
    careStandardsBySupplyMode: {
      DISPERSED: { SELF_SUFFICIENT: { percentOfStandard: '5' }, PARTLY_DEPENDENT: { percentOfStandard: '30' }, FULLY_DEPENDENT: { percentOfStandard: '60' } },
      CENTRALIZED: { SELF_SUFFICIENT: { percentOfStandard: '10' }, PARTLY_DEPENDENT: { percentOfStandard: '40' }, FULLY_DEPENDENT: { percentOfStandard: '80' } },
    },
    obligedSupport: { method: 'MULTIPLE_OF_CONSUMPTION', thresholdMultipleOfStandard: '1', perCapitaConsumptionFen: 300000, sharesByObligedCount: ['0.3'] },
    assetLimitsByTier: { LOW_INCOME_MARGINAL: { vehicles: { valueLimitFen: 10_000_000, exemptions: ['SOLE_LIVELIHOOD'] } } },
  },
};

const HOUSEHOLDS: Record<string, AssessCaseInput> = {
  '低保(三口之家)': { ...base, program: 'MINIMUM_LIVING_ALLOWANCE', household: family, verification: report(verified) },
  '低保边缘 + 单人保': {
    ...base,
    program: 'LOW_INCOME_MARGINAL',
    household: {
      applicantMemberId: A,
      members: [
        person(A, 'APPLICANT', { workAbility: 'PARTIAL' }),
        person(B, 'SPOUSE', { birthDate: '1982-07-05', workAbility: 'NONE', disability: { grade: 1, category: 'PHYSICAL' } }),
        person(C, 'CHILD', { birthDate: '2012-09-15', workAbility: 'NONE' }),
      ],
    },
    verification: report({ incomes: [{ memberId: A, type: 'WAGES', monthlyAverageFen: 500000 }], financialAssets: [], vehicles: [], businesses: [], homes: [] }),
  },
  特困: {
    ...base,
    program: 'EXTREME_POVERTY_SUPPORT',
    household: { applicantMemberId: A, members: [person(A, 'APPLICANT', { birthDate: '1950-02-01', workAbility: 'NONE' })] },
    verification: report({ incomes: [], financialAssets: [], vehicles: [], businesses: [], homes: [] }),
    extremePoverty: {
      memberId: A,
      selfCare: { EATING: 'ABLE', DRESSING: 'UNABLE', BED_TRANSFER: 'ABLE', TOILETING: 'ABLE', INDOOR_WALKING: 'ABLE', BATHING: 'UNABLE' },
      supporters: [{ relation: 'CHILD', ableToSupport: false }],
    },
  },
  // issue 14 item 8: a policy with local rules (care by supply mode, obliged support by consumption, tier limits)
  '特困(集中供养，地方照料护理标准)': {
    ...base,
    policy: LOCAL_POLICY,
    program: 'EXTREME_POVERTY_SUPPORT',
    household: { applicantMemberId: A, members: [person(A, 'APPLICANT', { birthDate: '1950-02-01', workAbility: 'NONE' })] },
    verification: report({ incomes: [], financialAssets: [], vehicles: [], businesses: [], homes: [] }),
    extremePoverty: {
      memberId: A,
      selfCare: { EATING: 'ABLE', DRESSING: 'UNABLE', BED_TRANSFER: 'ABLE', TOILETING: 'ABLE', INDOOR_WALKING: 'ABLE', BATHING: 'UNABLE' },
      supporters: [],
      supplyMode: 'CENTRALIZED',
    },
  },
  '低保边缘(义务人赡养费，边缘家庭车辆标准)': {
    ...base,
    policy: LOCAL_POLICY,
    program: 'LOW_INCOME_MARGINAL',
    household: {
      applicantMemberId: A,
      members: [person(A, 'APPLICANT', { birthDate: '1948-05-01', workAbility: 'NONE' }), person(B, 'CHILD', { included: false, exclusionReason: 'OBLIGED_SUPPORTER_LIVING_APART' })],
    },
    verification: report({
      incomes: [{ memberId: B, type: 'WAGES', monthlyAverageFen: 700000 }],
      financialAssets: [],
      vehicles: [{ memberId: A, valueFen: 8_000_000 }],
      businesses: [],
      homes: [],
    }),
  },
  '资产超标不予批准': {
    ...base,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    household: family,
    verification: report({
      ...verified,
      financialAssets: [{ memberId: A, kind: 'BANK_DEPOSIT', valueFen: 99_000_000, source: { origin: 'VERIFIED', registries: ['BANK_DEPOSITS'] } }],
      vehicles: [{ memberId: A, valueFen: 9_000_000, source: { origin: 'VERIFIED', registries: ['VEHICLES'] } }],
      businesses: [{ memberId: B, annualProfitFen: 8_000_000 }],
    }),
  },
};

/** `camelCase`, `UPPER_CASE` (or `UPPER`), or any English word left untranslated. */
const IDENTIFIER = /\b(?:[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{3,}|[A-Za-z]{2,})\b/;

describe('the explanation of an amount reads in Chinese (one formatter for the case page and the audit page)', () => {
  it.each(Object.keys(HOUSEHOLDS))('%s: every key and code is labelled, no ASCII identifier is left', (name) => {
    const assessment = assessCase(HOUSEHOLDS[name]!);
    expect(assessment.explanation.length).toBeGreaterThan(2);
    const rows = explanationRows(assessment.explanation, NAMES);
    expect(rows).toHaveLength(assessment.explanation.length);
    const texts = rows.flatMap((row) => [row.step, row.inputs, row.parameters, row.result]);
    // every key and code labelled; member ids replaced by names
    expect(texts.filter((t) => IDENTIFIER.test(t) || /[0-9a-f]{8}-[0-9a-f]{4}-/.test(t))).toEqual([]);
  });

  it('money from fen in 元, booleans 是/否, sources as short phrases, member names', () => {
    const rows = explanationRows(assessCase(HOUSEHOLDS['低保(三口之家)']!).explanation, NAMES);
    const all = rows.map((r) => `${r.inputs}|${r.parameters}|${r.result}`).join('\n');
    expect(all).toContain('银行存款 ¥9,120.11（核对：银行存款）');
    expect(all).toContain('张伟');
    expect(all).toMatch(/是|否/);
    expect(formatStepValue('declaredMonthlyIncomeFen', 150000)).toBe('申报月收入：¥1,500.00');
    expect(formatStepValue('belowStandard', true)).toBe('低于低保标准：是');
  });

  it('local rules read line by line: the care standard of the supply mode, the obliged relative’s deemed support', () => {
    const care = explanationRows(assessCase(HOUSEHOLDS['特困(集中供养，地方照料护理标准)']!).explanation, NAMES).find((r) => r.rule === 'EPS.CARE_STANDARD')!;
    expect(care.step).toBe('集中供养、部分丧失生活自理能力：照料护理标准为低保标准（¥1,000.00）的40%，即每月¥400.00');
    expect(care.inputs).toBe('供养方式：集中供养；生活自理能力：部分丧失生活自理能力');
    expect(care.parameters).toContain('照料护理标准(集中供养)(部分丧失生活自理能力)：低保标准的 40%');
    const rows = explanationRows(assessCase(HOUSEHOLDS['低保边缘(义务人赡养费，边缘家庭车辆标准)']!).explanation, NAMES);
    const obliged = rows.find((r) => r.rule === 'INCOME.OBLIGED_SUPPORT')!;
    expect(obliged.step).toBe('赡养（抚养、扶养）费按义务人月收入超出当地居民月人均消费支出（¥3,000.00）1倍部分的30%计算（义务人1人）');
    expect(obliged.result).toContain('第1位义务人：月收入¥7,000.00，超出¥3,000.00部分¥4,000.00，按30%计赡养费¥1,200.00');
    expect(obliged.result).toContain('李娜');
  });

  it('refusal for assets names the limit exceeded', () => {
    const rows = explanationRows(assessCase(HOUSEHOLDS['资产超标不予批准']!).explanation, NAMES);
    expect(rows.map((r) => r.result).join('\n')).toContain('否');
  });
});

describe('differences and policy amounts use the same formatter', () => {
  it('labels a difference field and shows money, fractions and policy amounts in Chinese', () => {
    expect(keyLabel('monthlyAmountFen')).toBe('月救助金');
    expect(formatValue('monthlyAmountFen', 190000)).toBe('¥1,900.00');
    expect(formatValue('perCapitaFen', '250000/3 (≈83333.33)')).toBe('约 ¥833.33');
    expect(formatValue('amount', '10% of standard')).toBe('低保标准的 10%');
    expect(keyLabel('careAllowance.PARTLY_DEPENDENT')).toBe('照料护理费标准(部分丧失生活自理能力)');
    expect(formatValue('memberId', B, NAMES)).toBe('李娜');
    expect(formatValue('memberId', '9d4c3e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6', NAMES)).toBe('成员 9d4c3e5f');
    // keys re-ordered by jsonb still read member first
    expect(formatValue('members', [{ included: true, memberId: A }], NAMES)).toBe('张伟（计入家庭：是）');
    expect(formatValue('earningMembers', [{ earnedFen: '150000', memberId: B }], NAMES)).toBe('李娜 ¥1,500.00');
  });
});

describe('决定人 and the actors of the timeline: name and role from the officer directory', () => {
  const officers = new Map<string, DirectoryOfficer>([
    ['5f3c1a2b-0000-4000-8000-000000000001', { id: '5f3c1a2b-0000-4000-8000-000000000001', name: '王芳', role: 'county_approver', jurisdiction: '330106' }],
  ]);
  it('names a known officer with the role of the record', () => {
    expect(actorLabel({ id: '5f3c1a2b-0000-4000-8000-000000000001', role: 'county_approver', jurisdiction: '330106' }, officers)).toBe('王芳(区县审批人)');
  });
  it('shows an unknown officer by role and shortened id, system actors by what they are', () => {
    expect(actorLabel({ id: '0e9d8c7b-1111-4000-8000-000000000002', role: 'disbursement_officer', jurisdiction: '330106' }, officers)).toBe('发放经办人 · 0e9d8c7b');
    expect(actorLabel({ id: 'sa-eligibility', role: 'system', jurisdiction: '330106' }, officers)).toBe('系统自动');
    expect(actorLabel({ id: 'platform', role: 'verification_platform' }, new Map())).toBe('核对平台');
    expect(actorLabel(null, officers)).toBe('');
  });
});
