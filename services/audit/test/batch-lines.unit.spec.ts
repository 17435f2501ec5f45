import { casePaymentsOfBatches } from '../src/application/audit-service';
import type { AuditEvent } from '../src/domain/audit-event';

/**
 * A payment run's batch event stands in one case's record as that case's own bank-file lines: its regular
 * payment and, since 补发 is paid in the same batch (or a supplementary run pays nothing else), its arrears
 * lines with something left to pay after netting — never another case's lines.
 */
describe('casePaymentsOfBatches: a case’s lines of a batch event', () => {
  const recipient = { name: '张三', bankAccountMasked: '6228***********0018' };
  const batch = (payments: unknown[], arrears: unknown[]): AuditEvent => ({
    streamId: 'paymentRun-r1',
    revision: 3,
    eventId: 'e-batch',
    type: 'PaymentBatchIssued',
    schemaVersion: 1,
    data: { runId: 'r1', period: '2027-03', issuedOn: '2027-03-05', payments, arrears },
    metadata: { correlationId: 'r1', caseIds: ['c1', 'c2'] },
    recordedAt: '2027-03-05T02:00:00.000Z',
  });
  const regular = (caseId: string, amountFen: number) => ({ paymentId: `p-${caseId}`, caseId, amountFen, decisionId: `d-${caseId}`, recipient });
  const arrearsLine = (caseId: string, amountFen: number, decisionId: string) => ({ paymentId: `a-${caseId}-${decisionId}`, caseId, amountFen, determinedFen: 40000, nettedFen: 40000 - amountFen, decisionId, recipient });

  it('gives the case its regular line and its paid 补发 line (kind ARREARS, on the retroactive decision)', () => {
    const out = casePaymentsOfBatches([batch([regular('c1', 150000), regular('c2', 90000)], [arrearsLine('c1', 40000, 'appeal-decision'), arrearsLine('c2', 1000, 'x')])], 'c1');
    expect(out.map((e) => [e.type, (e.data as { kind: string }).kind, (e.data as { amountFen: number }).amountFen, (e.data as { decisionId: string }).decisionId])).toEqual([
      ['PaymentIssued', 'REGULAR', 150000, 'd-c1'],
      ['PaymentIssued', 'ARREARS', 40000, 'appeal-decision'],
    ]);
    expect(new Set(out.map((e) => e.eventId)).size).toBe(2);
    expect(out.every((e) => e.metadata.correlationId === 'c1' && e.metadata.batchEventId === 'e-batch')).toBe(true);
  });

  it('a supplementary run (补发批次: no regular lines) still shows the case its arrears; a fully netted line is no payment', () => {
    const out = casePaymentsOfBatches([batch([], [arrearsLine('c2', 0, 'netted'), arrearsLine('c2', 25000, 'late-approval')])], 'c2');
    expect(out.map((e) => [(e.data as { kind: string }).kind, (e.data as { amountFen: number }).amountFen])).toEqual([['ARREARS', 25000]]);
    expect(casePaymentsOfBatches([batch([], [arrearsLine('c2', 25000, 'late-approval')])], 'c1')).toEqual([]);
  });
});
