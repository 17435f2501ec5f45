import { isWorkday } from 'chinese-days';
import { shanghaiDate } from './format';

/** Working days d with from < d <= to, on the national calendar (holidays and 调休 make-up days). */
function workdaysAfter(from: string, to: string): number {
  let n = 0;
  const d = new Date(`${from}T00:00:00Z`);
  for (let i = 0; i < 1000; i++) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    if (day > to) break;
    if (isWorkday(day)) n++;
  }
  return n;
}

/**
 * "剩余 N 个工作日" until `dueOn`, or how many working days it is overdue. Kept out of the initial
 * bundle: only the worklist and case pages import it.
 */
export function deadlineText(
  dueOn: string | null | undefined,
  today = shanghaiDate(),
  calendarMissing?: number | null,
): { text: string; overdue: boolean; left: number } {
  // The deadline is open: the holiday schedule of that year is not published yet (政策 → 节假日安排).
  if (!dueOn && calendarMissing) return { text: `日历未发布(${calendarMissing})`, overdue: false, left: Number.POSITIVE_INFINITY };
  if (!dueOn) return { text: '—', overdue: false, left: Number.POSITIVE_INFINITY };
  if (dueOn < today) {
    const late = workdaysAfter(dueOn, today);
    return { text: `已超期 ${late} 个工作日`, overdue: true, left: -late };
  }
  const left = workdaysAfter(today, dueOn) + (isWorkday(today) ? 1 : 0);
  return { text: `剩余 ${left} 个工作日`, overdue: false, left };
}
