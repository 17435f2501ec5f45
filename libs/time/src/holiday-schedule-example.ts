/**
 * EXAMPLE ONLY — NOT the State Council's 2027 schedule. The real 国务院办公厅关于2027年部分节假日安排的通知
 * was not available when this was written (offline); these dates follow the usual pattern (元旦,
 * 春节, 清明, 劳动节, 端午, 中秋, 国庆 with 调休 make-up weekends) so tests and demos have a 2027 to
 * publish. Production publishes the real notice through `PUT /calendars/2027`.
 */
import type { HolidaySchedule } from './holiday-schedule';

const days = (from: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return d.toISOString().slice(0, 10);
  });

export const EXAMPLE_HOLIDAY_SCHEDULE_2027: HolidaySchedule = Object.freeze({
  year: 2027,
  holidays: [
    ...days('2027-01-01', 3), // 元旦 (example)
    ...days('2027-02-06', 7), // 春节 (example)
    ...days('2027-04-03', 3), // 清明 (example)
    ...days('2027-05-01', 5), // 劳动节 (example)
    '2027-06-09', // 端午 (example)
    '2027-09-15', // 中秋 (example)
    ...days('2027-10-01', 7), // 国庆 (example)
  ],
  makeUpWorkdays: ['2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09'],
}) as HolidaySchedule;
