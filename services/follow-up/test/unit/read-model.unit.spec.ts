/**
 * The read-model row functions (pure): folded incrementally, event by event, they give the columns the
 * fold of the whole stream gives (what the projection wrote before it stopped re-reading streams).
 */
import type { VerificationConsent } from '@sa/contracts';
import { evolveComplaint, evolveFollowUp, followUpDecider, complaintDecider, initialComplaintState, initialFollowUpState, reviewDeadline, reviewDueOn } from '../../src/domain';
import type { ComplaintCommand, ComplaintEvent, ComplaintState, FollowUpCommand, FollowUpEvent, FollowUpState } from '../../src/domain';
import { projectCase, projectComplaint, type CaseRow, type ComplaintRow } from '../../src/read-models/read-model';
import { on } from '../support/commands';

const CASE = '6f1c2e4a-8b3d-4c5e-9f7a-1b2c3d4e5f60';
const AT = '2026-09-01T02:00:00.000Z';
const consent: VerificationConsent = {
  consentId: 'c-m1',
  memberId: 'm1',
  signedOn: '2026-01-05',
  signedBy: 'SELF',
  scope: { sources: ['SOCIAL_INSURANCE'], purposes: ['RECERTIFICATION'] },
  documentRef: 'doc:consent',
} as VerificationConsent;

const commands: FollowUpCommand[] = [
  on('2026-01-20', {
    type: 'OpenFollowUp',
    data: {
      caseId: CASE,
      caseNumber: 'DB-440305001-2026-000042',
      decisionId: 'd1',
      program: 'MINIMUM_LIVING_ALLOWANCE',
      jurisdiction: '440305001001',
      reviewClass: 'UNSTABLE',
      reviewIntervalMonths: 6,
      startMonth: '2026-02',
      monthlyAmountFen: 80000,
      membersCovered: [{ memberId: 'm1', name: '张三' }]
    }
  }),
  on('2026-07-25', { type: 'OpenPeriodicReview', data: { reviewId: 'r1', dueSoonDays: 15 } }),
  on('2026-07-25', {
    type: 'RequestReverification',
    data: { requestId: 'q1', members: [{ memberId: 'm1', name: '张三', residentId: '11010519491231002X' }], consents: [consent], referenceMonths: 12, dueOn: '2026-08-09' }
  }),
  on('2026-08-03', { type: 'ReceiveVerificationResult', data: { requestId: 'q1', verificationId: 'v1', reportVersion: 1 } }),
  on('2026-08-04', { type: 'RecordReviewVisit', data: { reviewId: 'r1', visitedOn: '2026-08-04', officerIds: ['co-1', 'co-2'], note: '入户' } }),
  on('2026-08-05', {
    type: 'ConcludeReview',
    data: { reviewId: 'r1', changeRequestId: 'x1', finding: 'CHANGE_FOUND', recommendation: 'TAPER', reasons: ['收入增加'], changes: [{ kind: 'EMPLOYMENT', description: '就业' }], summary: '渐退' }
  }),
  on('2026-08-20', {
    type: 'ApplyBenefitChange',
    data: {
      decisionId: 'd2',
      changeType: 'TAPER',
      effectiveMonth: '2026-09',
      taperSchedule: [
        { month: '2026-09', amountFen: 60000 },
        { month: '2026-10', amountFen: 40000 },
      ],
      reviewIntervalMonths: 3,
      reason: '渐退',
      decidedOn: '2026-08-20',
    },
  }),
  on('2026-08-20', { type: 'PlanWelfareVisits', data: { vulnerabilities: ['ELDERLY_LIVING_ALONE'], intervalDays: 7, firstDueOn: '2026-08-27' } }),
  on('2026-09-03', { type: 'RecordWelfareVisit', data: { visitId: 'w2', visitedOn: '2026-09-03', note: '良好', concerns: [] } }, 'co-1'),
  on('2026-09-03', { type: 'RecordWelfareVisit', data: { visitId: 'w1', visitedOn: '2026-08-27', note: '良好', concerns: [] } }, 'co-1'),
  on('2026-09-05', { type: 'ReportChange', data: { reportId: 'c1', reviewId: 'r2', source: 'DATA_ALERT', changes: [{ kind: 'ASSETS', description: '车辆' }] } }),
  on('2026-11-02', { type: 'CloseEndedTaper', data: {} }),
];

/** The columns of the list as the fold of the stream gives them. */
function fromState(st: FollowUpState): Partial<CaseRow> {
  const schedule = st.nextReviewDueMonth ? { nextReviewDueMonth: st.nextReviewDueMonth, reviewIntervalMonths: st.reviewIntervalMonths } : undefined;
  return {
    status: st.status,
    review_class: st.reviewClass ?? null,
    review_interval_months: st.reviewIntervalMonths,
    next_review_due_month: st.nextReviewDueMonth ?? null,
    next_review_due_on: schedule ? reviewDueOn(schedule) : null,
    next_review_deadline: schedule ? reviewDeadline(schedule) : null,
    open_review_id: st.openReview?.reviewId ?? null,
    open_review_type: st.openReview?.reviewType ?? null,
    awaiting_verification: st.openReview?.reverification ? !st.openReview.reverification.answered : false,
    monthly_amount_fen: st.monthlyAmountFen,
    taper_last_month: st.taperSchedule ? st.taperSchedule[st.taperSchedule.length - 1]!.month : null,
    welfare_interval_days: st.welfarePlan?.intervalDays ?? null,
    last_welfare_visit_on: st.lastWelfareVisitOn ?? null,
    closed_on: st.closed?.closedOn ?? null,
    close_reason: st.closed?.reason ?? null,
  };
}

describe('follow-up case row', () => {
  it('after every event, the row has the columns of the fold of the stream so far', () => {
    let state = initialFollowUpState;
    let row: CaseRow | null = null;
    let revision = -1;
    const seen: string[] = [];
    for (const command of commands) {
      for (const event of followUpDecider.decide(command, state) as FollowUpEvent[]) {
        revision++;
        state = evolveFollowUp(state, event);
        row = projectCase(row, event, revision, AT);
        seen.push(event.type);
        expect({ type: event.type, ...row }).toEqual(expect.objectContaining({ type: event.type, ...fromState(state), last_revision: revision }));
      }
    }
    expect(seen).toEqual(expect.arrayContaining(['FollowUpOpened', 'ReviewOpened', 'ReverificationRequested', 'VerificationResultReceived', 'ReviewConcluded', 'ChangeProposed', 'BenefitChangeApplied', 'WelfareVisitRecorded', 'ChangeReported', 'FollowUpClosed']));
    expect(row).toMatchObject({ status: 'CLOSED', close_reason: 'TAPER_ENDED', open_review_id: null, last_welfare_visit_on: '2026-09-03', updated_at: AT });
  });

  it('shows nothing for events before the case is opened', () => {
    expect(projectCase(null, { type: 'PaymentRecorded', data: { paymentId: 'p', paymentMonth: '2026-09', amountFen: 1, status: 'ISSUED', on: '2026-09-05' } }, 0, AT)).toBeNull();
  });
});

describe('complaint row', () => {
  it('never copies the complainant, and follows the investigation to its outcome', () => {
    const officer = { id: 'co-1', role: 'community_officer', jurisdiction: '440305001001' };
    const reviewer = { id: 'sr-1', role: 'street_reviewer', jurisdiction: '440305001' };
    const steps: ComplaintCommand[] = [
      on('2026-09-01', {
        type: 'FileComplaint',
        data: {
          complaintId: 'k1',
          about: 'CASE',
          caseId: CASE,
          community: '440305001001',
          channel: 'HOTLINE',
          subject: 'WRONGFUL_BENEFIT',
          anonymous: false,
          complainant: { name: '李四', phone: '13800000000' },
          allegation: '有车',
          receivedOn: '2026-09-01'
        }
      }, officer),
      on('2026-09-02', { type: 'AssignInvestigator', data: { investigator: reviewer } }, reviewer),
      on('2026-09-10', { type: 'ResolveComplaint', data: { outcome: 'SUBSTANTIATED', findings: '查实', actions: ['CHANGE_REQUESTED'], fraudSuspected: true } }, reviewer),
    ];
    let state: ComplaintState = initialComplaintState;
    let row: ComplaintRow | null = null;
    let revision = -1;
    for (const command of steps) {
      for (const event of complaintDecider.decide(command, state) as ComplaintEvent[]) {
        state = evolveComplaint(state, event);
        row = projectComplaint(row, event, ++revision, AT);
        expect(row).toMatchObject({ status: state.status, investigator_id: state.investigator?.id ?? null, last_revision: revision });
      }
    }
    expect(row).toEqual({
      complaint_id: 'k1',
      about: 'CASE',
      case_id: CASE,
      community: '440305001001',
      status: 'RESOLVED',
      channel: 'HOTLINE',
      subject: 'WRONGFUL_BENEFIT',
      anonymous: false,
      investigator_id: 'sr-1',
      received_on: '2026-09-01',
      resolved_on: '2026-09-10',
      outcome: 'SUBSTANTIATED',
      last_revision: 2,
      updated_at: AT,
    });
    expect(JSON.stringify(row)).not.toContain('李四');
  });
});
