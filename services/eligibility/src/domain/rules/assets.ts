/**
 * Asset limits (财产状况): financial assets per capita, vehicles, business profit, homes. Shared by
 * 低保, 低保边缘 and 特困. Assets of excluded members are not counted; a value exactly at a limit
 * is within it.
 */
import { exact, Reason, Step, step } from '../explanation';
import { belongsToHousehold, HouseholdAssets, HouseholdMember, isSeverelyIllOrDisabled } from '../household';
import { formatYuan, Rational } from '../money';
import { PolicyParameters } from '../policy/policy-version';

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
): AssetAssessment {
  const ids = new Set(counted.map((m) => m.memberId));
  const owned = <T extends { memberId?: string }>(items: readonly T[]) => items.filter((item) => belongsToHousehold(item.memberId, ids));
  const checks = [
    checkFinancialAssets(owned(assets.financialAssets), counted, parameters),
    checkVehicles(owned(assets.vehicles), parameters),
    checkBusinesses(owned(assets.businesses), parameters),
    checkHomes(owned(assets.homes), counted.length, parameters),
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
): Check {
  const limits = parameters.assetLimits.financialAssets;
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
      { subsistenceStandard: parameters.subsistenceStandard, [`assetLimits.financialAssets.${multipleName}`]: multiple },
      { limitPerCapitaFen: exact(limit), withinLimit: within },
    ),
  };
}

function checkVehicles(vehicles: HouseholdAssets['vehicles'], parameters: PolicyParameters): Check {
  const { valueLimitFen, exemptions } = parameters.assetLimits.vehicles;
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
      { 'assetLimits.vehicles.valueLimitFen': valueLimitFen, 'assetLimits.vehicles.exemptions': [...exemptions] },
      { vehiclesOverLimit: over.map((v) => v.index), withinLimit: over.length === 0 },
    ),
  };
}

function checkBusinesses(businesses: HouseholdAssets['businesses'], parameters: PolicyParameters): Check {
  const limit = parameters.assetLimits.businesses.annualProfitLimitFen;
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
      { 'assetLimits.businesses.annualProfitLimitFen': limit },
      { withinLimit: within },
    ),
  };
}

function checkHomes(homes: HouseholdAssets['homes'], memberCount: number, parameters: PolicyParameters): Check {
  const { maxHomes, maxPerCapitaAreaSqm } = parameters.assetLimits.homes;
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
      { 'assetLimits.homes.maxHomes': maxHomes, 'assetLimits.homes.maxPerCapitaAreaSqm': maxPerCapitaAreaSqm },
      { withinLimit: violations.length === 0 },
    ),
  };
}
