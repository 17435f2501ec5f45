import { examplePolicy } from '../__tests__/fixtures';
import { buildWorkingDayCalendar } from '../calendar';
import { PolicyParameters } from '../policy/policy-version';
import {
  assessTemporaryAssistance,
  emergencyPaperworkDueDate,
  isEmergencyPaperworkOverdue,
  splitIntoInstalments,
  TemporaryAssistanceInput,
} from './temporary-assistance';

function assess(overrides: Partial<TemporaryAssistanceInput> = {}, parameters: Partial<PolicyParameters> = {}) {
  return assessTemporaryAssistance({
    assistanceType: 'EXPENDITURE',
    householdSize: 2,
    requestedFen: 100000,
    firstPaymentMonth: '2026-04',
    policy: examplePolicy(parameters),
    ...overrides,
  });
}

describe('临时救助', () => {
  it('lets the street office approve alone up to its limit, without notice', () => {
    expect(assess({ requestedFen: 300000 })).toMatchObject({
      capFen: 1200000,
      overCap: false,
      grantableFen: 300000,
      approval: { authority: 'STREET_OFFICE', publicNoticeRequired: false, verificationMayBeSkipped: true },
    });
  });

  it('sends an amount above the street limit for notice and county approval', () => {
    const result = assess({ requestedFen: 300001 });
    expect(result.approval).toEqual({ authority: 'COUNTY', publicNoticeRequired: true, verificationMayBeSkipped: false });
    expect(result.reasons.map((r) => r.code)).toEqual(['COUNTY_APPROVAL_REQUIRED']);
  });

  it('grants a request above the cap (6 × standard × persons) up to the cap', () => {
    const result = assess({ requestedFen: 1500000 });
    expect(result).toMatchObject({ requestedFen: 1500000, capFen: 1200000, overCap: true, grantableFen: 1200000 });
    expect(result.reasons.map((r) => r.code)).toEqual(['CAPPED_AT_LIMIT', 'COUNTY_APPROVAL_REQUIRED']);
  });

  it('rounds the cap once, half up', () => {
    const capParameters = { ...examplePolicy().parameters.temporaryAssistance, capMultipleOfStandardPerPerson: '1.5' as const };
    expect(assess({ householdSize: 1 }, { subsistenceStandard: 100001, temporaryAssistance: capParameters }).capFen).toBe(150002);
  });

  it('allows an emergency advance up to its limit for the emergency type only', () => {
    expect(assess({ assistanceType: 'EMERGENCY', requestedFen: 500000 }).emergencyAdvance).toEqual({
      maxAdvanceFen: 200000,
      payWithinHours: 24,
      paperworkWithinWorkingDays: 5,
    });
    expect(assess({ assistanceType: 'EMERGENCY', requestedFen: 150000 }).emergencyAdvance?.maxAdvanceFen).toBe(150000);
    expect(assess({ assistanceType: 'EXPENDITURE' }).emergencyAdvance).toBeNull();
  });

  it('pays in instalments over several months, leftover fen first', () => {
    expect(assess({ requestedFen: 100000, instalmentMonths: 3, firstPaymentMonth: '2026-11' }).instalments).toEqual([
      { month: '2026-11', amountFen: 33334 },
      { month: '2026-12', amountFen: 33333 },
      { month: '2027-01', amountFen: 33333 },
    ]);
    expect(assess({ requestedFen: 100000 }).instalments).toEqual([{ month: '2026-04', amountFen: 100000 }]);
    expect(splitIntoInstalments(2, 3, '2026-01').map((i) => i.amountFen)).toEqual([1, 1, 0]);
  });

  it('explains the cap, the approval route, the advance and the instalments', () => {
    expect(assess().explanation.map((s) => s.rule)).toEqual(['TA.CAP', 'TA.APPROVAL', 'TA.EMERGENCY_ADVANCE', 'TA.INSTALMENTS']);
  });

  it('refuses a fractional request or an empty household', () => {
    expect(() => assess({ requestedFen: 10.5 })).toThrow('requestedFen');
    expect(() => assess({ householdSize: 0 })).toThrow('householdSize');
  });

  describe('emergency paperwork', () => {
    const calendar = buildWorkingDayCalendar({
      holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
      makeUpWorkdays: ['2026-09-20', '2026-10-10'],
    });
    const parameters = examplePolicy().parameters;

    it('is due 5 working days after the advance, counting across National Day and its make-up Saturday', () => {
      expect(emergencyPaperworkDueDate('2026-09-29', parameters, calendar)).toBe('2026-10-12');
    });

    it('flags a file completed late or still open after the due date', () => {
      const file = { advancePaidOn: '2026-09-29', completedOn: null, today: '2026-10-12' };
      expect(isEmergencyPaperworkOverdue(file, parameters, calendar)).toBe(false);
      expect(isEmergencyPaperworkOverdue({ ...file, today: '2026-10-13' }, parameters, calendar)).toBe(true);
      expect(isEmergencyPaperworkOverdue({ ...file, completedOn: '2026-10-12', today: '2026-12-01' }, parameters, calendar)).toBe(false);
      expect(isEmergencyPaperworkOverdue({ ...file, completedOn: '2026-10-13', today: '2026-10-13' }, parameters, calendar)).toBe(true);
    });
  });
});
