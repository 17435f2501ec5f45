import type { EventStore, NewEvent } from '@sa/eventstore';
import { batchCaseIds, correlatingRunEventsByCase } from '../src/commands/disbursement-pipelines';

/** A batch event keeps the run's correlation and names the cases it pays in metadata.caseIds (event store migration 5). */
describe('correlatingRunEventsByCase: metadata.caseIds of a batch event', () => {
  const meta = { correlationId: 'run-1', causationId: 'cmd-1', actor: { id: 'system', role: 'system', jurisdiction: '330106' }, occurredAt: '2026-04-05T10:00:00+08:00' };
  const line = (caseId: string) => ({ caseId, amountFen: 100 });

  it('names the distinct cases of the regular lines, in line order; other run events get none', () => {
    const batch = { type: 'PaymentBatchIssued', data: { payments: [line('b'), line('a'), line('b')], arrears: [] } };
    expect(batchCaseIds(batch as never)).toEqual(['b', 'a']);
    expect(batchCaseIds({ type: 'PaymentIssued', data: line('a') } as never)).toBeUndefined();
  });

  it('also names the cases of its 补发 lines (even fully netted) and 追回 offsets: a supplementary run pays arrears only', () => {
    const batch = {
      type: 'PaymentBatchIssued',
      data: { payments: [line('a')], arrears: [{ caseId: 'r', amountFen: 40000 }, { caseId: 'n', amountFen: 0 }], offsets: [{ caseId: 'o', amountFen: 500 }] },
    };
    expect(batchCaseIds(batch as never)).toEqual(['a', 'r', 'n', 'o']);
    expect(batchCaseIds({ type: 'PaymentBatchIssued', data: { payments: [], arrears: [{ caseId: 'r', amountFen: 40000 }] } } as never)).toEqual(['r']);
  });

  it('sets it on the way into the store (appendToStream and appendInTransaction), correlation unchanged', async () => {
    const seen: NewEvent[][] = [];
    const inner = {
      appendToStream: (_s: string, events: NewEvent[]) => (seen.push(events), Promise.resolve({ nextExpectedRevision: 0, position: { commit: 1n, prepare: 1n }, written: true })),
      appendInTransaction: (_tx: unknown, _s: string, events: NewEvent[]) => (seen.push(events), Promise.resolve({ nextExpectedRevision: 0, position: { commit: 1n, prepare: 1n }, written: true })),
    } as unknown as EventStore;
    const store = correlatingRunEventsByCase(inner);
    const ev = (type: string, data: unknown): NewEvent => ({ eventId: '00000000-0000-4000-8000-000000000001', type, schemaVersion: 1, data, metadata: meta });
    await store.appendToStream('paymentRun-1', [ev('PaymentBatchIssued', { payments: [line('c1'), line('c2')] }), ev('PaymentIssued', line('c3'))]);
    await store.appendInTransaction!({} as never, 'paymentRun-1', [ev('PaymentBatchIssued', { payments: [line('c4')] })]);
    await store.appendToStream('entitlement-x', [ev('PaymentBatchIssued', { payments: [line('c5')] })]); // not a run stream: untouched
    expect(seen[0]!.map((e) => e.metadata)).toEqual([{ ...meta, caseIds: ['c1', 'c2'] }, { ...meta, correlationId: 'c3' }]);
    expect(seen[1]![0]!.metadata).toEqual({ ...meta, caseIds: ['c4'] });
    expect(seen[2]![0]!.metadata).toEqual(meta);
  });
});
