/**
 * The case-list projection: how each review-case event changes its row. Pure (row in, row out);
 * the runner applies it in a transaction together with the checkpoint.
 */
import { maskName } from '@sa/contracts';
import type { RecordedEvent } from '@sa/eventstore';
import { countedMembers, type ReviewCaseEvent } from '../domain';
import { ReviewCaseRow } from './review-case-row.entity';

export function emptyRow(caseId: string): ReviewCaseRow {
  return Object.assign(new ReviewCaseRow(), {
    caseId,
    caseNumber: null,
    program: null,
    jurisdiction: null,
    status: 'NONE',
    applicantMasked: null,
    householdSize: null,
    conflictOfInterest: false,
    acceptedOn: null,
    dueOn: null,
    calendarMissing: null,
    deadlineWorkingDays: null,
    deadlineExtended: false,
    investigationStartDueOn: null,
    investigationStartedOn: null,
    verificationReports: 0,
    homeVisits: 0,
    round: 0,
    proposal: null,
    proposedAmountFen: null,
    noticeLastDay: null,
    openObjections: 0,
    decidedOn: null,
    decisionId: null,
    decidedOverdue: null,
    monthlyAmountFen: null,
    startMonth: null,
    policyVersion: null,
    refusalNoticeDueOn: null,
    benefitStatus: null,
    redeterminationOpen: false,
    revision: -1,
    updatedAt: new Date(0),
  });
}

const earliest = (a: string | null, b: string): string => (a === null || b < a ? b : a);

export function caseIdOfStream(streamId: string): string {
  return streamId.slice('reviewCase-'.length);
}

/** The row after one event. */
export function projectReviewCase(current: ReviewCaseRow | null, recorded: RecordedEvent): ReviewCaseRow {
  const row = Object.assign(new ReviewCaseRow(), current ?? emptyRow(caseIdOfStream(recorded.streamId)));
  const event = { type: recorded.type, data: recorded.data } as ReviewCaseEvent;
  row.revision = recorded.revision;
  row.updatedAt = recorded.recordedAt;
  switch (event.type) {
    case 'ReviewCaseOpened': {
      const d = event.data;
      const applicant = d.household.members.find((m) => m.memberId === d.household.applicantMemberId);
      Object.assign(row, {
        caseNumber: d.caseNumber,
        program: d.program,
        jurisdiction: d.jurisdiction,
        status: 'INVESTIGATING',
        applicantMasked: applicant ? maskName(applicant.name) : null,
        householdSize: countedMembers(d.household.members).length,
        conflictOfInterest: d.conflictOfInterest.flagged,
        acceptedOn: d.acceptedOn,
        dueOn: d.deadline.dueOn,
        calendarMissing: d.deadline.calendarMissing ?? null,
        deadlineWorkingDays: d.deadline.workingDays,
        investigationStartDueOn: d.deadline.investigationStartDueOn,
        round: 1,
      });
      break;
    }
    case 'VerificationFactsReceived':
      row.verificationReports += 1;
      break;
    case 'HomeVisitRecorded':
      row.homeVisits += 1;
      row.investigationStartedOn = earliest(row.investigationStartedOn, event.data.visit.visitedOn);
      break;
    case 'NeighbourhoodInquiryRecorded':
      row.investigationStartedOn = earliest(row.investigationStartedOn, event.data.inquiry.conductedOn);
      break;
    case 'EvidenceLetterRecorded':
      row.investigationStartedOn = earliest(row.investigationStartedOn, event.data.letter.sentOn);
      break;
    case 'InitialOpinionIssued': {
      const o = event.data.opinion;
      Object.assign(row, { status: 'OPINION_ISSUED', proposal: o.proposal, proposedAmountFen: o.assessment?.monthlyAmountFen ?? null, round: o.round });
      break;
    }
    case 'PublicNoticePosted':
      Object.assign(row, { status: 'IN_NOTICE', noticeLastDay: event.data.notice.lastDay });
      break;
    case 'ObjectionFiled':
      row.openObjections += 1;
      break;
    case 'ObjectionResolved':
      row.openObjections = Math.max(0, row.openObjections - 1);
      if (event.data.nextRound !== null) Object.assign(row, { status: 'INVESTIGATING', round: event.data.nextRound, noticeLastDay: null, proposal: null });
      break;
    case 'DecisionDeadlineExtended':
      Object.assign(row, { dueOn: event.data.dueOn, calendarMissing: event.data.calendarMissing ?? null, deadlineWorkingDays: event.data.workingDays, deadlineExtended: true });
      break;
    case 'CaseSubmittedForDecision':
      row.status = 'SUBMITTED';
      break;
    case 'CaseApproved': {
      const d = event.data;
      Object.assign(row, {
        status: 'APPROVED',
        decidedOn: d.decidedOn,
        decisionId: d.decisionId,
        decidedOverdue: d.overdue,
        monthlyAmountFen: d.assessment.monthlyAmountFen,
        startMonth: d.startMonth,
        policyVersion: d.policyVersion,
        benefitStatus: d.program === 'TEMPORARY_ASSISTANCE' ? null : 'ACTIVE',
        calendarMissing: null,
      });
      break;
    }
    case 'CaseRefused': {
      const d = event.data;
      Object.assign(row, {
        status: 'REFUSED',
        decidedOn: d.decidedOn,
        decisionId: d.decisionId,
        decidedOverdue: d.overdue,
        policyVersion: d.policyVersion,
        refusalNoticeDueOn: d.noticeDueOn,
        calendarMissing: d.calendarMissing ?? null,
      });
      break;
    }
    case 'CaseWithdrawn':
      row.status = 'WITHDRAWN';
      break;
    case 'RedeterminationRequested':
    case 'StandardRedeterminationProposed':
      row.redeterminationOpen = true;
      break;
    case 'BenefitChangeRejected':
      row.redeterminationOpen = false;
      break;
    case 'BenefitChangeDecided': {
      const d = event.data;
      const status = { SUSPENSION: 'SUSPENDED', TERMINATION: 'TERMINATED', TAPER: 'TAPERING' }[d.changeType as string] ?? 'ACTIVE';
      Object.assign(row, {
        redeterminationOpen: false,
        benefitStatus: status,
        monthlyAmountFen: d.monthlyAmountFen ?? (status === 'TAPERING' ? row.monthlyAmountFen : 0),
        policyVersion: d.policyVersion,
        decisionId: d.decisionId,
        calendarMissing: d.calendarMissing ?? null,
      });
      break;
    }
    case 'RedeterminationClosed':
      row.redeterminationOpen = false;
      break;
    case 'DueDatesDated':
      for (const d of event.data.dated) {
        if (d.kind === 'DECISION_DEADLINE') row.dueOn = d.dueOn;
        else if (d.kind === 'INVESTIGATION_START') row.investigationStartDueOn = d.dueOn;
        else if (d.kind === 'REFUSAL_NOTICE') row.refusalNoticeDueOn = d.dueOn;
      }
      row.calendarMissing = event.data.calendarMissing;
      break;
    case 'CaseMigrated': {
      const d = event.data;
      const applicant = d.household.members.find((m) => m.memberId === d.household.applicantMemberId);
      Object.assign(row, {
        caseNumber: d.caseNumber,
        program: d.program,
        jurisdiction: d.jurisdiction,
        status: 'APPROVED',
        applicantMasked: applicant ? maskName(applicant.name) : null,
        householdSize: d.household.members.length,
        acceptedOn: d.decidedOn,
        decidedOn: d.decidedOn,
        decisionId: d.decisionId,
        decidedOverdue: false,
        monthlyAmountFen: d.monthlyAmountFen,
        startMonth: d.startMonth,
        policyVersion: d.policyVersion,
        benefitStatus: 'ACTIVE',
      });
      break;
    }
    default:
      break;
  }
  return row;
}
