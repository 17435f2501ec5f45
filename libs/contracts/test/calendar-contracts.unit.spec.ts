/** HolidayCalendarPublished v1, AssistanceRefused v2 and BenefitChanged v2 (open notice deadline): schema + cross-field rules. */
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

describe('BenefitChanged v2', () => {
  // v2 has no proposedBy (v3 added it): the current example without it
  const { proposedBy: _proposedBy, ...exampleV2 } = EXAMPLE_EVENT_DATA.BenefitChanged;
  const terminated = { ...exampleV2, changeType: 'TERMINATION', monthlyAmountFen: undefined, taperSchedule: undefined, writtenNoticeDueOn: '2026-06-15' };
  const clean = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));

  it('accepts an open written-notice deadline naming the missing year; v1 refuses it', () => {
    const open = clean({ ...terminated, writtenNoticeDueOn: null, calendarMissing: 2027 });
    expect(validateIntegrationEvent('BenefitChanged', 2, open).errors).toEqual([]);
    expect(validateIntegrationEvent('BenefitChanged', 1, open).ok).toBe(false);
  });

  it('needs the missing year with an open deadline, and refuses it with a dated one', () => {
    expect(validateIntegrationEvent('BenefitChanged', 2, clean({ ...terminated, writtenNoticeDueOn: null })).errors).toEqual([
      '/calendarMissing: is required when writtenNoticeDueOn is null',
    ]);
    expect(validateIntegrationEvent('BenefitChanged', 2, clean({ ...terminated, calendarMissing: 2027 })).errors).toEqual(['/calendarMissing: only with writtenNoticeDueOn null']);
  });
});
