import { fold, given } from '@sa/decider';
import { checkFeedRow, followUpDecider, validResidentId, type FollowUpCommand, type FollowUpEvent } from '../../src/domain';
import { on } from '../support/commands';

const CASE_ID = '11111111-1111-4111-8111-111111111111';
const DIGEST = 'a'.repeat(64);
const RESIDENT = '11010519491231002X';

const opened = followUpDecider.decide(
  on('2026-01-20', {
    type: 'OpenFollowUp',
    data: {
      caseId: CASE_ID,
      caseNumber: 'DB-440305001-2026-000001',
      decisionId: 'd-grant',
      program: 'MINIMUM_LIVING_ALLOWANCE',
      jurisdiction: '440305001001',
      reviewClass: 'UNSTABLE',
      reviewIntervalMonths: 6,
      startMonth: '2026-02',
      monthlyAmountFen: 80000,
      membersCovered: [{ memberId: 'm1', name: '张三' }]
    }
  }),
  followUpDecider.initialState,
);
const source = { kind: 'DEATH' as const, fileDigest: DIGEST, fileName: 'deaths-2026-03.csv', rowNumber: 2 };
const record = { residentId: RESIDENT, name: '张三', eventDate: '2026-03-10', detail: '深圳市殡仪馆' };
const raise = (over: Partial<Extract<FollowUpCommand, { type: 'RaiseDataAlert' }>['data']> = {}): FollowUpCommand => (on('2026-04-02', {
  type: 'RaiseDataAlert',
  data: { alertId: 'al-1', reviewId: 'r9', source, memberId: 'm1', record, ...over }
}));
const change = {
  kind: 'MEMBER_DECEASED',
  memberId: 'm1',
  description: '数据比对（死亡（火化）登记）：死亡日期：2026-03-10；登记机关：深圳市殡仪馆',
  evidenceRefs: [`data-feed:DEATH:${DIGEST}#row=2`],
};
const alertRaised = (reviewId: string): FollowUpEvent => ({
  type: 'DataAlertRaised',
  data: { alertId: 'al-1', reviewId, source, memberId: 'm1', record, changes: [change as never], raisedOn: '2026-04-02' },
});
const periodicOpened: FollowUpEvent = { type: 'ReviewOpened', data: { reviewId: 'r1', reviewType: 'PERIODIC', dueMonth: '2026-08', openedOn: '2026-04-01' } };

describe('RaiseDataAlert (数据比对预警)', () => {
  it('opens a triggered review of kind DATA_ALERT with the source record when none is open', () => {
    given(followUpDecider, opened).when(raise()).then([
      { type: 'ReviewOpened', data: { reviewId: 'r9', reviewType: 'TRIGGERED', trigger: { kind: 'DATA_ALERT', refId: 'al-1' }, openedOn: '2026-04-02' } },
      alertRaised('r9'),
    ]);
  });

  it('adds the alert to the review already open, whose changes then include it', () => {
    given(followUpDecider, [...opened, periodicOpened]).when(raise()).then([alertRaised('r1')]);
    const state = fold(followUpDecider, [...opened, periodicOpened, alertRaised('r1')]);
    expect(state.openReview?.changes).toEqual([change]);
  });

  it('raises nothing for an alert already raised (same file imported again)', () => {
    given(followUpDecider, [...opened, ...followUpDecider.decide(raise(), fold(followUpDecider, opened))]).when(raise()).then([]);
  });

  it('maps the feed kind to the change to review (vehicle → ASSETS)', () => {
    const events = followUpDecider.decide(
      raise({ source: { ...source, kind: 'VEHICLE' }, record: { residentId: RESIDENT, name: '张三', eventDate: '2026-03-01', detail: '粤B12345', valueFen: '8000000' } }),
      fold(followUpDecider, opened),
    );
    const raised = events.find((e) => e.type === 'DataAlertRaised');
    expect(raised?.type === 'DataAlertRaised' && raised.data.changes[0]).toEqual(
      expect.objectContaining({ kind: 'ASSETS', description: '数据比对（机动车登记）：登记日期：2026-03-01；号牌号码：粤B12345；车辆价值（分）：8000000' }),
    );
  });

  it('refuses an alert on a closed case', () => {
    const closed: FollowUpEvent = { type: 'FollowUpClosed', data: { reason: 'TERMINATED', closedOn: '2026-03-01', finalNote: '终止' } };
    given(followUpDecider, [...opened, closed]).when(raise()).thenThrows('follow_up_closed');
  });

  it('refuses a record without a valid resident ID, and a record dated after today', () => {
    given(followUpDecider, opened).when(raise({ record: { ...record, residentId: '110105194912310021' } })).thenThrows('resident_id_invalid');
    given(followUpDecider, opened).when(raise({ record: { ...record, eventDate: '2026-05-01' } })).thenThrows('date_in_future');
  });
});

describe('feed rows', () => {
  const cells = (values: Record<string, string>) =>
    new Map(Object.entries(values).map(([key, value], i) => [key, { column: i + 1, header: key, value }]));

  it('checks the GB 11643 checksum', () => {
    expect(validResidentId(RESIDENT)).toBe(true);
    expect(validResidentId('110105194912310021')).toBe(false);
  });

  it('gives the row and column of each bad cell', () => {
    const { errors, record: r } = checkFeedRow('DEATH', 7, cells({ residentId: '123', name: '', eventDate: '2026-02-30', detail: 'x' }), '2026-04-02');
    expect(r).toBeUndefined();
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [7, 1, 'invalid_resident_id'],
      [7, 2, 'required'],
      [7, 3, 'invalid_date'],
    ]);
  });

  it('normalises a good row (lower-case x, amounts as integer fen)', () => {
    const { record: r, errors } = checkFeedRow(
      'PENSION_EMPLOYMENT',
      2,
      cells({ residentId: '11010519491231002x', name: '张三', eventDate: '2026-01-01', detail: '城镇职工养老保险', valueFen: '0320000' }),
      '2026-04-02',
    );
    expect(errors).toEqual([]);
    expect(r).toEqual({ residentId: RESIDENT, name: '张三', eventDate: '2026-01-01', detail: '城镇职工养老保险', valueFen: '320000' });
  });
});
