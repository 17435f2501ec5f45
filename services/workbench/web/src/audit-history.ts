/**
 * 审计 · 全程记录: audit's `GET /audit/cases/:caseId/history` is paged (issue 20: a 5,000-event case answered
 * whole was 2.7 MB). The page shows the first page, then 加载更多 / 全部加载 follow the service's cursor
 * (`nextAfter`); the printed case file (打印审计报告, `?format=html`) stays whole.
 */

/** One page as the audit service answers it (services/audit/src/domain/paging.ts). */
export interface HistoryPage<E extends { eventId: string }> {
  caseId: string;
  /** Entries over all pages. */
  count: number;
  limit: number;
  after: string | null;
  entries: E[];
  nextAfter: string | null;
}

/** Entries shown first; 加载更多 adds as many again. */
export const HISTORY_PAGE = 200;
/** 全部加载: the service's largest page. */
export const HISTORY_PAGE_MAX = 1000;

export interface LoadedHistory<E extends { eventId: string }> {
  entries: E[];
  total: number;
  nextAfter: string | null;
}

/**
 * The history shown after one more page: the page's entries appended (any already shown — a repeated request —
 * left out), the total and the cursor as the service last gave them.
 */
export function withPage<E extends { eventId: string }>(shown: LoadedHistory<E> | null, page: HistoryPage<E>): LoadedHistory<E> {
  const have = new Set((shown?.entries ?? []).map((e) => e.eventId));
  return {
    entries: [...(shown?.entries ?? []), ...page.entries.filter((e) => !have.has(e.eventId))],
    total: page.count,
    nextAfter: page.nextAfter,
  };
}

/** "全程记录(共 N 条)", or "(共 N 条,已显示 M 条)" while pages remain. */
export function historyHeading(loaded: Pick<LoadedHistory<{ eventId: string }>, 'entries' | 'total' | 'nextAfter'>): string {
  return loaded.nextAfter ? `全程记录(共 ${loaded.total} 条,已显示 ${loaded.entries.length} 条)` : `全程记录(共 ${loaded.total} 条)`;
}
