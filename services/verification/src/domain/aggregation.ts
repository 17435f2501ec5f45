/**
 * Household facts from report items: what the registries say the household earned and owns, summed
 * and averaged, with no policy applied (no income excluded, no cost deducted, no limit compared —
 * that is eligibility's work). Pure; money in integer fen.
 *
 * - Income: per member and income type, the total over the reference period (the 12 months before
 *   acceptance) and its monthly average over all months of the period (halves away from zero). An
 *   item covering several months is spread evenly over them (to the fen, the remainder on the first
 *   months) and only the months inside the period count. The same month of the same income reported
 *   by two registries counts once (INCOME_SOURCE_PRECEDENCE); items of one registry add up (two
 *   employers).
 * - Assets: totals by kind of every valued asset; an asset seen on several members (a co-owned flat,
 *   one account record) counts once, at its latest value.
 * - Vehicles with values, businesses, homes with floor area, as listed.
 */
import type {
  AssetKind,
  AssetTotalFact,
  BusinessFact,
  HomeFact,
  HouseholdFacts,
  IncomeType,
  MonthRange,
  MonthlyIncomeFact,
  VehicleFact,
  YearMonth,
} from '@sa/contracts';
import { monthCount, monthInRange, monthsIn } from './calendar';
import { divideRounded, spread, sum } from './money';
import { compact, type SourceItem } from './records';
import { ASSET_KINDS, INCOME_SOURCE_PRECEDENCE, INCOME_TYPES, isAssetKind, isIncomeType } from './sources';

/** Lower wins: officer-entered figures first, then the registries in INCOME_SOURCE_PRECEDENCE order. Unique per origin and source. */
function precedence(item: SourceItem): number {
  const i = INCOME_SOURCE_PRECEDENCE.indexOf(item.source);
  return (item.origin === 'MANUAL' ? 0 : 100) + (i < 0 ? INCOME_SOURCE_PRECEDENCE.length : i);
}

function memberRank(order: readonly string[]): (memberId: string) => number {
  return (memberId) => {
    const i = order.indexOf(memberId);
    return i < 0 ? order.length : i;
  };
}

function byMemberThen<T>(rank: (m: string) => number, member: (t: T) => string, then: (a: T, b: T) => number) {
  return (a: T, b: T) => rank(member(a)) - rank(member(b)) || member(a).localeCompare(member(b)) || then(a, b);
}

export function monthlyIncomeFacts(items: readonly SourceItem[], period: MonthRange, memberOrder: readonly string[] = []): MonthlyIncomeFact[] {
  // `member|type|month` → the amount from the winning origin+source (equal rank = same origin and source: added up)
  const cells = new Map<string, { rank: number; amount: number }>();
  for (const item of items) {
    if (item.category !== 'INCOME' || !isIncomeType(item.kind) || !item.period || item.valueFen === undefined) continue;
    const months = monthsIn(item.period);
    const shares = spread(item.valueFen, months.length);
    const rank = precedence(item);
    months.forEach((month, i) => {
      if (!monthInRange(month, period)) return;
      const key = `${item.memberId}|${item.kind}|${month}`;
      const cell = cells.get(key);
      if (!cell || rank < cell.rank) cells.set(key, { rank, amount: shares[i]! });
      else if (rank === cell.rank) cell.amount = sum([cell.amount, shares[i]!]);
    });
  }
  const totals = new Map<string, { memberId: string; type: IncomeType; amounts: number[] }>();
  for (const [key, cell] of cells) {
    const [memberId, type] = key.split('|') as [string, IncomeType, YearMonth];
    const k = `${memberId}|${type}`;
    const t = totals.get(k) ?? { memberId, type, amounts: [] };
    t.amounts.push(cell.amount);
    totals.set(k, t);
  }
  const months = monthCount(period);
  const rank = memberRank(memberOrder);
  return [...totals.values()]
    .map(({ memberId, type, amounts }) => {
      const totalFen = sum(amounts);
      return { memberId, type, totalFen, months, monthlyAverageFen: divideRounded(totalFen, months) };
    })
    .sort(byMemberThen(rank, (f) => f.memberId, (a, b) => INCOME_TYPES.indexOf(a.type) - INCOME_TYPES.indexOf(b.type)));
}

/** Keeps, of items naming the same registry record, the one with the latest `asOf`, with every member it was seen on. */
function distinctAssets(items: readonly SourceItem[]): { item: SourceItem; memberIds: string[] }[] {
  const byRecord = new Map<string, { item: SourceItem; memberIds: string[] }>();
  const loose: { item: SourceItem; memberIds: string[] }[] = [];
  for (const item of items) {
    if (item.category !== 'ASSET') continue;
    if (!item.sourceRecordRef) {
      loose.push({ item, memberIds: [item.memberId] });
      continue;
    }
    const key = `${item.kind}|${item.source}|${item.sourceRecordRef}`;
    const seen = byRecord.get(key);
    if (!seen) {
      byRecord.set(key, { item, memberIds: [item.memberId] });
      continue;
    }
    if (!seen.memberIds.includes(item.memberId)) seen.memberIds.push(item.memberId);
    if ((item.asOf ?? '') > (seen.item.asOf ?? '')) seen.item = item;
  }
  return [...byRecord.values(), ...loose];
}

export function assetTotalFacts(items: readonly SourceItem[], memberOrder: readonly string[] = []): AssetTotalFact[] {
  const rank = memberRank(memberOrder);
  const totals = new Map<AssetKind, { amounts: number[]; members: Set<string> }>();
  for (const { item, memberIds } of distinctAssets(items)) {
    if (!isAssetKind(item.kind) || item.valueFen === undefined) continue;
    const t = totals.get(item.kind) ?? { amounts: [], members: new Set<string>() };
    t.amounts.push(item.valueFen);
    memberIds.forEach((m) => t.members.add(m));
    totals.set(item.kind, t);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => ASSET_KINDS.indexOf(a) - ASSET_KINDS.indexOf(b))
    .map(([kind, t]) => ({
      kind,
      memberIds: [...t.members].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
      totalFen: sum(t.amounts),
    }));
}

export function vehicleFacts(items: readonly SourceItem[], memberOrder: readonly string[] = []): VehicleFact[] {
  const rank = memberRank(memberOrder);
  return distinctAssets(items)
    .filter(({ item }) => item.vehicle !== undefined && item.valueFen !== undefined)
    .map(({ item }) => compact({ memberId: item.memberId, ...item.vehicle!, valueFen: item.valueFen! }))
    .sort(byMemberThen(rank, (v) => v.memberId, (a, b) => (a.registeredOn ?? '').localeCompare(b.registeredOn ?? '')));
}

export function businessFacts(items: readonly SourceItem[], memberOrder: readonly string[] = []): BusinessFact[] {
  const rank = memberRank(memberOrder);
  const seen = new Map<string, BusinessFact>();
  for (const item of items) {
    if (!item.business) continue;
    seen.set(`${item.memberId}|${item.business.registrationNumber}`, compact({ memberId: item.memberId, ...item.business }));
  }
  return [...seen.values()].sort(byMemberThen(rank, (b) => b.memberId, (a, b) => a.registrationNumber.localeCompare(b.registrationNumber)));
}

export function homeFacts(items: readonly SourceItem[], memberOrder: readonly string[] = []): HomeFact[] {
  const rank = memberRank(memberOrder);
  return distinctAssets(items)
    .filter(({ item }) => item.kind === 'REAL_ESTATE')
    .map(({ item, memberIds }) =>
      compact({
        ownerMemberIds: [...memberIds].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
        floorAreaSqm: item.home?.floorAreaSqm ?? item.quantity ?? 0,
        usage: item.home?.usage ?? 'OTHER',
        location: item.home?.location,
        acquiredOn: item.home?.acquiredOn,
      }),
    )
    .sort(byMemberThen(rank, (h) => h.ownerMemberIds[0]!, (a, b) => b.floorAreaSqm - a.floorAreaSqm));
}

/** Every fact of a report, over its reference period. `memberOrder` orders the lists (the household's order). */
export function aggregateFacts(items: readonly SourceItem[], referencePeriod: MonthRange, memberOrder: readonly string[] = []): HouseholdFacts {
  return {
    referencePeriod,
    monthlyIncome: monthlyIncomeFacts(items, referencePeriod, memberOrder),
    assetTotals: assetTotalFacts(items, memberOrder),
    vehicles: vehicleFacts(items, memberOrder),
    businesses: businessFacts(items, memberOrder),
    homes: homeFacts(items, memberOrder),
  };
}
