/**
 * 节假日安排 form logic (政策 page): the dates typed by a policy_admin — one per line or separated by
 * commas / spaces, or a range `2027-02-06~2027-02-12` — become the sorted date lists of
 * `PUT /calendars/:year`; the same checks the eligibility service makes are shown on the fields
 * before sending, and the service's errors (`holidays[3]`, `makeUpWorkdays`, `reason` …) land on
 * the field they name.
 */
export interface HolidayForm {
  year: string;
  holidays: string;
  makeUpWorkdays: string;
  source: string;
  reason: string;
}

export type HolidayField = keyof HolidayForm;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const weekday = (s: string) => new Date(`${s}T00:00:00Z`).getUTCDay();

/** Parses the typed dates; `bad` lists the pieces that are not dates (or ranges of dates). */
export function parseDates(text: string): { dates: string[]; bad: string[] } {
  const dates = new Set<string>();
  const bad: string[] = [];
  for (const piece of text.split(/[\s,，、;；]+/).filter(Boolean)) {
    const range = piece.split(/~|至|--/);
    if (range.length === 2 && isDate(range[0]!) && isDate(range[1]!) && range[0]! <= range[1]!) {
      const d = new Date(`${range[0]}T00:00:00Z`);
      for (let i = 0; i < 366 && d.toISOString().slice(0, 10) <= range[1]!; i++, d.setUTCDate(d.getUTCDate() + 1)) dates.add(d.toISOString().slice(0, 10));
    } else if (isDate(piece)) dates.add(piece);
    else bad.push(piece);
  }
  return { dates: [...dates].sort(), bad };
}

/** Checks the form as the service does; field → message in Chinese (empty: fine). */
export function checkHolidayForm(form: HolidayForm, published: boolean): Partial<Record<HolidayField, string>> {
  const errors: Partial<Record<HolidayField, string>> = {};
  const year = /^\d{4}$/.test(form.year) ? Number(form.year) : NaN;
  if (!(year >= 2000 && year <= 2199)) errors.year = '请填写年份,例如 2027';
  const holidays = parseDates(form.holidays);
  const makeUp = parseDates(form.makeUpWorkdays);
  if (holidays.bad.length) errors.holidays = `不是日期:${holidays.bad.join('、')}`;
  else if (!holidays.dates.length) errors.holidays = '请至少填写一个放假日期';
  else if (year && holidays.dates.some((d) => !d.startsWith(`${year}-`))) errors.holidays = `日期须在 ${year} 年内:${holidays.dates.filter((d) => !d.startsWith(`${year}-`)).join('、')}`;
  if (makeUp.bad.length) errors.makeUpWorkdays = `不是日期:${makeUp.bad.join('、')}`;
  else if (year && makeUp.dates.some((d) => !d.startsWith(`${year}-`))) errors.makeUpWorkdays = `日期须在 ${year} 年内:${makeUp.dates.filter((d) => !d.startsWith(`${year}-`)).join('、')}`;
  else if (makeUp.dates.some((d) => weekday(d) !== 0 && weekday(d) !== 6)) errors.makeUpWorkdays = `调休上班日应为周六或周日:${makeUp.dates.filter((d) => weekday(d) !== 0 && weekday(d) !== 6).join('、')}`;
  else if (makeUp.dates.some((d) => holidays.dates.includes(d))) errors.makeUpWorkdays = `同一天不能既放假又上班:${makeUp.dates.filter((d) => holidays.dates.includes(d)).join('、')}`;
  if (!form.source.trim()) errors.source = '请填写通知文号,例如 国办发明电〔2026〕7号';
  if (published && !form.reason.trim()) errors.reason = '该年已发布,更正须填写理由';
  return errors;
}

/** The request body of `PUT /calendars/:year` (call after `checkHolidayForm` found nothing). */
export function holidayBody(form: HolidayForm, corrects: number | null) {
  return {
    holidays: parseDates(form.holidays).dates,
    makeUpWorkdays: parseDates(form.makeUpWorkdays).dates,
    source: form.source.trim(),
    ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
    ...(corrects ? { corrects } : {}),
  };
}

/** The form field a service error names (`holidays[3]` → holidays); null when not on the form. */
export function holidayFieldOf(field: string): HolidayField | null {
  const name = field.replace(/\[\d+\]$/, '');
  return (['year', 'holidays', 'makeUpWorkdays', 'source', 'reason'] as const).find((f) => f === name) ?? null;
}

/** A published version back into the form (to correct it). */
export function formFromVersion(year: number, v: { holidays: string[]; makeUpWorkdays: string[]; source: string }): HolidayForm {
  return { year: String(year), holidays: v.holidays.join('\n'), makeUpWorkdays: v.makeUpWorkdays.join('\n'), source: v.source, reason: '' };
}
