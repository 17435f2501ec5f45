import { addMonths, type CalendarDate, monthOf } from '@sa/time';
import { RuleViolation } from './shared/intake-rule-error';
import { normaliseResidentId } from './resident-id';
import { INCOME_TYPES, type IncomeType } from '@sa/contracts';

/**
 * Income types as declared (the names the 核对 platforms use; the list is the contracts'). Which types
 * are left out of assessed income is eligibility's policy parameter `incomeExclusions`; intake records them all.
 */
export { INCOME_TYPES, type IncomeType };

/** One month of one type of income of one member, in fen. */
export interface DeclaredIncome {
  residentId: string;
  type: IncomeType;
  /** `YYYY-MM`. */
  month: string;
  amountFen: number;
}

export const ASSET_KINDS = [
  'BANK_DEPOSIT',
  'CASH',
  'SECURITIES',
  'INSURANCE',
  'HOUSING_FUND',
  'CLAIM',
  'REAL_ESTATE',
  'VEHICLE',
  'BUSINESS_EQUITY',
  'OTHER',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
/** Financial assets: the value is required. */
export const FINANCIAL_ASSET_KINDS: readonly AssetKind[] = ['BANK_DEPOSIT', 'CASH', 'SECURITIES', 'INSURANCE', 'HOUSING_FUND', 'CLAIM'];

export const VEHICLE_USES = ['SOLE_LIVELIHOOD', 'DISABILITY_AID', 'PRIVATE'] as const;
export type VehicleUse = (typeof VEHICLE_USES)[number];

/** A declared asset: deposits, securities, vehicles, real estate, businesses, … */
export interface DeclaredAsset {
  kind: AssetKind;
  ownerResidentIds: string[];
  description: string;
  valueFen?: number;
  /** REAL_ESTATE: floor area in square metres. */
  floorAreaSqm?: number;
  /** VEHICLE: what it is used for (a sole-livelihood or disability vehicle may be exempt). */
  vehicleUse?: VehicleUse;
  /** BUSINESS_EQUITY: annual profit, signed fen (a loss is negative). */
  annualProfitFen?: number;
}

/** The declaration of income and property (家庭收入和财产状况申报), signed by the members. */
export interface Declaration {
  income: DeclaredIncome[];
  assets: DeclaredAsset[];
  /** The signed declaration; missing until signed (listed in the notice). */
  documentRef?: string;
  signedOn?: CalendarDate;
}

/** A declaration covers the 12 months before the application month, and that month. */
export const DECLARATION_MONTHS = 12;

const isFen = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function declarationProblems(
  declaration: Declaration,
  memberResidentIds: string[],
  applicationDate: CalendarDate,
  today: CalendarDate,
  prefix = 'declaration',
): RuleViolation[] {
  const problems: RuleViolation[] = [];
  const members = new Set(memberResidentIds.map(normaliseResidentId));
  const lastMonth = monthOf(applicationDate);
  const firstMonth = addMonths(lastMonth, -DECLARATION_MONTHS);
  const seen = new Set<string>();
  declaration.income.forEach((item, i) => {
    const f = `${prefix}.income[${i}]`;
    if (!members.has(normaliseResidentId(item.residentId))) {
      problems.push({ field: `${f}.residentId`, message: 'must be the resident ID of a listed member' });
    }
    if (item.month < firstMonth || item.month > lastMonth) {
      problems.push({ field: `${f}.month`, message: `must be between ${firstMonth} and ${lastMonth}` });
    }
    if (!isFen(item.amountFen)) problems.push({ field: `${f}.amountFen`, message: 'must be a non-negative whole number of fen' });
    const key = `${normaliseResidentId(item.residentId)}|${item.type}|${item.month}`;
    if (seen.has(key)) problems.push({ field: f, message: 'declares the same member, type and month twice; add the amounts up' });
    seen.add(key);
  });
  declaration.assets.forEach((a, i) => {
    const f = `${prefix}.assets[${i}]`;
    if (a.ownerResidentIds.length === 0) problems.push({ field: `${f}.ownerResidentIds`, message: 'must name at least one owner' });
    a.ownerResidentIds.forEach((id, j) => {
      if (!members.has(normaliseResidentId(id))) {
        problems.push({ field: `${f}.ownerResidentIds[${j}]`, message: 'must be the resident ID of a listed member' });
      }
    });
    if (a.valueFen !== undefined && !isFen(a.valueFen)) {
      problems.push({ field: `${f}.valueFen`, message: 'must be a non-negative whole number of fen' });
    }
    if (FINANCIAL_ASSET_KINDS.includes(a.kind) && a.valueFen === undefined) {
      problems.push({ field: `${f}.valueFen`, message: `is required for ${a.kind}` });
    }
    if (a.kind === 'REAL_ESTATE' && !(typeof a.floorAreaSqm === 'number' && a.floorAreaSqm > 0)) {
      problems.push({ field: `${f}.floorAreaSqm`, message: 'is required for real estate (positive square metres)' });
    }
    if (a.kind !== 'REAL_ESTATE' && a.floorAreaSqm !== undefined) {
      problems.push({ field: `${f}.floorAreaSqm`, message: 'is only for real estate' });
    }
    if (a.kind === 'VEHICLE' && a.vehicleUse === undefined) {
      problems.push({ field: `${f}.vehicleUse`, message: 'is required for a vehicle' });
    }
    if (a.kind !== 'VEHICLE' && a.vehicleUse !== undefined) {
      problems.push({ field: `${f}.vehicleUse`, message: 'is only for vehicles' });
    }
    if (a.annualProfitFen !== undefined && (a.kind !== 'BUSINESS_EQUITY' || !Number.isSafeInteger(a.annualProfitFen))) {
      problems.push({ field: `${f}.annualProfitFen`, message: 'is a whole number of fen, for a business only' });
    }
  });
  if (declaration.signedOn !== undefined && declaration.signedOn > today) {
    problems.push({ field: `${prefix}.signedOn`, message: 'must not be in the future' });
  }
  if ((declaration.documentRef === undefined) !== (declaration.signedOn === undefined)) {
    problems.push({ field: `${prefix}.signedOn`, message: 'the signed declaration gives both its document and the date signed' });
  }
  return problems;
}
