import { VERIFICATION_EVENT_TYPES, type VerificationEvent } from '../../src/domain';
import { IGNORED_EVENT_TYPES, PROJECTED_EVENT_TYPES, verificationProjection } from '../../src/read-models/verification-projection';

/** Every type of the event union, checked by the compiler both ways (a type missing here, or one too many, does not compile). */
const UNION: Record<VerificationEvent['type'], true> = {
  VerificationOpened: true,
  VerificationRoundStarted: true,
  SourceQueryRequested: true,
  MemberNotQueried: true,
  SourceQuerySubmitted: true,
  SourceQueryFailed: true,
  SourceResultReceived: true,
  ManualVerificationTaskOpened: true,
  ManualVerificationTaskCompleted: true,
  ManualVerificationTaskCancelled: true,
  ManualTaskDueDateRedated: true,
  VerificationReportCompleted: true,
  VerificationObjectionFiled: true,
  VerificationObjectionResolved: true,
  ReverificationQueued: true,
  VerificationCancelled: true,
};

describe("verification's projected event types", () => {
  it("the domain's list names every event type of the union", () => {
    expect([...VERIFICATION_EVENT_TYPES].sort()).toEqual(Object.keys(UNION).sort());
  });

  it('every domain event type is either projected or explicitly ignored, never both', () => {
    expect([...PROJECTED_EVENT_TYPES, ...IGNORED_EVENT_TYPES].sort()).toEqual([...VERIFICATION_EVENT_TYPES].sort());
    expect(PROJECTED_EVENT_TYPES.filter((t) => IGNORED_EVENT_TYPES.includes(t))).toEqual([]);
  });

  it('the projection handles exactly the projected types', () => {
    expect(verificationProjection('verification').canHandle).toEqual(PROJECTED_EVENT_TYPES);
  });
});
