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
  /** When the store recorded it (needed only to split the "as reported" and "as corrected" views). */
  recordedAt?: Date;
}

export const PROGRAM_LABELS_ZH: Record<string, string> = {
  MINIMUM_LIVING_ALLOWANCE: '最低生活保障',
  EXTREME_POVERTY_SUPPORT: '特困人员救助供养',
  LOW_INCOME_MARGINAL: '低保边缘家庭',
  TEMPORARY_ASSISTANCE: '临时救助',
};

/** Division levels of a report: county (6 digits), street (9), community (12). */
export type DivisionLevel = 'county' | 'street' | 'community';
export const DIVISION_LEVEL_DIGITS: Record<DivisionLevel, number> = { county: 6, street: 9, community: 12 };
export const DIVISION_LEVELS = Object.keys(DIVISION_LEVEL_DIGITS) as DivisionLevel[];

export interface StatisticsRow {
  month: string;
  district: string;
  /** The division the row counts: the jurisdiction cut to the report's level (the district at county level). */
  division: string;
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
  /**
   * 特困 only: persons covered whose supply mode (供养方式) in force is 集中供养 / 分散供养 — from the officers'
   * opinion (`extremePoverty.supplyMode`) or the migrated ledger's 保障类别 (特困集中供养 / 特困分散供养).
   * persons − centralized − dispersed = 特困 persons whose mode is not recorded. 0 on the other programmes.
   */
  centralizedPersons: number;
  dispersedPersons: number;
  /**
   * 人次: the covered persons of each payment line issued or re-issued for the month, summed (a household
   * paid twice in the month counts twice) — the unit 临时救助 is reported in.
   */
  personTimes: number;
  payments: number;
  issuedFen: number;
  reissuedFen: number;
  returnedFen: number;
  /** issued + re-issued − returned. */
  netFen: number;
  /**
   * The monthly subsistence standard (保障标准, per person) of the decision in force in the month, summed
   * over the households whose decision records one; the average standard is this / householdsWithStandard.
   */
  standardFenTotal: number;
  householdsWithStandard: number;
}

export interface MonthlyStatistics {
  month: string;
  division: string;
  level: DivisionLevel;
  rows: StatisticsRow[];
  totals: Omit<StatisticsRow, 'district' | 'division' | 'program' | 'programLabel'>;
  /** Process figures (过程指标) per division at the report's level, and their totals. */
  process: ProcessRow[];
  processTotals: Omit<ProcessRow, 'division'>;
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
  /** First month counted as adult / as elderly (age on the month's first day). */
  adultFrom?: string;
  elderlyFrom?: string;
  disability?: unknown;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The first month (YYYY-MM) whose first day falls on or after the `years`-th birthday. */
function firstMonthAged(birthDate: string, years: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const month0 = (y + years) * 12 + (m - 1) + (d === 1 ? 0 : 1);
  return `${String(Math.floor(month0 / 12)).padStart(4, '0')}-${String((month0 % 12) + 1).padStart(2, '0')}`;
}

/**
 * A member's age groups as an event gives them: the clear `ageGroups` entry of the event (eligibility writes it since
 * birth dates are sealed), the member's own `adultFrom` / `elderlyFrom` (a statistics fact), or — for events recorded
 * before — a birth date in clear. A sealed or shredded birth date alone gives nothing.
 */
export function memberAgeGroups(member: { memberId?: unknown; birthDate?: unknown; adultFrom?: unknown; elderlyFrom?: unknown } | undefined, ageGroups: unknown): { adultFrom: string; elderlyFrom: string } | undefined {
  if (!member) return undefined;
  if (Array.isArray(ageGroups)) {
    const g = ageGroups.find((x) => (x as { memberId?: unknown } | null)?.memberId === member.memberId) as { adultFrom?: unknown; elderlyFrom?: unknown } | undefined;
    if (g && typeof g.adultFrom === 'string' && MONTH.test(g.adultFrom) && typeof g.elderlyFrom === 'string' && MONTH.test(g.elderlyFrom)) {
      return { adultFrom: g.adultFrom, elderlyFrom: g.elderlyFrom };
    }
  }
  if (typeof member.adultFrom === 'string' && MONTH.test(member.adultFrom) && typeof member.elderlyFrom === 'string' && MONTH.test(member.elderlyFrom)) {
    return { adultFrom: member.adultFrom, elderlyFrom: member.elderlyFrom };
  }
  if (typeof member.birthDate === 'string' && DATE.test(member.birthDate)) {
    return { adultFrom: firstMonthAged(member.birthDate, 18), elderlyFrom: firstMonthAged(member.birthDate, 60) };
  }
  return undefined;
}

export type SupplyMode = 'CENTRALIZED' | 'DISPERSED';
const SUPPLY_MODES: readonly string[] = ['CENTRALIZED', 'DISPERSED'];

/**
 * Members covered per case, as a list of (from month, member ids), from approvals, migrated cases
 * (存量台账迁入) and benefit changes; what the case file says of each member (age groups, disability)
 * for the groups; the subsistence standard in force; and the 特困 supply mode (供养方式) per month.
 */
function coverageOf(events: StatisticsEvent[]): {
  coverage: Map<string, { from: string; memberIds: string[] }[]>;
  members: Map<string, MemberFacts>;
  standards: Map<string, { from: string; fen: number }[]>;
  supplyModes: Map<string, { from: string; mode: SupplyMode }[]>;
} {
  const coverage = new Map<string, { from: string; memberIds: string[] }[]>();
  const members = new Map<string, MemberFacts>();
  const standards = new Map<string, { from: string; fen: number }[]>();
  const supplyModes = new Map<string, { from: string; mode: SupplyMode }[]>();
  const addSupplyMode = (caseId: string, from: unknown, mode: unknown) => {
    if (typeof from !== 'string' || typeof mode !== 'string' || !SUPPLY_MODES.includes(mode)) return;
    supplyModes.set(caseId, [...(supplyModes.get(caseId) ?? []), { from: from.slice(0, 7), mode: mode as SupplyMode }]);
  };
  const addStandard = (caseId: string, from: string, assessment: unknown) => {
    const fen = (assessment as { subsistenceStandardFen?: unknown } | null | undefined)?.subsistenceStandardFen;
    if (typeof fen !== 'number' || !Number.isInteger(fen)) return;
    standards.set(caseId, [...(standards.get(caseId) ?? []), { from, fen }]);
  };
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
      household?: { members?: ({ memberId: string; birthDate?: unknown } & MemberFacts)[] };
      membersJoined?: ({ memberId: string; birthDate?: unknown } & MemberFacts)[];
      ageGroups?: unknown;
      assessment?: unknown;
      subsistenceStandardFen?: unknown;
      supplyMode?: unknown;
      opinion?: { proposedOn?: unknown; extremePoverty?: { supplyMode?: unknown } | null };
    };
    const opened = e.type === 'ReviewCaseOpened' || e.type === 'CaseMigrated';
    const known = [...(opened ? (d.household?.members ?? []) : []), ...(e.type === 'RedeterminationRequested' ? (d.membersJoined ?? []) : [])];
    for (const m of known) members.set(`${caseId}/${m.memberId}`, { ...memberAgeGroups(m, d.ageGroups), disability: m.disability });
    if (e.type === 'CaseApproved' && d.startMonth && Array.isArray(d.membersCovered)) add(caseId, d.startMonth, ids(d.membersCovered));
    if (e.type === 'CaseApproved' && d.startMonth) addStandard(caseId, d.startMonth, d.assessment);
    // A case migrated from the office's ledger: covered from its first month paid here, at the ledger's standard.
    if (e.type === 'CaseMigrated' && d.startMonth && Array.isArray(d.membersCovered)) add(caseId, d.startMonth, ids(d.membersCovered));
    if (e.type === 'CaseMigrated' && d.startMonth) addStandard(caseId, d.startMonth, { subsistenceStandardFen: d.subsistenceStandardFen });
    if (e.type === 'CaseMigrated') addSupplyMode(caseId, d.startMonth, d.supplyMode);
    // 特困: the supply mode the officers found, in force from the month of their opinion (a later opinion replaces it).
    if (e.type === 'InitialOpinionIssued') addSupplyMode(caseId, d.opinion?.proposedOn, d.opinion?.extremePoverty?.supplyMode);
    if (e.type === 'BenefitChangeDecided' && d.effectiveMonth) addStandard(caseId, d.effectiveMonth, d.assessment);
    if (e.type === 'BenefitChangeDecided' && d.effectiveMonth) {
      if (Array.isArray(d.membersCovered)) add(caseId, d.effectiveMonth, ids(d.membersCovered));
      else if (d.changeType === 'TERMINATION') add(caseId, d.effectiveMonth, []);
      else {
        const previous = coverage.get(caseId)?.at(-1);
        if (previous) add(caseId, d.effectiveMonth, previous.memberIds);
      }
    }
  }
  return { coverage, members, standards, supplyModes };
}

function coveredIn(list: { from: string; memberIds: string[] }[] | undefined, month: string): string[] | null {
  if (!list) return null;
  let found: string[] | null = null;
  for (const c of list) if (c.from <= month) found = c.memberIds; // log order: a later decision replaces an earlier one
  return found;
}

export function monthlyStatistics(events: StatisticsEvent[], q: { month: string; division: string; level?: DivisionLevel }): MonthlyStatistics {
  if (!MONTH.test(q.month)) throw new TypeError(`month must be YYYY-MM, got ${q.month}`);
  const level = q.level ?? 'county';
  const digits = DIVISION_LEVEL_DIGITS[level];
  const { coverage, members, standards, supplyModes } = coverageOf(events);
  const covered = (caseId: string) => coveredIn(coverage.get(caseId), q.month);
  const rows = new Map<string, StatisticsRow & { cases: Set<string> }>();
  const rowOf = (line: PaymentLineLike) => {
    const district = line.jurisdiction.slice(0, 6);
    const division = line.jurisdiction.slice(0, digits);
    const key = `${division}|${line.program}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        month: q.month,
        district,
        division,
        program: line.program,
        programLabel: PROGRAM_LABELS_ZH[line.program] ?? line.program,
        households: 0,
        persons: 0,
        householdsWithoutCoverage: 0,
        elderly: 0,
        minors: 0,
        disabled: 0,
        centralizedPersons: 0,
        dispersedPersons: 0,
        personTimes: 0,
        payments: 0,
        issuedFen: 0,
        reissuedFen: 0,
        returnedFen: 0,
        netFen: 0,
        standardFenTotal: 0,
        householdsWithStandard: 0,
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
        row.personTimes += covered(line.caseId)?.length ?? 0;
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
      let standard: number | undefined;
      for (const st of standards.get(caseId) ?? []) if (st.from <= q.month) standard = st.fen; // log order: the latest decision in force
      if (standard !== undefined) {
        row.standardFenTotal += standard;
        row.householdsWithStandard += 1;
      }
      const persons = covered(caseId);
      if (persons === null) {
        row.householdsWithoutCoverage += 1;
        continue;
      }
      row.persons += persons.length;
      if (row.program === 'EXTREME_POVERTY_SUPPORT') {
        let mode: SupplyMode | undefined;
        for (const m of supplyModes.get(caseId) ?? []) if (m.from <= q.month) mode = m.mode; // log order: the latest in force
        if (mode === 'CENTRALIZED') row.centralizedPersons += persons.length;
        if (mode === 'DISPERSED') row.dispersedPersons += persons.length;
      }
      for (const memberId of persons) {
        const m = members.get(`${caseId}/${memberId}`);
        // age on the first day of the month: 老年人 from `elderlyFrom`, 未成年人 before `adultFrom`
        if (m?.elderlyFrom && m.elderlyFrom <= q.month) row.elderly += 1;
        if (m?.adultFrom && q.month < m.adultFrom) row.minors += 1;
        if (m?.disability) row.disabled += 1;
      }
    }
    row.netFen = row.issuedFen + row.reissuedFen - row.returnedFen;
    out.push(row);
  }
  out.sort((a, b) => (a.division === b.division ? a.program.localeCompare(b.program) : a.division.localeCompare(b.division)));
  const process = processFigures(events, { month: q.month, division: q.division, level });
  const sum = (k: keyof StatisticsRow) => out.reduce((s, r) => s + (r[k] as number), 0);
  return {
    month: q.month,
    division: q.division,
    level,
    rows: out,
    totals: {
      month: q.month,
      households: sum('households'),
      persons: sum('persons'),
      householdsWithoutCoverage: sum('householdsWithoutCoverage'),
      elderly: sum('elderly'),
      minors: sum('minors'),
      disabled: sum('disabled'),
      centralizedPersons: sum('centralizedPersons'),
      dispersedPersons: sum('dispersedPersons'),
      personTimes: sum('personTimes'),
      payments: sum('payments'),
      issuedFen: sum('issuedFen'),
      reissuedFen: sum('reissuedFen'),
      returnedFen: sum('returnedFen'),
      netFen: sum('netFen'),
      standardFenTotal: sum('standardFenTotal'),
      householdsWithStandard: sum('householdsWithStandard'),
    },
    process: process.rows,
    processTotals: process.totals,
  };
}

export interface ProcessRow {
  division: string;
  /** First-time decisions (approval or refusal) dated in the month. */
  decided: number;
  /** Of those, decided on or before the decision deadline (the decision's `overdue` false). */
  decidedWithinDeadline: number;
  /** decidedWithinDeadline / decided, 4 decimals; null with no decision. */
  withinDeadlineShare: number | null;
  /** Follow-up cases open at month end whose review was due in or before the month and not concluded by its end. */
  overdueReviews: number;
  /** Terminations decided in the month on a data alert (比对预警). */
  terminationsAfterDataAlert: number;
  /** Applications drafted in the month that re-apply after an earlier case ended (refused, terminated, withdrawn). */
  reapplications: number;
}

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10000) / 10000);

/**
 * The month's process figures (过程指标) per division, from the events' own dates (decidedOn,
 * completedOn, closedOn, draftedOn), so they do not depend on when the report runs: eligibility's first
 * decisions and terminations, follow-up's review schedule, intake's re-applications.
 */
export function processFigures(events: StatisticsEvent[], q: { month: string; division: string; level?: DivisionLevel }): { rows: ProcessRow[]; totals: Omit<ProcessRow, 'division'> } {
  if (!MONTH.test(q.month)) throw new TypeError(`month must be YYYY-MM, got ${q.month}`);
  const digits = DIVISION_LEVEL_DIGITS[q.level ?? 'county'];
  const monthEnd = `${q.month}-31`; // dates compare as strings: every day of the month sorts at or before this
  const inMonth = (date: unknown) => typeof date === 'string' && date.slice(0, 7) === q.month;
  const rows = new Map<string, ProcessRow>();
  const rowOf = (jurisdiction: unknown): ProcessRow | null => {
    if (typeof jurisdiction !== 'string' || !jurisdiction.startsWith(q.division)) return null;
    const division = jurisdiction.slice(0, digits);
    let row = rows.get(division);
    if (!row) {
      row = { division, decided: 0, decidedWithinDeadline: 0, withinDeadlineShare: null, overdueReviews: 0, terminationsAfterDataAlert: 0, reapplications: 0 };
      rows.set(division, row);
    }
    return row;
  };
  const followUps = new Map<string, { jurisdiction: string; nextDue: string; closed: boolean }>();
  for (const e of events) {
    const cat = category(e.streamId);
    const d = e.data as Record<string, unknown>;
    if (cat === 'reviewCase') {
      if ((e.type === 'CaseApproved' || e.type === 'CaseRefused') && inMonth(d.decidedOn)) {
        const row = rowOf(d.jurisdiction);
        if (!row) continue;
        row.decided += 1;
        if (d.overdue !== true) row.decidedWithinDeadline += 1;
      } else if (e.type === 'BenefitChangeDecided' && d.changeType === 'TERMINATION' && inMonth(d.decidedOn) && (d.trigger as { kind?: string } | undefined)?.kind === 'DATA_ALERT') {
        const row = rowOf(d.jurisdiction);
        if (row) row.terminationsAfterDataAlert += 1;
      }
    } else if (cat === 'application') {
      if (e.type === 'ApplicationDrafted' && d.earlierCase && inMonth(d.draftedOn)) {
        const row = rowOf(d.jurisdiction);
        if (row) row.reapplications += 1;
      }
    } else if (cat === 'followUp') {
      const f = followUps.get(e.streamId);
      if (e.type === 'FollowUpOpened') {
        if (typeof d.openedOn === 'string' && d.openedOn <= monthEnd) followUps.set(e.streamId, { jurisdiction: String(d.jurisdiction), nextDue: String(d.nextReviewDueMonth), closed: false });
      } else if (f && e.type === 'ReviewConcluded' && typeof d.completedOn === 'string' && d.completedOn <= monthEnd) {
        f.nextDue = String(d.nextReviewDueMonth);
      } else if (f && e.type === 'FollowUpClosed' && typeof d.closedOn === 'string' && d.closedOn <= monthEnd) {
        f.closed = true;
      }
    }
  }
  for (const f of followUps.values()) {
    if (f.closed || f.nextDue > q.month) continue;
    const row = rowOf(f.jurisdiction);
    if (row) row.overdueReviews += 1;
  }
  const out = [...rows.values()].sort((a, b) => a.division.localeCompare(b.division));
  for (const r of out) r.withinDeadlineShare = share(r.decidedWithinDeadline, r.decided);
  const sum = (k: 'decided' | 'decidedWithinDeadline' | 'overdueReviews' | 'terminationsAfterDataAlert' | 'reapplications') => out.reduce((s, r) => s + r[k], 0);
  const decided = sum('decided');
  const within = sum('decidedWithinDeadline');
  return {
    rows: out,
    totals: {
      decided,
      decidedWithinDeadline: within,
      withinDeadlineShare: share(within, decided),
      overdueReviews: sum('overdueReviews'),
      terminationsAfterDataAlert: sum('terminationsAfterDataAlert'),
      reapplications: sum('reapplications'),
    },
  };
}

/** The first instant after the month, Asia/Shanghai: the figures "as known at month end" are those recorded before it. */
export function monthEndInstant(month: string): Date {
  if (!MONTH.test(month)) throw new TypeError(`month must be YYYY-MM, got ${month}`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return new Date(`${next}-01T00:00:00+08:00`);
}

export interface StatisticsCorrection {
  table: 'rows' | 'process';
  division: string;
  program?: string;
  field: string;
  reported: number | null;
  corrected: number | null;
}

/** Every figure that differs between the report as known at month end and as corrected since. */
export function statisticsCorrections(reported: MonthlyStatistics, corrected: MonthlyStatistics): StatisticsCorrection[] {
  const out: StatisticsCorrection[] = [];
  const numeric = (r: object) => Object.entries(r).filter(([, v]) => typeof v === 'number' || v === null) as [string, number | null][];
  const diff = <T extends object>(table: 'rows' | 'process', a: T[], b: T[], key: (r: T) => string, label: (k: string) => { division: string; program?: string }) => {
    const left = new Map(a.map((r) => [key(r), r]));
    const right = new Map(b.map((r) => [key(r), r]));
    for (const k of [...new Set([...left.keys(), ...right.keys()])].sort()) {
      const l = new Map(numeric(left.get(k) ?? {}));
      const r = new Map(numeric(right.get(k) ?? {}));
      for (const field of [...new Set([...l.keys(), ...r.keys()])]) {
        const before = l.has(field) ? l.get(field)! : left.has(k) ? null : 0;
        const after = r.has(field) ? r.get(field)! : right.has(k) ? null : 0;
        if (before !== after) out.push({ table, ...label(k), field, reported: before, corrected: after });
      }
    }
  };
  diff('rows', reported.rows, corrected.rows, (r) => `${r.division}|${r.program}`, (k) => ({ division: k.split('|')[0]!, program: k.split('|')[1]! }));
  diff('process', reported.process, corrected.process, (r) => r.division, (k) => ({ division: k }));
  return out;
}

const CSV_COLUMNS: (keyof StatisticsRow)[] = ['month', 'division', 'program', 'programLabel', 'households', 'persons', 'householdsWithoutCoverage', 'elderly', 'minors', 'disabled', 'centralizedPersons', 'dispersedPersons', 'personTimes', 'payments', 'issuedFen', 'reissuedFen', 'returnedFen', 'netFen'];
/** The division column's heading: 区县 at county level, 区划 below. */
export const divisionHeading = (level: DivisionLevel) => (level === 'county' ? '区县' : level === 'street' ? '街道(乡镇)' : '社区(村)');
const CSV_HEADER_ZH = ['月份', '区县', '项目', '项目名称', '户数', '人数', '人数未知户数', '老年人', '未成年人', '残疾人', '特困集中供养人数', '特困分散供养人数', '人次', '笔数', '发放金额(分)', '补发金额(分)', '退回金额(分)', '净支出(分)'];

const csvCell = (v: unknown) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV for Excel (UTF-8 with BOM): a Chinese header line, one line per district × programme, and a 合计 line. */
export function statisticsCsv(s: MonthlyStatistics): string {
  const lines = [[CSV_HEADER_ZH[0], divisionHeading(s.level), ...CSV_HEADER_ZH.slice(2)].join(',')];
  for (const r of s.rows) lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  const t = s.totals;
  const total: Record<string, unknown> = { ...t, division: s.division, program: 'TOTAL', programLabel: '合计' };
  lines.push(CSV_COLUMNS.map((c) => csvCell(total[c])).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export interface StatisticsReport extends MonthlyStatistics {
  /** The figures as known at `reportedAsOf` (default: the end of the month, Asia/Shanghai). */
  reportedAsOf: string;
  asReported: Pick<MonthlyStatistics, 'rows' | 'totals' | 'process' | 'processTotals'>;
  /** The rest of the report is the month as corrected since (every event up to `correctedAsOf`, default now). */
  correctedAsOf: string | null;
  corrections: StatisticsCorrection[];
}

/**
 * Both views of one month: as reported (events recorded before `reportedAsOf`, by default the end of the
 * month) and as corrected since (every event given, or those recorded up to `correctedAsOf`), and the
 * figures that differ. Being computed from the log, a past month's report is reproduced exactly.
 */
export function monthlyReport(
  events: StatisticsEvent[],
  q: { month: string; division: string; level?: DivisionLevel; reportedAsOf?: Date; correctedAsOf?: Date },
): StatisticsReport {
  const reportedAsOf = q.reportedAsOf ?? monthEndInstant(q.month);
  const known = (cutoff: Date, strict: boolean) => events.filter((e) => e.recordedAt === undefined || (strict ? e.recordedAt < cutoff : e.recordedAt <= cutoff));
  const corrected = monthlyStatistics(q.correctedAsOf ? known(q.correctedAsOf, false) : events, q);
  const reported = monthlyStatistics(known(reportedAsOf, q.reportedAsOf === undefined), q);
  return {
    ...corrected,
    reportedAsOf: reportedAsOf.toISOString(),
    asReported: { rows: reported.rows, totals: reported.totals, process: reported.process, processTotals: reported.processTotals },
    correctedAsOf: q.correctedAsOf ? q.correctedAsOf.toISOString() : null,
    corrections: statisticsCorrections(reported, corrected),
  };
}
