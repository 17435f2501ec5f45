/** 审计 · 全程记录 paged: pages appended in order, nothing twice, the heading says how many are shown of how many. */
import { historyHeading, withPage, type HistoryPage } from '../web/src/audit-history';

const page = (ids: number[], count: number, nextAfter: string | null, after: string | null = null): HistoryPage<{ eventId: string }> => ({
  caseId: 'c',
  count,
  limit: 2,
  after,
  entries: ids.map((i) => ({ eventId: `e${i}` })),
  nextAfter,
});

describe('全程记录 paged', () => {
  it('the first page, then 加载更多 appends the next; a repeated page adds nothing twice', () => {
    const first = withPage(null, page([1, 2], 5, 'e2'));
    expect(historyHeading(first)).toBe('全程记录(共 5 条,已显示 2 条)');
    const second = withPage(first, page([3, 4], 5, 'e4', 'e2'));
    const again = withPage(second, page([3, 4], 5, 'e4', 'e2'));
    expect(again.entries.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e3', 'e4']);
    const last = withPage(again, page([5], 5, null, 'e4'));
    expect(last).toMatchObject({ total: 5, nextAfter: null });
    expect(historyHeading(last)).toBe('全程记录(共 5 条)');
  });
});
