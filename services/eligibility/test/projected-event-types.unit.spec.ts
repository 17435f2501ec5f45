import { REVIEW_CASE_EVENT_TYPES, type ReviewCaseEvent } from '../src/domain';
import { IGNORED_EVENT_TYPES, PROJECTED_EVENT_TYPES, reviewCaseProjection } from '../src/read-models/review-case.processor';

/** Every type of the event union, checked by the compiler both ways (a type missing here, or one too many, does not compile). */
const UNION: Record<ReviewCaseEvent['type'], true> = {
  ReviewCaseOpened: true,
  StandardRedeterminationProposed: true,
  BenefitChangeRejected: true,
  DueDatesDated: true,
  VerificationFactsReceived: true,
  HomeVisitRecorded: true,
  NeighbourhoodInquiryRecorded: true,
  EvidenceLetterRecorded: true,
  InitialOpinionIssued: true,
  PublicNoticePosted: true,
  ObjectionFiled: true,
  ObjectionResolved: true,
  DecisionDeadlineExtended: true,
  CaseSubmittedForDecision: true,
  CaseApproved: true,
  CaseRefused: true,
  CaseWithdrawn: true,
  RedeterminationRequested: true,
  BenefitChangeProposed: true,
  BenefitChangeDecided: true,
  RedeterminationClosed: true,
  EmergencyAdvanceApproved: true,
  CaseMigrated: true,
  AppealFiled: true,
  AppealOutcomeRecorded: true,
};

describe("eligibility's projected event types (the case list)", () => {
  it("the domain's list names every event type of the union", () => {
    expect([...REVIEW_CASE_EVENT_TYPES].sort()).toEqual(Object.keys(UNION).sort());
  });

  it('every domain event type is either projected or explicitly ignored, never both', () => {
    expect([...PROJECTED_EVENT_TYPES, ...IGNORED_EVENT_TYPES].sort()).toEqual([...REVIEW_CASE_EVENT_TYPES].sort());
    expect(PROJECTED_EVENT_TYPES.filter((t) => IGNORED_EVENT_TYPES.includes(t))).toEqual([]);
  });

  it('the projection handles exactly the projected types', () => {
    expect(reviewCaseProjection('eligibility').canHandle).toEqual(PROJECTED_EVENT_TYPES);
  });
});
