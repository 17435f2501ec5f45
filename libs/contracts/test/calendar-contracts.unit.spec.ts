/** HolidayCalendarPublished v1 and AssistanceRefused v2 (open notice deadline): schema + cross-field rules. */
import { EXAMPLE_EVENT_DATA, validateIntegrationEvent } from '@sa/contracts';

const calendar = EXAMPLE_EVENT_DATA.HolidayCalendarPublished;
const refused = EXAMPLE_EVENT_DATA.AssistanceRefused;

describe('HolidayCalendarPublished v1', () => {
  it('accepts a correction superseding the previous version', () => {
    expect(validateIntegrationEvent('HolidayCalendarPublished', 1, { ...calendar, version: 2, supersedesVersion: 1, reason: '更正春节调休' }).errors).toEqual([]);
  });

  it('refuses dates outside the year, a date both holiday and make-up day, a wrong calendarId or supersedesVersion', () => {
    const errors = validateIntegrationEvent('HolidayCalendarPublished', 1, {
      ...calendar,
      calendarId: 'CN-2028',
      version: 3,
      supersedesVersion: 1,
      holidays: [...calendar.holidays, '2028-01-01'],
      makeUpWorkdays: ['2027-01-02'],
    }).errors;
    expect(errors).toEqual([
      '/calendarId: must be CN-2027',
      `/holidays/${calendar.holidays.length}: is not in 2027`,
      '/makeUpWorkdays/0: is also a holiday',
      '/supersedesVersion: must be 2',
    ]);
  });
});

describe('AssistanceRefused v2', () => {
  it('accepts an open notice deadline naming the missing year, and a dated one as v1', () => {
    expect(validateIntegrationEvent('AssistanceRefused', 2, { ...refused, noticeDueOn: null, calendarMissing: 2027 }).errors).toEqual([]);
    expect(validateIntegrationEvent('AssistanceRefused', 2, refused).errors).toEqual([]);
  });

  it('needs the missing year with an open deadline, and refuses it with a dated one', () => {
    expect(validateIntegrationEvent('AssistanceRefused', 2, { ...refused, noticeDueOn: null }).errors).toEqual(['/calendarMissing: is required when noticeDueOn is null']);
    expect(validateIntegrationEvent('AssistanceRefused', 2, { ...refused, calendarMissing: 2027 }).errors).toEqual(['/calendarMissing: only with noticeDueOn null']);
    expect(validateIntegrationEvent('AssistanceRefused', 1, { ...refused, noticeDueOn: null }).ok).toBe(false);
  });
});
