/**
 * The national working-day calendar: public holidays and 调休 make-up working days from the
 * `chinese-days` package (2004 onwards, as far as the State Council has published), with any year
 * replaced or added by configuration (JSON `{ "<year>": { holidays: [dates], makeUpWorkdays: [dates] } }`).
 * Coverage runs from the first to the last contiguous known year; beyond it the calendar refuses
 * (`'throw'`, default) or counts Monday–Friday (`'weekdays'`), as the caller chooses.
 */
import { buildWorkingDayCalendar, type WorkingDayCalendar, type WorkingDayCalendarData } from './calendar';

export interface YearCalendar {
  holidays: string[];
  makeUpWorkdays: string[];
}

export interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function loadChineseDays(): ChineseDaysData {
  // The package ships its data as JSON next to the code; reading it directly keeps us off its API.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
}

/** The calendar data per year from chinese-days. */
export function chineseDaysYears(data: ChineseDaysData = loadChineseDays()): Map<number, YearCalendar> {
  const years = new Map<number, YearCalendar>();
  const entry = (date: string): YearCalendar => {
    const year = Number(date.slice(0, 4));
    let found = years.get(year);
    if (!found) {
      found = { holidays: [], makeUpWorkdays: [] };
      years.set(year, found);
    }
    return found;
  };
  for (const date of Object.keys(data.holidays)) entry(date).holidays.push(date);
  for (const date of Object.keys(data.workdays)) entry(date).makeUpWorkdays.push(date);
  return years;
}

/** Parses the overrides text (empty = none). Validate it first with `checkCalendarOverrides`. */
export function parseCalendarOverrides(text: string): Map<number, YearCalendar> {
  const result = new Map<number, YearCalendar>();
  if (text.trim() === '') return result;
  const parsed = JSON.parse(text) as Record<string, YearCalendar>;
  for (const [year, entry] of Object.entries(parsed)) {
    result.set(Number(year), { holidays: [...entry.holidays], makeUpWorkdays: [...entry.makeUpWorkdays] });
  }
  return result;
}

/** A config `check`: undefined when `value` is empty or valid overrides, otherwise why not. */
export function checkCalendarOverrides(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'must be JSON such as {"2027":{"holidays":["2027-01-01"],"makeUpWorkdays":[]}}';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'must be a JSON object keyed by year';
  for (const [year, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^\d{4}$/.test(year)) return `key ${year} must be a year such as 2027`;
    const e = entry as { holidays?: unknown; makeUpWorkdays?: unknown };
    for (const list of [e?.holidays, e?.makeUpWorkdays]) {
      if (!Array.isArray(list) || !list.every((d) => typeof d === 'string' && d.startsWith(`${year}-`) && /^\d{4}-\d{2}-\d{2}$/.test(d))) {
        return `${year} needs holidays and makeUpWorkdays: lists of dates YYYY-MM-DD in ${year}`;
      }
    }
  }
  return undefined;
}

/**
 * Builds the calendar: chinese-days years, each overridden year replaced whole. Coverage runs from
 * the first to the last known year, which must be contiguous.
 */
export function buildNationalCalendar(
  overrides: Map<number, YearCalendar> = new Map(),
  base: Map<number, YearCalendar> = chineseDaysYears(),
  beyondCoverage: 'throw' | 'weekdays' = 'throw',
): WorkingDayCalendar {
  const years = new Map(base);
  for (const [year, entry] of overrides) years.set(year, entry);
  const known = [...years.keys()].sort((a, b) => a - b);
  if (known.length === 0) throw new Error('The working-day calendar has no year');
  const first = known[0]!;
  let last = first;
  while (years.has(last + 1)) last += 1;
  const data: WorkingDayCalendarData = {
    holidays: known.filter((y) => y <= last).flatMap((y) => years.get(y)!.holidays),
    makeUpWorkdays: known.filter((y) => y <= last).flatMap((y) => years.get(y)!.makeUpWorkdays),
    coverage: { from: `${first}-01-01`, to: `${last}-12-31` },
    beyondCoverage,
  };
  return buildWorkingDayCalendar(data);
}

/** The national calendar with overrides given as configuration text (`''` = none). */
export function loadWorkingDayCalendar(options: { overrides?: string; beyondCoverage?: 'throw' | 'weekdays' } = {}): WorkingDayCalendar {
  return buildNationalCalendar(parseCalendarOverrides(options.overrides ?? ''), chineseDaysYears(), options.beyondCoverage ?? 'throw');
}
