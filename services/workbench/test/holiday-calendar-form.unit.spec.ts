/**
 * The 政策 page's 节假日安排 form (pure logic): typed dates and ranges → the sorted lists of
 * `PUT /calendars/:year`; the service's checks shown on the fields before sending; the service's
 * field names (`holidays[3]`) mapped back to the form; and the deadline text when a year is missing.
 */
import { checkHolidayForm, formFromVersion, holidayBody, holidayFieldOf, parseDates, type HolidayForm } from '../web/src/holiday-calendar';
import { deadlineText } from '../web/src/workdays';

const form = (f: Partial<HolidayForm> = {}): HolidayForm => ({
  year: '2027',
  holidays: '2027-01-01\n2027-02-06~2027-02-08',
  makeUpWorkdays: '2027-02-20',
  source: '国办发明电〔2026〕示例号',
  reason: '',
  ...f,
});

describe('节假日安排 form', () => {
  it('parses dates one per line, separated by commas, and ranges; sorted and without repeats', () => {
    expect(parseDates('2027-02-08, 2027-01-01，2027-02-06~2027-02-07\n2027-01-01')).toEqual({
      dates: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08'],
      bad: [],
    });
    expect(parseDates('2027-02-30 明天 2027-02-08~2027-02-06').bad).toEqual(['2027-02-30', '明天', '2027-02-08~2027-02-06']);
  });

  it('a valid first publication has no errors and becomes the body of PUT /calendars/2027', () => {
    expect(checkHolidayForm(form(), false)).toEqual({});
    expect(holidayBody(form(), null)).toEqual({
      holidays: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08'],
      makeUpWorkdays: ['2027-02-20'],
      source: '国办发明电〔2026〕示例号',
    });
  });

  it('shows the service’s checks on the fields', () => {
    expect(checkHolidayForm(form({ year: '27' }), false)).toEqual({ year: '请填写年份,例如 2027' });
    expect(checkHolidayForm(form({ holidays: '' }), false)).toEqual({ holidays: '请至少填写一个放假日期' });
    expect(checkHolidayForm(form({ holidays: '2028-01-01' }), false).holidays).toMatch(/2027 年内/);
    expect(checkHolidayForm(form({ makeUpWorkdays: '2027-02-22' }), false).makeUpWorkdays).toMatch(/周六或周日/);
    expect(checkHolidayForm(form({ makeUpWorkdays: '2027-02-06' }), false).makeUpWorkdays).toMatch(/既放假又上班/);
    expect(checkHolidayForm(form({ source: ' ' }), false)).toEqual({ source: expect.stringContaining('文号') });
  });

  it('a correction of a published year needs a reason, and names the version it corrects', () => {
    expect(checkHolidayForm(form(), true)).toEqual({ reason: '该年已发布,更正须填写理由' });
    expect(holidayBody(form({ reason: ' 更正端午 ' }), 1)).toMatchObject({ reason: '更正端午', corrects: 1 });
    expect(formFromVersion(2027, { holidays: ['2027-01-01', '2027-01-02'], makeUpWorkdays: [], source: 'X' })).toEqual({
      year: '2027',
      holidays: '2027-01-01\n2027-01-02',
      makeUpWorkdays: '',
      source: 'X',
      reason: '',
    });
  });

  it('maps the service’s field names onto the form', () => {
    expect(holidayFieldOf('holidays[3]')).toBe('holidays');
    expect(holidayFieldOf('makeUpWorkdays')).toBe('makeUpWorkdays');
    expect(holidayFieldOf('corrects')).toBeNull();
  });
});

describe('deadline text', () => {
  it('says the calendar is not published when the due date is open for a missing year', () => {
    expect(deadlineText(null, '2026-12-29', 2027).text).toBe('日历未发布(2027)');
    expect(deadlineText(null, '2026-12-29').text).toBe('—');
    expect(deadlineText('2026-12-31', '2026-12-29').text).toBe('剩余 3 个工作日');
  });
});
