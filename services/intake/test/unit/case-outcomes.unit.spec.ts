import { exampleIntegrationEvent, type AssistanceExitedV1, type IntegrationEvent } from '@sa/contracts';
import { caseOutcomeOf } from '../../src/messaging/eligibility-outcomes';

const exit = (reason: AssistanceExitedV1['reason']): IntegrationEvent => {
  const e = exampleIntegrationEvent('AssistanceExited');
  return { ...e, data: { ...(e.data as AssistanceExitedV1), reason } } as IntegrationEvent;
};

describe('what ends an accepted case (intake inbox)', () => {
  it("closes it as TERMINATED at the end of a taper, with follow-up's final note and the taper decision", () => {
    const d = exampleIntegrationEvent('AssistanceExited').data as AssistanceExitedV1;
    expect(caseOutcomeOf(exit('TAPER_ENDED'))).toEqual({
      caseId: d.caseId,
      outcome: 'TERMINATED',
      decisionId: d.decisionId,
      decidedOn: d.exitedOn,
      reason: d.finalNote,
      reasonCodes: ['TAPER_ENDED'],
    });
  });

  it("leaves an exit after a termination to eligibility's BenefitChanged (only the decision knows a household's own request)", () => {
    expect(caseOutcomeOf(exit('TERMINATED'))).toBeUndefined();
  });

  it('leaves the case open on a grant or a review', () => {
    expect(caseOutcomeOf(exampleIntegrationEvent('AssistanceGranted') as IntegrationEvent)).toBeUndefined();
    expect(caseOutcomeOf(exampleIntegrationEvent('ReviewCompleted') as IntegrationEvent)).toBeUndefined();
  });
});
