/**
 * Pages of the audit's long lists (issue 20: a 5,000-event case answered whole was 2.7 MB per read).
 *
 * - The history is paged by a **keyset cursor**: `after` is the event id of the last entry of the previous page
 *   (the page's `nextAfter`). The next page starts at the first entry after that event in record order, so a
 *   cursor stays valid when events are appended (they come after it) and a page never repeats or skips an entry
 *   of an unchanged case. The cursor refers to the whole history, so it also works with filters.
 * - The lists inside a replayed state or an explanation (home visits, inquiries, letters) are answered by
 *   reference (`{ count, href }`) and paged by position: `after` is how many items the previous pages held.
 *   A state as of a moment and the inputs of a recorded decision do not change when the case grows.
 */
import { AuditInputError } from './audit-event';
import type { HistoryEntry } from './history';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

/** A refused paging parameter: the controller answers 400 problem+json naming `field`. */
export class PageParameterError extends AuditInputError {
  constructor(
    readonly field: 'limit' | 'after',
    message: string,
  ) {
    super(`invalid_${field}`, message, 400);
  }
}

/** `limit` from the query: absent → the default; otherwise an integer 1–1000. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_LIMIT;
  if (!/^\d{1,7}$/.test(raw)) throw new PageParameterError('limit', `limit must be an integer 1–${MAX_PAGE_LIMIT}`);
  const n = Number(raw);
  if (n < 1 || n > MAX_PAGE_LIMIT) throw new PageParameterError('limit', `limit must be an integer 1–${MAX_PAGE_LIMIT}`);
  return n;
}

/** An event id as the history shows it (a payment line of a run's batch event: `<uuid>#<line>`). */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(#\d{1,6})?$/i;

export interface HistoryPage {
  /** Entries matching the filters, over all pages. */
  count: number;
  limit: number;
  after: string | null;
  entries: HistoryEntry[];
  /** The cursor of the next page (the last entry's event id), null on the last page. */
  nextAfter: string | null;
}

/**
 * One page of a filtered history. `all` is the whole history in record order (the order of `filtered`, which
 * is a subsequence of it); `after` is an event id of the case (any, also one the filters leave out).
 */
export function historyPage(all: readonly HistoryEntry[], filtered: readonly HistoryEntry[], limit: number, after: string | undefined): HistoryPage {
  let start = 0;
  if (after !== undefined) {
    if (!EVENT_ID.test(after)) throw new PageParameterError('after', 'after must be the nextAfter of a previous page (an event id of the case)');
    const ordinals = ordinalsOf(all);
    const ordinal = ordinals.get(after.toLowerCase());
    if (ordinal === undefined) throw new PageParameterError('after', `after: event ${after} is not an event of this case`);
    // first filtered entry whose place in the whole history is after the cursor's (binary search: both in record order)
    let lo = 0;
    let hi = filtered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ordinals.get(filtered[mid]!.eventId.toLowerCase())! <= ordinal) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const entries = filtered.slice(start, start + limit);
  const more = start + entries.length < filtered.length;
  return { count: filtered.length, limit, after: after ?? null, entries, nextAfter: more ? entries[entries.length - 1]!.eventId : null };
}

/** Event id (lower case) → place in the whole history; computed once per history array. */
const ORDINALS = new WeakMap<readonly HistoryEntry[], Map<string, number>>();
function ordinalsOf(all: readonly HistoryEntry[]): Map<string, number> {
  let m = ORDINALS.get(all);
  if (!m) {
    m = new Map(all.map((e, i) => [e.eventId.toLowerCase(), i]));
    ORDINALS.set(all, m);
  }
  return m;
}

/** A long list answered by reference: how many items, and where to page through them. */
export interface ListReference {
  count: number;
  href: string;
}

export interface ListPage<T> {
  list: string;
  count: number;
  limit: number;
  after: number;
  items: T[];
  /** `after` of the next page (items returned so far), null on the last page. */
  nextAfter: string | null;
}

/** `after` of a list page: how many items the previous pages held (a non-negative integer). */
export function parseOffset(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,9}$/.test(raw)) throw new PageParameterError('after', 'after must be the nextAfter of a previous page (a non-negative integer)');
  return Number(raw);
}

export function listPage<T>(list: string, items: readonly T[], limit: number, after: number): ListPage<T> {
  if (after > items.length) throw new PageParameterError('after', `after is beyond the list (${items.length} items)`);
  const page = items.slice(after, after + limit);
  const end = after + page.length;
  return { list, count: items.length, limit, after, items: page, nextAfter: end < items.length ? String(end) : null };
}

/**
 * The long lists of a review case's state (HomeVisitRecorded etc. grow without bound: the bench's case has 4,991
 * visits), and the explanation inputs that carry them.
 */
export const STATE_LISTS: Readonly<Record<string, readonly string[]>> = { reviewCase: ['visits', 'inquiries', 'letters'] };
export const EXPLANATION_LISTS: readonly string[] = ['homeVisits', 'neighbourhoodInquiries', 'evidenceLetters'];

/** `obj` with each of `lists` (an array field) replaced by a reference `{ count, href: hrefOf(name) }`. */
export function withListsByReference<T extends object>(obj: T, lists: readonly string[], hrefOf: (list: string) => string): T {
  const rec = obj as Record<string, unknown>;
  if (!lists.some((l) => Array.isArray(rec[l]))) return obj;
  const out: Record<string, unknown> = { ...rec };
  for (const l of lists) {
    const v = rec[l];
    if (Array.isArray(v)) out[l] = { count: v.length, href: hrefOf(l) } satisfies ListReference;
  }
  return out as T;
}
