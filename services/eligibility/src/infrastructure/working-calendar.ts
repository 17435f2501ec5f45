/**
 * The working-day calendar of the service: public holidays and 调休 make-up working days from the
 * `chinese-days` package (2004 onwards, as far as the State Council has published), with any year
 * replaced or added by `ELIGIBILITY_CALENDAR_OVERRIDES`. Arithmetic beyond the last known year is
 * refused by the domain calendar (a deadline is then left open), never silently guessed.
 */
import { buildWorkingDayCalendar, type WorkingDayCalendar, type WorkingDayCalendarData } from '../domain';

export const WORKING_CALENDAR = Symbol('ELIGIBILITY_WORKING_CALENDAR');

export interface YearCalendar {
  holidays: string[];
  makeUpWorkdays: string[];
}

interface ChineseDaysData {
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

export function parseCalendarOverrides(text: string): Map<number, YearCalendar> {
  const result = new Map<number, YearCalendar>();
  if (text.trim() === '') return result;
  const parsed = JSON.parse(text) as Record<string, YearCalendar>;
  for (const [year, entry] of Object.entries(parsed)) {
    result.set(Number(year), { holidays: [...entry.holidays], makeUpWorkdays: [...entry.makeUpWorkdays] });
  }
  return result;
}

/**
 * Builds the calendar: chinese-days years, each overridden year replaced whole. Coverage runs from
 * the first to the last known year, which must be contiguous.
 */
export function buildServiceCalendar(overrides: Map<number, YearCalendar>, base = chineseDaysYears()): WorkingDayCalendar {
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
  };
  return buildWorkingDayCalendar(data);
}
