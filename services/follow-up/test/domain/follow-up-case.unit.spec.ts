import { fold, given } from '@sa/decider';
import type { VerificationConsent } from '@sa/contracts';
import { followUpDecider, type FollowUpCommand, type FollowUpEvent } from '../../src/domain';
import { on } from '../support/commands';

const CASE_ID = '11111111-1111-4111-8111-111111111111';
const COMMUNITY = '440305001001';

const openCmd: FollowUpCommand = on('2026-01-20', {
  type: 'OpenFollowUp',
  data: {
    caseId: CASE_ID,
    caseNumber: 'DB-440305001-2026-000001',
    decisionId: 'd-grant',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    jurisdiction: COMMUNITY,
    reviewClass: 'UNSTABLE',
    reviewIntervalMonths: 6,
    startMonth: '2026-02',
    monthlyAmountFen: 80000,
    membersCovered: [{ memberId: 'm1', name: '张三' }]
  }
});
const opened = followUpDecider.decide(openCmd, followUpDecider.initialState);

const periodicOpened: FollowUpEvent = { type: 'ReviewOpened', data: { reviewId: 'r1', reviewType: 'PERIODIC', dueMonth: '2026-08', openedOn: '2026-08-01' } };
const consent = (memberId: string): VerificationConsent => ({
  consentId: `c-${memberId}`,
  memberId,
  signedOn: '2026-01-05',
  signedBy: 'SELF',
  scope: { sources: ['SOCIAL_INSURANCE'], purposes: ['RECERTIFICATION'] },
  documentRef: 'doc:consent',
} as VerificationConsent);
const reverify = (requestId = 'q1', withConsent = true): FollowUpCommand => (on('2026-08-03', {
  type: 'RequestReverification',
  data: {
    requestId,
    members: [{ memberId: 'm1', name: '张三', residentId: '11010519491231002X' }],
    consents: withConsent ? [consent('m1')] : [],
    referenceMonths: 12,
    dueOn: '2026-08-20'
  }
}));
const reverificationRequested = (): FollowUpEvent => followUpDecider.decide(reverify(), fold(followUpDecider, [...opened, periodicOpened]))[0]!;
const conclude = (over: Partial<Extract<FollowUpCommand, { type: 'ConcludeReview' }>['data']> = {}): FollowUpCommand => (on('2026-08-25', {
  type: 'ConcludeReview',
  data: {
    reviewId: 'r1',
    changeRequestId: 'cr1',
    finding: 'NO_MATERIAL_CHANGE',
    recommendation: 'NO_CHANGE',
    reasons: [],
    changes: [],
    summary: '家庭情况无变化',
    ...over
  }
}));
const benefitChange = (over: Partial<Extract<FollowUpCommand, { type: 'ApplyBenefitChange' }>['data']> = {}): FollowUpCommand => on('2026-08-28', {
  type: 'ApplyBenefitChange',
  data: { decisionId: 'd2', changeType: 'DECREASE', effectiveMonth: '2026-09', monthlyAmountFen: 50000, reason: '收入增加', decidedOn: '2026-08-28', ...over },
});

describe('follow-up case: opening from AssistanceGranted', () => {
  it('opens the case with the first review due start month + interval', () => {
    expect(opened).toEqual([expect.objectContaining({ type: 'FollowUpOpened', data: expect.objectContaining({ nextReviewDueMonth: '2026-08' }) })]);
  });

  it('takes a redelivered grant in only once', () => {
    given(followUpDecider, opened).when(openCmd).thenNothing();
  });

  it('refuses a grant without a valid review interval', () => {
    given(followUpDecider, []).when({ ...openCmd, data: { ...openCmd.data, reviewIntervalMonths: 0 } } as FollowUpCommand).thenThrows('invalid_review_interval');
  });
});

describe('follow-up case: time and actor come from the command metadata', () => {
  it("reads today as the Asia/Shanghai date of metadata.now (00:30 in Shanghai is still the previous day in UTC)", () => {
    given(followUpDecider, [])
      .when({ ...openCmd, metadata: { ...openCmd.metadata, now: '2026-01-20T16:30:00.000Z' } })
      .then([expect.objectContaining({ type: 'FollowUpOpened', data: expect.objectContaining({ openedOn: '2026-01-21' }) })] as FollowUpEvent[]);
  });

  it('refuses a command without a valid metadata.now', () => {
    given(followUpDecider, []).when({ ...openCmd, metadata: { ...openCmd.metadata, now: '2026-01-20' } }).thenThrows('invalid_command_time');
  });

  it('records the officer of metadata.actor as the one who made the welfare visit', () => {
    const plan = on('2026-02-01', { type: 'PlanWelfareVisits', data: { vulnerabilities: ['ELDERLY_LIVING_ALONE'], intervalDays: 30, firstDueOn: '2026-02-28' } });
    given(followUpDecider, [...opened, ...followUpDecider.decide(plan, fold(followUpDecider, opened))])
      .when(on('2026-02-10', { type: 'RecordWelfareVisit', data: { visitId: 'w1', visitedOn: '2026-02-10', note: '身体良好', concerns: [] } }, 'co-7'))
      .then([{ type: 'WelfareVisitRecorded', data: { visitId: 'w1', visitedOn: '2026-02-10', officerId: 'co-7', note: '身体良好', concerns: [] } }]);
  });
});

describe('follow-up case: periodic review', () => {
  it('refuses to open a periodic review long before it falls due', () => {
    given(followUpDecider, opened).when(on('2026-06-01', { type: 'OpenPeriodicReview', data: { reviewId: 'r1', dueSoonDays: 15 } })).thenThrows('review_not_due');
  });

  it('opens a periodic review within the due-soon window', () => {
    given(followUpDecider, opened)
      .when(on('2026-07-20', { type: 'OpenPeriodicReview', data: { reviewId: 'r1', dueSoonDays: 15 } }))
      .then([{ type: 'ReviewOpened', data: { reviewId: 'r1', reviewType: 'PERIODIC', dueMonth: '2026-08', openedOn: '2026-07-20' } }]);
  });

  it('refuses a second review while one is open', () => {
    given(followUpDecider, [...opened, periodicOpened])
      .when(on('2026-08-02', { type: 'OpenAdHocReview', data: { reviewId: 'r2', trigger: { kind: 'OTHER' } } }))
      .thenThrows('review_already_open');
  });

  it('requests re-verification of the members with their consents over the last 12 months', () => {
    given(followUpDecider, [...opened, periodicOpened])
      .when(reverify())
      .then([
        {
          type: 'ReverificationRequested',
          data: {
            reviewId: 'r1',
            requestId: 'q1',
            trigger: { kind: 'PERIODIC_REVIEW', refId: 'r1' },
            members: [{ memberId: 'm1', name: '张三', residentId: '11010519491231002X' }],
            consents: [consent('m1')],
            referencePeriod: { from: '2025-08', to: '2026-07' },
            requestedOn: '2026-08-03',
            dueOn: '2026-08-20',
          },
        },
      ]);
  });

  it('refuses re-verification of a member who gave no consent', () => {
    given(followUpDecider, [...opened, periodicOpened]).when(reverify('q1', false)).thenThrows('consent_missing');
  });

  it('refuses re-verification without an open review', () => {
    given(followUpDecider, opened).when(reverify()).thenThrows('review_not_open');
  });

  it('refuses to conclude while the re-verification report is outstanding', () => {
    given(followUpDecider, [...opened, periodicOpened, reverificationRequested()]).when(conclude()).thenThrows('verification_outstanding');
  });

  it('records the verification report that answers the request', () => {
    given(followUpDecider, [...opened, periodicOpened, reverificationRequested()])
      .when(on('2026-08-10', { type: 'ReceiveVerificationResult', data: { requestId: 'q1', verificationId: 'v1', reportVersion: 1 } }))
      .then([{ type: 'VerificationResultReceived', data: { reviewId: 'r1', requestId: 'q1', verificationId: 'v1', reportVersion: 1, receivedOn: '2026-08-10' } }]);
  });

  it('ignores a verification report for another request', () => {
    given(followUpDecider, [...opened, periodicOpened, reverificationRequested()])
      .when(on('2026-08-10', { type: 'ReceiveVerificationResult', data: { requestId: 'other', verificationId: 'v1', reportVersion: 1 } }))
      .thenNothing();
  });

  it('refuses a home visit made by a single officer', () => {
    given(followUpDecider, [...opened, periodicOpened])
      .when(on('2026-08-05', { type: 'RecordReviewVisit', data: { reviewId: 'r1', visitedOn: '2026-08-05', officerIds: ['o1', 'o1'], note: '入户' } }))
      .thenThrows('visit_needs_two_officers');
  });

  it('refuses a visit dated in the future', () => {
    given(followUpDecider, [...opened, periodicOpened])
      .when(on('2026-08-05', { type: 'RecordReviewVisit', data: { reviewId: 'r1', visitedOn: '2026-08-09', officerIds: ['o1', 'o2'], note: '入户' } }))
      .thenThrows('date_in_future');
  });

  it('concludes with no change and moves the next review forward by the interval', () => {
    const [event] = given(followUpDecider, [...opened, periodicOpened]).when(conclude()).then([
      {
        type: 'ReviewConcluded',
        data: {
          reviewId: 'r1',
          reviewType: 'PERIODIC',
          dueMonth: '2026-08',
          completedOn: '2026-08-25',
          finding: 'NO_MATERIAL_CHANGE',
          recommendation: 'NO_CHANGE',
          reasons: [],
          changes: [],
          summary: '家庭情况无变化',
          nextReviewDueMonth: '2027-02',
        },
      },
    ]);
    expect(fold(followUpDecider, [...opened, periodicOpened, event!]).openReview).toBeUndefined();
  });

  it('refuses a decrease proposal without written reasons', () => {
    given(followUpDecider, [...opened, periodicOpened])
      .when(conclude({ finding: 'CHANGE_FOUND', recommendation: 'DECREASE', changes: [{ kind: 'EMPLOYMENT', description: '新就业' }] }))
      .thenThrows('written_reasons_required');
  });

  it('refuses an amount change when no change in circumstances was found', () => {
    given(followUpDecider, [...opened, periodicOpened])
      .when(conclude({ recommendation: 'INCREASE', reasons: ['提高'] }))
      .thenThrows('proposal_without_change');
  });

  it('sends a proposal with reasons to eligibility as a change request', () => {
    const events = given(followUpDecider, [...opened, periodicOpened]).when(
      conclude({ finding: 'CHANGE_FOUND', recommendation: 'TAPER', reasons: ['家庭成员就业，收入超过标准'], changes: [{ kind: 'EMPLOYMENT', description: '新就业' }] }),
    ).then([
      expect.objectContaining({ type: 'ReviewConcluded' }) as FollowUpEvent,
      {
        type: 'ChangeProposed',
        data: {
          changeRequestId: 'cr1',
          origin: 'REVIEW',
          reviewId: 'r1',
          recommendation: 'TAPER',
          requestedChange: 'RECALCULATE',
          reasons: ['家庭成员就业，收入超过标准'],
          changes: [{ kind: 'EMPLOYMENT', description: '新就业' }],
          proposedOn: '2026-08-25',
          urgent: false,
        },
      },
    ]);
    expect(events).toHaveLength(2);
  });

  it('marks a termination proposal urgent', () => {
    const events = followUpDecider.decide(
      conclude({ finding: 'CHANGE_FOUND', recommendation: 'TERMINATION', reasons: ['户主死亡'], changes: [{ kind: 'MEMBER_DECEASED', description: '死亡' }] }),
      fold(followUpDecider, [...opened, periodicOpened]),
    );
    expect(events[1]).toEqual(expect.objectContaining({ type: 'ChangeProposed', data: expect.objectContaining({ requestedChange: 'TERMINATE', urgent: true }) }));
  });
});

describe('follow-up case: change reports and data alerts', () => {
  const report = (source: 'HOUSEHOLD' | 'DATA_ALERT' = 'HOUSEHOLD'): FollowUpCommand => (on('2026-04-02', {
    type: 'ReportChange',
    data: { reportId: 'cr-1', reviewId: 'r9', source, changes: [{ kind: 'MEMBER_LEFT', memberId: 'm2', description: '迁出' }] }
  }));

  it('opens an ad-hoc review for a household change report', () => {
    given(followUpDecider, opened).when(report()).then([
      { type: 'ReviewOpened', data: { reviewId: 'r9', reviewType: 'TRIGGERED', trigger: { kind: 'CHANGE_REPORT', refId: 'cr-1' }, openedOn: '2026-04-02' } },
      { type: 'ChangeReported', data: { reportId: 'cr-1', source: 'HOUSEHOLD', reviewId: 'r9', changes: [{ kind: 'MEMBER_LEFT', memberId: 'm2', description: '迁出' }], reportedOn: '2026-04-02' } },
    ]);
  });

  it('opens an ad-hoc review for a data alert', () => {
    const [first] = followUpDecider.decide(report('DATA_ALERT'), fold(followUpDecider, opened));
    expect(first).toEqual(expect.objectContaining({ data: expect.objectContaining({ trigger: { kind: 'DATA_ALERT', refId: 'cr-1' } }) }));
  });

  it('attaches a report to the review already open', () => {
    given(followUpDecider, [...opened, periodicOpened]).when(report()).then([
      { type: 'ChangeReported', data: { reportId: 'cr-1', source: 'HOUSEHOLD', reviewId: 'r1', changes: [{ kind: 'MEMBER_LEFT', memberId: 'm2', description: '迁出' }], reportedOn: '2026-04-02' } },
    ]);
  });

  it('refuses a report with no change described', () => {
    given(followUpDecider, opened).when({ ...report(), data: { ...report().data, changes: [] } } as FollowUpCommand).thenThrows('changes_missing');
  });
});

describe('follow-up case: benefit changes decided by eligibility', () => {
  it('records a decrease and the new amount', () => {
    const events = followUpDecider.decide(benefitChange(), fold(followUpDecider, opened));
    expect(fold(followUpDecider, events, fold(followUpDecider, opened)).monthlyAmountFen).toBe(50000);
  });

  it('closes the case with a final note on termination', () => {
    given(followUpDecider, opened)
      .when(benefitChange({ changeType: 'TERMINATION', monthlyAmountFen: undefined, reason: '收入超过标准' }))
      .then([
        { type: 'BenefitChangeApplied', data: { decisionId: 'd2', changeType: 'TERMINATION', effectiveMonth: '2026-09', reason: '收入超过标准', decidedOn: '2026-08-28' } },
        { type: 'FollowUpClosed', data: { reason: 'TERMINATED', closedOn: '2026-08-28', finalNote: '救助已于2026-09终止：收入超过标准' } },
      ]);
  });

  it('applies the same decision only once', () => {
    const events = followUpDecider.decide(benefitChange(), fold(followUpDecider, opened));
    given(followUpDecider, [...opened, ...events]).when(benefitChange()).thenNothing();
  });

  const taper = benefitChange({
    changeType: 'TAPER',
    monthlyAmountFen: undefined,
    taperSchedule: [
      { month: '2026-09', amountFen: 60000 },
      { month: '2026-10', amountFen: 30000 },
    ],
  });

  it('refuses a taper without its schedule', () => {
    given(followUpDecider, opened).when(benefitChange({ changeType: 'TAPER', monthlyAmountFen: undefined })).thenThrows('taper_schedule_missing');
  });

  it('keeps a tapering case open until the last taper month has passed', () => {
    const events = followUpDecider.decide(taper, fold(followUpDecider, opened));
    given(followUpDecider, [...opened, ...events]).when(on('2026-10-31', { type: 'CloseEndedTaper', data: {} })).thenNothing();
  });

  it('closes the case when the taper has ended', () => {
    const events = followUpDecider.decide(taper, fold(followUpDecider, opened));
    given(followUpDecider, [...opened, ...events])
      .when(on('2026-11-01', { type: 'CloseEndedTaper', data: {} }))
      .then([{ type: 'FollowUpClosed', data: { reason: 'TAPER_ENDED', closedOn: '2026-11-01', finalNote: '渐退期已于2026-10结束，救助终止' } }]);
  });

  it('refuses new reviews on a closed case', () => {
    const events = followUpDecider.decide(benefitChange({ changeType: 'TERMINATION' }), fold(followUpDecider, opened));
    given(followUpDecider, [...opened, ...events])
      .when(on('2026-09-02', { type: 'OpenAdHocReview', data: { reviewId: 'r5', trigger: { kind: 'OTHER' } } }))
      .thenThrows('follow_up_closed');
  });
});

describe('follow-up case: welfare visits', () => {
  const plan: FollowUpCommand = on('2026-02-01', { type: 'PlanWelfareVisits', data: { vulnerabilities: ['ELDERLY_LIVING_ALONE'], intervalDays: 30, firstDueOn: '2026-02-28' } });

  it('refuses a plan that names no vulnerability', () => {
    given(followUpDecider, opened).when({ ...plan, data: { ...plan.data, vulnerabilities: [] } } as FollowUpCommand).thenThrows('no_vulnerability');
  });

  it('refuses a visit record without a plan', () => {
    given(followUpDecider, opened)
      .when(on('2026-02-10', { type: 'RecordWelfareVisit', data: { visitId: 'w1', visitedOn: '2026-02-10', note: '身体良好', concerns: [] } }, 'o1'))
      .thenThrows('no_welfare_plan');
  });

  it('records a visit under the plan', () => {
    const planned = followUpDecider.decide(plan, fold(followUpDecider, opened));
    given(followUpDecider, [...opened, ...planned])
      .when(on('2026-02-10', { type: 'RecordWelfareVisit', data: { visitId: 'w1', visitedOn: '2026-02-10', note: '身体良好', concerns: [] } }, 'o1'))
      .then([{ type: 'WelfareVisitRecorded', data: { visitId: 'w1', visitedOn: '2026-02-10', officerId: 'o1', note: '身体良好', concerns: [] } }]);
  });
});

describe('follow-up case: 特困 minors ageing out', () => {
  const tekun = followUpDecider.decide(
    { ...openCmd, data: { ...openCmd.data, program: 'EXTREME_POVERTY_SUPPORT', membersCovered: [{ memberId: 'kid', name: '小明' }] } } as FollowUpCommand,
    followUpDecider.initialState,
  );
  const flag: FollowUpCommand = on('2026-04-15', { type: 'FlagAgeOut', data: { memberId: 'kid', adultOn: '2026-06-10', reviewId: 'r-age' } });

  it('opens a review before a covered minor turns 18', () => {
    given(followUpDecider, tekun).when(flag).then([
      { type: 'ReviewOpened', data: { reviewId: 'r-age', reviewType: 'TRIGGERED', trigger: { kind: 'OTHER', refId: 'kid' }, openedOn: '2026-04-15' } },
      { type: 'AgeOutFlagged', data: { memberId: 'kid', adultOn: '2026-06-10', reviewId: 'r-age', flaggedOn: '2026-04-15' } },
    ]);
  });

  it('flags a member only once', () => {
    const events = followUpDecider.decide(flag, fold(followUpDecider, tekun));
    given(followUpDecider, [...tekun, ...events]).when(flag).thenNothing();
  });

  it('refuses an age-out review outside 特困 support', () => {
    given(followUpDecider, opened).when(flag).thenThrows('not_extreme_poverty_support');
  });
});
