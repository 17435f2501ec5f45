/** The audit history names the chain of an appeal in Chinese: 复议登记 → 复议结果 → 重新决定 → 补发. */
import { type AuditEvent, caseHistory } from '../src/domain';

const CASE = '3f0c6d1e-8b2a-4c5d-9e7f-0a1b2c3d4e5f';
const actor = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' };
const event = (revision: number, streamId: string, type: string, data: object, at: string): AuditEvent => ({
  streamId,
  revision,
  eventId: `00000000-0000-4000-8000-00000000000${revision}`,
  type,
  schemaVersion: 1,
  data,
  metadata: { actor, occurredAt: at, correlationId: CASE, causationId: CASE },
  recordedAt: at,
});

describe('audit history of an appeal', () => {
  it('labels the appeal, its outcome, the new decision and the arrears in Chinese, in order', () => {
    const appeal = { appealId: 'a-1', kind: 'ADMINISTRATIVE_REVIEW', outcome: 'CHANGED', contestedDecisionId: 'd-1', documentRef: '杭上政复决字〔2026〕第12号' };
    const history = caseHistory([
      event(0, `reviewCase-${CASE}`, 'AppealFiled', { kind: 'ADMINISTRATIVE_REVIEW', appealId: 'a-1' }, '2026-04-21T09:00:00+08:00'),
      event(1, `reviewCase-${CASE}`, 'AppealOutcomeRecorded', { kind: 'ADMINISTRATIVE_REVIEW', outcome: 'CHANGED', appealId: 'a-1' }, '2026-06-12T09:00:00+08:00'),
      event(2, `reviewCase-${CASE}`, 'BenefitChangeDecided', { changeType: 'INCREASE', appeal }, '2026-06-12T09:00:00+08:00'),
      event(3, `entitlement-${CASE}`, 'ArrearsDetermined', { decisionId: 'd-2' }, '2026-06-12T09:00:05+08:00'),
      event(4, `reviewCase-${CASE}`, 'AppealFiled', { kind: 'LITIGATION', appealId: 'a-2' }, '2026-06-20T09:00:00+08:00'),
    ]);
    expect(history.map((h) => h.label)).toEqual([
      '行政复议登记',
      '行政复议结果：变更原决定',
      '待遇变更决定（行政复议变更原决定后重新决定）',
      '补发核定',
      '行政诉讼登记',
    ]);
    for (const h of history) expect(h.label).not.toMatch(/[A-Za-z]{3,}/);
  });
});
