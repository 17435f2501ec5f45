/**
 * The holiday-calendar decider, given events / when command / then events: the first publication,
 * a correction superseding it (the history keeps both), a retry recording nothing, and every
 * invalid schedule refused naming the field.
 */
import { fold } from '@sa/decider';
import { EXAMPLE_HOLIDAY_SCHEDULE_2027 } from '@sa/time';
import { EligibilityError } from '../errors';
import {
  currentHolidayVersion,
  holidayCalendarDecider,
  type HolidayCalendarEvent,
  type HolidayCalendarPublished,
  type PublishHolidaySchedule,
} from './holiday-calendar';

const ADMIN = { id: 'policy-admin-01', role: 'policy_admin', jurisdiction: '440000' };
const NOW = '2026-12-01T09:30:00.000+08:00';
const SOURCE = '国办发明电〔2026〕示例号';

const publish = (data: Partial<PublishHolidaySchedule['data']> = {}): PublishHolidaySchedule => ({
  type: 'PublishHolidaySchedule',
  data: {
    year: 2027,
    holidays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.holidays],
    makeUpWorkdays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.makeUpWorkdays],
    source: SOURCE,
    ...data,
  },
  metadata: { actor: ADMIN, now: NOW },
});

const given = (...events: HolidayCalendarEvent[]) => fold(holidayCalendarDecider, events);
const when = (events: HolidayCalendarEvent[], command: PublishHolidaySchedule) => holidayCalendarDecider.decide(command, given(...events));

const refusal = (events: HolidayCalendarEvent[], command: PublishHolidaySchedule): EligibilityError => {
  try {
    when(events, command);
  } catch (e) {
    if (e instanceof EligibilityError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};
const fieldsOf = (e: EligibilityError) => (e.options.extensions.errors as { field: string }[]).map((v) => v.field);

const [version1] = when([], publish()) as [HolidayCalendarPublished];

describe('holiday calendar decider', () => {
  it('publishes the first version of a year: calendar CN-<year>, version 1, sorted dates, publisher and day from the metadata', () => {
    expect(version1).toEqual({
      type: 'HolidayCalendarPublished',
      data: {
        calendarId: 'CN-2027',
        year: 2027,
        version: 1,
        supersedesVersion: null,
        holidays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.holidays].sort(),
        makeUpWorkdays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.makeUpWorkdays].sort(),
        source: SOURCE,
        reason: null,
        publishedOn: '2026-12-01',
        publishedBy: ADMIN,
      },
    });
  });

  it('a correction is version 2 superseding version 1; the history shows both', () => {
    const holidays = [...EXAMPLE_HOLIDAY_SCHEDULE_2027.holidays.filter((d) => d !== '2027-06-09'), '2027-06-10'];
    const events = when([version1], publish({ holidays, reason: '更正端午节日期', corrects: 1 }));
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ version: 2, supersedesVersion: 1, reason: '更正端午节日期' });
    const state = given(version1, events[0]!);
    expect(state.versions.map((v) => [v.version, v.supersededBy])).toEqual([
      [1, 2],
      [2, null],
    ]);
    expect(currentHolidayVersion(state)!.holidays).toContain('2027-06-10');
    expect(currentHolidayVersion(state)!.holidays).not.toContain('2027-06-09');
  });

  it('a retried publication of the version in force records nothing', () => {
    expect(when([version1], publish())).toEqual([]);
    expect(when([version1], publish({ holidays: [...EXAMPLE_HOLIDAY_SCHEDULE_2027.holidays].reverse() }))).toEqual([]);
  });

  it('a correction needs a reason (400 naming reason)', () => {
    const e = refusal([version1], publish({ makeUpWorkdays: ['2027-02-20'] }));
    expect(e.code).toBe('holiday_schedule_invalid');
    expect(e.options.status).toBe(400);
    expect(fieldsOf(e)).toEqual(['reason']);
  });

  it('correcting a version that is not in force is a conflict (409 naming corrects)', () => {
    const second = when([version1], publish({ makeUpWorkdays: ['2027-02-20'], reason: '更正' }))[0]!;
    const e = refusal([version1, second], publish({ makeUpWorkdays: ['2027-02-21'], reason: '再更正', corrects: 1 }));
    expect([e.code, e.kind, e.field]).toEqual(['holiday_calendar_stale_version', 'conflict', 'corrects']);
    expect(refusal([], publish({ corrects: 1 })).kind).toBe('conflict');
  });

  it.each([
    ['a date outside the year', { holidays: ['2027-01-01', '2028-01-01'] }, ['holidays[1]']],
    ['a date both holiday and make-up day', { makeUpWorkdays: ['2027-01-02'] }, ['makeUpWorkdays']],
    ['a make-up day on a weekday', { makeUpWorkdays: ['2027-02-22'] }, ['makeUpWorkdays[0]']],
    ['no holiday at all', { holidays: [] }, ['holidays']],
    ['a date that is not a date', { holidays: ['2027-02-30', 'soon'] }, ['holidays[0]', 'holidays[1]']],
    ['a date listed twice', { holidays: ['2027-01-01', '2027-01-01'] }, ['holidays[1]']],
    ['no source', { source: ' ' }, ['source']],
    ['a year out of range', { year: 1999, holidays: ['1999-01-01'], makeUpWorkdays: [] }, ['year']],
  ])('refuses %s, naming the field', (_label, data, fields) => {
    const e = refusal([], publish(data as Partial<PublishHolidaySchedule['data']>));
    expect(e.code).toBe('holiday_schedule_invalid');
    expect(e.options.status).toBe(400);
    expect(fieldsOf(e)).toEqual(fields);
  });

  it('a stream of one year refuses another year', () => {
    const e = refusal([version1], publish({ year: 2028, holidays: ['2028-01-01'], makeUpWorkdays: [], reason: '错年' }));
    expect([e.code, e.field]).toEqual(['holiday_calendar_year_mismatch', 'year']);
  });
});
