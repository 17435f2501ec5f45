/** 补办手续 on the case page: who may, when, with which decision; the reason when not yet. */
import { officerPaperworkDecision, paperworkAction, paperworkDoneText, paperworkDueText, type AdvanceLine } from '../web/src/advance-paperwork';

const paid: AdvanceLine = { advanceId: 'a-1', caseId: 'c-1', status: 'PAID', paymentId: 'p-1', paperworkDueOn: '2026-03-20', completedOn: null };
const decided = { decisionId: 'd-1', outcome: 'APPROVED', decidedOn: '2026-03-18' };

describe('补办手续', () => {
  it('a paid advance with the case decided: the street officer records it with the case’s own decision', () => {
    expect(paperworkAction(paid, decided, 'street_officer')).toEqual({ shown: true, enabled: true, reason: '', decisionId: 'd-1' });
    expect(paperworkAction({ ...paid, status: 'OVERDUE' }, decided, 'street_officer').enabled).toBe(true);
  });

  it('before the decision: shown, disabled, the reason in Chinese', () => {
    for (const d of [null, undefined, { decisionId: null }]) {
      const a = paperworkAction(paid, d, 'street_officer');
      expect(a).toMatchObject({ shown: true, enabled: false, decisionId: null });
      expect(a.reason).toContain('审核确认决定');
    }
  });

  it('not shown: another role, an advance not yet paid, or already completed', () => {
    expect(paperworkAction(paid, decided, 'community_officer').shown).toBe(false);
    expect(paperworkAction(paid, decided, 'county_approver').shown).toBe(false);
    expect(paperworkAction({ ...paid, paymentId: null, status: 'APPROVED' }, decided, 'street_officer').shown).toBe(false);
    expect(paperworkAction({ ...paid, completedOn: '2026-03-19', status: 'COMPLETED' }, decided, 'street_officer').shown).toBe(false);
  });

  it('the message: on time, or late', () => {
    expect(paperworkDoneText({ completedOn: '2026-03-19', late: false })).toBe('手续已于 2026-03-19 补齐');
    expect(paperworkDoneText({ completedOn: '2026-03-23', late: true })).toContain('逾期');
    expect(paperworkDoneText({ completedOn: '2027-01-07', late: null })).toBe('手续已于 2027-01-07 补齐(补办期限所在年份的节假日安排尚未发布,是否逾期待定)');
  });

  it('the deadline: its date, or open naming the year whose 节假日安排 is not published (never a guessed date)', () => {
    expect(paperworkDueText(paid)).toBe('补办期限 2026-03-20');
    expect(paperworkDueText({ paperworkDueOn: null, paperworkCalendarMissing: 2027 })).toBe('补办期限待定:2027年节假日安排尚未发布');
    expect(paperworkDueText({ paperworkDueOn: null })).toBe('');
  });
});

describe('补办手续 by the disbursement officer (发放 · 先行救助)', () => {
  const paid: AdvanceLine = { advanceId: 'a1', caseId: 'c1', status: 'PAID', paymentId: 'p1', paperworkDueOn: '2026-03-20', completedOn: null };
  it('takes the temporary-assistance grant the entitlement was registered with', () => {
    expect(officerPaperworkDecision(paid, { program: 'TEMPORARY_ASSISTANCE', decisionIds: ['d-grant', 'd-later'] })).toEqual({ decisionId: 'd-grant', reason: '' });
  });
  it('says why not: no entitlement yet, another programme, not paid, already complete', () => {
    expect(officerPaperworkDecision(paid, null)).toEqual({ decisionId: null, reason: expect.stringContaining('尚无临时救助审批决定') });
    expect(officerPaperworkDecision(paid, { program: 'MINIMUM_LIVING_ALLOWANCE', decisionIds: ['d'] }).decisionId).toBeNull();
    expect(officerPaperworkDecision({ ...paid, paymentId: null }, null).reason).toBe('先行救助尚未支付');
    expect(officerPaperworkDecision({ ...paid, completedOn: '2026-03-10' }, { program: 'TEMPORARY_ASSISTANCE', decisionIds: ['d'] })).toEqual({ decisionId: null, reason: '手续已于 2026-03-10 补齐' });
  });
});
