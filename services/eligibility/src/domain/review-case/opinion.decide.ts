/**
 * The initial opinion (初审意见), public notice (公示) and objections: per-command decisions of the review case.
 * Pure: time is data (`on`), the working-day calendar a parameter; refusals are `EligibilityError`s.
 */
import { addCalendarDays } from '../calendar-date';
import { conflictError, notFoundError, ruleError } from '../errors';
import { countedMembers } from '../household';
import { assessCase, refusalReasonsOf } from './assessment';
import { CaseAssessment, InitialOpinion, ReviewCaseState, WrittenReason } from './case-file';
import { FileObjection, IssueInitialOpinion, PostPublicNotice, ResolveObjection } from './commands';
import { ReviewCaseEvent } from './events';
import { publicNoticeText } from './public-notice';
import {
  assertBeforeDecision,
  assertHomeVisited,
  assertPolicyApplies,
  assertRecordDate,
  assessmentInput,
  checkReasons,
  currentNotice,
  currentOpinion,
  latestVerification,
  openObjections,
  requireText,
  tryAssess,
} from './decide-common';
import { actorOf, todayOf } from '@sa/decider';

export function issueOpinion(c: IssueInitialOpinion, s: ReviewCaseState): ReviewCaseEvent[] {
  assertBeforeDecision(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.status === 'IN_NOTICE') {
    throw conflictError('public_notice_posted', 'The notice of this opinion is running; a new opinion follows an objection and its resolution');
  }
  if (s.status === 'SUBMITTED') throw conflictError('case_submitted', 'The file was submitted for decision');
  if (d.proposal !== 'APPROVE' && d.proposal !== 'REFUSE') throw ruleError('invalid_proposal', "proposal must be 'APPROVE' or 'REFUSE'", 'proposal');
  assertPolicyApplies(s, d.policy, on);

  let temporary: InitialOpinion['temporary'] = null;
  if (s.program === 'TEMPORARY_ASSISTANCE') {
    const requested = d.temporary?.requestedAmountFen ?? s.temporaryAssistance?.requestedAmountFen ?? null;
    if (requested === null) throw ruleError('requested_amount_missing', 'The amount of temporary assistance asked for is missing', 'temporary.requestedAmountFen');
    temporary = { requestedAmountFen: requested, instalmentMonths: d.temporary?.instalmentMonths ?? 1 };
  }
  const extremePoverty =
    s.program === 'EXTREME_POVERTY_SUPPORT' && d.extremePoverty
      ? { ...d.extremePoverty, memberId: d.extremePoverty.memberId || s.household!.applicantMemberId }
      : null;
  const inputs = { extremePoverty, temporary, reviewClass: d.reviewClass ?? null };

  let assessment: CaseAssessment | null = null;
  let reasons: WrittenReason[] = [];
  if (d.proposal === 'APPROVE') {
    assessment = assessCase(assessmentInput(s, d.policy, on, inputs));
    if (!assessment.eligible) {
      throw ruleError('not_eligible_by_rules', 'The rules do not allow an approval: ' + refusalReasonsOf(assessment).map((r) => r.description).join('；'), 'proposal', {
        reasons: assessment.reasons.map((r) => ({ code: r.code, zh: r.zh })),
      });
    }
    const streetAlone = assessment.temporary?.authority === 'STREET_OFFICE';
    if (!streetAlone) {
      if (!latestVerification(s)) throw ruleError('verification_missing', 'No household economic verification report has been received yet');
      assertHomeVisited(s);
    }
  } else {
    assessment = tryAssess(s, d.policy, on, inputs);
    reasons = d.reasons && d.reasons.length > 0 ? checkReasons(d.reasons, 'reasons') : assessment ? refusalReasonsOf(assessment) : [];
    if (reasons.length === 0) throw ruleError('refusal_reasons_required', 'A proposed refusal needs written reasons', 'reasons');
  }
  const streetAlone = s.program === 'TEMPORARY_ASSISTANCE' && (assessment?.temporary?.authority ?? 'COUNTY') === 'STREET_OFFICE';
  return [
    {
      type: 'InitialOpinionIssued',
      data: {
        opinion: {
          opinionId: d.opinionId,
          round: s.round,
          proposal: d.proposal,
          proposedBy: actor,
          proposedOn: on,
          policyVersion: d.policy.version,
          assessment,
          reasons,
          note: d.note?.trim() ?? '',
          noticeRequired: d.proposal === 'APPROVE' && !streetAlone,
          noticeDays: d.policy.parameters.deadlines.publicNoticeDays,
          authority: streetAlone ? 'STREET_OFFICE' : 'COUNTY',
          extremePoverty,
          temporary,
          reviewClass: d.reviewClass ?? null,
        },
      },
    },
  ];
}

export function postNotice(c: PostPublicNotice, s: ReviewCaseState): ReviewCaseEvent[] {
  assertBeforeDecision(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.status === 'IN_NOTICE') throw conflictError('public_notice_already_posted', 'The notice of this opinion is already posted');
  if (s.status === 'SUBMITTED') throw conflictError('case_submitted', 'The file was submitted for decision');
  const opinion = currentOpinion(s);
  if (!opinion) throw ruleError('initial_opinion_missing', 'A public notice follows the initial opinion (初审意见); none has been issued');
  if (!opinion.noticeRequired) throw conflictError('public_notice_not_required', 'This opinion is not publicly noticed (a proposed refusal, or small temporary assistance)');
  const location = requireText(d.location, 'notice_location_required', 'location', 'The place of the notice');
  const applicant = s.household!.members.find((m) => m.memberId === s.household!.applicantMemberId)!;
  const lastDay = addCalendarDays(on, opinion.noticeDays - 1);
  const text = publicNoticeText({
    caseNumber: s.caseNumber!,
    program: s.program!,
    applicantName: applicant.name,
    householdSize: countedMembers(s.household!.members).length,
    opinion,
    postedOn: on,
    lastDay,
    days: opinion.noticeDays,
    location,
  });
  return [
    {
      type: 'PublicNoticePosted',
      data: { notice: { noticeId: d.noticeId, round: s.round, postedOn: on, lastDay, days: opinion.noticeDays, location, text, postedBy: actor } },
    },
  ];
}

export function fileObjection(c: FileObjection, s: ReviewCaseState): ReviewCaseEvent[] {
  assertBeforeDecision(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  if (s.objections.some((o) => o.objectionId === d.objectionId)) throw conflictError('objection_exists', `Objection ${d.objectionId} is already recorded`);
  const notice = currentNotice(s);
  if (s.status !== 'IN_NOTICE' || !notice || on < notice.postedOn || on > notice.lastDay) {
    throw ruleError(
      'objection_outside_notice_period',
      notice && s.status === 'IN_NOTICE' ? `Objections are taken during the notice period (${notice.postedOn} – ${notice.lastDay})` : 'No public notice is running',
    );
  }
  return [
    {
      type: 'ObjectionFiled',
      data: {
        objection: {
          objectionId: d.objectionId,
          round: s.round,
          filedOn: on,
          summary: requireText(d.summary, 'objection_summary_required', 'summary', 'What is objected to'),
          evidenceRefs: d.evidenceRefs ?? [],
          recordedBy: actor,
          resolution: null,
        },
      },
    },
  ];
}

export function resolveObjection(c: ResolveObjection, s: ReviewCaseState): ReviewCaseEvent[] {
  assertBeforeDecision(s);
  const d = c.data;
  const on = todayOf(c);
  const actor = actorOf(c);
  const objection = s.objections.find((o) => o.objectionId === d.objectionId);
  if (!objection) throw notFoundError('objection_not_found', `No objection ${d.objectionId} on this case`);
  if (objection.resolution) throw conflictError('objection_already_resolved', `Objection ${d.objectionId} is already resolved`);
  if (d.method !== 'REINVESTIGATION' && d.method !== 'COMMUNITY_APPRAISAL') {
    throw ruleError('invalid_method', "method must be 'REINVESTIGATION' or 'COMMUNITY_APPRAISAL'", 'method');
  }
  if (d.outcome !== 'UPHELD' && d.outcome !== 'REJECTED') throw ruleError('invalid_outcome', "outcome must be 'UPHELD' or 'REJECTED'", 'outcome');
  let appraisal = null;
  if (d.method === 'COMMUNITY_APPRAISAL') {
    const a = d.appraisal;
    if (!a) throw ruleError('appraisal_details_required', 'A community appraisal (民主评议) records its date and votes', 'appraisal');
    assertRecordDate(s, a.heldOn, on, 'appraisal.heldOn');
    if (![a.participants, a.inFavour, a.against].every((n) => Number.isSafeInteger(n) && n >= 0) || a.inFavour + a.against > a.participants || a.participants < 1) {
      throw ruleError('appraisal_details_required', 'participants, inFavour and against must be counts with inFavour + against ≤ participants', 'appraisal');
    }
    appraisal = { heldOn: a.heldOn, participants: a.participants, inFavour: a.inFavour, against: a.against };
  }
  const stillOpen = openObjections(s).filter((o) => o.objectionId !== d.objectionId);
  return [
    {
      type: 'ObjectionResolved',
      data: {
        objectionId: d.objectionId,
        resolution: {
          resolvedOn: on,
          method: d.method,
          outcome: d.outcome,
          findings: requireText(d.findings, 'objection_findings_required', 'findings', 'The findings'),
          appraisal,
          evidenceRefs: d.evidenceRefs ?? [],
          resolvedBy: actor,
        },
        nextRound: stillOpen.length === 0 ? s.round + 1 : null,
      },
    },
  ];
}
