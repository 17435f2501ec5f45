/**
 * 统计 page logic, pure (unit-tested in services/workbench/test/statistics-page.unit.spec.ts): the
 * averages and shares of the monthly report computed from integer fen and counts with BigInt (never
 * floating arithmetic), the "as reported vs as corrected" comparison, and the Chinese labels of the
 * report's fields. The figures themselves come from the audit service (GET /statistics/monthly).
 */
import { yuan } from './format';

export type DivisionLevel = 'county' | 'street' | 'community';
export const LEVELS: { value: DivisionLevel; label: string; digits: number }[] = [
  { value: 'county', label: '区县', digits: 6 },
  { value: 'street', label: '街道(乡镇)', digits: 9 },
  { value: 'community', label: '社区(村)', digits: 12 },
];

export interface StatisticsRow {
  month: string;
  district: string;
  division: string;
  program: string;
  programLabel: string;
  households: number;
  persons: number;
  householdsWithoutCoverage: number;
  elderly: number;
  minors: number;
  disabled: number;
  /** 特困 persons by 供养方式 (集中 / 分散供养); the rest of a 特困 row's persons have none recorded. Absent from older services. */
  centralizedPersons?: number;
  dispersedPersons?: number;
  /** 人次: the persons of each payment line of the month, summed (临时救助 is reported in 人次). Absent from older services. */
  personTimes?: number;
  payments: number;
  issuedFen: number;
  reissuedFen: number;
  returnedFen: number;
  netFen: number;
  /** Sum over the households of the monthly subsistence standard (per person) in force; absent from older services. */
  standardFenTotal?: number;
  /** Households whose standard is known (the divisor of the average standard). */
  householdsWithStandard?: number;
}
export type StatisticsTotals = Omit<StatisticsRow, 'district' | 'division' | 'program' | 'programLabel'>;
export interface ProcessRow {
  division: string;
  decided: number;
  decidedWithinDeadline: number;
  withinDeadlineShare: number | null;
  overdueReviews: number;
  terminationsAfterDataAlert: number;
  reapplications: number;
}
export interface StatisticsCorrection {
  table: 'rows' | 'process';
  division: string;
  program?: string;
  field: string;
  reported: number | null;
  corrected: number | null;
}
export interface StatisticsReport {
  month: string;
  division: string;
  level: DivisionLevel;
  rows: StatisticsRow[];
  totals: StatisticsTotals;
  process: ProcessRow[];
  processTotals: Omit<ProcessRow, 'division'>;
  reportedAsOf: string;
  asReported: { rows: StatisticsRow[]; totals: StatisticsTotals; process: ProcessRow[]; processTotals: Omit<ProcessRow, 'division'> };
  correctedAsOf: string | null;
  corrections: StatisticsCorrection[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month before the one containing `now`, in Asia/Shanghai (the month a report is usually made for). */
export function previousMonth(now: Date = new Date()): string {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const y = shanghai.getUTCFullYear();
  const m = shanghai.getUTCMonth(); // 0-based: the previous month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

export const isMonth = (s: unknown): s is string => typeof s === 'string' && MONTH.test(s);

/** `total / count` in integer fen, rounded half up (BigInt: exact for any amount); null without a count. */
export function averageFen(totalFen: number | undefined, count: number | undefined): number | null {
  if (totalFen === undefined || !count) return null;
  const t = BigInt(Math.trunc(totalFen));
  const c = BigInt(Math.trunc(count));
  const neg = t < 0n;
  const q = ((neg ? -t : t) * 2n + c) / (2n * c);
  return Number(neg ? -q : q);
}

/** `part / whole` as a percentage with two decimals ("87.50%"), from integers; "—" without a whole. */
export function percent(part: number, whole: number): string {
  if (!whole) return '—';
  const basisPoints = (BigInt(Math.trunc(part)) * 20000n + BigInt(Math.trunc(whole))) / (2n * BigInt(Math.trunc(whole))); // 1/100 of a percent, half up
  return `${basisPoints / 100n}.${(basisPoints % 100n).toString().padStart(2, '0')}%`;
}

/** 户均 / 人均 救助金额 and the 平均保障标准 of a row or the totals, in integer fen. */
export function averages(r: Pick<StatisticsTotals, 'netFen' | 'households' | 'persons' | 'standardFenTotal' | 'householdsWithStandard'>) {
  return {
    perHouseholdFen: averageFen(r.netFen, r.households),
    perPersonFen: averageFen(r.netFen, r.persons),
    standardFen: averageFen(r.standardFenTotal, r.householdsWithStandard),
  };
}

/** The report's numeric fields in Chinese (the corrections list and the comparison table). */
export const FIELD_ZH: Record<string, string> = {
  households: '户数',
  persons: '人数',
  householdsWithoutCoverage: '人数未知户数',
  elderly: '老年人',
  minors: '未成年人',
  disabled: '残疾人',
  centralizedPersons: '特困集中供养人数',
  dispersedPersons: '特困分散供养人数',
  personTimes: '救助人次',
  payments: '发放笔数',
  issuedFen: '发放金额',
  reissuedFen: '补发金额',
  returnedFen: '退回金额',
  netFen: '净支出',
  standardFenTotal: '保障标准合计',
  householdsWithStandard: '保障标准已知户数',
  decided: '审批决定数',
  decidedWithinDeadline: '法定时限内决定数',
  withinDeadlineShare: '时限内办结率',
  overdueReviews: '逾期未复核户数',
  terminationsAfterDataAlert: '比对预警后停保户数',
  reapplications: '再次申请件数',
};
const MONEY = new Set(['issuedFen', 'reissuedFen', 'returnedFen', 'netFen', 'standardFenTotal']);

/** A figure as shown: money in 元 from fen, a share as a percentage (the API's share has 4 decimals), else the count. */
export function figure(field: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (MONEY.has(field)) return yuan(value);
  if (field === 'withinDeadlineShare') return percent(Math.round(value * 10000), 10000); // 4 decimals → basis points: an exact integer
  return String(value);
}

export interface ComparisonLine {
  field: string;
  label: string;
  reported: string;
  corrected: string;
  /** corrected − reported, signed ("+2", "-¥300.00"); "" when equal. */
  change: string;
  changed: boolean;
}

function signed(field: string, d: number): string {
  if (d === 0) return '';
  const text = figure(field, Math.abs(d));
  return `${d > 0 ? '+' : '-'}${text}`;
}

/** 月末数 vs 更正后, side by side: the totals and the process totals of both views. */
export function comparison(report: Pick<StatisticsReport, 'totals' | 'processTotals' | 'asReported'>): ComparisonLine[] {
  const out: ComparisonLine[] = [];
  const totalsFields = ['households', 'persons', 'elderly', 'minors', 'disabled', 'centralizedPersons', 'dispersedPersons', 'personTimes', 'payments', 'issuedFen', 'reissuedFen', 'returnedFen', 'netFen'] as const;
  for (const f of totalsFields) {
    if (report.totals[f] === undefined) continue; // a figure an older service does not give
    const a = report.asReported.totals[f] ?? 0;
    const b = report.totals[f] ?? 0;
    out.push({ field: f, label: FIELD_ZH[f]!, reported: figure(f, a), corrected: figure(f, b), change: signed(f, b - a), changed: a !== b });
  }
  const processFields = ['decided', 'decidedWithinDeadline', 'overdueReviews', 'terminationsAfterDataAlert', 'reapplications'] as const;
  for (const f of processFields) {
    const a = report.asReported.processTotals[f];
    const b = report.processTotals[f];
    out.push({ field: f, label: FIELD_ZH[f]!, reported: figure(f, a), corrected: figure(f, b), change: signed(f, b - a), changed: a !== b });
  }
  const shareA = percent(report.asReported.processTotals.decidedWithinDeadline, report.asReported.processTotals.decided);
  const shareB = percent(report.processTotals.decidedWithinDeadline, report.processTotals.decided);
  out.push({ field: 'withinDeadlineShare', label: FIELD_ZH.withinDeadlineShare!, reported: shareA, corrected: shareB, change: '', changed: shareA !== shareB });
  return out;
}

export interface CorrectionLine {
  table: string;
  division: string;
  program: string;
  field: string;
  reported: string;
  corrected: string;
}

/** The corrections list in Chinese: which table, division, programme and figure, before and after. */
export function correctionLines(corrections: StatisticsCorrection[], programLabel: (code: string) => string): CorrectionLine[] {
  return corrections.map((c) => ({
    table: c.table === 'rows' ? '月报' : '过程指标',
    division: c.division,
    program: c.program ? programLabel(c.program) : '',
    field: FIELD_ZH[c.field] ?? c.field,
    reported: figure(c.field, c.reported),
    corrected: figure(c.field, c.corrected),
  }));
}

/** Per programme (summed over the divisions): households and persons, for the bar chart. */
export function byProgramme(rows: StatisticsRow[]): { program: string; label: string; households: number; persons: number; netFen: number }[] {
  const map = new Map<string, { program: string; label: string; households: number; persons: number; netFen: number }>();
  for (const r of rows) {
    const p = map.get(r.program) ?? { program: r.program, label: r.programLabel, households: 0, persons: 0, netFen: 0 };
    p.households += r.households;
    p.persons += r.persons;
    p.netFen += r.netFen;
    map.set(r.program, p);
  }
  return [...map.values()];
}

/** Per division (summed over the programmes): the month's net expenditure in fen, for the bar chart. */
export function expenditureByDivision(rows: StatisticsRow[]): { division: string; netFen: number }[] {
  const map = new Map<string, number>();
  for (const r of rows) map.set(r.division, (map.get(r.division) ?? 0) + r.netFen);
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([division, netFen]) => ({ division, netFen }));
}

/** Persons by group (老年人, 未成年人, 残疾人); a person may be in two groups (an elderly disabled person). */
export function personGroups(t: Pick<StatisticsTotals, 'elderly' | 'minors' | 'disabled'>): { name: string; value: number }[] {
  return [
    { name: '老年人(60岁及以上)', value: t.elderly },
    { name: '未成年人', value: t.minors },
    { name: '残疾人', value: t.disabled },
  ];
}

/** A division code must extend nothing but digits and be 6, 9 or 12 long (the API checks the jurisdiction). */
export function divisionProblem(code: string): string | null {
  if (!/^\d+$/.test(code)) return '区划代码只能是数字';
  if (![6, 9, 12].includes(code.length)) return '区划代码应为 6 位(区县)、9 位(街道)或 12 位(社区)';
  return null;
}

/** The levels a report for `division` can be broken down to (not coarser than the division itself). */
export function levelsFor(division: string): typeof LEVELS {
  return LEVELS.filter((l) => l.digits >= division.length);
}
