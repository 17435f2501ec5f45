/**
 * The holiday-calendar decider (stream `holidayCalendar-<year>`): the national 节假日安排 of one year
 * — public holidays and 调休 make-up working days, as the State Council publishes them — published by
 * a `policy_admin` as versioned events. A published version is never edited: a correction is the
 * next version and supersedes the previous one whole; the stream keeps both (the history).
 * Every service that counts working days receives each version as the integration event
 * `HolidayCalendarPublished` and counts with the newest one; the bundled chinese-days data is only
 * the default for the years nobody published.
 */
import type { Command } from '@sa/eventstore';
import { calendarIdOf, checkHolidaySchedule, type CalendarDate } from '@sa/time';
import type { ActorRef } from '../review-case/case-file';
import { EligibilityError, type FieldViolation } from '../errors';

export const HOLIDAY_CALENDAR_CATEGORY = 'holidayCalendar';
export const holidayCalendarStreamId = (year: string | number): string => `${HOLIDAY_CALENDAR_CATEGORY}-${year}`;

// ---- events ---------------------------------------------------------------------------------------

export interface HolidayCalendarPublished {
  type: 'HolidayCalendarPublished';
  data: {
    calendarId: string;
    year: number;
    version: number;
    /** The version this one corrects (and so supersedes), null for the first. */
    supersedesVersion: number | null;
    holidays: CalendarDate[];
    makeUpWorkdays: CalendarDate[];
    /** The notice (e.g. 国办发明电〔2026〕7号), or `EXAMPLE` for test data. */
    source: string;
    reason: string | null;
    publishedOn: CalendarDate;
    publishedBy: ActorRef;
  };
}

export type HolidayCalendarEvent = HolidayCalendarPublished;

export const HOLIDAY_CALENDAR_EVENT_TYPES = Object.keys({ HolidayCalendarPublished: true } satisfies Record<HolidayCalendarEvent['type'], true>);

// ---- commands -------------------------------------------------------------------------------------

/** Publishes a year's schedule: the first version, or a correction (then `reason` is required). */
export type PublishHolidaySchedule = Command<
  'PublishHolidaySchedule',
  {
    year: number;
    holidays: CalendarDate[];
    makeUpWorkdays: CalendarDate[];
    source: string;
    reason?: string | null;
    /** The version the publisher corrects (optional; when given it must be the current one). */
    corrects?: number | null;
  }
>;

export type HolidayCalendarCommand = PublishHolidaySchedule;

// ---- state ----------------------------------------------------------------------------------------

export interface HolidayCalendarVersion {
  version: number;
  holidays: CalendarDate[];
  makeUpWorkdays: CalendarDate[];
  source: string;
  reason: string | null;
  publishedOn: CalendarDate;
  publishedBy: ActorRef;
  /** The version that corrected this one, null while it is in force. */
  supersededBy: number | null;
}

export interface HolidayCalendarState {
  year: number | null;
  versions: HolidayCalendarVersion[];
}

export const initialHolidayCalendarState: HolidayCalendarState = { year: null, versions: [] };

/** The version in force (the newest), undefined before the first publication. */
export const currentHolidayVersion = (state: HolidayCalendarState): HolidayCalendarVersion | undefined => state.versions[state.versions.length - 1];

export function evolveHolidayCalendar(state: HolidayCalendarState, event: HolidayCalendarEvent): HolidayCalendarState {
  switch (event.type) {
    case 'HolidayCalendarPublished': {
      const d = event.data;
      const version: HolidayCalendarVersion = {
        version: d.version,
        holidays: d.holidays,
        makeUpWorkdays: d.makeUpWorkdays,
        source: d.source,
        reason: d.reason,
        publishedOn: d.publishedOn,
        publishedBy: d.publishedBy,
        supersededBy: null,
      };
      return {
        year: d.year,
        versions: [...state.versions.map((v) => (v.version === d.supersedesVersion ? { ...v, supersededBy: d.version } : v)), version],
      };
    }
    default:
      return state;
  }
}

// ---- decide ---------------------------------------------------------------------------------------

const MAX_SOURCE = 200;
const MAX_REASON = 2000;

function invalid(violations: FieldViolation[]): EligibilityError {
  return new EligibilityError('holiday_schedule_invalid', `The holiday schedule is not valid: ${violations.map((v) => `${v.field} ${v.message}`).join('; ')}`, {
    field: violations[0]!.field,
    violations,
    status: 400,
  });
}

const sorted = (dates: readonly string[]): string[] => [...dates].sort();
const sameDates = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

export function decideHolidayCalendar(command: HolidayCalendarCommand, state: HolidayCalendarState): HolidayCalendarEvent[] {
  const d = command.data;
  const violations: FieldViolation[] = checkHolidaySchedule({ year: d.year, holidays: d.holidays, makeUpWorkdays: d.makeUpWorkdays });
  if (typeof d.source !== 'string' || d.source.trim() === '' || d.source.length > MAX_SOURCE) {
    violations.push({ field: 'source', message: `must name the notice published (1–${MAX_SOURCE} characters), e.g. 国办发明电〔2026〕7号` });
  }
  if (d.reason !== undefined && d.reason !== null && (typeof d.reason !== 'string' || d.reason.length > MAX_REASON)) {
    violations.push({ field: 'reason', message: `must be a text of at most ${MAX_REASON} characters` });
  }
  const current = currentHolidayVersion(state);
  const reason = typeof d.reason === 'string' && d.reason.trim() !== '' ? d.reason.trim() : null;
  if (current && reason === null && !(sameDates(current.holidays, d.holidays) && sameDates(current.makeUpWorkdays, d.makeUpWorkdays))) {
    violations.push({ field: 'reason', message: `${d.year} is published (version ${current.version}): a correction needs a reason` });
  }
  if (violations.length > 0) throw invalid(violations);
  if (state.year !== null && state.year !== d.year) {
    throw new EligibilityError('holiday_calendar_year_mismatch', `This calendar is ${state.year}, not ${d.year}`, { field: 'year', status: 400 });
  }
  if (d.corrects !== undefined && d.corrects !== null && d.corrects !== (current?.version ?? null)) {
    throw new EligibilityError(
      'holiday_calendar_stale_version',
      current ? `Version ${d.corrects} is not the one in force (${current.version}): read the calendar again` : `${d.year} has no published version to correct`,
      { kind: 'conflict', field: 'corrects' },
    );
  }
  if (current && sameDates(current.holidays, d.holidays) && sameDates(current.makeUpWorkdays, d.makeUpWorkdays) && current.source === d.source.trim()) {
    return []; // the version in force already says this: a retried publication records nothing
  }
  const version = (current?.version ?? 0) + 1;
  return [
    {
      type: 'HolidayCalendarPublished',
      data: {
        calendarId: calendarIdOf(d.year),
        year: d.year,
        version,
        supersedesVersion: current ? current.version : null,
        holidays: sorted(d.holidays),
        makeUpWorkdays: sorted(d.makeUpWorkdays),
        source: d.source.trim(),
        reason,
        publishedOn: command.metadata.now.slice(0, 10),
        publishedBy: command.metadata.actor,
      },
    },
  ];
}

export const holidayCalendarDecider = {
  decide: decideHolidayCalendar,
  evolve: evolveHolidayCalendar,
  initialState: initialHolidayCalendarState,
};
