import { FreshQueryCoalescer } from '../src/application/case-cache';
import { type AuditEvent, caseHistory, historyPage, listPage, PageParameterError, parseLimit, parseOffset, withListsByReference } from '../src/domain';
import { negotiateCoding, representation } from '../src/http/representation';

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const events = (n: number): AuditEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    streamId: i % 2 ? 'reviewCase-a' : 'application-a',
    revision: Math.floor(i / 2),
    eventId: id(i),
    type: i % 3 ? 'HomeVisitRecorded' : 'CaseApproved',
    schemaVersion: 1,
    data: {},
    metadata: { occurredAt: '2026-03-01T08:00:00+08:00', actor: { id: 'x', role: 'r', jurisdiction: '330106' } },
    recordedAt: new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString(),
  }));

describe('paging the history (issue 20)', () => {
  const all = caseHistory(events(250));

  it('given 250 entries, when paged by 100 following nextAfter, then each entry comes once, in record order, and the last page has no cursor', () => {
    const seen: string[] = [];
    let after: string | undefined;
    const pages = [];
    do {
      const page = historyPage(all, all, 100, after);
      pages.push(page);
      seen.push(...page.entries.map((e) => e.eventId));
      after = page.nextAfter ?? undefined;
    } while (after);
    expect(pages.map((p) => p.entries.length)).toEqual([100, 100, 50]);
    expect(pages.every((p) => p.count === 250)).toBe(true);
    expect(seen).toEqual(all.map((e) => e.eventId));
    expect(pages[2]!.nextAfter).toBeNull();
  });

  it('given a cursor, when events are appended after it, then the next page starts at the same entry', () => {
    const first = historyPage(all, all, 100, undefined);
    const grown = caseHistory(events(300));
    expect(historyPage(grown, grown, 100, first.nextAfter!).entries[0]).toEqual(historyPage(all, all, 100, first.nextAfter!).entries[0]);
  });

  it('given filters, when the cursor is an entry the filter leaves out, then the page starts at the next kept entry', () => {
    const approvals = caseHistory(events(250), { types: ['CaseApproved'] });
    const page = historyPage(all, approvals, 10, id(4)); // id(4) is a visit; approvals are every third event
    expect(page.entries[0]!.eventId).toBe(id(6));
    expect(page.count).toBe(approvals.length);
  });

  it('refuses a bad limit or cursor, naming the field', () => {
    for (const bad of ['0', '1001', '-1', '1.5', 'ten']) expect(() => parseLimit(bad)).toThrow(expect.objectContaining({ field: 'limit' }));
    expect(parseLimit(undefined)).toBe(100);
    expect(() => historyPage(all, all, 10, 'nope')).toThrow(PageParameterError);
    expect(() => historyPage(all, all, 10, id(999))).toThrow(expect.objectContaining({ field: 'after' }));
    expect(() => parseOffset('-3')).toThrow(expect.objectContaining({ field: 'after' }));
  });

  it('a long list by reference and by page', () => {
    const state = { status: 'APPROVED', visits: Array.from({ length: 250 }, (_, i) => ({ visitId: `v${i}` })) };
    expect(withListsByReference(state, ['visits', 'letters'], (l) => `/x/${l}`)).toEqual({ status: 'APPROVED', visits: { count: 250, href: '/x/visits' } });
    const p = listPage('visits', state.visits, 100, 200);
    expect(p).toMatchObject({ count: 250, after: 200, nextAfter: null });
    expect(p.items).toHaveLength(50);
    expect(listPage('visits', state.visits, 100, 0).nextAfter).toBe('100');
    expect(() => listPage('visits', state.visits, 100, 251)).toThrow(expect.objectContaining({ field: 'after' }));
  });
});

describe('kept bodies and content coding', () => {
  it('negotiates br before gzip, honours q=0, leaves small bodies alone', () => {
    expect(negotiateCoding('gzip, deflate, br', 5000)).toBe('br');
    expect(negotiateCoding('gzip, br;q=0', 5000)).toBe('gzip');
    expect(negotiateCoding('gzip;q=1, br;q=0.5', 5000)).toBe('gzip');
    expect(negotiateCoding(undefined, 5000)).toBe('identity');
    expect(negotiateCoding('gzip', 100)).toBe('identity');
  });

  it('builds a body once per result object and key; its codings decode to the same JSON', () => {
    const owner = {};
    let builds = 0;
    const build = () => (builds++, { entries: Array.from({ length: 100 }, (_, i) => ({ i, label: '入户调查' })) });
    const a = representation(owner, 'k', build);
    expect(representation(owner, 'k', build)).toBe(a);
    expect(builds).toBe(1);
    expect(representation(owner, 'other', build).etag).toBe(a.etag);
    expect(a.etag).toMatch(/^W\/"/);
  });
});

describe('FreshQueryCoalescer', () => {
  it('given a query in flight, when readers arrive, then they share the NEXT query (started after they asked), not the running one', async () => {
    const q = new FreshQueryCoalescer<number>();
    let started = 0;
    const release: (() => void)[] = [];
    const query = () => new Promise<number>((r) => release.push(() => r(++started)));
    const first = q.run('a', query);
    const later = [q.run('a', query), q.run('a', query), q.run('a', query)];
    expect(release).toHaveLength(1);
    release[0]!();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(release).toHaveLength(2); // one query for the three that arrived while the first ran
    release[1]!();
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
  });
});
