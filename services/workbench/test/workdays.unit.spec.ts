/**
 * "剩余 N 个工作日" counted with the published 节假日安排 (eligibility `GET /calendars`, `GET /calendars/:year`
 * through the gateway), the bundled chinese-days data only for years not published — across the turn
 * of the year 2026-12-31 → 2027, which the bundled data does not cover.
 */
import { deadlineText, loadWorkCalendar, reloadWorkCalendar, WorkCalendar, workCalendar } from '../web/src/workdays';

// A 2027 schedule as a policy_admin would publish it: New Year's Day and Monday 4 January off, Saturday 9 January worked.
const Y2027 = { year: 2027, holidays: ['2027-01-01', '2027-01-04'], makeUpWorkdays: ['2027-01-09'] };

describe('working days from the published calendar', () => {
  it('counts a published year from its schedule: holidays off, make-up Saturdays worked', () => {
    const cal = new WorkCalendar([Y2027]);
    expect(cal.sourceOf(2027)).toBe('published');
    expect(cal.sourceOf(2026)).toBe('bundled');
    expect(cal.isWorkday('2027-01-01')).toBe(false);
    expect(cal.isWorkday('2027-01-04')).toBe(false);
    expect(cal.isWorkday('2027-01-05')).toBe(true);
    expect(cal.isWorkday('2027-01-09')).toBe(true);
    expect(cal.isWorkday('2027-01-10')).toBe(false);
  });

  it('counts across 2026-12-31 → 2027 with the published 2027 and the bundled 2026', () => {
    const cal = new WorkCalendar([Y2027]);
    // Thu 31 Dec (today, a working day) + Tue 5 … Fri 8 + Sat 9 (调休) + Mon 11 = 7.
    expect(deadlineText('2027-01-11', '2026-12-31', undefined, cal)).toEqual({ text: '剩余 7 个工作日', overdue: false, left: 7 });
    // The bundled data knows nothing of 2027 (weekdays only): Thu 31, Fri 1, Mon 4 … Fri 8, Mon 11 = 8.
    expect(deadlineText('2027-01-11', '2026-12-31', undefined, new WorkCalendar()).text).toBe('剩余 8 个工作日');
    // Overdue since 30 Dec, seen on Tue 5 January: Thu 31 Dec and Tue 5 Jan are working days.
    expect(deadlineText('2026-12-30', '2027-01-05', undefined, cal)).toEqual({ text: '已超期 2 个工作日', overdue: true, left: -2 });
    // Seen on the holiday itself: today does not count.
    expect(deadlineText('2027-01-05', '2027-01-01', undefined, cal).text).toBe('剩余 1 个工作日');
  });

  it('a 2026 day is counted from the bundled data when 2026 is not published', () => {
    const cal = new WorkCalendar([Y2027]);
    expect(cal.isWorkday('2026-10-01')).toBe(false); // 国庆节, bundled
    expect(cal.isWorkday('2026-12-31')).toBe(true);
  });

  describe('loading through the gateway', () => {
    const realFetch = global.fetch;
    const urls: string[] = [];
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    afterEach(() => {
      global.fetch = realFetch;
      urls.length = 0;
    });

    it('loads each published year’s version in force, and not the bundled or missing years', async () => {
      global.fetch = (async (url: string) => {
        urls.push(url);
        if (url === '/api/eligibility/calendars') {
          return json([
            { year: 2026, source: 'bundled', versionCount: 0 },
            { year: 2027, source: 'published', version: 2, versionCount: 2 },
            { year: 2028, source: 'missing', versionCount: 0 },
          ]);
        }
        return json({
          year: 2027,
          versions: [
            { version: 1, inForce: false, holidays: ['2027-01-01'], makeUpWorkdays: [] },
            { version: 2, inForce: true, ...Y2027 },
          ],
        });
      }) as typeof fetch;
      const cal = await reloadWorkCalendar();
      expect(urls).toEqual(['/api/eligibility/calendars', '/api/eligibility/calendars/2027']);
      expect(workCalendar.value).toBe(cal);
      expect(cal.sourceOf(2027)).toBe('published');
      expect(cal.isWorkday('2027-01-04')).toBe(false);
      expect(deadlineText('2027-01-11', '2026-12-31').text).toBe('剩余 7 个工作日');
      // Once per page load.
      await loadWorkCalendar();
      expect(urls).toHaveLength(2);
    });

    it('keeps the calendar it has when the gateway cannot be reached', async () => {
      const before = workCalendar.value;
      global.fetch = (async () => {
        throw new TypeError('network');
      }) as typeof fetch;
      await expect(reloadWorkCalendar()).resolves.toBe(before);
      expect(workCalendar.value).toBe(before);
    });
  });
});
