import { fold, given } from '@sa/decider';
import { decideCompleteAdvancePaperwork, decidePayEmergencyAdvance, emergencyAdvanceDecider, isAdvanceOverdue, type EmergencyAdvancePaid } from '../../src/domain';

const pay: EmergencyAdvancePaid['data'] = {
  advanceId: 'a-1',
  paymentId: 'p-1',
  caseId: 'c-1',
  caseNumber: 'LS-1',
  jurisdiction: '440305001',
  amountFen: 200000,
  advanceLimitFen: 300000,
  policyVersion: '440305-2026-01',
  reason: '火灾，房屋受损',
  approvalEventId: 'e-approved-1',
  recipient: { memberId: 'm-1', name: '李强', bankAccountRef: 'acct-9' },
  paidOn: '2026-03-02',
  paperworkDueOn: '2026-03-09',
};
const paid = { type: 'EmergencyAdvancePaid' as const, data: pay };
/** Who acts and when: the command's metadata (the day paid / completed is its date in Asia/Shanghai). */
const officer = { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' };
const on = (day: string) => ({ actor: officer, now: `${day}T10:00:00.000+08:00` });
const { paidOn: _paidOn, ...payData } = pay;
const payCommand = (data: Omit<typeof pay, 'paidOn' | 'approvalEventId'> & { approvalEventId?: string } = payData) => ({ type: 'PayEmergencyAdvance' as const, data, metadata: on('2026-03-02') });

describe('emergency advance (先行救助)', () => {
  it('is paid at once within the advance limit, with its reason', () => {
    given(emergencyAdvanceDecider, []).when(payCommand()).then([paid]);
  });

  it('refuses an advance without the approval decided by eligibility', () => {
    const { approvalEventId: _none, ...unapproved } = payData;
    given(emergencyAdvanceDecider, []).when(payCommand(unapproved)).thenThrows('advance_not_approved');
  });

  it('refuses an advance above the limit of its approval', () => {
    given(emergencyAdvanceDecider, []).when(payCommand({ ...payData, amountFen: 300001 })).thenThrows('advance_over_limit');
  });

  it('refuses an advance without a reason', () => {
    given(emergencyAdvanceDecider, []).when(payCommand({ ...payData, reason: ' ' })).thenThrows('advance_reason_required');
  });

  it('refuses paying the same advance twice', () => {
    given(emergencyAdvanceDecider, [paid]).when(payCommand()).thenThrows('advance_already_paid');
  });

  it('appears on the overdue list once the working-day limit has passed without the paperwork', () => {
    const state = fold(emergencyAdvanceDecider, [paid]);
    expect(isAdvanceOverdue(state, '2026-03-09')).toBe(false);
    expect(isAdvanceOverdue(state, '2026-03-10')).toBe(true);
  });

  it('leaves the overdue list when the paperwork is completed, late completions flagged', () => {
    const events = given(emergencyAdvanceDecider, [paid]).when({ type: 'CompleteAdvancePaperwork', data: { decisionId: 'd-1' }, metadata: on('2026-03-11') }).then([
      { type: 'EmergencyAdvancePaperworkCompleted', data: { decisionId: 'd-1', completedOn: '2026-03-11', late: true } },
    ]);
    expect(isAdvanceOverdue(fold(emergencyAdvanceDecider, [paid, ...events]), '2026-03-12')).toBe(false);
  });

  describe('each decide function alone', () => {
    it('decidePayEmergencyAdvance: given nothing paid, when paid on 2 March (metadata), then EmergencyAdvancePaid with paidOn that day and the due date counted by the caller', () => {
      expect(decidePayEmergencyAdvance(payCommand(), fold(emergencyAdvanceDecider, []))).toEqual([paid]);
    });
    it('decideCompleteAdvancePaperwork: given an advance paid, when completed on its due date, then not late; when nothing was paid, then advance_not_paid', () => {
      expect(decideCompleteAdvancePaperwork({ type: 'CompleteAdvancePaperwork', data: { decisionId: 'd-1' }, metadata: on('2026-03-09') }, fold(emergencyAdvanceDecider, [paid]))).toEqual([
        { type: 'EmergencyAdvancePaperworkCompleted', data: { decisionId: 'd-1', completedOn: '2026-03-09', late: false } },
      ]);
      expect(() => decideCompleteAdvancePaperwork({ type: 'CompleteAdvancePaperwork', data: { decisionId: 'd-1' }, metadata: on('2026-03-09') }, fold(emergencyAdvanceDecider, []))).toThrow(
        expect.objectContaining({ code: 'advance_not_paid' }),
      );
    });
  });

  describe('paid on 2026-12-29 while the 节假日安排 of 2027 is not published (5 working days reach into 2027)', () => {
    const { paidOn: _p, ...openData } = { ...pay, paidOn: '2026-12-29', paperworkDueOn: null, paperworkCalendarMissing: 2027 };
    const paidOpen = { type: 'EmergencyAdvancePaid' as const, data: { ...pay, paidOn: '2026-12-29', paperworkDueOn: null, paperworkCalendarMissing: 2027 } };
    const complete = (day: string, paperworkDueOn?: string | null) => ({
      type: 'CompleteAdvancePaperwork' as const,
      data: { decisionId: 'd-1', ...(paperworkDueOn !== undefined ? { paperworkDueOn } : {}) },
      metadata: on(day),
    });

    it('records the due date open, naming 2027, and never puts the advance on the overdue list while it is open', () => {
      given(emergencyAdvanceDecider, []).when({ type: 'PayEmergencyAdvance', data: openData, metadata: on('2026-12-29') }).then([paidOpen]);
      const state = fold(emergencyAdvanceDecider, [paidOpen]);
      expect(isAdvanceOverdue(state, '2027-03-01')).toBe(false);
    });

    it('refuses an open due date that does not name the missing year', () => {
      const { paperworkCalendarMissing: _y, ...unnamed } = openData;
      given(emergencyAdvanceDecider, []).when({ type: 'PayEmergencyAdvance', data: unnamed, metadata: on('2026-12-29') }).thenThrows('invalid_due_date');
    });

    it('given 2027 published by the completion, when completed after the date counted then, then late with that date recorded', () => {
      // 2026-12-29 + 5 working days with 1 January 2027 a holiday: 30, 31 Dec, 4, 5, 6 Jan → due 2027-01-06.
      given(emergencyAdvanceDecider, [paidOpen]).when(complete('2027-01-07', '2027-01-06')).then([
        { type: 'EmergencyAdvancePaperworkCompleted', data: { decisionId: 'd-1', completedOn: '2027-01-07', late: true, paperworkDueOn: '2027-01-06' } },
      ]);
      given(emergencyAdvanceDecider, [paidOpen]).when(complete('2027-01-06', '2027-01-06')).then([
        { type: 'EmergencyAdvancePaperworkCompleted', data: { decisionId: 'd-1', completedOn: '2027-01-06', late: false, paperworkDueOn: '2027-01-06' } },
      ]);
    });

    it('given 2027 still missing at the completion, then lateness is not guessed (late: null)', () => {
      given(emergencyAdvanceDecider, [paidOpen]).when(complete('2027-01-07', null)).then([
        { type: 'EmergencyAdvancePaperworkCompleted', data: { decisionId: 'd-1', completedOn: '2027-01-07', late: null } },
      ]);
    });

    it('given a dated advance, a due date passed at completion is ignored (the recorded one counts)', () => {
      given(emergencyAdvanceDecider, [paid]).when(complete('2026-03-09', '2026-03-01')).then([
        { type: 'EmergencyAdvancePaperworkCompleted', data: { decisionId: 'd-1', completedOn: '2026-03-09', late: false } },
      ]);
    });
  });
});
