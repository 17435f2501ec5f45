/**
 * The national working-day calendar: public holidays and 调休 make-up working days from the
 * `chinese-days` package (2004 onwards, as far as the State Council has published): the bundled
 * default. A year a policy_admin published (`ManagedWorkingDayCalendar`) replaces or adds that year.
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

/**
 * The bundled national calendar alone (tests, tools). Services count with a `ManagedWorkingDayCalendar`
 * (holiday-schedule.ts), which adds the schedules a policy_admin published.
 */
export function loadWorkingDayCalendar(options: { beyondCoverage?: 'throw' | 'weekdays' } = {}): WorkingDayCalendar {
  return buildNationalCalendar(new Map(), chineseDaysYears(), options.beyondCoverage ?? 'throw');
}
