/**
 * Policy validation: returns every violation, each with the path of the field, so that a policy
 * administrator sees all problems at once. A version with violations must not be published.
 * The input is typed but checked as if it came from JSON (wrong types are violations, not crashes).
 */
import { isCalendarDate } from '../calendar-date';
import { isIncomeType } from '../household';
import { isDecimal, Rational } from '../money';
import { AssetTier, PolicyParameters, PolicyVersion, ReviewClass, SelfCareLevel, SupplementCategory, SupplyMode } from './policy-version';

export interface PolicyViolation {
  /** e.g. `parameters.benefitMethod.bands[1].minIncomeFen`. */
  path: string;
  message: string;
}

/** National floor for the 特困 basic-living multiple. */
export const MINIMUM_EXTREME_POVERTY_MULTIPLE = '1.3';

/** National limits the local deadlines must respect. */
export const NATIONAL_DEADLINE_LIMITS = {
  decisionWorkingDays: 30,
  extendedDecisionWorkingDays: 45,
  investigationStartWorkingDays: 3,
  refusalNoticeWorkingDays: 3,
  minimumPublicNoticeDays: 7,
  extremePovertyInvestigationWorkingDays: 15,
} as const;

const SUPPLEMENT_CATEGORIES: readonly SupplementCategory[] = ['SEVERE_ILLNESS', 'SEVERE_DISABILITY', 'ELDERLY', 'MINOR'];
const REVIEW_CLASSES: readonly ReviewClass[] = ['STABLE', 'UNSTABLE', 'INTENSIVE'];
const SELF_CARE_LEVELS: readonly SelfCareLevel[] = ['SELF_SUFFICIENT', 'PARTLY_DEPENDENT', 'FULLY_DEPENDENT'];

/** Collects violations; every check returns whether the value is usable for further checks. */
class Checker {
  readonly violations: PolicyViolation[] = [];

  constructor(private readonly refuseUnknownKeys: boolean) {}

  /** Every key of `value` not in `allowed` is a violation naming it (a parameter nobody reads is refused, never ignored). */
  known(path: string, value: Record<string, unknown>, allowed: readonly string[]): void {
    if (!this.refuseUnknownKeys) return;
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(path === '' ? key : `${path}.${key}`, 'is not a known parameter');
    }
  }

  fail(path: string, message: string): false {
    this.violations.push({ path, message });
    return false;
  }

  object(path: string, value: unknown): value is Record<string, unknown> {
    return (typeof value === 'object' && value !== null && !Array.isArray(value)) || this.fail(path, 'is required (an object)');
  }

  array(path: string, value: unknown): value is unknown[] {
    return Array.isArray(value) || this.fail(path, 'is required (a list)');
  }

  /** A safe integer within [min, max]. */
  integer(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER, unit = ''): value is number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return this.fail(path, `must be a whole number${unit}`);
    if (value < min) return this.fail(path, `must be at least ${min}${unit}, got ${value}`);
    if (value > max) return this.fail(path, `must be at most ${max}${unit}, got ${value}`);
    return true;
  }

  /** Whole fen ≥ min. */
  fen(path: string, value: unknown, min = 0): value is number {
    return this.integer(path, value, min, Number.MAX_SAFE_INTEGER, ' fen');
  }

  /** A decimal string within bounds; returns the parsed value or null. */
  decimal(
    path: string,
    value: unknown,
    bounds: { min?: string; minExclusive?: boolean; max?: string; maxExclusive?: boolean } = {},
  ): Rational | null {
    if (!isDecimal(value)) {
      this.fail(path, `must be a decimal string such as '0.20', got ${JSON.stringify(value)}`);
      return null;
    }
    const parsed = Rational.decimal(value);
    if (bounds.min !== undefined) {
      const c = parsed.compare(Rational.decimal(bounds.min));
      if (c < 0 || (bounds.minExclusive && c === 0)) {
        this.fail(path, `must be ${bounds.minExclusive ? 'greater than' : 'at least'} ${bounds.min}, got ${value}`);
        return null;
      }
    }
    if (bounds.max !== undefined) {
      const c = parsed.compare(Rational.decimal(bounds.max));
      if (c > 0 || (bounds.maxExclusive && c === 0)) {
        this.fail(path, `must be ${bounds.maxExclusive ? 'less than' : 'at most'} ${bounds.max}, got ${value}`);
        return null;
      }
    }
    return parsed;
  }

  /** `{ percentOfStandard }` or `{ flatFen }`, exactly one. */
  amount(path: string, value: unknown): void {
    if (!this.object(path, value)) return;
    this.known(path, value, ['percentOfStandard', 'flatFen']);
    const hasPercent = 'percentOfStandard' in value;
    const hasFlat = 'flatFen' in value;
    if (hasPercent === hasFlat) {
      this.fail(path, 'must have exactly one of percentOfStandard or flatFen');
      return;
    }
    if (hasPercent) this.decimal(`${path}.percentOfStandard`, value.percentOfStandard, { min: '0' });
    else this.fen(`${path}.flatFen`, value.flatFen);
  }
}

export interface ValidationOptions {
  /**
   * 'refuse' (default, for publication): every unknown key is a violation. 'ignore': for versions
   * already stored (published before unknown keys were refused), so they keep applying as before.
   */
  unknownKeys?: 'refuse' | 'ignore';
}

const VERSION_KEYS = ['policyId', 'version', 'divisionCode', 'effectiveFrom', 'parameters'];
const PARAMETER_KEYS = [
  'subsistenceStandard',
  'benefitMethod',
  'minimumBenefitRatio',
  'supplements',
  'incomeExclusions',
  'employmentCostDeduction',
  'assetLimits',
  'marginalIncomeMultiple',
  'taperSchedule',
  'reviewIntervals',
  'extremePovertyMultiple',
  'careAllowance',
  'temporaryAssistance',
  'deadlines',
  'individualCoverage',
  'obligedSupport',
  'marginalFinancialAssetLimits',
  'careStandardsBySupplyMode',
  'assetLimitsByTier',
  'overpaymentRecovery',
];
const SUPPLY_MODES: readonly SupplyMode[] = ['CENTRALIZED', 'DISPERSED'];
const ASSET_TIERS: readonly AssetTier[] = ['LOW_INCOME_MARGINAL', 'EXTREME_POVERTY_SUPPORT'];

/** Every violation of a policy version, with field paths; empty when valid. */
export function validatePolicyVersion(candidate: PolicyVersion, options: ValidationOptions = {}): PolicyViolation[] {
  const check = new Checker((options.unknownKeys ?? 'refuse') === 'refuse');
  const policy = candidate as unknown;
  if (!check.object('', policy)) return check.violations;
  check.known('', policy, VERSION_KEYS);

  if (typeof policy.policyId !== 'string' || policy.policyId.trim() === '') check.fail('policyId', 'is required');
  const divisionOk = typeof policy.divisionCode === 'string' && /^\d{6}$/.test(policy.divisionCode) && !policy.divisionCode.startsWith('00');
  if (!divisionOk) check.fail('divisionCode', 'must be a 6-digit administrative division code');
  if (typeof policy.version !== 'string' || !/^\S{1,64}$/.test(policy.version)) {
    check.fail('version', 'must be a label of 1–64 characters without spaces');
  } else if (divisionOk && !policy.version.startsWith(`${policy.divisionCode as string}-`)) {
    check.fail('version', `must start with the division code, e.g. '${policy.divisionCode as string}-2026-01'`);
  }
  if (!isCalendarDate(policy.effectiveFrom)) check.fail('effectiveFrom', 'must be a calendar date YYYY-MM-DD');
  if (check.object('parameters', policy.parameters)) checkParameters(check, policy.parameters as unknown as PolicyParameters);
  return check.violations;
}

function checkParameters(check: Checker, parameters: PolicyParameters): void {
  const p = 'parameters';
  check.known(p, parameters as unknown as Record<string, unknown>, PARAMETER_KEYS);
  const standardOk = check.fen(`${p}.subsistenceStandard`, parameters.subsistenceStandard, 1);
  checkBenefitMethod(check, parameters, standardOk ? parameters.subsistenceStandard : null);
  if (parameters.minimumBenefitRatio !== undefined) {
    check.decimal(`${p}.minimumBenefitRatio`, parameters.minimumBenefitRatio, { min: '0', minExclusive: true, max: '1' });
  }
  checkSupplements(check, parameters);
  if (check.array(`${p}.incomeExclusions`, parameters.incomeExclusions)) {
    const seen = new Set<unknown>();
    parameters.incomeExclusions.forEach((type, i) => {
      if (!isIncomeType(type)) check.fail(`${p}.incomeExclusions[${i}]`, `unknown income type ${JSON.stringify(type)}`);
      else if (seen.has(type)) check.fail(`${p}.incomeExclusions[${i}]`, `duplicate income type ${type}`);
      seen.add(type);
    });
  }
  checkEmploymentCostDeduction(check, parameters);
  checkAssetLimits(check, parameters);
  check.decimal(`${p}.marginalIncomeMultiple`, parameters.marginalIncomeMultiple, { min: '1', minExclusive: true });
  checkTaperSchedule(check, parameters.taperSchedule);
  if (check.object(`${p}.reviewIntervals`, parameters.reviewIntervals)) {
    check.known(`${p}.reviewIntervals`, parameters.reviewIntervals as unknown as Record<string, unknown>, REVIEW_CLASSES);
    for (const reviewClass of REVIEW_CLASSES) {
      check.integer(`${p}.reviewIntervals.${reviewClass}`, parameters.reviewIntervals[reviewClass], 1, 120, ' months');
    }
  }
  check.decimal(`${p}.extremePovertyMultiple`, parameters.extremePovertyMultiple, { min: MINIMUM_EXTREME_POVERTY_MULTIPLE });
  if (check.object(`${p}.careAllowance`, parameters.careAllowance)) {
    check.known(`${p}.careAllowance`, parameters.careAllowance as unknown as Record<string, unknown>, SELF_CARE_LEVELS);
    for (const level of SELF_CARE_LEVELS) check.amount(`${p}.careAllowance.${level}`, parameters.careAllowance[level]);
  }
  checkTemporaryAssistance(check, parameters);
  checkDeadlines(check, parameters);
  checkIndividualCoverage(check, parameters);
  checkObligedSupport(check, parameters);
  checkMarginalAssetLimits(check, parameters);
  checkCareStandardsBySupplyMode(check, parameters);
  checkAssetLimitsByTier(check, parameters);
  checkOverpaymentRecovery(check, parameters);
}

/** Optional (older versions have none): `{ monthlyCapPercent }`, an integer 0–99 (100 % would leave the household nothing that month). */
function checkOverpaymentRecovery(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.overpaymentRecovery';
  const rule = parameters.overpaymentRecovery as unknown;
  if (rule === undefined) return;
  if (!check.object(path, rule)) return;
  check.known(path, rule, ['monthlyCapPercent']);
  check.integer(`${path}.monthlyCapPercent`, rule.monthlyCapPercent, 0, 99, ' %');
}

function checkCareStandardsBySupplyMode(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.careStandardsBySupplyMode';
  const table = parameters.careStandardsBySupplyMode as unknown;
  if (table === undefined) return;
  if (!check.object(path, table)) return;
  check.known(path, table, SUPPLY_MODES);
  for (const mode of SUPPLY_MODES) {
    const levels = table[mode];
    if (!check.object(`${path}.${mode}`, levels)) continue;
    check.known(`${path}.${mode}`, levels, SELF_CARE_LEVELS);
    for (const level of SELF_CARE_LEVELS) check.amount(`${path}.${mode}.${level}`, levels[level]);
  }
}

function checkAssetLimitsByTier(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.assetLimitsByTier';
  const tiers = parameters.assetLimitsByTier as unknown;
  if (tiers === undefined) return;
  if (!check.object(path, tiers)) return;
  check.known(path, tiers, ASSET_TIERS);
  for (const tier of ASSET_TIERS) {
    const limits = tiers[tier];
    if (limits === undefined) continue;
    if (!check.object(`${path}.${tier}`, limits)) continue;
    if (Object.keys(limits).length === 0) check.fail(`${path}.${tier}`, 'must set at least one of financialAssets, vehicles, businesses, homes');
    checkAssetLimitKinds(check, `${path}.${tier}`, limits, true);
    if (tier === 'LOW_INCOME_MARGINAL' && limits.financialAssets !== undefined && parameters.marginalFinancialAssetLimits !== undefined) {
      check.fail(`${path}.${tier}.financialAssets`, 'is also set as marginalFinancialAssetLimits: set the 低保边缘 financial-asset limits in one place');
    }
  }
}

function checkObligedSupport(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.obligedSupport';
  const rule = parameters.obligedSupport as unknown;
  if (rule === undefined) return;
  if (!check.object(path, rule)) return;
  check.known(path, rule, ['method', 'thresholdMultipleOfStandard', 'perCapitaConsumptionFen', 'sharesByObligedCount']);
  const method = rule.method ?? 'MULTIPLE_OF_STANDARD';
  if (method !== 'MULTIPLE_OF_STANDARD' && method !== 'MULTIPLE_OF_CONSUMPTION') {
    check.fail(`${path}.method`, "must be 'MULTIPLE_OF_STANDARD' or 'MULTIPLE_OF_CONSUMPTION'");
  }
  check.decimal(`${path}.thresholdMultipleOfStandard`, rule.thresholdMultipleOfStandard, { min: '0' });
  if (method === 'MULTIPLE_OF_CONSUMPTION') {
    if (rule.perCapitaConsumptionFen === undefined) check.fail(`${path}.perCapitaConsumptionFen`, 'is required with method MULTIPLE_OF_CONSUMPTION (当地居民月人均消费支出, fen)');
    else check.fen(`${path}.perCapitaConsumptionFen`, rule.perCapitaConsumptionFen, 1);
  } else if (rule.perCapitaConsumptionFen !== undefined) {
    check.fail(`${path}.perCapitaConsumptionFen`, 'is only used with method MULTIPLE_OF_CONSUMPTION');
  }
  if (!check.array(`${path}.sharesByObligedCount`, rule.sharesByObligedCount)) return;
  if (rule.sharesByObligedCount.length === 0) check.fail(`${path}.sharesByObligedCount`, 'needs at least one share (for one obliged relative)');
  rule.sharesByObligedCount.forEach((share, i) => check.decimal(`${path}.sharesByObligedCount[${i}]`, share, { min: '0', max: '1' }));
}

function checkMarginalAssetLimits(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.marginalFinancialAssetLimits';
  const f = parameters.marginalFinancialAssetLimits as unknown;
  if (f === undefined) return;
  if (!check.object(path, f)) return;
  check.known(path, f, ['perCapitaMultipleOfStandard', 'severeHouseholdPerCapitaMultipleOfStandard']);
  const normal = check.decimal(`${path}.perCapitaMultipleOfStandard`, f.perCapitaMultipleOfStandard, { min: '0', minExclusive: true });
  const severe = check.decimal(`${path}.severeHouseholdPerCapitaMultipleOfStandard`, f.severeHouseholdPerCapitaMultipleOfStandard, { min: '0', minExclusive: true });
  if (normal && severe && severe.lessThan(normal)) check.fail(`${path}.severeHouseholdPerCapitaMultipleOfStandard`, 'must not be lower than perCapitaMultipleOfStandard');
}

function checkIndividualCoverage(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.individualCoverage';
  const rule = parameters.individualCoverage as unknown;
  if (rule === undefined) return;
  if (!check.object(path, rule)) return;
  if (typeof rule.addSupplements !== 'boolean') check.fail(`${path}.addSupplements`, 'must be true or false');
  switch (rule.method) {
    case 'OWN_GAP':
      check.known(path, rule, ['method', 'minimumShareOfStandard', 'addSupplements']);
      if (rule.minimumShareOfStandard !== undefined) {
        check.decimal(`${path}.minimumShareOfStandard`, rule.minimumShareOfStandard, { min: '0', minExclusive: true, max: '1' });
      }
      return;
    case 'SHARE_OF_STANDARD':
      check.known(path, rule, ['method', 'share', 'addSupplements']);
      check.decimal(`${path}.share`, rule.share, { min: '0', minExclusive: true, max: '1' });
      return;
    case 'FIXED_AMOUNT':
      check.known(path, rule, ['method', 'amountFen', 'addSupplements']);
      check.fen(`${path}.amountFen`, rule.amountFen, 1);
      return;
    default:
      check.fail(`${path}.method`, "must be 'OWN_GAP', 'SHARE_OF_STANDARD' or 'FIXED_AMOUNT'");
  }
}

function checkBenefitMethod(check: Checker, parameters: PolicyParameters, standard: number | null): void {
  const path = 'parameters.benefitMethod';
  const method = parameters.benefitMethod as unknown;
  if (!check.object(path, method)) return;
  check.known(path, method, method.method === 'GAP' ? ['method'] : ['method', 'bands']);
  if (method.method === 'GAP') return;
  if (method.method !== 'TIERED') {
    check.fail(`${path}.method`, "must be 'GAP' or 'TIERED'");
    return;
  }
  if (!check.array(`${path}.bands`, method.bands)) return;
  if (method.bands.length === 0) {
    check.fail(`${path}.bands`, 'TIERED needs at least one income band');
    return;
  }
  let previousMax: number | null = null;
  let previousMin: number | null = null;
  method.bands.forEach((band: unknown, i) => {
    const bandPath = `${path}.bands[${i}]`;
    if (!check.object(bandPath, band)) return;
    check.known(bandPath, band, ['minIncomeFen', 'maxIncomeFen', 'percentOfStandard']);
    const minOk = check.fen(`${bandPath}.minIncomeFen`, band.minIncomeFen);
    const maxOk = check.fen(`${bandPath}.maxIncomeFen`, band.maxIncomeFen, 1);
    check.decimal(`${bandPath}.percentOfStandard`, band.percentOfStandard, { min: '0', minExclusive: true, max: '100' });
    if (!minOk || !maxOk) return;
    const [min, max] = [band.minIncomeFen as number, band.maxIncomeFen as number];
    if (min >= max) check.fail(bandPath, `minIncomeFen ${min} must be below maxIncomeFen ${max}`);
    if (i === 0 && min !== 0) check.fail(`${bandPath}.minIncomeFen`, 'the first band must start at 0');
    if (previousMin !== null && min < previousMin) {
      check.fail(`${bandPath}.minIncomeFen`, 'bands must be sorted by income (ascending)');
    } else if (previousMax !== null && min < previousMax) {
      check.fail(`${bandPath}.minIncomeFen`, `overlaps the previous band, which ends at ${previousMax}`);
    } else if (previousMax !== null && min > previousMax) {
      check.fail(`${bandPath}.minIncomeFen`, `leaves a gap after the previous band, which ends at ${previousMax}`);
    }
    previousMin = min;
    previousMax = Math.max(previousMax ?? 0, max);
  });
  if (standard !== null && previousMax !== null && previousMax < standard) {
    check.fail(`${path}.bands[${method.bands.length - 1}].maxIncomeFen`, `the bands must reach the standard (${standard})`);
  }
}

function checkSupplements(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.supplements';
  const supplements = parameters.supplements as unknown;
  if (!check.object(path, supplements)) return;
  check.known(path, supplements, ['combination', 'rules']);
  if (supplements.combination !== 'HIGHEST_ONLY' && supplements.combination !== 'ADDITIVE') {
    check.fail(`${path}.combination`, "must be 'HIGHEST_ONLY' or 'ADDITIVE'");
  }
  if (!check.array(`${path}.rules`, supplements.rules)) return;
  const seen = new Set<unknown>();
  supplements.rules.forEach((rule: unknown, i) => {
    const rulePath = `${path}.rules[${i}]`;
    if (!check.object(rulePath, rule)) return;
    check.known(rulePath, rule, ['category', 'amount', 'minimumAge']);
    if (!SUPPLEMENT_CATEGORIES.includes(rule.category as SupplementCategory)) {
      check.fail(`${rulePath}.category`, `must be one of ${SUPPLEMENT_CATEGORIES.join(', ')}`);
    } else if (seen.has(rule.category)) {
      check.fail(`${rulePath}.category`, `duplicate category ${rule.category as string}`);
    }
    seen.add(rule.category);
    if (rule.category === 'ELDERLY') check.integer(`${rulePath}.minimumAge`, rule.minimumAge, 50, 120, ' years');
    else if (rule.minimumAge !== undefined) check.fail(`${rulePath}.minimumAge`, 'applies to ELDERLY only');
    check.amount(`${rulePath}.amount`, rule.amount);
  });
}

function checkEmploymentCostDeduction(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.employmentCostDeduction';
  const deduction = parameters.employmentCostDeduction as unknown;
  if (!check.object(path, deduction)) return;
  check.known(path, deduction, ['basis', 'share', 'capShareOfStandard']);
  if (deduction.basis !== 'SHARE_OF_EARNINGS' && deduction.basis !== 'SHARE_OF_STANDARD') {
    check.fail(`${path}.basis`, "must be 'SHARE_OF_EARNINGS' or 'SHARE_OF_STANDARD'");
  }
  check.decimal(`${path}.share`, deduction.share, { min: '0', max: '1' });
  if (deduction.capShareOfStandard !== undefined) {
    check.decimal(`${path}.capShareOfStandard`, deduction.capShareOfStandard, { min: '0', max: '1' });
  }
}

function checkAssetLimits(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.assetLimits';
  const limits = parameters.assetLimits as unknown;
  if (!check.object(path, limits)) return;
  checkAssetLimitKinds(check, path, limits, false);
}

/** The four kinds of asset limits under `path`; `partial`: a kind may be left out (tier limits). */
function checkAssetLimitKinds(check: Checker, path: string, limits: Record<string, unknown>, partial: boolean): void {
  check.known(path, limits, ['financialAssets', 'vehicles', 'businesses', 'homes']);
  const present = (kind: string) => !partial || limits[kind] !== undefined;
  if (present('financialAssets') && check.object(`${path}.financialAssets`, limits.financialAssets)) {
    const f = limits.financialAssets;
    check.known(`${path}.financialAssets`, f, ['perCapitaMultipleOfStandard', 'severeHouseholdPerCapitaMultipleOfStandard']);
    const normal = check.decimal(`${path}.financialAssets.perCapitaMultipleOfStandard`, f.perCapitaMultipleOfStandard, {
      min: '0',
      minExclusive: true,
    });
    const severe = check.decimal(
      `${path}.financialAssets.severeHouseholdPerCapitaMultipleOfStandard`,
      f.severeHouseholdPerCapitaMultipleOfStandard,
      { min: '0', minExclusive: true },
    );
    if (normal && severe && severe.lessThan(normal)) {
      check.fail(`${path}.financialAssets.severeHouseholdPerCapitaMultipleOfStandard`, 'must not be lower than perCapitaMultipleOfStandard');
    }
  }
  if (present('vehicles') && check.object(`${path}.vehicles`, limits.vehicles)) {
    const vehicles = limits.vehicles;
    check.known(`${path}.vehicles`, vehicles, ['valueLimitFen', 'exemptions']);
    check.fen(`${path}.vehicles.valueLimitFen`, vehicles.valueLimitFen);
    if (check.array(`${path}.vehicles.exemptions`, vehicles.exemptions)) {
      vehicles.exemptions.forEach((exemption, i) => {
        if (exemption !== 'SOLE_LIVELIHOOD' && exemption !== 'DISABILITY_VEHICLE') {
          check.fail(`${path}.vehicles.exemptions[${i}]`, "must be 'SOLE_LIVELIHOOD' or 'DISABILITY_VEHICLE'");
        }
      });
    }
  }
  if (present('businesses') && check.object(`${path}.businesses`, limits.businesses)) {
    check.known(`${path}.businesses`, limits.businesses, ['annualProfitLimitFen']);
    check.fen(`${path}.businesses.annualProfitLimitFen`, limits.businesses.annualProfitLimitFen);
  }
  if (present('homes') && check.object(`${path}.homes`, limits.homes)) {
    const homes = limits.homes;
    check.known(`${path}.homes`, homes, ['maxHomes', 'maxPerCapitaAreaSqm']);
    check.integer(`${path}.homes.maxHomes`, homes.maxHomes, 1);
    const area = homes.maxPerCapitaAreaSqm;
    if (typeof area !== 'number' || !Number.isFinite(area) || area <= 0) {
      check.fail(`${path}.homes.maxPerCapitaAreaSqm`, 'must be a positive number of m²');
    }
  }
}

function checkTaperSchedule(check: Checker, schedule: unknown): void {
  const path = 'parameters.taperSchedule';
  if (!check.array(path, schedule)) return;
  schedule.forEach((percent, i) => {
    if (!check.integer(`${path}[${i}]`, percent, 0, 100, ' %')) return;
    const previous = schedule[i - 1];
    if (i > 0 && typeof previous === 'number' && percent > previous) {
      check.fail(`${path}[${i}]`, `a taper must not rise (${previous}% then ${percent}%)`);
    }
  });
}

function checkTemporaryAssistance(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.temporaryAssistance';
  const t = parameters.temporaryAssistance as unknown;
  if (!check.object(path, t)) return;
  check.known(path, t, ['capMultipleOfStandardPerPerson', 'streetApprovalLimitFen', 'emergencyAdvanceLimitFen', 'emergencyAidHours', 'paperworkWorkingDays', 'collectiveDecision']);
  check.decimal(`${path}.capMultipleOfStandardPerPerson`, t.capMultipleOfStandardPerPerson, { min: '0', minExclusive: true });
  check.fen(`${path}.streetApprovalLimitFen`, t.streetApprovalLimitFen);
  check.fen(`${path}.emergencyAdvanceLimitFen`, t.emergencyAdvanceLimitFen);
  check.integer(`${path}.emergencyAidHours`, t.emergencyAidHours, 1, 168, ' hours');
  check.integer(`${path}.paperworkWorkingDays`, t.paperworkWorkingDays, 1, 60, ' working days');
  if (t.collectiveDecision === undefined) return;
  const c = t.collectiveDecision as unknown;
  const cPath = `${path}.collectiveDecision`;
  if (!check.object(cPath, c)) return;
  check.known(cPath, c, ['ceilingFen', 'minimumApprovers']);
  if (check.fen(`${cPath}.ceilingFen`, c.ceilingFen, 1) && typeof t.streetApprovalLimitFen === 'number' && c.ceilingFen <= t.streetApprovalLimitFen) {
    check.fail(`${cPath}.ceilingFen`, `must be above streetApprovalLimitFen (${t.streetApprovalLimitFen} fen): a collective decision is for amounts above the usual limits`);
  }
  // Several approvers decide collectively: at least two.
  if (c.minimumApprovers !== undefined) check.integer(`${cPath}.minimumApprovers`, c.minimumApprovers, 2, 99, ' approvers');
}

function checkDeadlines(check: Checker, parameters: PolicyParameters): void {
  const path = 'parameters.deadlines';
  const d = parameters.deadlines as unknown;
  if (!check.object(path, d)) return;
  check.known(path, d, [
    'decisionWorkingDays',
    'extendedDecisionWorkingDays',
    'investigationStartWorkingDays',
    'refusalNoticeWorkingDays',
    'recheckWorkingDays',
    'publicNoticeDays',
    'extremePovertyInvestigationWorkingDays',
  ]);
  const limits = NATIONAL_DEADLINE_LIMITS;
  const wd = ' working days';
  const decisionOk = check.integer(`${path}.decisionWorkingDays`, d.decisionWorkingDays, 1, limits.decisionWorkingDays, wd);
  const extendedOk = check.integer(`${path}.extendedDecisionWorkingDays`, d.extendedDecisionWorkingDays, 1, limits.extendedDecisionWorkingDays, wd);
  if (decisionOk && extendedOk && (d.extendedDecisionWorkingDays as number) < (d.decisionWorkingDays as number)) {
    check.fail(`${path}.extendedDecisionWorkingDays`, 'must not be shorter than decisionWorkingDays');
  }
  check.integer(`${path}.investigationStartWorkingDays`, d.investigationStartWorkingDays, 1, limits.investigationStartWorkingDays, wd);
  check.integer(`${path}.refusalNoticeWorkingDays`, d.refusalNoticeWorkingDays, 1, limits.refusalNoticeWorkingDays, wd);
  check.integer(`${path}.recheckWorkingDays`, d.recheckWorkingDays, 1, 60, wd);
  check.integer(`${path}.publicNoticeDays`, d.publicNoticeDays, limits.minimumPublicNoticeDays, 60, ' days');
  check.integer(
    `${path}.extremePovertyInvestigationWorkingDays`,
    d.extremePovertyInvestigationWorkingDays,
    1,
    limits.extremePovertyInvestigationWorkingDays,
    wd,
  );
}

/**
 * Checks a whole catalogue: each version valid (paths prefixed with `[i].`), version labels unique,
 * and no two versions of one division taking effect on the same date.
 */
export function validatePolicyCatalogue(versions: readonly PolicyVersion[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const labels = new Map<string, number>();
  const starts = new Map<string, number>();
  versions.forEach((version, i) => {
    // Versions on record are checked as stored (unknown keys of older publications are not re-judged here).
    for (const v of validatePolicyVersion(version, { unknownKeys: 'ignore' })) violations.push({ path: `[${i}].${v.path}`, message: v.message });
    const earlierLabel = labels.get(version.version);
    if (earlierLabel !== undefined) violations.push({ path: `[${i}].version`, message: `duplicates version [${earlierLabel}]` });
    else labels.set(version.version, i);
    const key = `${version.divisionCode}@${version.effectiveFrom}`;
    const earlierStart = starts.get(key);
    if (earlierStart !== undefined) {
      violations.push({ path: `[${i}].effectiveFrom`, message: `version [${earlierStart}] of the same division takes effect the same day` });
    } else starts.set(key, i);
  });
  return violations;
}
