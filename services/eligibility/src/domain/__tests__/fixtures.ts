/** Test fixtures (excluded from the build by the `__tests__` folder). */
import { HouseholdFacts, HouseholdMember } from '../household';
import { PolicyParameters, PolicyVersion } from '../policy/policy-version';

/** The worked example of DOMAIN-RULES.md: ¥1,000 standard, GAP, minimum 0.20, minors +10% (highest only). */
export function exampleParameters(overrides: Partial<PolicyParameters> = {}): PolicyParameters {
  return {
    subsistenceStandard: 100000,
    benefitMethod: { method: 'GAP' },
    minimumBenefitRatio: '0.20',
    supplements: { combination: 'HIGHEST_ONLY', rules: [{ category: 'MINOR', amount: { percentOfStandard: '10' } }] },
    incomeExclusions: ['SPECIAL_CARE_PENSION', 'FAMILY_PLANNING_REWARD', 'SCHOLARSHIP', 'HEROIC_ACT_AWARD', 'SOCIAL_ASSISTANCE', 'BASIC_RESIDENT_PENSION'],
    employmentCostDeduction: { basis: 'SHARE_OF_EARNINGS', share: '0' },
    assetLimits: {
      financialAssets: { perCapitaMultipleOfStandard: '24', severeHouseholdPerCapitaMultipleOfStandard: '36' },
      vehicles: { valueLimitFen: 5000000, exemptions: ['SOLE_LIVELIHOOD', 'DISABILITY_VEHICLE'] },
      businesses: { annualProfitLimitFen: 5000000 },
      homes: { maxHomes: 1, maxPerCapitaAreaSqm: 60 },
    },
    marginalIncomeMultiple: '1.5',
    taperSchedule: [100, 100, 80, 80, 60, 60],
    reviewIntervals: { STABLE: 12, UNSTABLE: 6, INTENSIVE: 3 },
    extremePovertyMultiple: '1.3',
    careAllowance: {
      SELF_SUFFICIENT: { flatFen: 0 },
      PARTLY_DEPENDENT: { percentOfStandard: '30' },
      FULLY_DEPENDENT: { percentOfStandard: '60' },
    },
    temporaryAssistance: {
      capMultipleOfStandardPerPerson: '6',
      streetApprovalLimitFen: 300000,
      emergencyAdvanceLimitFen: 200000,
      emergencyAidHours: 24,
      paperworkWorkingDays: 5,
    },
    deadlines: {
      decisionWorkingDays: 30,
      extendedDecisionWorkingDays: 45,
      investigationStartWorkingDays: 3,
      refusalNoticeWorkingDays: 3,
      recheckWorkingDays: 10,
      publicNoticeDays: 7,
      extremePovertyInvestigationWorkingDays: 15,
    },
    ...overrides,
  };
}

export function examplePolicy(overrides: Partial<PolicyParameters> = {}, version: Partial<PolicyVersion> = {}): PolicyVersion {
  return {
    policyId: 'dibao-330106',
    version: '330106-2026-01',
    divisionCode: '330106',
    effectiveFrom: '2026-01-01',
    parameters: exampleParameters(overrides),
    ...version,
  };
}

export const ASSESSMENT_DATE = '2026-03-15';

/** An adult (born 1980) with full work ability, no disability or illness. */
export function member(memberId: string, overrides: Partial<HouseholdMember> = {}): HouseholdMember {
  return {
    memberId,
    birthDate: '1980-05-01',
    included: true,
    disability: null,
    severeIllness: null,
    workAbility: 'FULL',
    ...overrides,
  };
}

export function minor(memberId: string, overrides: Partial<HouseholdMember> = {}): HouseholdMember {
  return member(memberId, { birthDate: '2015-09-01', workAbility: 'NONE', ...overrides });
}

/** A household with the given members and no income or assets unless overridden. */
export function household(members: HouseholdMember[], overrides: Partial<HouseholdFacts> = {}): HouseholdFacts {
  return { members, incomes: [], financialAssets: [], vehicles: [], businesses: [], homes: [], ...overrides };
}

/** The worked example's household of three (two adults, one minor) with the given monthly wages of A. */
export function householdOfThree(monthlyWagesFen: number, overrides: Partial<HouseholdFacts> = {}): HouseholdFacts {
  return household([member('A'), member('B'), minor('C')], {
    incomes: [{ memberId: 'A', type: 'WAGES', monthlyAverageFen: monthlyWagesFen }],
    ...overrides,
  });
}
