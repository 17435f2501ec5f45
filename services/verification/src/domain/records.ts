/**
 * What a registry says about one member: a record as the platform (or an officer, from documents)
 * states it, and the item it becomes once attributed to the member, source and consent it was
 * asked under. Money in integer fen; flows (income) over a month range, stocks (balances, values)
 * at a date.
 */
import type { BusinessFact, HomeFact, LocalDate, MonthRange, VehicleFact, VerificationSource } from '@sa/contracts';
import { isLocalDate, isMonthRange } from './calendar';
import { rule } from './errors';
import { isFen } from './money';
import { isAssetKind, isIncomeType } from './sources';

export type RecordCategory = 'INCOME' | 'ASSET' | 'STATUS' | 'EXPENDITURE';

export type VehicleDetail = Omit<VehicleFact, 'memberId' | 'valueFen'>;
export type BusinessDetail = Omit<BusinessFact, 'memberId'>;
export type HomeDetail = Omit<HomeFact, 'ownerMemberIds'>;

/** One fact as a platform or a document states it. */
export interface SourceRecord {
  category: RecordCategory;
  /** IncomeType for INCOME, AssetKind for ASSET, an upper-case code otherwise (e.g. REGISTERED_RESIDENT). */
  kind: string;
  description?: string;
  /** Income over `period`, or a balance/value at `asOf`. */
  valueFen?: number;
  /** Non-money quantity, e.g. floor area in m². */
  quantity?: number;
  period?: MonthRange;
  asOf?: LocalDate;
  /** The registry's own reference (account, certificate, plate record …); identifies one asset. */
  sourceRecordRef?: string;
  vehicle?: VehicleDetail;
  business?: BusinessDetail;
  home?: HomeDetail;
}

/** A record attributed to the member, source and consent it was asked under. */
export interface SourceItem extends SourceRecord {
  memberId: string;
  source: VerificationSource;
  consentId: string;
  retrievedAt: string;
  /** PLATFORM: answered by the platform; MANUAL: entered by an officer from a document (信函索证). */
  origin: 'PLATFORM' | 'MANUAL';
  /** For MANUAL items: the document the figures were taken from. */
  evidenceRef?: string;
}

const CODE = /^[A-Z][A-Z0-9_]*$/;
const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const VEHICLE_TYPES = ['PASSENGER_CAR', 'MOTORCYCLE', 'TRUCK', 'AGRICULTURAL', 'DISABILITY_VEHICLE', 'VESSEL', 'OTHER'];
const VALUATION_BASES = ['DEPRECIATED_PURCHASE_PRICE', 'INSURED_VALUE', 'APPRAISAL', 'DECLARED'];
const VEHICLE_USAGES = ['PRIVATE', 'COMMERCIAL', 'DISABILITY_ADAPTED'];
const ENTITY_TYPES = ['INDIVIDUAL_BUSINESS', 'COMPANY', 'FARMER_COOPERATIVE', 'OTHER'];
const BUSINESS_ROLES = ['OWNER', 'SHAREHOLDER', 'LEGAL_REPRESENTATIVE'];
const BUSINESS_STATUSES = ['ACTIVE', 'SUSPENDED', 'DEREGISTERED'];
const HOME_USAGES = ['RESIDENTIAL', 'COMMERCIAL', 'OTHER'];

function oneOf(value: unknown, allowed: readonly string[]): boolean {
  return typeof value === 'string' && allowed.includes(value);
}

function text(value: unknown, max: number): boolean {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

/** Why a record cannot be taken into a report, as `[field, problem]`, or null when it can. */
export function recordProblem(r: SourceRecord): [string, string] | null {
  if (!oneOf(r.category, ['INCOME', 'ASSET', 'STATUS', 'EXPENDITURE'])) return ['category', 'must be INCOME, ASSET, STATUS or EXPENDITURE'];
  if (r.category === 'INCOME' && !isIncomeType(r.kind)) return ['kind', 'must be an income type'];
  if (r.category === 'ASSET' && !isAssetKind(r.kind)) return ['kind', 'must be an asset kind'];
  if (typeof r.kind !== 'string' || !CODE.test(r.kind) || r.kind.length > 64) return ['kind', 'must be an upper-case code'];
  if (r.description !== undefined && !text(r.description, 500)) return ['description', 'must be 1–500 characters'];
  if (r.valueFen !== undefined && !isFen(r.valueFen)) return ['valueFen', 'must be a whole number of fen'];
  if (r.quantity !== undefined && !(typeof r.quantity === 'number' && Number.isFinite(r.quantity) && r.quantity >= 0 && r.quantity <= 100000)) {
    return ['quantity', 'must be a number between 0 and 100000'];
  }
  if (r.period !== undefined && !isMonthRange(r.period)) return ['period', 'must be a month range YYYY-MM with from ≤ to'];
  if (r.asOf !== undefined && !isLocalDate(r.asOf)) return ['asOf', 'must be a date YYYY-MM-DD'];
  if (r.sourceRecordRef !== undefined && !text(r.sourceRecordRef, 256)) return ['sourceRecordRef', 'must be 1–256 characters'];
  if (r.category === 'INCOME' || r.category === 'EXPENDITURE') {
    if (r.period === undefined) return ['period', `is required for ${r.category === 'INCOME' ? 'income' : 'expenditure'}`];
    if (r.valueFen === undefined) return ['valueFen', 'is required for a flow'];
  }
  if (r.category === 'ASSET') {
    if (r.asOf === undefined) return ['asOf', 'is required for an asset'];
    if (r.valueFen !== undefined && r.valueFen < 0) return ['valueFen', 'an asset value cannot be negative'];
  }
  if (r.vehicle !== undefined) {
    const v = r.vehicle;
    if (r.category !== 'ASSET' || r.kind !== 'VEHICLE') return ['vehicle', 'only on an ASSET of kind VEHICLE'];
    if (!oneOf(v.vehicleType, VEHICLE_TYPES)) return ['vehicle.vehicleType', `must be one of ${VEHICLE_TYPES.join(', ')}`];
    if (!oneOf(v.valuationBasis, VALUATION_BASES)) return ['vehicle.valuationBasis', `must be one of ${VALUATION_BASES.join(', ')}`];
    if (!oneOf(v.usage, VEHICLE_USAGES)) return ['vehicle.usage', `must be one of ${VEHICLE_USAGES.join(', ')}`];
    if (v.plateMasked !== undefined && !text(v.plateMasked, 32)) return ['vehicle.plateMasked', 'must be 1–32 characters'];
    if (v.registeredOn !== undefined && !isLocalDate(v.registeredOn)) return ['vehicle.registeredOn', 'must be a date YYYY-MM-DD'];
    if (r.valueFen === undefined) return ['valueFen', 'a vehicle needs its value'];
  }
  if (r.business !== undefined) {
    const b = r.business;
    if (!text(b.name, 500)) return ['business.name', 'is required (1–500 characters)'];
    if (typeof b.registrationNumber !== 'string' || !USCC.test(b.registrationNumber)) {
      return ['business.registrationNumber', 'must be an 18-character unified social credit code'];
    }
    if (!oneOf(b.entityType, ENTITY_TYPES)) return ['business.entityType', `must be one of ${ENTITY_TYPES.join(', ')}`];
    if (!oneOf(b.role, BUSINESS_ROLES)) return ['business.role', `must be one of ${BUSINESS_ROLES.join(', ')}`];
    if (!oneOf(b.status, BUSINESS_STATUSES)) return ['business.status', `must be one of ${BUSINESS_STATUSES.join(', ')}`];
    if (b.registeredCapitalFen !== undefined && !(isFen(b.registeredCapitalFen) && b.registeredCapitalFen >= 0)) {
      return ['business.registeredCapitalFen', 'must be a non-negative whole number of fen'];
    }
    if (b.annualNetProfitFen !== undefined && !isFen(b.annualNetProfitFen)) return ['business.annualNetProfitFen', 'must be a whole number of fen'];
  }
  if (r.home !== undefined) {
    const h = r.home;
    if (r.category !== 'ASSET' || r.kind !== 'REAL_ESTATE') return ['home', 'only on an ASSET of kind REAL_ESTATE'];
    if (!(typeof h.floorAreaSqm === 'number' && Number.isFinite(h.floorAreaSqm) && h.floorAreaSqm >= 0 && h.floorAreaSqm <= 100000)) {
      return ['home.floorAreaSqm', 'must be a number of square metres'];
    }
    if (!oneOf(h.usage, HOME_USAGES)) return ['home.usage', `must be one of ${HOME_USAGES.join(', ')}`];
    if (h.location !== undefined && !(typeof h.location === 'string' && /^([0-9]{6}|[0-9]{9}|[0-9]{12})$/.test(h.location))) {
      return ['home.location', 'must be a 6, 9 or 12-digit division code'];
    }
    if (h.acquiredOn !== undefined && !isLocalDate(h.acquiredOn)) return ['home.acquiredOn', 'must be a date YYYY-MM-DD'];
  }
  return null;
}

/** Throws a rule error naming `records[i].<field>` for the first record that cannot be used. */
export function assertRecords(records: readonly SourceRecord[], field = 'records'): void {
  if (!Array.isArray(records)) throw rule('invalid_record', `${field} must be a list`, field);
  records.forEach((r, i) => {
    const problem = recordProblem(r);
    if (problem) throw rule('invalid_record', `${field}[${i}].${problem[0]} ${problem[1]}`, `${field}[${i}].${problem[0]}`);
  });
}

/**
 * Identity of an item within one request's answer: a later answer with the same identity replaces
 * the earlier one (a platform re-sending a month, a balance re-read), so answers can arrive in
 * parts, late, twice, or from a retried query without counting anything twice.
 */
export function itemKey(r: SourceRecord): string {
  return [r.category, r.kind, r.sourceRecordRef ?? '', r.period ? `${r.period.from}..${r.period.to}` : '', r.asOf ?? '', r.business?.registrationNumber ?? ''].join('|');
}

/** Adds `incoming` to `existing`, the newer item replacing an older one of the same identity. */
export function mergeItems(existing: readonly SourceItem[], incoming: readonly SourceItem[]): SourceItem[] {
  const byKey = new Map<string, SourceItem>();
  for (const item of existing) byKey.set(itemKey(item), item);
  for (const item of incoming) byKey.set(itemKey(item), item);
  return [...byKey.values()];
}

/** Drops undefined fields (events are plain JSON, and equal objects should look equal). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
