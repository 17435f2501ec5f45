/**
 * The investigation (入户调查, 邻里访问, 信函索证) and the facts a case opens with: the per-command decisions of the review case, each exported and testable alone.
 * Pure: time is data (`on`), the working-day calendar a parameter; refusals are `EligibilityError`s.
 */
import { assertCalendarDate } from '../calendar-date';
import { WorkingDays } from '../calendar';
import { ageGroupsOf } from '../age-groups';
import { conflictError, ruleError } from '../errors';
import { isIncomeType } from '../household';
import { ReviewCaseState } from './case-file';
import { OpenReviewCase, ReceiveVerificationFacts, RecordEvidenceLetter, RecordHomeVisit, RecordNeighbourhoodInquiry } from './commands';
import { ReviewCaseEvent } from './events';
import {
  assertDeclaration,
  assertInvestigationOpen,
  assertRecordDate,
  blank,
  deadlineFrom,
  isDivisionCode,
  requireText,
} from './decide-common';
import { actorOf, todayOf } from '@sa/decider';

export function open(c: OpenReviewCase, s: ReviewCaseState, calendar: WorkingDays): ReviewCaseEvent[] {
  const d = c.data;
  const actor = actorOf(c);
  if (s.status !== 'NONE') {
    if (s.caseId === d.caseId && s.caseNumber === d.caseNumber) return []; // the same acceptance again
    throw conflictError('case_already_open', `A review case is already open for case ${s.caseId}`);
  }
  assertCalendarDate(d.acceptedOn, 'acceptedOn');
  if (!isDivisionCode(d.jurisdiction)) throw ruleError('invalid_jurisdiction', 'jurisdiction must be a 6, 9 or 12-digit division code', 'jurisdiction');
  if (d.household.members.length === 0) throw ruleError('household_empty', 'The household has no member', 'household.members');
  if (!d.household.members.some((m) => m.memberId === d.household.applicantMemberId)) {
    throw ruleError('unknown_member', 'The applicant is not a member of the household', 'household.applicantMemberId');
  }
  assertDeclaration(d.household);
  if (d.program === 'TEMPORARY_ASSISTANCE' && !d.temporaryAssistance) {
    throw ruleError('temporary_assistance_request_missing', 'A temporary-assistance application needs its type', 'temporaryAssistance');
  }
  const procedure = d.deadlines;
  const workingDays = procedure.decisionWorkingDays;
  return [
    {
      type: 'ReviewCaseOpened',
      data: {
        caseId: d.caseId,
        caseNumber: d.caseNumber,
        program: d.program,
        temporaryAssistance: d.temporaryAssistance,
        jurisdiction: d.jurisdiction,
        acceptedOn: d.acceptedOn,
        household: d.household,
        ageGroups: ageGroupsOf(d.household.members),
        conflictOfInterest: d.conflictOfInterest,
        ...(d.payee ? { payee: d.payee } : {}),
        procedure,
        deadline: deadlineFrom(calendar, d.acceptedOn, workingDays, procedure, null),
        openedBy: actor,
      },
    },
  ];
}

export function receiveFacts(c: ReceiveVerificationFacts, s: ReviewCaseState): ReviewCaseEvent[] {
  const d = c.data;
  const on = todayOf(c);
  if (s.caseId !== null && s.caseId !== d.caseId) throw conflictError('case_mismatch', `The report is about case ${d.caseId}, not ${s.caseId}`);
  if (s.status === 'WITHDRAWN') return [];
  const sameVerification = s.verifications.filter((r) => r.verificationId === d.verificationId);
  // A report version already received, or older than one received, changes nothing (kept as received).
  if (sameVerification.some((r) => r.reportVersion >= d.reportVersion)) return [];
  d.facts.incomes.forEach((i, n) => {
    if (!isIncomeType(i.type)) throw ruleError('invalid_facts', `Unknown income type ${String(i.type)}`, `facts.incomes[${n}].type`);
  });
  return [
    {
      type: 'VerificationFactsReceived',
      data: {
        caseId: d.caseId,
        report: {
          verificationId: d.verificationId,
          reportVersion: d.reportVersion,
          purpose: d.purpose,
          platformReportRef: d.platformReportRef,
          completedAt: d.completedAt,
          receivedOn: on,
          facts: d.facts,
          outstanding: d.outstanding,
        },
      },
    },
  ];
}

export function recordVisit(c: RecordHomeVisit, s: ReviewCaseState): ReviewCaseEvent[] {
  assertInvestigationOpen(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.visits.some((v) => v.visitId === d.visitId)) throw conflictError('visit_exists', `Visit ${d.visitId} is already recorded`);
  const visitedOn = assertRecordDate(s, d.visitedOn, on, 'visitedOn');
  const distinct = [...new Map((d.officers ?? []).map((o) => [o.id, o])).values()];
  if (distinct.length < 2) {
    throw ruleError('home_visit_needs_two_officers', 'A home visit is made by at least two different officers', 'officers');
  }
  distinct.forEach((o, i) => {
    if (blank(o.id)) throw ruleError('invalid_officer', 'Each officer needs an id', `officers[${i}].id`);
    if (!isDivisionCode(o.jurisdiction) || !s.jurisdiction!.startsWith(o.jurisdiction)) {
      throw ruleError('officer_outside_jurisdiction', `Officer ${o.id} (${o.jurisdiction}) has no jurisdiction over ${s.jurisdiction}`, `officers[${i}].jurisdiction`);
    }
  });
  const findings = requireText(d.findings, 'visit_findings_required', 'findings', 'The findings of the visit');
  if (!Array.isArray(d.signatureRefs) || d.signatureRefs.filter((r) => !blank(r)).length === 0) {
    throw ruleError('visit_signatures_missing', 'The signed visit record (officers’ signatures) must be referenced', 'signatureRefs');
  }
  return [
    {
      type: 'HomeVisitRecorded',
      data: {
        visit: {
          visitId: d.visitId,
          round: s.round,
          visitedOn,
          officers: distinct.map((o) => ({ id: o.id, jurisdiction: o.jurisdiction, ...(o.name ? { name: o.name } : {}) })),
          countyLevel: distinct.every((o) => /^\d{6}$/.test(o.jurisdiction)),
          findings,
          signatureRefs: d.signatureRefs,
          householdSignatureRef: d.householdSignatureRef ?? null,
          evidenceRefs: d.evidenceRefs ?? [],
          recordedBy: actor,
        },
      },
    },
  ];
}

export function recordInquiry(c: RecordNeighbourhoodInquiry, s: ReviewCaseState): ReviewCaseEvent[] {
  assertInvestigationOpen(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.inquiries.some((i) => i.inquiryId === d.inquiryId)) throw conflictError('inquiry_exists', `Inquiry ${d.inquiryId} is already recorded`);
  const conductedOn = assertRecordDate(s, d.conductedOn, on, 'conductedOn');
  if (!Array.isArray(d.officerIds) || d.officerIds.length === 0) throw ruleError('officer_required', 'Name the officer(s) who made the inquiry', 'officerIds');
  if (!Number.isSafeInteger(d.intervieweeCount) || d.intervieweeCount < 1) {
    throw ruleError('interviewees_required', 'A neighbourhood inquiry hears at least one person', 'intervieweeCount');
  }
  const summary = requireText(d.summary, 'inquiry_summary_required', 'summary', 'The summary of the inquiry');
  return [
    {
      type: 'NeighbourhoodInquiryRecorded',
      data: {
        inquiry: {
          inquiryId: d.inquiryId,
          round: s.round,
          conductedOn,
          officerIds: [...new Set(d.officerIds)],
          intervieweeCount: d.intervieweeCount,
          summary,
          evidenceRefs: d.evidenceRefs ?? [],
          recordedBy: actor,
        },
      },
    },
  ];
}

export function recordLetter(c: RecordEvidenceLetter, s: ReviewCaseState): ReviewCaseEvent[] {
  assertInvestigationOpen(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.letters.some((l) => l.letterId === d.letterId)) throw conflictError('letter_exists', `Letter ${d.letterId} is already recorded`);
  const sentOn = assertRecordDate(s, d.sentOn, on, 'sentOn');
  return [
    {
      type: 'EvidenceLetterRecorded',
      data: {
        letter: {
          letterId: d.letterId,
          round: s.round,
          sentOn,
          addressee: requireText(d.addressee, 'addressee_required', 'addressee', 'The addressee'),
          purpose: requireText(d.purpose, 'letter_purpose_required', 'purpose', 'The purpose of the letter'),
          replyRef: d.replyRef ?? null,
          recordedBy: actor,
        },
      },
    },
  ];
}
