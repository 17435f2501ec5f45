/**
 * Asset limits (财产状况): financial assets per capita, vehicles, business profit, homes. Shared by
 * 低保, 低保边缘 and 特困. Assets of excluded members are not counted; a value exactly at a limit
 * is within it.
 */
import { exact, Reason, Step, step } from '../explanation';
import { belongsToHousehold, HouseholdAssets, HouseholdMember, isSeverelyIllOrDisabled } from '../household';
import { formatYuan, Rational } from '../money';
import { AssetLimits, AssetTier, PolicyParameters } from '../policy/policy-version';

type Kind = keyof AssetLimits;
const KINDS: readonly Kind[] = ['financialAssets', 'vehicles', 'businesses', 'homes'];

/** The limits a tier applies, kind by kind, with the parameter path each came from. */
export interface EffectiveAssetLimits {
  limits: AssetLimits;
  paths: Record<Kind, string>;
}

/**
 * Tier limits: a kind set in `assetLimitsByTier[tier]` wins; for 低保边缘 financial assets then
 * `marginalFinancialAssetLimits`; otherwise the 低保 `assetLimits` (no tier: always those).
 */
export function effectiveAssetLimits(parameters: PolicyParameters, tier?: AssetTier): EffectiveAssetLimits {
  const own = tier ? parameters.assetLimitsByTier?.[tier] : undefined;
  const limits = { ...parameters.assetLimits };
  const paths = { financialAssets: 'assetLimits.financialAssets', vehicles: 'assetLimits.vehicles', businesses: 'assetLimits.businesses', homes: 'assetLimits.homes' };
  if (tier === 'LOW_INCOME_MARGINAL' && parameters.marginalFinancialAssetLimits) {
    limits.financialAssets = parameters.marginalFinancialAssetLimits;
    paths.financialAssets = 'marginalFinancialAssetLimits';
  }
  for (const kind of KINDS) {
    if (own?.[kind] === undefined) continue;
    (limits as Record<Kind, unknown>)[kind] = own[kind];
    paths[kind] = `assetLimitsByTier.${tier}.${kind}`;
  }
  return { limits, paths };
}

/** Whether the tier's limits differ from the 低保 limits (some kind set for it). */
export function tierHasOwnAssetLimits(parameters: PolicyParameters, tier: AssetTier): boolean {
  const own = parameters.assetLimitsByTier?.[tier];
  return (own !== undefined && KINDS.some((k) => own[k] !== undefined)) || (tier === 'LOW_INCOME_MARGINAL' && parameters.marginalFinancialAssetLimits !== undefined);
}

export interface AssetAssessment {
  withinLimits: boolean;
  /** One reason per limit exceeded. */
  violations: Reason[];
  steps: Step[];
}

export function assessAssets(
  assets: HouseholdAssets,
  counted: readonly HouseholdMember[],
  parameters: PolicyParameters,
  tier?: AssetTier,
): AssetAssessment {
  const effective = effectiveAssetLimits(parameters, tier);
  const ids = new Set(counted.map((m) => m.memberId));
  const owned = <T extends { memberId?: string }>(items: readonly T[]) => items.filter((item) => belongsToHousehold(item.memberId, ids));
  const checks = [
    checkFinancialAssets(owned(assets.financialAssets), counted, parameters, effective),
    checkVehicles(owned(assets.vehicles), effective),
    checkBusinesses(owned(assets.businesses), effective),
    checkHomes(owned(assets.homes), counted.length, effective),
  ];
  const violations = checks.flatMap((c) => c.violations);
  return { withinLimits: violations.length === 0, violations, steps: checks.map((c) => c.step) };
}

interface Check {
  violations: Reason[];
  step: Step;
}

function checkFinancialAssets(
  assets: HouseholdAssets['financialAssets'],
  counted: readonly HouseholdMember[],
  parameters: PolicyParameters,
  effective: EffectiveAssetLimits,
): Check {
  const limits = effective.limits.financialAssets;
  const severeMembers = counted.filter(isSeverelyIllOrDisabled).map((m) => m.memberId);
  const severeHousehold = severeMembers.length > 0;
  const multipleName = severeHousehold ? 'severeHouseholdPerCapitaMultipleOfStandard' : 'perCapitaMultipleOfStandard';
  const multiple = severeHousehold ? limits.severeHouseholdPerCapitaMultipleOfStandard : limits.perCapitaMultipleOfStandard;
  const total = Rational.sum(assets.map((a) => Rational.fen(a.valueFen, 'financialAssets.valueFen')));
  const perCapita = total.dividedBy(counted.length);
  const limit = Rational.fen(parameters.subsistenceStandard).times(Rational.decimal(multiple, multipleName));
  const within = perCapita.lessThanOrEqual(limit);
  return {
    violations: within
      ? []
      : [
          {
            code: 'FINANCIAL_ASSETS_OVER_LIMIT',
            en: `Financial assets per person exceed ${multiple} × the standard`,
            zh: `家庭人均金融资产超过低保标准的${multiple}倍`,
          },
        ],
    step: step(
      'ASSETS.FINANCIAL',
      { en: 'Per-capita financial assets within the limit', zh: '人均金融资产不超过规定倍数' },
      {
        financialAssets: assets.map((a) => ({ memberId: a.memberId ?? null, kind: a.kind, valueFen: a.valueFen })),
        totalFen: exact(total),
        countedMembers: counted.length,
        perCapitaFen: exact(perCapita),
        severeIllnessOrDisabilityMembers: severeMembers,
      },
      { subsistenceStandard: parameters.subsistenceStandard, [`${effective.paths.financialAssets}.${multipleName}`]: multiple },
      { limitPerCapitaFen: exact(limit), withinLimit: within },
    ),
  };
}

function checkVehicles(vehicles: HouseholdAssets['vehicles'], effective: EffectiveAssetLimits): Check {
  const { valueLimitFen, exemptions } = effective.limits.vehicles;
  const path = effective.paths.vehicles;
  const assessed = vehicles.map((vehicle, index) => {
    const exemptAs =
      vehicle.soleLivelihood && exemptions.includes('SOLE_LIVELIHOOD')
        ? 'SOLE_LIVELIHOOD'
        : vehicle.disabilityVehicle && exemptions.includes('DISABILITY_VEHICLE')
          ? 'DISABILITY_VEHICLE'
          : null;
    const overLimit = exemptAs === null && vehicle.valueFen > valueLimitFen;
    return { index, memberId: vehicle.memberId ?? null, valueFen: vehicle.valueFen, exemptAs, overLimit };
  });
  const over = assessed.filter((v) => v.overLimit);
  return {
    violations: over.map((v) => ({
      code: 'VEHICLE_OVER_LIMIT',
      en: `A vehicle worth ${formatYuan(v.valueFen)} exceeds the limit of ${formatYuan(valueLimitFen)} and is not exempt`,
      zh: `拥有价值${formatYuan(v.valueFen)}的机动车辆，超过${formatYuan(valueLimitFen)}且不属于豁免情形`,
      ...(v.memberId ? { memberId: v.memberId } : {}),
    })),
    step: step(
      'ASSETS.VEHICLES',
      { en: 'No non-exempt vehicle above the value limit', zh: '机动车辆价值不超过规定（营生车辆、残疾人代步车除外）' },
      { vehicles: assessed.map(({ index, memberId, valueFen, exemptAs }) => ({ index, memberId, valueFen, exemptAs })) },
      { [`${path}.valueLimitFen`]: valueLimitFen, [`${path}.exemptions`]: [...exemptions] },
      { vehiclesOverLimit: over.map((v) => v.index), withinLimit: over.length === 0 },
    ),
  };
}

function checkBusinesses(businesses: HouseholdAssets['businesses'], effective: EffectiveAssetLimits): Check {
  const limit = effective.limits.businesses.annualProfitLimitFen;
  const total = Rational.sum(businesses.map((b) => Rational.fen(b.annualProfitFen, 'businesses.annualProfitFen')));
  const within = total.lessThanOrEqual(limit);
  return {
    violations: within
      ? []
      : [
          {
            code: 'BUSINESS_PROFIT_OVER_LIMIT',
            en: `The household's businesses made more than ${formatYuan(limit)} net profit a year`,
            zh: `家庭经营性企业年净利润超过${formatYuan(limit)}`,
          },
        ],
    step: step(
      'ASSETS.BUSINESSES',
      { en: 'Annual business profit within the limit', zh: '经营性企业年利润不超过规定' },
      { businesses: businesses.map((b) => ({ memberId: b.memberId ?? null, annualProfitFen: b.annualProfitFen })), totalFen: exact(total) },
      { [`${effective.paths.businesses}.annualProfitLimitFen`]: limit },
      { withinLimit: within },
    ),
  };
}

function checkHomes(homes: HouseholdAssets['homes'], memberCount: number, effective: EffectiveAssetLimits): Check {
  const { maxHomes, maxPerCapitaAreaSqm } = effective.limits.homes;
  const path = effective.paths.homes;
  const totalArea = Rational.sum(homes.map((h) => Rational.measure(h.areaSqm, 'homes.areaSqm')));
  const perCapitaArea = totalArea.dividedBy(memberCount);
  const tooMany = homes.length > maxHomes;
  const tooLarge = perCapitaArea.greaterThan(Rational.measure(maxPerCapitaAreaSqm, 'maxPerCapitaAreaSqm'));
  const violations: Reason[] = [];
  if (tooMany) {
    violations.push({
      code: 'TOO_MANY_HOMES',
      en: `The household owns ${homes.length} homes; at most ${maxHomes} allowed`,
      zh: `家庭拥有住房${homes.length}套，超过规定的${maxHomes}套`,
    });
  }
  if (tooLarge) {
    violations.push({
      code: 'HOME_AREA_OVER_LIMIT',
      en: `Home floor area per person exceeds ${maxPerCapitaAreaSqm} m²`,
      zh: `家庭人均住房面积超过${maxPerCapitaAreaSqm}平方米`,
    });
  }
  return {
    violations,
    step: step(
      'ASSETS.HOMES',
      { en: 'Number of homes and floor area per person within the limits', zh: '住房套数和人均面积不超过规定' },
      { homes: homes.length, totalAreaSqm: exact(totalArea), countedMembers: memberCount, perCapitaAreaSqm: exact(perCapitaArea) },
      { [`${path}.maxHomes`]: maxHomes, [`${path}.maxPerCapitaAreaSqm`]: maxPerCapitaAreaSqm },
      { withinLimit: violations.length === 0 },
    ),
  };
}
