/**
 * Caseload import (存量台账迁入): an office's existing ledger, one row per household member, read
 * and validated whole. Pure: the shell turns the file (CSV or .xlsx) into rows of cell text and gives
 * an id function; a file with any error yields every error (row, column, message) and no household.
 * The template is documented in docs/caseload-import.md (sample: deploy/samples/caseload-ledger.csv).
 */
import { isValidResidentId } from '@sa/contracts';
import { isCalendarDate, isCalendarMonth, type CalendarDate, type CalendarMonth } from '../calendar-date';
import type { DisabilityCategory } from '../household';
import type { SelfCareLevel, SupplyMode } from '../policy/policy-version';
import type { CaseMember, RecurringProgram } from '../review-case/case-file';

/** Template columns, in order. `amountColumn` is either the 元 or the 分 form of the amount. */
export const LEDGER_COLUMNS = {
  householdKey: '户编号',
  program: '保障类别',
  division: '区划代码',
  name: '姓名',
  residentId: '身份证号',
  relation: '与户主关系',
  covered: '是否保障对象',
  disabilityGrade: '残疾等级',
  disabilityCategory: '残疾类别',
  amount: '月保障金额(元)',
  standard: '保障标准(元)',
  perCapitaIncome: '家庭月人均收入(元)',
  approvedOn: '原批准日期',
  firstMonth: '本系统首次发放月份',
  account: '收款账号',
  selfCare: '自理能力',
} as const;
export type LedgerColumn = keyof typeof LEDGER_COLUMNS;
/** The amount columns may be given in fen instead: the same heading with (分). */
const FEN_HEADINGS: Partial<Record<LedgerColumn, string>> = { amount: '月保障金额(分)', standard: '保障标准(分)', perCapitaIncome: '家庭月人均收入(分)' };
const OPTIONAL: LedgerColumn[] = ['disabilityGrade', 'disabilityCategory', 'selfCare'];
/** 特困人员 (extreme poverty support) carries the self-care level that sets the care allowance. */
export const SELF_CARE_LEVELS: Record<string, SelfCareLevel> = { 全自理: 'SELF_SUFFICIENT', 部分失能: 'PARTLY_DEPENDENT', 完全失能: 'FULLY_DEPENDENT' };
const DISABILITY_CATEGORIES: Record<string, DisabilityCategory> = { 视力: 'VISUAL', 听力: 'HEARING', 言语: 'SPEECH', 肢体: 'PHYSICAL', 智力: 'INTELLECTUAL', 精神: 'MENTAL', 多重: 'MULTIPLE' };
/** Columns read from the household head's row only (户主). */
const HEAD_ONLY: LedgerColumn[] = ['amount', 'standard', 'perCapitaIncome', 'approvedOn', 'firstMonth', 'account', 'selfCare'];

export const LEDGER_PROGRAMS: Record<string, RecurringProgram> = {
  城市低保: 'MINIMUM_LIVING_ALLOWANCE',
  农村低保: 'MINIMUM_LIVING_ALLOWANCE',
  低保: 'MINIMUM_LIVING_ALLOWANCE',
  最低生活保障: 'MINIMUM_LIVING_ALLOWANCE',
  MINIMUM_LIVING_ALLOWANCE: 'MINIMUM_LIVING_ALLOWANCE',
  特困: 'EXTREME_POVERTY_SUPPORT',
  特困人员救助供养: 'EXTREME_POVERTY_SUPPORT',
  特困分散供养: 'EXTREME_POVERTY_SUPPORT',
  特困集中供养: 'EXTREME_POVERTY_SUPPORT',
  EXTREME_POVERTY_SUPPORT: 'EXTREME_POVERTY_SUPPORT',
  低保边缘: 'LOW_INCOME_MARGINAL',
  低保边缘家庭: 'LOW_INCOME_MARGINAL',
  LOW_INCOME_MARGINAL: 'LOW_INCOME_MARGINAL',
};

/** 特困 with its 供养方式 named in the programme (保障类别 特困集中供养 / 特困分散供养); plain 特困 leaves it unrecorded. */
export const LEDGER_SUPPLY_MODES: Record<string, SupplyMode> = { 特困集中供养: 'CENTRALIZED', 特困分散供养: 'DISPERSED' };

export interface LedgerError {
  /** 1-based row number in the file (the header is row 1). */
  row: number;
  /** The column's heading in the template (or `文件` for the file as a whole). */
  column: string;
  message: string;
}

export interface MigratedMemberRow extends CaseMember {
  residentId: string;
  covered: boolean;
  /** The file row of this member. */
  row: number;
}

export interface MigratedHousehold {
  caseId: string;
  /** The ledger's household key (户编号), kept as the case number. */
  householdKey: string;
  program: RecurringProgram;
  jurisdiction: string;
  members: MigratedMemberRow[];
  headMemberId: string;
  monthlyAmountFen: number;
  subsistenceStandardFen: number;
  perCapitaIncomeFen: number;
  approvedOn: CalendarDate;
  firstMonth: CalendarMonth;
  accountNumber: string;
  /** 特困 only. */
  selfCareLevel?: SelfCareLevel;
  /** 特困 only, when the 保障类别 names it (特困集中供养 / 特困分散供养): 供养方式. */
  supplyMode?: SupplyMode;
  /** The file rows of the household, ascending. */
  rows: number[];
}

export interface LedgerOptions {
  /** Division codes the importing officer may import into (the household's code must start with it). */
  jurisdiction: string;
  /** A deterministic id from a name (the shell gives a UUID v5). */
  idFor: (name: string) => string;
  /** Today (Asia/Shanghai): approvals may not be in the future. */
  today: CalendarDate;
}

const MONEY_YUAN = /^\d{1,9}(\.\d{1,2})?$/;
const MONEY_FEN = /^\d{1,11}$/;

/** 123.4 元 → 12340 fen, exactly (no floating point). */
export function yuanToFen(text: string): number {
  const [whole, frac = ''] = text.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

export function birthDateOfResidentId(id: string): CalendarDate {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** One data row as read (pass 1 and pass 2 read it alike). */
interface ParsedRow {
  row: number;
  key: string;
  program?: RecurringProgram;
  supplyMode?: SupplyMode;
  division: string;
  name: string;
  residentId: string;
  relation: string;
  covered: boolean;
  grade: { grade: 1 | 2 | 3 | 4; category: DisabilityCategory } | null;
  head: boolean;
}

/** What pass 1 keeps of a household: row numbers and codes, never names or resident IDs. */
interface HouseholdSummary {
  /** Row, program and division of each member, in file order. */
  members: { row: number; program?: RecurringProgram; division: string }[];
  heads: number[];
  /** The head row's own errors (amounts, dates, account, self-care): reported only when the household has one head. */
  headErrors: LedgerError[];
  headProgram?: RecurringProgram;
  headDivision: string;
  covered: boolean;
}

const isBlank = (r: readonly string[]) => r.every((c) => c.trim() === '');

/**
 * The ledger checked row by row (pass 1 of a streaming import): `header` first, then `row` for each
 * data row in file order, then `finish`. Keeps the errors and, per household, row numbers and codes
 * only (plus each resident ID's row, for duplicates) — not the rows. `finish` returns every error
 * (sorted by row and column) and how many rows each household has, which `CaseloadHouseholdAssembler`
 * needs for pass 2.
 */
export class CaseloadLedgerChecker {
  private readonly errors: LedgerError[] = [];
  private index: Map<LedgerColumn, { at: number; fen: boolean }> | undefined;
  private readonly seenIds = new Map<string, number>();
  private readonly households = new Map<string, HouseholdSummary>();
  private dataRows = 0;

  constructor(private readonly o: LedgerOptions) {}

  /** The header row (row 1). False when a required column is missing (the errors say which). */
  header(cells: readonly string[]): boolean {
    const found = headerIndex(cells);
    this.errors.push(...found.errors);
    if (found.errors.length === 0) this.index = found.index;
    return found.errors.length === 0;
  }

  /** One data row (1-based row number in the file). */
  row(rowNo: number, r: readonly string[]): void {
    const index = this.index;
    if (!index || isBlank(r)) return;
    this.dataRows++;
    const p = parseRow(index, rowNo, r, this.o, this.errors);
    const err = (k: LedgerColumn, message: string) => this.errors.push({ row: rowNo, column: LEDGER_COLUMNS[k], message });
    if (!isValidResidentId(p.residentId)) err('residentId', '身份证号格式或校验位不正确');
    else if (this.seenIds.has(p.residentId)) err('residentId', `与第${this.seenIds.get(p.residentId)}行重复`);
    else this.seenIds.set(p.residentId, rowNo);
    if (!p.key) return;
    let h = this.households.get(p.key);
    if (!h) {
      h = { members: [], heads: [], headErrors: [], headDivision: '', covered: false };
      this.households.set(p.key, h);
    }
    h.members.push({ row: rowNo, ...(p.program ? { program: p.program } : {}), division: p.division });
    if (p.covered) h.covered = true;
    if (p.head) {
      h.heads.push(rowNo);
      if (h.heads.length === 1) {
        h.headProgram = p.program;
        h.headDivision = p.division;
        checkHeadCells(index, r, p, this.o, h.headErrors);
      }
    }
  }

  /** Every error (sorted by row, then column), and the number of rows of each household (by 户编号). */
  finish(): { errors: LedgerError[]; rowsOf: Map<string, number> } {
    const errors = this.errors;
    if (!this.index) return { errors, rowsOf: new Map() };
    if (this.dataRows === 0 && errors.length === 0) return { errors: [{ row: 1, column: '文件', message: '没有数据行' }], rowsOf: new Map() };
    const rowsOf = new Map<string, number>();
    for (const [key, h] of this.households) {
      rowsOf.set(key, h.members.length);
      if (h.heads.length !== 1) {
        for (const row of h.heads.length === 0 ? [h.members[0]!.row] : h.heads.slice(1)) {
          errors.push({ row, column: LEDGER_COLUMNS.relation, message: h.heads.length === 0 ? `户编号 ${key} 没有户主行` : `户编号 ${key} 有多个户主行` });
        }
        continue;
      }
      const headRow = h.heads[0]!;
      for (const m of h.members) {
        if (m.program !== h.headProgram) errors.push({ row: m.row, column: LEDGER_COLUMNS.program, message: `同一户的保障类别应与户主行(第${headRow}行)一致` });
        if (m.division !== h.headDivision) errors.push({ row: m.row, column: LEDGER_COLUMNS.division, message: `同一户的区划代码应与户主行(第${headRow}行)一致` });
      }
      errors.push(...h.headErrors);
      if (!h.covered) errors.push({ row: headRow, column: LEDGER_COLUMNS.covered, message: `户编号 ${key} 没有保障对象` });
    }
    errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
    return { errors, rowsOf };
  }
}

/**
 * Pass 2 of a streaming import, over a file pass 1 found without error: the same rows again, in file
 * order; `row` returns a household once its last row has been read (a household whose rows are
 * together in the file is held only while they are read).
 */
export class CaseloadHouseholdAssembler {
  private index: Map<LedgerColumn, { at: number; fen: boolean }> | undefined;
  private readonly pending = new Map<string, { parsed: ParsedRow; cells: Map<LedgerColumn, string> }[]>();

  constructor(
    private readonly o: LedgerOptions,
    private readonly rowsOf: ReadonlyMap<string, number>,
  ) {}

  header(cells: readonly string[]): void {
    this.index = headerIndex(cells).index;
  }

  row(rowNo: number, r: readonly string[]): MigratedHousehold | undefined {
    const index = this.index;
    if (!index || isBlank(r)) return undefined;
    const parsed = parseRow(index, rowNo, r, this.o, []);
    const members = this.pending.get(parsed.key) ?? [];
    const cells = new Map<LedgerColumn, string>();
    if (parsed.head) for (const k of HEAD_ONLY) cells.set(k, cellOf(index, r, k));
    members.push({ parsed, cells });
    if (members.length < (this.rowsOf.get(parsed.key) ?? 1)) {
      this.pending.set(parsed.key, members);
      return undefined;
    }
    this.pending.delete(parsed.key);
    return buildHousehold(index, parsed.key, members, this.o);
  }

  /** Households still waiting for rows (none after a whole file that pass 1 read). */
  get waiting(): number {
    return this.pending.size;
  }
}

function headerIndex(cells: readonly string[]): { index: Map<LedgerColumn, { at: number; fen: boolean }>; errors: LedgerError[] } {
  const errors: LedgerError[] = [];
  const header = cells.map((h) => h.trim().replace(/（/g, '(').replace(/）/g, ')'));
  const index = new Map<LedgerColumn, { at: number; fen: boolean }>();
  for (const key of Object.keys(LEDGER_COLUMNS) as LedgerColumn[]) {
    const yuan = header.indexOf(LEDGER_COLUMNS[key]);
    const fenHeading = FEN_HEADINGS[key];
    const fen = fenHeading ? header.indexOf(fenHeading) : -1;
    if (yuan >= 0) index.set(key, { at: yuan, fen: false });
    else if (fen >= 0) index.set(key, { at: fen, fen: true });
    else if (!OPTIONAL.includes(key)) errors.push({ row: 1, column: LEDGER_COLUMNS[key], message: '缺少此列' });
  }
  return { index, errors };
}

function cellOf(index: Map<LedgerColumn, { at: number; fen: boolean }>, r: readonly string[], k: LedgerColumn): string {
  const at = index.get(k);
  return at ? (r[at.at] ?? '').trim() : '';
}

/** A row's own cells, checked (the errors pushed to `errors`; the resident ID's check is the caller's). */
function parseRow(index: Map<LedgerColumn, { at: number; fen: boolean }>, rowNo: number, r: readonly string[], o: LedgerOptions, errors: LedgerError[]): ParsedRow {
  const cell = (k: LedgerColumn) => cellOf(index, r, k);
  const err = (k: LedgerColumn, message: string) => errors.push({ row: rowNo, column: LEDGER_COLUMNS[k], message });
  const key = cell('householdKey');
  if (!key) err('householdKey', '必填');
  else if (!/^\S(.*\S)?$/.test(key) || key.length > 40) err('householdKey', '户编号不超过40个字符');
  const programText = cell('program');
  const program = LEDGER_PROGRAMS[programText];
  if (!program) err('program', `保障类别应为 ${Object.keys(LEDGER_PROGRAMS).filter((k) => /[^A-Z_]/.test(k)).join('、')} 之一`);
  const division = cell('division');
  if (!/^\d{12}$/.test(division)) err('division', '区划代码应为12位社区(村)代码');
  else if (!division.startsWith(o.jurisdiction)) err('division', `不在导入人员的辖区(${o.jurisdiction})内`);
  const name = cell('name');
  if (!name || name.length > 100) err('name', '必填，不超过100个字符');
  const residentId = cell('residentId').toUpperCase();
  const relation = cell('relation');
  if (!relation) err('relation', '必填');
  const coveredText = cell('covered');
  if (coveredText !== '是' && coveredText !== '否') err('covered', '应为 是 或 否');
  const gradeText = cell('disabilityGrade');
  if (gradeText && !/^[1-4]$/.test(gradeText)) err('disabilityGrade', '残疾等级应为1至4或留空');
  const categoryText = cell('disabilityCategory');
  const category = DISABILITY_CATEGORIES[categoryText];
  if (gradeText && !category) err('disabilityCategory', `有残疾等级时应填写残疾类别(${Object.keys(DISABILITY_CATEGORIES).join('、')})`);
  else if (!gradeText && categoryText) err('disabilityGrade', '有残疾类别时应填写残疾等级');
  const head = relation === '户主' || relation === '本人';
  return {
    row: rowNo,
    key,
    ...(program ? { program } : {}),
    ...(LEDGER_SUPPLY_MODES[programText] ? { supplyMode: LEDGER_SUPPLY_MODES[programText] } : {}),
    division,
    name,
    residentId,
    relation,
    covered: coveredText === '是',
    grade: gradeText && category ? { grade: Number(gradeText) as 1 | 2 | 3 | 4, category } : null,
    head,
  };
}

/** The household's own cells on the head's row: amounts, dates, account, self-care (errors pushed to `errors`). */
function checkHeadCells(index: Map<LedgerColumn, { at: number; fen: boolean }>, r: readonly string[], head: ParsedRow, o: LedgerOptions, errors: LedgerError[]): void {
  const cell = (k: LedgerColumn) => cellOf(index, r, k);
  const err = (k: LedgerColumn, message: string) => errors.push({ row: head.row, column: index.get(k)?.fen ? FEN_HEADINGS[k]! : LEDGER_COLUMNS[k], message });
  const money = (k: LedgerColumn): number | null => {
    const value = moneyOf(index, k, cell(k));
    if (value === null) err(k, index.get(k)!.fen ? '金额应为非负整数(分)' : '金额应为非负数，最多两位小数(元)');
    return value;
  };
  const amount = money('amount');
  money('standard');
  money('perCapitaIncome');
  if (amount !== null && amount === 0 && head.program !== 'LOW_INCOME_MARGINAL') err('amount', '月保障金额应大于0');
  const approvedOn = cell('approvedOn');
  const approvedOk = isCalendarDate(approvedOn);
  if (!approvedOk) err('approvedOn', '日期应为 YYYY-MM-DD');
  else if (approvedOn > o.today) err('approvedOn', '不能晚于今天');
  const firstMonth = cell('firstMonth');
  if (!isCalendarMonth(firstMonth)) err('firstMonth', '月份应为 YYYY-MM');
  else if (approvedOk && firstMonth <= approvedOn.slice(0, 7)) err('firstMonth', '应晚于原批准日期所在月份');
  const account = cell('account').replace(/[\s-]/g, '');
  if (!/^\d{12,30}$/.test(account)) err('account', '收款账号应为12至30位数字');
  const selfCareText = cell('selfCare');
  const selfCareLevel = SELF_CARE_LEVELS[selfCareText];
  if (head.program === 'EXTREME_POVERTY_SUPPORT' && !selfCareLevel) err('selfCare', `特困人员应填写自理能力(${Object.keys(SELF_CARE_LEVELS).join('、')})`);
  else if (head.program !== 'EXTREME_POVERTY_SUPPORT' && selfCareText) err('selfCare', '只有特困人员填写自理能力');
}

function moneyOf(index: Map<LedgerColumn, { at: number; fen: boolean }>, k: LedgerColumn, text: string): number | null {
  const fen = index.get(k)!.fen;
  if (!(fen ? MONEY_FEN : MONEY_YUAN).test(text)) return null;
  return fen ? Number(text) : yuanToFen(text);
}

/** A household of a checked file (every member's row read; its head's cells valid). */
function buildHousehold(index: Map<LedgerColumn, { at: number; fen: boolean }>, key: string, members: { parsed: ParsedRow; cells: Map<LedgerColumn, string> }[], o: LedgerOptions): MigratedHousehold | undefined {
  const headEntry = members.find((m) => m.parsed.head);
  if (!headEntry) return undefined;
  const head = headEntry.parsed;
  const cells = headEntry.cells;
  const amount = moneyOf(index, 'amount', cells.get('amount')!);
  const standard = moneyOf(index, 'standard', cells.get('standard')!);
  const income = moneyOf(index, 'perCapitaIncome', cells.get('perCapitaIncome')!);
  if (!head.program || amount === null || standard === null || income === null) return undefined;
  const selfCareLevel = SELF_CARE_LEVELS[cells.get('selfCare')!];
  const caseId = o.idFor(`caseload-import/${head.division}/${key}`);
  const sorted = members.map((m) => m.parsed).sort((a, b) => a.row - b.row);
  const memberRows: MigratedMemberRow[] = sorted.map((m) => ({
    memberId: o.idFor(`caseload-import/${caseId}/member/${m.residentId}`),
    name: m.name,
    residentId: m.residentId,
    relation: m.relation,
    birthDate: birthDateOfResidentId(m.residentId),
    included: true,
    disability: m.grade,
    severeIllness: null,
    workAbility: 'NONE',
    covered: m.covered,
    row: m.row,
  }));
  return {
    caseId,
    householdKey: key,
    program: head.program,
    jurisdiction: head.division,
    members: memberRows,
    headMemberId: memberRows[sorted.indexOf(head)]!.memberId,
    monthlyAmountFen: amount,
    subsistenceStandardFen: standard,
    perCapitaIncomeFen: income,
    approvedOn: cells.get('approvedOn')!,
    firstMonth: cells.get('firstMonth')!,
    accountNumber: cells.get('account')!.replace(/[\s-]/g, ''),
    ...(selfCareLevel && head.program === 'EXTREME_POVERTY_SUPPORT' ? { selfCareLevel } : {}),
    ...(head.supplyMode && head.program === 'EXTREME_POVERTY_SUPPORT' ? { supplyMode: head.supplyMode } : {}),
    rows: sorted.map((m) => m.row),
  };
}

/**
 * Reads the ledger: header row first, then one row per member. Rows with the same 户编号 form one
 * household; exactly one of them is 户主, whose row carries the household's amount, standard, income,
 * dates and account. Returns every error, or the households (in the order of their first row) when
 * there is none. The whole-array form of the two streaming passes (CaseloadLedgerChecker, then
 * CaseloadHouseholdAssembler).
 */
export function readCaseloadLedger(rows: string[][], o: LedgerOptions): { households: MigratedHousehold[]; errors: LedgerError[] } {
  const checker = new CaseloadLedgerChecker(o);
  if (checker.header(rows[0] ?? [])) for (let i = 1; i < rows.length; i++) checker.row(i + 1, rows[i]!);
  const { errors, rowsOf } = checker.finish();
  if (errors.length > 0) return { households: [], errors };
  const assembler = new CaseloadHouseholdAssembler(o, rowsOf);
  assembler.header(rows[0]!);
  const households: MigratedHousehold[] = [];
  for (let i = 1; i < rows.length; i++) {
    const h = assembler.row(i + 1, rows[i]!);
    if (h) households.push(h);
  }
  households.sort((a, b) => a.rows[0]! - b.rows[0]!);
  return { households, errors };
}
