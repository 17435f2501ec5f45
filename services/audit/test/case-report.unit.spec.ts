/**
 * The printable case report (案件审计报告): headed by the case number, a summary of the decisions
 * (amount, policy version, who decided, why), the payments and the chain verification's result, every
 * event type of every context labelled in Chinese, routine system events folded into their step.
 */
import { APPLICATION_EVENT_TYPES } from '../../intake/src/domain/application/application';
import { LEAD_EVENT_TYPES } from '../../intake/src/domain/lead/lead';
import { OFFICER_RELATIVES_EVENT_TYPES } from '../../intake/src/domain/officer-relatives/officer-relatives';
import { VERIFICATION_EVENT_TYPES } from '../../verification/src/domain/verification';
import { REVIEW_CASE_EVENT_TYPES } from '../../eligibility/src/domain/review-case/events';
import { FOLLOW_UP_EVENT_TYPES } from '../../follow-up/src/domain/follow-up-case';
import { COMPLAINT_EVENT_TYPES } from '../../follow-up/src/domain/complaint';
import type { PaymentRunEvent } from '../../disbursement/src/domain/payment-run';
import type { EntitlementEvent } from '../../disbursement/src/domain/entitlement';
import { type AuditEvent, caseHistory, caseSummary, EVENT_LABELS, foldRoutine, renderHistoryHtml, yuanText } from '../src/domain';
import { fakeUuid, intakeDecided, reviewDecided, wrap } from './support/case-fixtures';

const CASE = '5d1c9a8e-2b3f-4c6d-8e7f-9a0b1c2d3e4f';

// Disbursement keeps no runtime list of its event types: this one is checked against its unions by the compiler.
const DISBURSEMENT_TYPES = {
  PaymentRunStarted: true,
  PaymentIssued: true,
  PaymentBatchProcessed: true,
  BankFileWritten: true,
  BankConfirmationRecorded: true,
  PaymentReturned: true,
  PaymentReissued: true,
  PaymentRunCompleted: true,
  EntitlementRegistered: true,
  EntitlementAmountChanged: true,
  EntitlementTapered: true,
  EntitlementSuspended: true,
  EntitlementTerminated: true,
  EntitlementResumed: true,
  EntitlementRecoveryCapChanged: true,
  BankAccountChangeRequested: true,
  BankAccountCorrected: true,
  ArrearsDetermined: true,
  OverpaymentRecorded: true,
  RepaymentPlanRecorded: true,
  OverpaymentRepaid: true,
  PaymentBatchIssued: true,
} satisfies Record<PaymentRunEvent['type'] | EntitlementEvent['type'], true>;

/** The case of the fixtures, plus verification's routine queries and the first month's payment. */
function build(): AuditEvent[] {
  const intake = wrap(`application-${CASE}`, CASE, intakeDecided(CASE));
  const review = wrap(`reviewCase-${CASE}`, CASE, reviewDecided(CASE));
  const approval = review.find((e) => e.type === 'CaseApproved')!;
  const at = (iso: string, i: number) => new Date(Date.parse(iso) + i * 1000).toISOString();
  const verificationStream = `verification-${fakeUuid('verification')}`;
  const system = { id: 'system', role: 'system', jurisdiction: '330106' };
  const verification: AuditEvent[] = [
    { type: 'VerificationOpened', data: {} },
    ...Array.from({ length: 40 }, (_, i) => ({ type: ['SourceQueryRequested', 'SourceQuerySubmitted', 'SourceResultReceived', 'SourceQueryRequested'][i % 4]!, data: {} })),
    { type: 'VerificationReportCompleted', data: {} },
  ].map((e, i) => ({
    streamId: verificationStream,
    revision: i,
    eventId: fakeUuid(`v/${i}`),
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    metadata: { correlationId: CASE, actor: system, occurredAt: at('2026-03-03T02:00:00Z', i) },
    recordedAt: at('2026-03-03T02:00:00Z', i),
  }));
  const a = approval.data as { caseNumber: string; decisionId: string; assessment: { monthlyAmountFen: number } };
  const payment: AuditEvent = {
    streamId: `paymentRun-${fakeUuid('run')}`,
    revision: 1,
    eventId: fakeUuid('payment'),
    type: 'PaymentIssued',
    schemaVersion: 1,
    data: { paymentId: fakeUuid('p'), caseId: CASE, caseNumber: a.caseNumber, amountFen: a.assessment.monthlyAmountFen, decisionId: a.decisionId, period: '2026-04', issuedOn: '2026-04-05', kind: 'REGULAR' },
    metadata: { correlationId: CASE, actor: { id: 'disburser-1', role: 'disbursement_officer', jurisdiction: '330106' }, occurredAt: '2026-04-05T02:00:00Z' },
    recordedAt: '2026-04-05T02:00:00.000Z',
  };
  return [...intake, ...verification, ...review, payment];
}

describe('案件审计报告', () => {
  const events = build();
  const entries = caseHistory(events);
  const approval = events.find((e) => e.type === 'CaseApproved')!;
  const decided = approval.data as { caseNumber: string; assessment: { monthlyAmountFen: number }; reason: string; decidedBy: { id: string } };

  it('every event type of every context has a Chinese label', () => {
    const all = [
      ...APPLICATION_EVENT_TYPES,
      ...LEAD_EVENT_TYPES,
      ...OFFICER_RELATIVES_EVENT_TYPES,
      ...VERIFICATION_EVENT_TYPES,
      ...REVIEW_CASE_EVENT_TYPES,
      ...FOLLOW_UP_EVENT_TYPES,
      ...COMPLAINT_EVENT_TYPES,
      ...Object.keys(DISBURSEMENT_TYPES),
      'PolicyVersionPublished',
    ];
    expect(all.filter((t) => !EVENT_LABELS[t] || /[A-Za-z]{3,}/.test(EVENT_LABELS[t]!))).toEqual([]);
  });

  it('routine system events are folded into their step: one row for the verification, with the counts', () => {
    const steps = foldRoutine(entries);
    expect(steps.length).toBe(entries.length - 40);
    const opened = steps.find((s) => s.entry.type === 'VerificationOpened')!;
    expect(opened.folded).toEqual([
      { label: EVENT_LABELS.SourceQueryRequested, count: 20 },
      { label: EVENT_LABELS.SourceQuerySubmitted, count: 10 },
      { label: EVENT_LABELS.SourceResultReceived, count: 10 },
    ]);
    expect(steps.some((s) => s.entry.type === 'SourceQueryRequested')).toBe(false);
  });

  it('the summary: case number, the decision as recorded (amount, start month, policy version, who, why), the payment', () => {
    const s = caseSummary(events);
    expect(s.caseNumber).toBe(decided.caseNumber);
    expect(s.decisions).toHaveLength(1);
    expect(s.decisions[0]).toMatchObject({
      label: '审核确认:批准',
      monthlyAmountFen: decided.assessment.monthlyAmountFen,
      policyVersion: approval.metadata.policyVersion,
      decidedBy: { id: decided.decidedBy.id, role: 'county_approver' },
      reason: decided.reason,
    });
    expect(s.payments).toEqual([{ label: '按月发放', period: '2026-04', amountFen: decided.assessment.monthlyAmountFen, on: '2026-04-05' }]);
    expect(s.policyVersions).toContain(approval.metadata.policyVersion);
  });

  it('a 补发 line (a batch’s arrears, kind ARREARS) is labelled 补发 in the summary, not 按月发放', () => {
    const paid = events.find((e) => e.type === 'PaymentIssued')!;
    const arrears = { ...paid, eventId: `${paid.eventId}#arrears-0`, data: { ...(paid.data as object), kind: 'ARREARS', period: '2026-05', amountFen: 40000 } };
    const s = caseSummary([...events, arrears]);
    expect(s.payments.at(-1)).toMatchObject({ label: '补发', period: '2026-05', amountFen: 40000 });
    expect(s.payments[0]!.label).toBe('按月发放');
  });

  it('the HTML leads with the case number and the summary; every row in Chinese; the chain result stated', () => {
    const html = renderHistoryHtml({ caseId: CASE, entries, events, verification: { ok: true, checked: events.length }, generatedAt: '2026-04-10T02:00:00Z', purpose: '信访件核查' });
    expect(html).toContain(`<h1>案件审计报告 · 案件编号 ${decided.caseNumber}</h1>`);
    expect(html.indexOf('摘要')).toBeLessThan(html.indexOf('办理经过'));
    const summary = html.slice(html.indexOf('摘要'), html.indexOf('办理经过'));
    expect(summary).toContain('审核确认:批准');
    expect(summary).toContain(yuanText(decided.assessment.monthlyAmountFen));
    expect(summary).toContain(String(approval.metadata.policyVersion));
    // who decided: role and id, marked for the workbench gateway to name the officer (data-actor-id)
    expect(summary).toContain(`<span class="actor" data-actor-id="${decided.decidedBy.id}"><span class="role">区县审批人</span> <span class="who">${decided.decidedBy.id}</span></span>`);
    expect(summary).toContain(`通过</span>(共核验 ${events.length} 条记录`);
    const steps = html.slice(html.indexOf('办理经过'));
    expect((steps.match(/<tr>/g) ?? []).length - 1).toBe(entries.length - 40);
    expect(steps).toContain('数据源查询请求 ×20');
    // no event type, role code or other English identifier left in the steps (ids and refs aside)
    const text = steps.replace(/<[^>]+>/g, ' ').replace(/[0-9a-f]{8}-[0-9a-f-]{27}|doc:[^\s、]+|officer-[a-z0-9-]+|disburser-\d|system/g, ' ');
    expect(text).not.toMatch(/\b[A-Z][a-z]+[A-Z][A-Za-z]+\b|\b[a-z]+_[a-z_]+\b/);
  });

  it('the chain result: failed with the first break, or not verified', () => {
    const broken = renderHistoryHtml({ caseId: CASE, entries, events, verification: { ok: false, checked: 3, firstBroken: { streamId: `reviewCase-${CASE}`, revision: 2 } }, generatedAt: '2026-04-10T02:00:00Z' });
    expect(broken).toContain(`未通过</span>(第一处断裂:reviewCase-${CASE} 第 2 条)`);
    expect(renderHistoryHtml({ caseId: CASE, entries, events, generatedAt: '2026-04-10T02:00:00Z' })).toContain('未核验');
  });
});
