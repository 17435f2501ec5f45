import { shallowRef } from 'vue';
import { isWorkday as bundledIsWorkday } from 'chinese-days';
import { shanghaiDate } from './format';

/** One year's 节假日安排 as published (政策 → 节假日安排, the version in force). */
export interface PublishedYear {
  year: number;
  holidays: string[];
  makeUpWorkdays: string[];
}

/**
 * The working-day calendar the workbench counts with: a year the eligibility service has published
 * is counted from that schedule (holidays off, 调休 make-up Saturdays/Sundays on, other weekdays on);
 * a year not published falls back to the data bundled with the app (chinese-days).
 */
export class WorkCalendar {
  private readonly years = new Map<number, { holidays: Set<string>; makeUp: Set<string> }>();

  constructor(published: readonly PublishedYear[] = []) {
    for (const y of published) this.years.set(y.year, { holidays: new Set(y.holidays), makeUp: new Set(y.makeUpWorkdays) });
  }

  /** Where the days of `year` come from. */
  sourceOf(year: number): 'published' | 'bundled' {
    return this.years.has(year) ? 'published' : 'bundled';
  }

  isWorkday(day: string): boolean {
    const y = this.years.get(Number(day.slice(0, 4)));
    if (!y) return bundledIsWorkday(day);
    if (y.makeUp.has(day)) return true;
    if (y.holidays.has(day)) return false;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** Working days d with from < d <= to. */
  workdaysAfter(from: string, to: string): number {
    let n = 0;
    const d = new Date(`${from}T00:00:00Z`);
    for (let i = 0; i < 1000; i++) {
      d.setUTCDate(d.getUTCDate() + 1);
      const day = d.toISOString().slice(0, 10);
      if (day > to) break;
      if (this.isWorkday(day)) n++;
    }
    return n;
  }
}

/**
 * The calendar in use: bundled data until the published calendars have loaded, then those. A
 * shallowRef, so the "剩余 N 个工作日" shown on a page is recounted when they arrive.
 */
export const workCalendar = shallowRef(new WorkCalendar());

let loading: Promise<WorkCalendar> | null = null;

/** A GET through the gateway with the session cookie (no CSRF header needed); any failure throws. */
async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${url} → ${res.status}`);
  return (await res.json()) as T;
}

/**
 * Loads the published years through the gateway (`GET /calendars`, then `GET /calendars/:year` of
 * each published one) once per page load. A failure keeps the bundled data (and is retried next time).
 */
export function loadWorkCalendar(): Promise<WorkCalendar> {
  loading ??= (async () => {
    const years = await getJson<{ year: number; source: string }[]>('/api/eligibility/calendars');
    const published = await Promise.all(
      years
        .filter((y) => y.source === 'published')
        .map(async (y) => {
          const res = await getJson<{ versions: { inForce: boolean; holidays: string[]; makeUpWorkdays: string[] }[] }>(`/api/eligibility/calendars/${y.year}`);
          const v = res.versions.find((x) => x.inForce);
          return v ? { year: y.year, holidays: v.holidays, makeUpWorkdays: v.makeUpWorkdays } : null;
        }),
    );
    workCalendar.value = new WorkCalendar(published.filter((p): p is PublishedYear => p !== null));
    return workCalendar.value;
  })().catch(() => {
    loading = null;
    return workCalendar.value;
  });
  return loading;
}

/** A published calendar changed (政策 → 节假日安排): load again. */
export function reloadWorkCalendar(): Promise<WorkCalendar> {
  loading = null;
  return loadWorkCalendar();
}

/**
 * "剩余 N 个工作日" until `dueOn`, or how many working days it is overdue. Kept out of the initial
 * bundle: only the worklist and case pages import it.
 */
export function deadlineText(
  dueOn: string | null | undefined,
  today = shanghaiDate(),
  calendarMissing?: number | null,
  calendar: WorkCalendar = workCalendar.value,
): { text: string; overdue: boolean; left: number } {
  // The deadline is open: the holiday schedule of that year is not published yet (政策 → 节假日安排).
  if (!dueOn && calendarMissing) return { text: `日历未发布(${calendarMissing})`, overdue: false, left: Number.POSITIVE_INFINITY };
  if (!dueOn) return { text: '—', overdue: false, left: Number.POSITIVE_INFINITY };
  if (dueOn < today) {
    const late = calendar.workdaysAfter(dueOn, today);
    return { text: `已超期 ${late} 个工作日`, overdue: true, left: -late };
  }
  const left = calendar.workdaysAfter(today, dueOn) + (calendar.isWorkday(today) ? 1 : 0);
  return { text: `剩余 ${left} 个工作日`, overdue: false, left };
}
