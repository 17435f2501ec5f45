/**
 * The default policy version applied at start-up when the catalogue has none for district 330106
 * (杭州市西湖区, the local default jurisdiction): ¥1,000 standard, GAP with a 20 % minimum, +10 % for a
 * minor (highest supplement only), taper 100/100/80/80/60/60, reviews every 12/6/3 months. The other
 * parameters are typical local values within the national limits.
 */
import { PolicyVersion } from '../policy/policy-version';

export const DEFAULT_POLICY_ID = 'district-330106';

export const DEFAULT_POLICY_VERSION: PolicyVersion = {
  policyId: DEFAULT_POLICY_ID,
  version: '330106-2026-01',
  divisionCode: '330106',
  effectiveFrom: '2026-01-01',
  parameters: {
    subsistenceStandard: 100000,
    benefitMethod: { method: 'GAP' },
    minimumBenefitRatio: '0.20',
    supplements: { combination: 'HIGHEST_ONLY', rules: [{ category: 'MINOR', amount: { percentOfStandard: '10' } }] },
    incomeExclusions: [
      'SPECIAL_CARE_PENSION',
      'FAMILY_PLANNING_REWARD',
      'SCHOLARSHIP',
      'HEROIC_ACT_AWARD',
      'SOCIAL_ASSISTANCE',
      'BASIC_RESIDENT_PENSION',
    ],
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
  },
};
