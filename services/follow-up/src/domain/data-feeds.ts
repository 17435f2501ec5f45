/**
 * Data-comparison feeds (动态监测, 应停尽停): the files other departments send (deaths, vehicle and
 * property registrations, business registrations, pension/employment, hospitalisation), one column
 * template per kind. Pure: the template, the validation of one row, and what a matched record means
 * for the household (the circumstance change a DataAlert proposes to review).
 */
import type { CircumstanceChangeKind } from '@sa/contracts';

export const FEED_KINDS = ['DEATH', 'VEHICLE', 'PROPERTY', 'BUSINESS', 'PENSION_EMPLOYMENT', 'HOSPITALISATION'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export interface FeedColumn {
  /** Key of the value in the alert's source record (also accepted as the header). */
  key: string;
  /** Header of the department's template (中文). */
  label: string;
  required: boolean;
  type: 'residentId' | 'date' | 'text' | 'fen';
}

const RESIDENT: FeedColumn = { key: 'residentId', label: '公民身份号码', required: true, type: 'residentId' };
const NAME: FeedColumn = { key: 'name', label: '姓名', required: true, type: 'text' };

/** A feed's columns: resident ID, name, the event's date, its detail and (for some) an amount in fen. */
function template(
  title: string,
  change: CircumstanceChangeKind,
  dateLabel: string,
  detail: { label: string; required: boolean },
  value?: { label: string; required: boolean },
): { title: string; change: CircumstanceChangeKind; columns: FeedColumn[] } {
  const columns: FeedColumn[] = [
    RESIDENT,
    NAME,
    { key: 'eventDate', label: dateLabel, required: true, type: 'date' },
    { key: 'detail', label: detail.label, required: detail.required, type: 'text' },
  ];
  if (value) columns.push({ key: 'valueFen', label: value.label, required: value.required, type: 'fen' });
  return { title, change, columns };
}
const required = (label: string) => ({ label, required: true });
const optional = (label: string) => ({ label, required: false });

/** The column template of each feed kind (order of the sample files in deploy/samples/data-feeds). */
export const FEED_TEMPLATES: Record<FeedKind, { title: string; change: CircumstanceChangeKind; columns: FeedColumn[] }> = {
  DEATH: template('死亡（火化）登记', 'MEMBER_DECEASED', '死亡日期', optional('登记机关')),
  VEHICLE: template('机动车登记', 'ASSETS', '登记日期', required('号牌号码'), optional('车辆价值（分）')),
  PROPERTY: template('不动产登记', 'ASSETS', '登记日期', required('不动产坐落'), optional('成交价格（分）')),
  BUSINESS: template('市场主体登记', 'EMPLOYMENT', '成立日期', required('市场主体名称'), optional('注册资本（分）')),
  PENSION_EMPLOYMENT: template('养老保险及就业登记', 'INCOME', '起始日期', required('单位或险种'), required('月金额（分）')),
  HOSPITALISATION: template('住院结算', 'HEALTH', '入院日期', required('医疗机构'), optional('个人自付（分）')),
};

/** One record of a feed, by template key (`residentId`, `name`, `eventDate`, `detail`, `valueFen`). */
export type FeedRecord = Record<string, string>;

export interface CellError {
  /** 1-based row of the file (the header is row 1). */
  row: number;
  /** 1-based column (A = 1), and its header. */
  column: number;
  header: string;
  code: string;
  detail: string;
}

const RESIDENT_ID = /^\d{17}[\dX]$/;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** GB 11643 resident ID: 18 characters, checksum, upper-case X. */
export function normaliseFeedResidentId(value: string): string {
  return value.trim().toUpperCase();
}

export function validResidentId(id: string): boolean {
  if (!RESIDENT_ID.test(id)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The checked record of one row, or the errors of its cells (row/column numbers of the file). */
export function checkFeedRow(
  kind: FeedKind,
  rowNumber: number,
  cells: ReadonlyMap<string, { column: number; header: string; value: string }>,
  today: string,
): { record?: FeedRecord; errors: CellError[] } {
  const errors: CellError[] = [];
  const record: FeedRecord = {};
  for (const col of FEED_TEMPLATES[kind].columns) {
    const cell = cells.get(col.key);
    const value = (cell?.value ?? '').trim();
    const at = { row: rowNumber, column: cell?.column ?? 0, header: cell?.header ?? col.label };
    if (value === '') {
      if (col.required) errors.push({ ...at, code: 'required', detail: `${col.label}不能为空` });
      continue;
    }
    if (value.length > 500) {
      errors.push({ ...at, code: 'too_long', detail: `${col.label}超过500个字符` });
      continue;
    }
    if (col.type === 'residentId') {
      const id = normaliseFeedResidentId(value);
      if (!validResidentId(id)) errors.push({ ...at, code: 'invalid_resident_id', detail: `${col.label}不是有效的18位公民身份号码` });
      else record[col.key] = id;
    } else if (col.type === 'date') {
      if (!validDate(value)) errors.push({ ...at, code: 'invalid_date', detail: `${col.label}应为YYYY-MM-DD格式的日期` });
      else if (value > today) errors.push({ ...at, code: 'date_in_future', detail: `${col.label}晚于今天` });
      else record[col.key] = value;
    } else if (col.type === 'fen') {
      if (!/^\d{1,13}$/.test(value)) errors.push({ ...at, code: 'invalid_amount', detail: `${col.label}应为以分计的非负整数` });
      else record[col.key] = String(Number(value));
    } else {
      record[col.key] = value;
    }
  }
  return errors.length > 0 ? { errors } : { record, errors };
}

/** The sentence an officer reads in the review: what the department's record says. */
export function describeFeedRecord(kind: FeedKind, record: FeedRecord): string {
  const t = FEED_TEMPLATES[kind];
  const parts = t.columns.filter((c) => c.key !== 'residentId' && c.key !== 'name' && record[c.key] !== undefined).map((c) => `${c.label}：${record[c.key]}`);
  return `数据比对（${t.title}）：${parts.join('；')}`;
}
