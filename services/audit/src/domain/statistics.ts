/**
 * Monthly civil-affairs statistics (民政统计 月报), computed from the events alone: per district and
 * programme, the households paid in the month, the persons covered (members covered by the decision
 * in force that month), the payments and the amounts in fen (issued, re-issued, returned, net).
 * Pure: the shell feeds it the `reviewCase-*` and `paymentRun-*` events in log order.
 */

export interface StatisticsEvent {
  streamId: string;
  type: string;
  data: unknown;
}

export const PROGRAM_LABELS_ZH: Record<string, string> = {
  MINIMUM_LIVING_ALLOWANCE: '最低生活保障',
  EXTREME_POVERTY_SUPPORT: '特困人员救助供养',
  LOW_INCOME_MARGINAL: '低保边缘家庭',
  TEMPORARY_ASSISTANCE: '临时救助',
};

export interface StatisticsRow {
  month: string;
  district: string;
  program: string;
  programLabel: string;
  /** Distinct cases with a payment issued or re-issued for the month. */
  households: number;
  /** Members covered by the decision in force in the month, summed over those households. */
  persons: number;
  /** Households whose covered members are not in the log (their persons are not counted). */
  householdsWithoutCoverage: number;
  /** Persons covered aged 60 or over on the first day of the month (老年人). */
  elderly: number;
  /** Persons covered under 18 on the first day of the month (未成年人). */
  minors: number;
  /** Persons covered with a recorded disability of any grade (残疾人). */
  disabled: number;
  payments: number;
  issuedFen: number;
  reissuedFen: number;
  returnedFen: number;
  /** issued + re-issued − returned. */
  netFen: number;
}

export interface MonthlyStatistics {
  month: string;
  division: string;
  rows: StatisticsRow[];
  totals: Omit<StatisticsRow, 'district' | 'program' | 'programLabel'>;
}

interface PaymentLineLike {
  caseId: string;
  program: string;
  jurisdiction: string;
  amountFen: number;
  period: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const category = (streamId: string) => streamId.slice(0, streamId.indexOf('-'));

interface MemberFacts {
  birthDate?: string;
  disability?: unknown;
}

/**
 * Members covered per case, as a list of (from month, member ids), from approvals and benefit
 * changes; and what the case file says of each member (birth date, disability) for the groups.
 */
function coverageOf(events: StatisticsEvent[]): { coverage: Map<string, { from: string; memberIds: string[] }[]>; members: Map<string, MemberFacts> } {
  const coverage = new Map<string, { from: string; memberIds: string[] }[]>();
  const members = new Map<string, MemberFacts>();
  const add = (caseId: string, from: string, memberIds: string[]) => {
    const list = coverage.get(caseId) ?? [];
    list.push({ from, memberIds });
    coverage.set(caseId, list);
  };
  const ids = (list: unknown[]) => list.map((m) => String((m as { memberId?: unknown }).memberId ?? ''));
  for (const e of events) {
    if (category(e.streamId) !== 'reviewCase') continue;
    const caseId = e.streamId.slice(e.streamId.indexOf('-') + 1);
    const d = e.data as {
      caseId?: string;
      startMonth?: string;
      effectiveMonth?: string;
      membersCovered?: unknown[] | null;
      changeType?: string;
      household?: { members?: ({ memberId: string } & MemberFacts)[] };
      membersJoined?: ({ memberId: string } & MemberFacts)[];
    };
    const known = [...(e.type === 'ReviewCaseOpened' ? (d.household?.members ?? []) : []), ...(e.type === 'RedeterminationRequested' ? (d.membersJoined ?? []) : [])];
    for (const m of known) members.set(`${caseId}/${m.memberId}`, { birthDate: m.birthDate, disability: m.disability });
    if (e.type === 'CaseApproved' && d.startMonth && Array.isArray(d.membersCovered)) add(caseId, d.startMonth, ids(d.membersCovered));
    if (e.type === 'BenefitChangeDecided' && d.effectiveMonth) {
      if (Array.isArray(d.membersCovered)) add(caseId, d.effectiveMonth, ids(d.membersCovered));
      else if (d.changeType === 'TERMINATION') add(caseId, d.effectiveMonth, []);
      else {
        const previous = coverage.get(caseId)?.at(-1);
        if (previous) add(caseId, d.effectiveMonth, previous.memberIds);
      }
    }
  }
  return { coverage, members };
}

function coveredIn(list: { from: string; memberIds: string[] }[] | undefined, month: string): string[] | null {
  if (!list) return null;
  let found: string[] | null = null;
  for (const c of list) if (c.from <= month) found = c.memberIds; // log order: a later decision replaces an earlier one
  return found;
}

/** Age in whole years on the first day of `month` (YYYY-MM), from a YYYY-MM-DD birth date. */
function ageAt(birthDate: string, month: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y - by - (m < bm || (m === bm && 1 < bd) ? 1 : 0);
}

export function monthlyStatistics(events: StatisticsEvent[], q: { month: string; division: string }): MonthlyStatistics {
  if (!MONTH.test(q.month)) throw new TypeError(`month must be YYYY-MM, got ${q.month}`);
  const { coverage, members } = coverageOf(events);
  const rows = new Map<string, StatisticsRow & { cases: Set<string> }>();
  const rowOf = (line: PaymentLineLike) => {
    const district = line.jurisdiction.slice(0, 6);
    const key = `${district}|${line.program}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        month: q.month,
        district,
        program: line.program,
        programLabel: PROGRAM_LABELS_ZH[line.program] ?? line.program,
        households: 0,
        persons: 0,
        householdsWithoutCoverage: 0,
        elderly: 0,
        minors: 0,
        disabled: 0,
        payments: 0,
        issuedFen: 0,
        reissuedFen: 0,
        returnedFen: 0,
        netFen: 0,
        cases: new Set(),
      };
      rows.set(key, row);
    }
    return row;
  };
  const inScope = (line: PaymentLineLike) => line.period === q.month && line.jurisdiction.startsWith(q.division);
  for (const e of events) {
    if (category(e.streamId) !== 'paymentRun') continue;
    if (e.type === 'PaymentIssued' || e.type === 'PaymentReissued' || e.type === 'PaymentBatchIssued') {
      // A batch (one event per batch of a run) carries its lines and the run's month; older runs have one event per payment.
      const batch = e.type === 'PaymentBatchIssued' ? (e.data as { period: string; payments: Omit<PaymentLineLike, 'period'>[] }) : null;
      const lines = batch ? batch.payments.map((p) => ({ ...p, period: batch.period })) : [e.data as PaymentLineLike];
      for (const line of lines) {
        if (!inScope(line)) continue;
        const row = rowOf(line);
        row.payments += 1;
        if (e.type === 'PaymentReissued') row.reissuedFen += line.amountFen;
        else row.issuedFen += line.amountFen;
        row.cases.add(line.caseId);
      }
    } else if (e.type === 'PaymentReturned') {
      const line = (e.data as { payment: PaymentLineLike }).payment;
      if (!inScope(line)) continue;
      rowOf(line).returnedFen += line.amountFen;
    }
  }
  const out: StatisticsRow[] = [];
  for (const { cases, ...row } of rows.values()) {
    row.households = cases.size;
    for (const caseId of cases) {
      const covered = coveredIn(coverage.get(caseId), q.month);
      if (covered === null) {
        row.householdsWithoutCoverage += 1;
        continue;
      }
      row.persons += covered.length;
      for (const memberId of covered) {
        const m = members.get(`${caseId}/${memberId}`);
        if (m?.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(m.birthDate)) {
          const age = ageAt(m.birthDate, q.month);
          if (age >= 60) row.elderly += 1;
          if (age < 18) row.minors += 1;
        }
        if (m?.disability) row.disabled += 1;
      }
    }
    row.netFen = row.issuedFen + row.reissuedFen - row.returnedFen;
    out.push(row);
  }
  out.sort((a, b) => (a.district === b.district ? a.program.localeCompare(b.program) : a.district.localeCompare(b.district)));
  const sum = (k: keyof StatisticsRow) => out.reduce((s, r) => s + (r[k] as number), 0);
  return {
    month: q.month,
    division: q.division,
    rows: out,
    totals: {
      month: q.month,
      households: sum('households'),
      persons: sum('persons'),
      householdsWithoutCoverage: sum('householdsWithoutCoverage'),
      elderly: sum('elderly'),
      minors: sum('minors'),
      disabled: sum('disabled'),
      payments: sum('payments'),
      issuedFen: sum('issuedFen'),
      reissuedFen: sum('reissuedFen'),
      returnedFen: sum('returnedFen'),
      netFen: sum('netFen'),
    },
  };
}

const CSV_COLUMNS: (keyof StatisticsRow)[] = ['month', 'district', 'program', 'programLabel', 'households', 'persons', 'householdsWithoutCoverage', 'elderly', 'minors', 'disabled', 'payments', 'issuedFen', 'reissuedFen', 'returnedFen', 'netFen'];
const CSV_HEADER_ZH = ['月份', '区县', '项目', '项目名称', '户数', '人数', '人数未知户数', '老年人', '未成年人', '残疾人', '笔数', '发放金额(分)', '补发金额(分)', '退回金额(分)', '净支出(分)'];

const csvCell = (v: unknown) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV for Excel (UTF-8 with BOM): a Chinese header line, one line per district × programme, and a 合计 line. */
export function statisticsCsv(s: MonthlyStatistics): string {
  const lines = [CSV_HEADER_ZH.join(',')];
  for (const r of s.rows) lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  const t = s.totals;
  lines.push([s.month, s.division, 'TOTAL', '合计', t.households, t.persons, t.householdsWithoutCoverage, t.elderly, t.minors, t.disabled, t.payments, t.issuedFen, t.reissuedFen, t.returnedFen, t.netFen].map(csvCell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
