/**
 * Policy parameters (政策参数): versioned, per administrative division, effective-dated. National
 * rules fix the procedure; amounts, thresholds and many periods are set locally, so they live
 * here and never as constants in rule code. A decision records the `version` it applied.
 *
 * Units: money in integer fen; ratios, multiples and percentages as exact decimal strings
 * (`Decimal`, e.g. `'0.20'`, `'1.5'`, `'10'`); periods in whole months, days or working days.
 */
import { CalendarDate } from '../calendar-date';
import { Decimal, Fen } from '../money';
import { IncomeType } from '../household';

export interface PolicyVersion {
  /** Stable id of the policy line (e.g. `'dibao-330106'`); versions of one line share it. */
  policyId: string;
  /** Version label recorded on decisions; starts with the division code, e.g. `'330106-2026-01'`. */
  version: string;
  /** 6-digit division code: province `xx0000`, city `xxxx00` or district. */
  divisionCode: string;
  /** First day the version applies (inclusive). */
  effectiveFrom: CalendarDate;
  parameters: PolicyParameters;
}

export interface PolicyParameters {
  /** 低保标准: monthly fen per person. */
  subsistenceStandard: Fen;
  /** GAP (差额) or TIERED (分档). */
  benefitMethod: BenefitMethod;
  /** If a person's gap is below this share of the standard, pay this share (GAP only), e.g. `'0.20'`. */
  minimumBenefitRatio?: Decimal;
  /** 分类施保. */
  supplements: SupplementPolicy;
  /** Income types not counted as household income. */
  incomeExclusions: IncomeType[];
  employmentCostDeduction: EmploymentCostDeduction;
  assetLimits: AssetLimits;
  /** 低保边缘 when per-capita income is below this multiple of the standard, e.g. `'1.5'`. */
  marginalIncomeMultiple: Decimal;
  /** 渐退: monthly percentages of the current amount after income rises above the standard; [] = stop at once. */
  taperSchedule: number[];
  /** Months between periodic reviews, per household class. */
  reviewIntervals: Record<ReviewClass, number>;
  /** 特困 basic living = this multiple × standard (at least 1.3). */
  extremePovertyMultiple: Decimal;
  /** 特困 care allowance (护理补贴) per self-care level. */
  careAllowance: Record<SelfCareLevel, PolicyAmount>;
  temporaryAssistance: TemporaryAssistancePolicy;
  deadlines: Deadlines;
  /**
   * 单人保: how the amount of an individually covered member is set. Absent: OWN_GAP by the
   * benefit method with supplements (the rule before this parameter existed).
   */
  individualCoverage?: IndividualCoveragePolicy;
  /** Support deemed from obliged relatives living apart (rules/income.ts `deemedObligedSupport`). Absent: none deemed. */
  obligedSupport?: ObligedSupportPolicy;
  /**
   * 低保边缘 financial-asset limits as their own multiples of the standard. Absent: the 低保 limits
   * (`assetLimits.financialAssets`) apply, as before.
   */
  marginalFinancialAssetLimits?: AssetLimits['financialAssets'];
  /**
   * 特困 care standard (照料护理标准) by supply mode (集中供养 / 分散供养) × self-care level. Used when the
   * case records the person's supply mode; absent (or no supply mode recorded): `careAllowance`, as before.
   */
  careStandardsBySupplyMode?: Record<SupplyMode, Record<SelfCareLevel, PolicyAmount>>;
  /**
   * Asset limits per tier: a tier's own limits for any of the four kinds (each kind given is whole);
   * the kinds not given are the 低保 `assetLimits`. 低保边缘 (`LOW_INCOME_MARGINAL`) and 特困
   * (`EXTREME_POVERTY_SUPPORT`). Absent: the 低保 limits (and `marginalFinancialAssetLimits`), as before.
   */
  assetLimitsByTier?: Partial<Record<AssetTier, Partial<AssetLimits>>>;
  /**
   * 追回 by offset: at most `monthlyCapPercent` % (integer 0–99) of a month's regular payment is kept
   * back to recover an overpayment. Absent (versions published before it existed): disbursement's
   * service setting applies (`DISBURSEMENT_RECOVERY_CAP_PERCENT` / `_BY_DIVISION`, default 30).
   */
  overpaymentRecovery?: OverpaymentRecoveryPolicy;
}

/** 多发待遇追回: the monthly offset cap, % of the month's regular payment (never 100: the household keeps something). */
export interface OverpaymentRecoveryPolicy {
  monthlyCapPercent: number;
}

/** 特困 供养方式: 集中供养 (in an institution) or 分散供养 (at home). */
export type SupplyMode = 'CENTRALIZED' | 'DISPERSED';

/** Tiers that may have asset limits of their own (the 低保 limits are `assetLimits`). */
export type AssetTier = 'LOW_INCOME_MARGINAL' | 'EXTREME_POVERTY_SUPPORT';

/**
 * 赡养/抚养/扶养义务人 living apart: (their counted income − threshold) × share, the share chosen by
 * the number of obliged relatives (index n − 1; the last entry for more). The threshold:
 * - `method` absent or `MULTIPLE_OF_STANDARD`: `thresholdMultipleOfStandard` × the 低保 standard;
 * - `MULTIPLE_OF_CONSUMPTION`: `thresholdMultipleOfStandard` × `perCapitaConsumptionFen`, the local
 *   monthly per-capita consumption expenditure (当地居民月人均消费支出) the policy states.
 */
export interface ObligedSupportPolicy {
  method?: 'MULTIPLE_OF_STANDARD' | 'MULTIPLE_OF_CONSUMPTION';
  thresholdMultipleOfStandard: Decimal;
  /** MULTIPLE_OF_CONSUMPTION only: the local monthly per-capita consumption expenditure, fen. */
  perCapitaConsumptionFen?: Fen;
  sharesByObligedCount: Decimal[];
}

/**
 * 单人保 amount per covered member (local rules differ):
 * - OWN_GAP: the member's own gap (standard − own counted income) by the benefit method, raised to
 *   `minimumShareOfStandard` × standard when set ("按本人收入差额，不低于标准的 x%");
 * - SHARE_OF_STANDARD: `share` × the standard ("按低保标准的 60% 发放");
 * - FIXED_AMOUNT: `amountFen` a month.
 * `addSupplements`: whether the classified supplement (分类施保) is added on top.
 */
export type IndividualCoveragePolicy =
  | { method: 'OWN_GAP'; minimumShareOfStandard?: Decimal; addSupplements: boolean }
  | { method: 'SHARE_OF_STANDARD'; share: Decimal; addSupplements: boolean }
  | { method: 'FIXED_AMOUNT'; amountFen: Fen; addSupplements: boolean };

export type BenefitMethod = { method: 'GAP' } | { method: 'TIERED'; bands: IncomeBand[] };

/**
 * One band of the TIERED method: per-capita income in [minIncomeFen, maxIncomeFen) gives each
 * covered member `percentOfStandard` % of the standard. Bands must start at 0, be sorted, touch
 * without gaps or overlaps, and reach at least the standard.
 */
export interface IncomeBand {
  minIncomeFen: Fen;
  maxIncomeFen: Fen;
  percentOfStandard: Decimal;
}

/** An amount defined either as a percentage of the standard or as flat fen. */
export type PolicyAmount = { percentOfStandard: Decimal } | { flatFen: Fen };

/** 分类施保 categories a member can fall in (codes as in the public contracts). */
export type SupplementCategory = 'SEVERE_ILLNESS' | 'SEVERE_DISABILITY' | 'ELDERLY' | 'MINOR';

export interface SupplementRule {
  category: SupplementCategory;
  amount: PolicyAmount;
  /** ELDERLY only: the age from which the supplement applies (age ≥ N). */
  minimumAge?: number;
}

export interface SupplementPolicy {
  /** HIGHEST_ONLY: a member gets only their highest supplement; ADDITIVE: all that apply. */
  combination: 'HIGHEST_ONLY' | 'ADDITIVE';
  rules: SupplementRule[];
}

/**
 * 就业成本扣减, per earning member per month, from earned income (WAGES and BUSINESS):
 * - SHARE_OF_EARNINGS: `share` × the member's earned income;
 * - SHARE_OF_STANDARD: `share` × the standard.
 * Cap rule: the deduction is at most `capShareOfStandard` × the standard when that is set, and
 * never more than the member's earned income (earned income never goes below zero).
 * `share: '0'` means no deduction.
 */
export interface EmploymentCostDeduction {
  basis: 'SHARE_OF_EARNINGS' | 'SHARE_OF_STANDARD';
  share: Decimal;
  capShareOfStandard?: Decimal;
}

export type VehicleExemption = 'SOLE_LIVELIHOOD' | 'DISABILITY_VEHICLE';

/** Asset limits; a value exactly at a limit is within it. */
export interface AssetLimits {
  financialAssets: {
    /** Per-capita financial assets at most this multiple of the monthly standard, e.g. `'24'`. */
    perCapitaMultipleOfStandard: Decimal;
    /** The same for households with a severely ill or severely disabled member (higher). */
    severeHouseholdPerCapitaMultipleOfStandard: Decimal;
  };
  vehicles: {
    /** No single non-exempt vehicle may be worth more than this (0 = any such vehicle disqualifies). */
    valueLimitFen: Fen;
    /** Vehicles that never count: sole means of livelihood, disability vehicle. */
    exemptions: VehicleExemption[];
  };
  businesses: {
    /** The household's businesses together may not make more annual net profit than this. */
    annualProfitLimitFen: Fen;
  };
  homes: {
    /** At most this many homes. */
    maxHomes: number;
    /** Total floor area per counted member at most this many m². */
    maxPerCapitaAreaSqm: number;
  };
}

/** Household class for periodic reviews (codes as in the public contracts). */
export type ReviewClass = 'STABLE' | 'UNSTABLE' | 'INTENSIVE';

/** Self-care level from the six-activity assessment. */
export type SelfCareLevel = 'SELF_SUFFICIENT' | 'PARTLY_DEPENDENT' | 'FULLY_DEPENDENT';

export interface TemporaryAssistancePolicy {
  /** Cap: this multiple of the monthly standard per person in the household, e.g. `'6'`. */
  capMultipleOfStandardPerPerson: Decimal;
  /** The street office / township approves alone up to this amount. */
  streetApprovalLimitFen: Fen;
  /** 急难备用金: the most that may be paid first, before the file is complete. */
  emergencyAdvanceLimitFen: Fen;
  /** Emergency aid must be given within this many hours (e.g. 24 or 48). */
  emergencyAidHours: number;
  /** After an emergency advance, the file must be complete within this many working days. */
  paperworkWorkingDays: number;
  /**
   * 一事一议: assistance above the usual cap, decided collectively (at least `minimumApprovers`
   * approvers named, the meeting's minutes referenced), never above `ceilingFen`. Absent: no amount
   * above the usual cap can be decided (requests are granted up to the cap, as before).
   */
  collectiveDecision?: CollectiveDecisionPolicy;
}

/** 一事一议 of temporary assistance: its own ceiling and the approvers a decision needs. */
export interface CollectiveDecisionPolicy {
  /** The most a collective decision may grant for one case (fen). */
  ceilingFen: Fen;
  /** Approvers the decision must name (default 3). */
  minimumApprovers?: number;
}

/** Approvers a 一事一议 decision names when the policy does not say. */
export const DEFAULT_COLLECTIVE_DECISION_APPROVERS = 3;

/** Procedural deadlines, within the national limits. */
export interface Deadlines {
  /** Acceptance → decision, at most 30 working days. */
  decisionWorkingDays: number;
  /** The same when extended for a recorded reason, at most 45. */
  extendedDecisionWorkingDays: number;
  /** Acceptance → start of investigation, at most 3. */
  investigationStartWorkingDays: number;
  /** Refusal → written reasons sent, at most 3. */
  refusalNoticeWorkingDays: number;
  /** Objection to a verification result → re-check done (typically 10). */
  recheckWorkingDays: number;
  /** 公示 period in calendar days, at least 7. */
  publicNoticeDays: number;
  /** 特困 investigation, at most 15 working days. */
  extremePovertyInvestigationWorkingDays: number;
}
