/**
 * Issue 14 item 8 — local variation the policy model now expresses, as given / when / then
 * specifications of the review-case decider (given: the case's history; when: the county decides;
 * then: the CaseApproved / CaseRefused it records, with the explanation lines in Chinese).
 *
 * Sources. Each example names the published rule whose *structure* it models. The texts could not be
 * read from this environment (no stored copy in the reference corpora), so every figure below is
 * illustrative of that structure on the fixtures' ¥1,000 standard — not a quotation, and not the
 * document's own numbers.
 */
import { given } from '@sa/decider';
import { ObligedSupportPolicy, PolicyParameters } from '../policy/policy-version';
import { sharePercentText } from '../policy/policy-amount';
import { validatePolicyVersion } from '../policy/validate-policy';
import {
  A,
  B,
  caseMember,
  decideCase,
  decided,
  decider,
  facts,
  history,
  notice,
  open,
  opinion,
  policyWith,
  receiveFacts,
  submit,
  visit,
} from '../__tests__/review-case-fixtures';
import { CaseApproved, CaseRefused, ReviewCaseCommand, ReviewCaseEvent } from './index';

const only = <T extends ReviewCaseEvent['type']>(events: ReviewCaseEvent[], type: T) => {
  expect(events.map((e) => e.type)).toEqual([type]);
  return events[0] as Extract<ReviewCaseEvent, { type: T }>;
};

/** Every step of the whole flow with `policy` (opinion and decision both apply it). */
function decide(parameters: Partial<PolicyParameters>, commands: { open: ReviewCaseCommand; facts: ReviewCaseCommand; opinion?: Parameters<typeof opinion>[0] }) {
  const policy = policyWith(parameters);
  const past = history(commands.open, commands.facts, visit(), opinion({ policy, ...commands.opinion }), notice(), submit());
  return { past, events: decided(past, decideCase({ policy })) };
}

const stepOf = (event: CaseApproved | CaseRefused, rule: string) => {
  const assessment = event.data.assessment!;
  return assessment.explanation.find((s) => s.rule === rule);
};

// ---------------------------------------------------------------------------------------------------
// 1. 特困 care standard by supply mode × self-care level (careStandardsBySupplyMode)
// Modelled on: 国务院《关于进一步健全特困人员救助供养制度的意见》(国发〔2016〕14号, 2016) — the support
// standard is a basic-living standard plus a care standard set by self-care ability — and the
// provincial implementing opinions that followed it (e.g. 广东省人民政府《关于进一步健全特困人员救助
// 供养制度的实施意见》, 2016), which set care standards separately for 集中供养 and 分散供养.
// Figures illustrative: 分散 5 % / 30 % / 60 %, 集中 10 % / 40 % / 80 % of the standard.
// ---------------------------------------------------------------------------------------------------
describe('特困: care standard by supply mode (集中 / 分散供养) × self-care level', () => {
  const elder = { applicantMemberId: A, members: [caseMember(A, '王秀英', 'APPLICANT', { birthDate: '1950-02-01', workAbility: 'NONE' })] };
  const partly = { EATING: 'ABLE', DRESSING: 'UNABLE', BED_TRANSFER: 'ABLE', TOILETING: 'ABLE', INDOOR_WALKING: 'ABLE', BATHING: 'UNABLE' } as const;
  const fully = { EATING: 'UNABLE', DRESSING: 'UNABLE', BED_TRANSFER: 'UNABLE', TOILETING: 'UNABLE', INDOOR_WALKING: 'ABLE', BATHING: 'ABLE' } as const;
  const BY_MODE: Partial<PolicyParameters> = {
    careStandardsBySupplyMode: {
      DISPERSED: { SELF_SUFFICIENT: { percentOfStandard: '5' }, PARTLY_DEPENDENT: { percentOfStandard: '30' }, FULLY_DEPENDENT: { percentOfStandard: '60' } },
      CENTRALIZED: { SELF_SUFFICIENT: { percentOfStandard: '10' }, PARTLY_DEPENDENT: { percentOfStandard: '40' }, FULLY_DEPENDENT: { percentOfStandard: '80' } },
    },
  };
  const eps = (selfCare: typeof partly | typeof fully, supplyMode?: 'CENTRALIZED' | 'DISPERSED') => ({
    open: open({ program: 'EXTREME_POVERTY_SUPPORT', household: elder }),
    facts: receiveFacts(0, { facts: { ...facts(0), financialAssets: [], homes: [] } }),
    opinion: { extremePoverty: { memberId: A, selfCare, supporters: [], ...(supplyMode ? { supplyMode } : {}) } },
  });

  it('分散供养, partly dependent: ¥1,300 basic living + 30 % × ¥1,000 = ¥300 care → ¥1,600, explained in Chinese', () => {
    const approved = only(decide(BY_MODE, eps(partly, 'DISPERSED')).events, 'CaseApproved') as CaseApproved;
    expect(approved.data.assessment).toMatchObject({
      baseAmountFen: 130000,
      supplements: [{ memberId: A, category: 'CARE_ALLOWANCE', amountFen: 30000 }],
      monthlyAmountFen: 160000,
      selfCareLevel: 'PARTLY_DEPENDENT',
    });
    const care = stepOf(approved, 'EPS.CARE_STANDARD')!;
    expect(care.description.zh).toBe('分散供养、部分丧失生活自理能力：照料护理标准为低保标准（¥1,000.00）的30%，即每月¥300.00');
    expect(care.parameters).toMatchObject({ 'careStandardsBySupplyMode.DISPERSED.PARTLY_DEPENDENT': '30% of standard' });
  });

  it('集中供养, partly dependent: care 40 % → ¥400, ¥1,700 in all', () => {
    const approved = only(decide(BY_MODE, eps(partly, 'CENTRALIZED')).events, 'CaseApproved') as CaseApproved;
    expect(approved.data.assessment).toMatchObject({ supplements: [{ amountFen: 40000 }], monthlyAmountFen: 170000 });
    expect(stepOf(approved, 'EPS.CARE_STANDARD')!.description.zh).toMatch(/^集中供养、部分丧失生活自理能力：照料护理标准为低保标准（¥1,000.00）的40%/);
  });

  it('集中供养, fully dependent (four activities unable): care 80 % → ¥800, ¥2,100 in all', () => {
    const approved = only(decide(BY_MODE, eps(fully, 'CENTRALIZED')).events, 'CaseApproved') as CaseApproved;
    expect(approved.data.assessment).toMatchObject({ selfCareLevel: 'FULLY_DEPENDENT', supplements: [{ amountFen: 80000 }], monthlyAmountFen: 210000 });
  });

  it('a case whose supply mode was not recorded (older cases) keeps the policy careAllowance, and says so', () => {
    const approved = only(decide(BY_MODE, eps(partly)).events, 'CaseApproved') as CaseApproved;
    expect(approved.data.assessment).toMatchObject({ supplements: [{ amountFen: 30000 }], monthlyAmountFen: 160000 });
    expect(stepOf(approved, 'EPS.CARE_STANDARD')!.description.zh).toContain('（未记录供养方式）');
  });

  it('without the parameter the supply mode changes nothing (policies published before): no new step', () => {
    const approved = only(decide({}, eps(partly, 'CENTRALIZED')).events, 'CaseApproved') as CaseApproved;
    expect(approved.data.assessment).toMatchObject({ monthlyAmountFen: 160000 });
    expect(stepOf(approved, 'EPS.CARE_STANDARD')).toBeUndefined();
  });

  it('the supply mode is kept on the opinion, so the decision and the audit re-computation use it', () => {
    const { past } = decide(BY_MODE, eps(partly, 'CENTRALIZED'));
    const issued = past.find((e) => e.type === 'InitialOpinionIssued')!;
    expect((issued.data as { opinion: { extremePoverty: unknown } }).opinion.extremePoverty).toMatchObject({ supplyMode: 'CENTRALIZED' });
  });

  it('an unknown supply mode is refused (nothing recorded)', () => {
    const policy = policyWith(BY_MODE);
    const past = history(eps(partly).open, eps(partly).facts, visit());
    const bad = opinion({ policy, extremePoverty: { memberId: A, selfCare: partly, supporters: [], supplyMode: 'AT_HOME' as never } });
    given(decider, past).when(bad).thenThrows('invalid_facts');
  });

  it('validation names each bad key of the table', () => {
    const v = validatePolicyVersion(
      policyWith({
        careStandardsBySupplyMode: {
          DISPERSED: { SELF_SUFFICIENT: { percentOfStandard: '-5' }, PARTLY_DEPENDENT: { percentOfStandard: '30' } },
          AT_HOME: {},
        } as never,
      }),
    );
    expect(v.map((x) => x.path)).toEqual([
      'parameters.careStandardsBySupplyMode.AT_HOME',
      'parameters.careStandardsBySupplyMode.CENTRALIZED',
      'parameters.careStandardsBySupplyMode.DISPERSED.SELF_SUFFICIENT.percentOfStandard',
      'parameters.careStandardsBySupplyMode.DISPERSED.FULLY_DEPENDENT',
    ]);
    expect(validatePolicyVersion(policyWith(BY_MODE))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// 2. Support deemed from obliged relatives living apart (obligedSupport, method + threshold + share)
// Modelled on: 民政部 财政部《最低生活保障审核确认办法》(民发〔2021〕57号, 2021), which leaves the
// counting of 赡养（抚养、扶养）费 to local rules, and provincial rules that count the part of the
// obliged relative's income above a multiple of the local standard (e.g. 北京市民政局《北京市最低生活
// 保障审核确认办法》, 2021) or above the local per-capita consumption expenditure (a form used in several
// provinces' 低保家庭经济状况核算 rules). Figures illustrative: 2 × the standard at 30 %; ¥3,000
// consumption at 30 %.
// ---------------------------------------------------------------------------------------------------
describe('低保: support deemed from an obliged son living apart', () => {
  const parentAndSon = {
    applicantMemberId: A,
    members: [
      caseMember(A, '刘桂芳', 'APPLICANT', { birthDate: '1948-05-01', workAbility: 'NONE' }),
      caseMember(B, '陈建国', 'SON', { included: false, exclusionReason: 'OBLIGED_SUPPORTER_LIVING_APART' }),
    ],
  };
  const withSonEarning = (wagesFen: number) => ({
    open: open({ household: parentAndSon }),
    facts: receiveFacts(0, { facts: { ...facts(0), financialAssets: [], homes: [], incomes: [{ memberId: B, type: 'WAGES', monthlyAverageFen: wagesFen }] } }),
  });

  it('above 2 × the standard at 30 %: son ¥3,500 → (3,500 − 2,000) × 30 % = ¥450 deemed; the parent gets ¥550', () => {
    const approved = only(
      decide({ obligedSupport: { thresholdMultipleOfStandard: '2', sharesByObligedCount: ['0.3'] } }, withSonEarning(350000)).events,
      'CaseApproved',
    ) as CaseApproved;
    expect(approved.data.assessment).toMatchObject({ perCapitaMonthlyIncomeFen: 45000, monthlyAmountFen: 55000, coveredMemberIds: [A] });
    const s = stepOf(approved, 'INCOME.OBLIGED_SUPPORT')!;
    expect(s.description.zh).toBe('赡养（抚养、扶养）费按义务人月收入超出当地低保标准（¥1,000.00）2倍部分的30%计算（义务人1人）');
    expect(s.result).toMatchObject({ lines: ['第1位义务人：月收入¥3,500.00，超出¥2,000.00部分¥1,500.00，按30%计赡养费¥450.00'] });
  });

  it('above the local per-capita consumption (¥3,000) at 30 %: son ¥5,000 → ¥600 deemed; the parent gets ¥400', () => {
    const rule: ObligedSupportPolicy = { method: 'MULTIPLE_OF_CONSUMPTION', thresholdMultipleOfStandard: '1', perCapitaConsumptionFen: 300000, sharesByObligedCount: ['0.3'] };
    const approved = only(decide({ obligedSupport: rule }, withSonEarning(500000)).events, 'CaseApproved') as CaseApproved;
    expect(approved.data.assessment).toMatchObject({ perCapitaMonthlyIncomeFen: 60000, monthlyAmountFen: 40000 });
    expect(stepOf(approved, 'INCOME.OBLIGED_SUPPORT')!.description.zh).toBe(
      '赡养（抚养、扶养）费按义务人月收入超出当地居民月人均消费支出（¥3,000.00）1倍部分的30%计算（义务人1人）',
    );
  });

  it('the same son under the consumption rule with a 60 % share: ¥1,200 deemed, not below the standard → refused', () => {
    const rule: ObligedSupportPolicy = { method: 'MULTIPLE_OF_CONSUMPTION', thresholdMultipleOfStandard: '1', perCapitaConsumptionFen: 300000, sharesByObligedCount: ['0.6'] };
    const policy = policyWith({ obligedSupport: rule });
    const { open: o, facts: f } = withSonEarning(500000);
    const past = history(o, f, visit(), opinion({ policy, proposal: 'REFUSE', note: '赡养费计入后家庭月人均收入不低于低保标准' }), submit());
    const refused = only(decided(past, decideCase({ policy, outcome: 'REFUSE', reason: '家庭月人均收入不低于当地低保标准' })), 'CaseRefused') as CaseRefused;
    expect(refused.data.assessment).toMatchObject({ eligible: false, perCapitaMonthlyIncomeFen: 120000 });
  });

  it('validation: the consumption method needs its figure; the standard method refuses one; an unknown method is named', () => {
    const paths = (obligedSupport: unknown) =>
      validatePolicyVersion(policyWith({ obligedSupport: obligedSupport as never })).map((x) => x.path);
    expect(paths({ method: 'MULTIPLE_OF_CONSUMPTION', thresholdMultipleOfStandard: '1', sharesByObligedCount: ['0.3'] })).toEqual([
      'parameters.obligedSupport.perCapitaConsumptionFen',
    ]);
    expect(paths({ thresholdMultipleOfStandard: '2', perCapitaConsumptionFen: 300000, sharesByObligedCount: ['0.3'] })).toEqual([
      'parameters.obligedSupport.perCapitaConsumptionFen',
    ]);
    expect(paths({ method: 'BY_HOUSEHOLD', thresholdMultipleOfStandard: '2', sharesByObligedCount: ['1.5'] })).toEqual([
      'parameters.obligedSupport.method',
      'parameters.obligedSupport.sharesByObligedCount[0]',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// 3. Asset limits per tier (assetLimitsByTier) — 低保边缘 and 特困 limits of their own
// Modelled on: 民政部 等《最低生活保障边缘家庭和刚性支出困难家庭认定办法》(2024), under which the
// provinces set the 低保边缘 family's property conditions themselves (they may be looser than 低保's),
// and 民政部《特困人员认定办法》(民发〔2021〕43号, 2021), art. 9 (property as set locally). Figures
// illustrative: a 低保边缘 vehicle limit of ¥100,000 against 低保's ¥50,000; 特困 deposits at most
// 12 months of the standard.
// ---------------------------------------------------------------------------------------------------
describe('asset limits per tier', () => {
  it('低保边缘 with its own vehicle limit: a ¥80,000 car refuses 低保 but not 低保边缘 (income ¥1,100 per head)', () => {
    const household = {
      applicantMemberId: A,
      members: [caseMember(A, '赵强', 'APPLICANT'), caseMember(B, '孙丽', 'SPOUSE', { birthDate: '1982-07-05' })],
    };
    const car = { ...facts(220000), vehicles: [{ memberId: A, valueFen: 8000000 }] };
    const commands = { open: open({ program: 'LOW_INCOME_MARGINAL', household }), facts: receiveFacts(220000, { facts: car }) };
    const tier: Partial<PolicyParameters> = {
      assetLimitsByTier: { LOW_INCOME_MARGINAL: { vehicles: { valueLimitFen: 10000000, exemptions: ['SOLE_LIVELIHOOD'] } } },
    };
    const approved = only(decide(tier, commands).events, 'CaseApproved') as CaseApproved;
    expect(approved.data.assessment).toMatchObject({ eligible: true, outcome: 'MARGINAL', householdMarginal: true });
    expect(stepOf(approved, 'MLA.MARGINAL.ASSETS.VEHICLES')!.parameters).toMatchObject({
      'assetLimitsByTier.LOW_INCOME_MARGINAL.vehicles.valueLimitFen': 10000000,
    });

    // Without the tier's own limit (as before): the car is over the 低保 limit, so not marginal either.
    const policy = policyWith({});
    const past = history(commands.open, commands.facts, visit(), opinion({ policy, proposal: 'REFUSE', note: '车辆超标' }), submit());
    const refused = only(decided(past, decideCase({ policy, outcome: 'REFUSE', reason: '车辆价值超过规定' })), 'CaseRefused') as CaseRefused;
    expect(refused.data.assessment!.reasons.map((r) => r.code)).toContain('VEHICLE_OVER_LIMIT');
  });

  it('特困 deposits at most 12 × the standard: ¥20,000 is within 低保 (24 ×) but over the 特困 limit → refused', () => {
    const elder = { applicantMemberId: A, members: [caseMember(A, '周大爷', 'APPLICANT', { birthDate: '1945-01-01', workAbility: 'NONE' })] };
    const selfCare = { EATING: 'ABLE', DRESSING: 'ABLE', BED_TRANSFER: 'ABLE', TOILETING: 'ABLE', INDOOR_WALKING: 'ABLE', BATHING: 'ABLE' } as const;
    const deposits = { ...facts(0), homes: [], financialAssets: [{ memberId: A, kind: 'BANK_DEPOSIT' as const, valueFen: 2000000 }] };
    const tier: Partial<PolicyParameters> = {
      assetLimitsByTier: { EXTREME_POVERTY_SUPPORT: { financialAssets: { perCapitaMultipleOfStandard: '12', severeHouseholdPerCapitaMultipleOfStandard: '12' } } },
    };
    const policy = policyWith(tier);
    const ep = { extremePoverty: { memberId: A, selfCare, supporters: [] } };
    const past = history(
      open({ program: 'EXTREME_POVERTY_SUPPORT', household: elder }),
      receiveFacts(0, { facts: deposits }),
      visit(),
      opinion({ policy, proposal: 'REFUSE', note: '存款超过特困财产标准', ...ep }),
      submit(),
    );
    const refused = only(decided(past, decideCase({ policy, outcome: 'REFUSE', reason: '金融资产超过规定' })), 'CaseRefused') as CaseRefused;
    expect(refused.data.reasons.map((r) => r.code)).toContain('FINANCIAL_ASSETS_ABOVE_LIMIT');
    expect(stepOf(refused, 'ASSETS.FINANCIAL')!.parameters).toMatchObject({
      'assetLimitsByTier.EXTREME_POVERTY_SUPPORT.financialAssets.perCapitaMultipleOfStandard': '12',
    });

    // The same facts without the tier limit are within the 低保 limit: approved ¥1,300.
    const approved = only(
      decide({}, { open: open({ program: 'EXTREME_POVERTY_SUPPORT', household: elder }), facts: receiveFacts(0, { facts: deposits }), opinion: ep }).events,
      'CaseApproved',
    ) as CaseApproved;
    expect(approved.data.assessment).toMatchObject({ monthlyAmountFen: 130000 });
  });

  it('validation names each bad key; an empty tier and a second place for 低保边缘 financial limits are refused', () => {
    const v = validatePolicyVersion(
      policyWith({
        marginalFinancialAssetLimits: { perCapitaMultipleOfStandard: '36', severeHouseholdPerCapitaMultipleOfStandard: '48' },
        assetLimitsByTier: {
          LOW_INCOME_MARGINAL: { financialAssets: { perCapitaMultipleOfStandard: '36', severeHouseholdPerCapitaMultipleOfStandard: '48' }, homes: { maxHomes: 0 } },
          EXTREME_POVERTY_SUPPORT: {},
          TEMPORARY: {},
        } as never,
      }),
    );
    expect(v.map((x) => x.path)).toEqual([
      'parameters.assetLimitsByTier.TEMPORARY',
      'parameters.assetLimitsByTier.LOW_INCOME_MARGINAL.homes.maxHomes',
      'parameters.assetLimitsByTier.LOW_INCOME_MARGINAL.homes.maxPerCapitaAreaSqm',
      'parameters.assetLimitsByTier.LOW_INCOME_MARGINAL.financialAssets',
      'parameters.assetLimitsByTier.EXTREME_POVERTY_SUPPORT',
    ]);
  });
});

describe('shares in the Chinese lines are exact percentages', () => {
  it.each([
    ['0.3', '30'],
    ['0.125', '12.5'],
    ['1', '100'],
    ['0.05', '5'],
    ['0', '0'],
  ])('%s → %s%%', (share, percent) => {
    expect(sharePercentText(share)).toBe(percent);
  });
});
