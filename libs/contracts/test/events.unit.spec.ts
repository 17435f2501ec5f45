import {
  EVENT_CATALOGUE,
  EXAMPLE_EVENT_DATA,
  EXAMPLE_IDS,
  INTEGRATION_EVENT_TYPES,
  validateIntegrationEvent,
  type IntegrationEventType,
} from '@sa/contracts';

type Json = Record<string, unknown>;

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Sets a value at a JSON pointer such as `/household/members/0/birthDate`. */
function setAt(target: unknown, pointer: string, value: unknown): void {
  const parts = pointer.split('/').slice(1);
  const last = parts.pop()!;
  let node = target as Json;
  for (const p of parts) node = node[p] as Json;
  node[last] = value;
}

function removeAt(target: unknown, pointer: string): void {
  const parts = pointer.split('/').slice(1);
  const last = parts.pop()!;
  let node = target as Json;
  for (const p of parts) node = node[p] as Json;
  delete node[last];
}

/** Validates at the version producers publish now (the examples are of that version). */
function valid(type: IntegrationEventType, data: unknown) {
  return validateIntegrationEvent(type, EVENT_CATALOGUE[type].currentVersion, data);
}

function example(type: IntegrationEventType): Json {
  return clone(EXAMPLE_EVENT_DATA[type]) as unknown as Json;
}

/**
 * Per event type: the id field that must be present (caseId; runId for a payment run), a fen field
 * that must not be negative (null where the event has no non-negative money field), and a date or
 * month field whose format is checked.
 */
const BREAKAGES: Record<IntegrationEventType, { id: string; fen: string | null; date: string; dateValue?: string; idPattern?: string }> = {
  ApplicationAccepted: { id: '/caseId', fen: '/household/members/0/declaredIncome/0/amountFen', date: '/household/members/1/birthDate' },
  ApplicationWithdrawn: { id: '/caseId', fen: null, date: '/withdrawnOn' },
  LeadReported: { id: '/caseId', fen: null, date: '/reportedOn' },
  HouseholdVerified: { id: '/caseId', fen: '/facts/assetTotals/0/totalFen', date: '/items/2/asOf' },
  ManualVerificationRequired: { id: '/caseId', fen: null, date: '/dueOn' },
  VerificationObjectionResolved: { id: '/caseId', fen: null, date: '/raisedOn' },
  AssistanceGranted: { id: '/caseId', fen: '/monthlyAmountFen', date: '/startMonth', dateValue: '2025-5' },
  AssistanceRefused: { id: '/caseId', fen: null, date: '/noticeDueOn' },
  HolidayCalendarPublished: { id: '/calendarId', fen: null, date: '/publishedOn', idPattern: '^CN-[0-9]{4}$' },
  BenefitChanged: { id: '/caseId', fen: '/taperSchedule/2/amountFen', date: '/effectiveMonth', dateValue: '2025/11' },
  EmergencyAdvanceApproved: { id: '/caseId', fen: '/amountFen', date: '/approvedOn' },
  PaymentIssued: { id: '/caseId', fen: '/amountFen', date: '/issuedOn' },
  PaymentReturned: { id: '/caseId', fen: '/amountFen', date: '/returnedOn' },
  PaymentRunCompleted: { id: '/runId', fen: '/byProgram/0/totalAmountFen', date: '/paymentMonth', dateValue: '2025-13' },
  ArrearsPaid: { id: '/caseId', fen: '/amountFen', date: '/paymentMonth', dateValue: '2025-13' },
  OverpaymentRecovered: { id: '/caseId', fen: '/outstandingFen', date: '/recoveredOn' },
  RepaymentPlanRecorded: { id: '/caseId', fen: '/instalments/0/amountFen', date: '/instalments/1/dueMonth', dateValue: '2025/12' },
  ReviewCompleted: { id: '/caseId', fen: '/changes/0/declaredIncome/0/amountFen', date: '/completedOn' },
  ChangeRequested: { id: '/caseId', fen: null, date: '/reportedOn' },
  ComplaintResolved: { id: '/caseId', fen: null, date: '/resolvedOn' },
  ReverificationRequested: { id: '/caseId', fen: null, date: '/dueOn' },
  AssistanceExited: { id: '/caseId', fen: null, date: '/exitedOn' },
};

describe.each(INTEGRATION_EVENT_TYPES)('%s (current version)', (type) => {
  const breakage = BREAKAGES[type];

  it('accepts the realistic example', () => {
    expect(valid(type, EXAMPLE_EVENT_DATA[type])).toEqual({ ok: true, known: true, errors: [] });
  });

  it(`rejects data without ${breakage.id.slice(1)}`, () => {
    const data = example(type);
    removeAt(data, breakage.id);
    const result = valid(type, data);
    expect(result.ok).toBe(false);
    expect(result.errors).toContain(`${breakage.id}: is required`);
  });

  it(breakage.idPattern ? `rejects an id not matching ${breakage.idPattern}` : 'rejects an id that is not a lower-case UUID', () => {
    const data = example(type);
    setAt(data, breakage.id, 'CASE-1');
    expect(valid(type, data).errors).toContain(breakage.idPattern ? `${breakage.id}: has the wrong format (expected pattern ${breakage.idPattern})` : `${breakage.id}: must be a valid uuid`);
  });

  if (breakage.fen) {
    const fen = breakage.fen;
    it(`rejects negative fen at ${fen}`, () => {
      const data = example(type);
      setAt(data, fen, -100);
      const result = valid(type, data);
      expect(result.ok).toBe(false);
      expect(result.errors.some((e) => e.startsWith(`${fen}: must be >=`))).toBe(true);
    });

    it(`rejects fractional fen at ${fen}`, () => {
      const data = example(type);
      setAt(data, fen, 1300.5);
      expect(valid(type, data).errors).toContain(`${fen}: must be integer`);
    });
  }

  it(`rejects a wrongly formatted ${breakage.date}`, () => {
    const data = example(type);
    setAt(data, breakage.date, breakage.dateValue ?? '2025/03/04');
    const result = valid(type, data);
    expect(result.ok).toBe(false);
    expect(result.errors.some((e) => e.startsWith(`${breakage.date}: has the wrong format`))).toBe(true);
  });

  it('rejects unknown fields', () => {
    const data = example(type);
    data.unexpected = true;
    expect(valid(type, data).errors).toContain('/unexpected: is not allowed here');
  });
});

describe('validateIntegrationEvent', () => {
  it('reports an unknown type or version as unknown', () => {
    expect(validateIntegrationEvent('ApplicationAccepted', 9, {})).toEqual({
      ok: false,
      known: false,
      errors: ['unknown event type/version ApplicationAccepted v9 (known versions: 1, 2)'],
    });
    expect(validateIntegrationEvent('CaseClosed', 1, {}).known).toBe(false);
  });

  it('rejects money beyond the safe-integer range', () => {
    const data = example('PaymentIssued');
    data.amountFen = 2 ** 53;
    expect(valid('PaymentIssued', data).ok).toBe(false);
  });

  it('rejects an impossible calendar date that matches the pattern', () => {
    const data = example('ApplicationWithdrawn');
    data.withdrawnOn = '2025-02-30';
    expect(valid('ApplicationWithdrawn', data).errors).toEqual(['/withdrawnOn: must be a valid date']);
  });
});

describe('ApplicationAccepted rules', () => {
  it('rejects a resident ID with a wrong check digit', () => {
    const data = example('ApplicationAccepted');
    setAt(data, '/household/members/0/residentId', '440305198003121234');
    expect(valid('ApplicationAccepted', data).errors).toEqual(['/household/members/0/residentId: must be a valid resident-id']);
  });

  it('requires a reason for an excluded member, and forbids one for an included member', () => {
    const data = example('ApplicationAccepted');
    setAt(data, '/household/members/1/included', false);
    setAt(data, '/household/members/2/exclusionReason', 'IMPRISONED');
    expect(valid('ApplicationAccepted', data).errors).toEqual([
      '/household/members/1/exclusionReason: is required',
      '/household/members/2/exclusionReason: must not be present in this case',
    ]);
  });

  it('accepts an excluded member with a reason', () => {
    const data = example('ApplicationAccepted');
    setAt(data, '/household/members/1/included', false);
    setAt(data, '/household/members/1/exclusionReason', 'IMPRISONED');
    expect(valid('ApplicationAccepted', data).ok).toBe(true);
  });

  it('requires the temporary-assistance details (with the EMERGENCY/EXPENDITURE subtype) only for TEMPORARY_ASSISTANCE', () => {
    const data = example('ApplicationAccepted');
    data.program = 'TEMPORARY_ASSISTANCE';
    expect(valid('ApplicationAccepted', data).errors).toEqual(['/temporaryAssistance: is required']);
    data.temporaryAssistance = { type: 'EMERGENCY', incidentOn: '2025-03-01', description: '火灾', emergencyAdvanceRequested: true };
    expect(valid('ApplicationAccepted', data).ok).toBe(true);
    setAt(data, '/temporaryAssistance/type', 'SUDDEN');
    expect(valid('ApplicationAccepted', data).errors).toEqual(['/temporaryAssistance/type: must be one of EMERGENCY, EXPENDITURE']);
  });

  it('needs conflict-of-interest details iff flagged', () => {
    const data = example('ApplicationAccepted');
    setAt(data, '/conflictOfInterest/flagged', true);
    expect(valid('ApplicationAccepted', data).ok).toBe(false);
    setAt(data, '/conflictOfInterest/details', [
      { memberId: EXAMPLE_IDS.spouse, relatedOfficialName: '李强', relatedOfficialRole: 'CASEWORKER', relationship: '兄妹' },
    ]);
    expect(valid('ApplicationAccepted', data).ok).toBe(true);
  });

  it('rejects a consent of someone who is not a member, and an applicant who is not the APPLICANT', () => {
    const data = example('ApplicationAccepted');
    setAt(data, '/consents/1/memberId', '00000000-0000-4000-8000-000000000000');
    data.applicantMemberId = EXAMPLE_IDS.spouse;
    expect(valid('ApplicationAccepted', data).errors).toEqual([
      '/applicantMemberId: must be the included member with relation APPLICANT',
      '/consents/1/memberId: is not a member of the household',
    ]);
  });

  it('accepts a proxy submission', () => {
    const data = example('ApplicationAccepted');
    data.proxySubmission = { proxyType: 'COMMUNITY_COMMITTEE', proxyName: '南头社区居委会', reason: '申请人行动不便' };
    expect(valid('ApplicationAccepted', data).ok).toBe(true);
  });
});

describe('LeadReported rules', () => {
  it('needs the case number when the lead concerns an existing case', () => {
    const data = example('LeadReported');
    data.concernsExistingCase = true;
    expect(valid('LeadReported', data).errors).toEqual(['/caseNumber: is required']);
  });
});

describe('HouseholdVerified rules', () => {
  it('checks an income item kind against the income types', () => {
    const data = example('HouseholdVerified');
    setAt(data, '/items/0/kind', 'BANK_DEPOSIT');
    expect(valid('HouseholdVerified', data).ok).toBe(false);
  });

  it('rejects a reference period that ends before it starts', () => {
    const data = example('HouseholdVerified');
    setAt(data, '/facts/referencePeriod', { from: '2025-02', to: '2024-03' });
    expect(valid('HouseholdVerified', data).errors).toEqual(['/facts/referencePeriod: from (2025-02) is after to (2024-03)']);
  });
});

describe('VerificationObjectionResolved rules', () => {
  it('has a corrected report version unless the objection was rejected', () => {
    const data = example('VerificationObjectionResolved');
    data.outcome = 'REJECTED';
    expect(valid('VerificationObjectionResolved', data).ok).toBe(false);
    delete data.correctedReportVersion;
    data.correctedItems = [];
    expect(valid('VerificationObjectionResolved', data).ok).toBe(true);
  });
});

describe('AssistanceGranted rules', () => {
  it('requires monthlyAmountFen = baseAmountFen + supplements', () => {
    const data = example('AssistanceGranted');
    data.monthlyAmountFen = 125000;
    expect(valid('AssistanceGranted', data).errors).toEqual([
      '/monthlyAmountFen: must equal baseAmountFen + supplements (130000)',
    ]);
  });

  it('refuses a decision confirmed by its own proposer (four eyes)', () => {
    const data = example('AssistanceGranted');
    data.decidedBy = data.proposedBy;
    expect(valid('AssistanceGranted', data).errors).toEqual([
      '/decidedBy/id: the decision must be confirmed by someone other than the proposer',
    ]);
  });

  it('starts in a month after the decision', () => {
    const data = example('AssistanceGranted');
    data.startMonth = '2025-04';
    expect(valid('AssistanceGranted', data).errors).toEqual(['/startMonth: must be after the month of the decision']);
  });

  it('requires the self-care level for extreme poverty support', () => {
    const data = example('AssistanceGranted');
    data.program = 'EXTREME_POVERTY_SUPPORT';
    expect(valid('AssistanceGranted', data).errors).toEqual(['/selfCareLevel: is required']);
    data.selfCareLevel = 'PARTLY_DEPENDENT';
    expect(valid('AssistanceGranted', data).ok).toBe(true);
  });

  it('describes temporary assistance by instalments, whose total must add up', () => {
    const recurring = example('AssistanceGranted');
    const temporary: Json = {
      ...recurring,
      program: 'TEMPORARY_ASSISTANCE',
      temporaryAssistanceType: 'EXPENDITURE',
      instalments: [
        { month: '2025-05', amountFen: 300000 },
        { month: '2025-06', amountFen: 200000 },
      ],
      totalAmountFen: 500000,
    };
    for (const k of ['coverage', 'baseAmountFen', 'supplements', 'monthlyAmountFen', 'assessment', 'reviewClass', 'reviewIntervalMonths']) {
      delete temporary[k];
    }
    expect(valid('AssistanceGranted', temporary)).toEqual({ ok: true, known: true, errors: [] });
    temporary.totalAmountFen = 400000;
    expect(valid('AssistanceGranted', temporary).errors).toEqual(['/totalAmountFen: must equal the sum of the instalments (500000)']);
    temporary.totalAmountFen = 500000;
    temporary.monthlyAmountFen = 250000;
    expect(valid('AssistanceGranted', temporary).errors).toEqual(['/monthlyAmountFen: is not allowed here']);
  });
});

describe('AssistanceRefused rules', () => {
  it('needs at least one reason', () => {
    const data = example('AssistanceRefused');
    data.reasons = [];
    expect(valid('AssistanceRefused', data).ok).toBe(false);
  });
});

describe('BenefitChanged rules', () => {
  function change(changeType: string, extra: Json): Json {
    const data = example('BenefitChanged');
    delete data.taperSchedule;
    return { ...data, changeType, ...extra };
  }

  it('carries the new amount for INCREASE / DECREASE / RESUMPTION', () => {
    expect(valid('BenefitChanged', change('DECREASE', { monthlyAmountFen: 90000, writtenNoticeDueOn: '2025-10-23' })).ok).toBe(true);
    expect(valid('BenefitChanged', change('RESUMPTION', { monthlyAmountFen: 130000 })).ok).toBe(true);
    expect(valid('BenefitChanged', change('INCREASE', {})).errors).toEqual(['/monthlyAmountFen: is required']);
  });

  it('checks the direction of an increase or decrease', () => {
    expect(valid('BenefitChanged', change('INCREASE', { monthlyAmountFen: 120000 })).errors).toEqual([
      '/monthlyAmountFen: an INCREASE must be above previousMonthlyAmountFen',
    ]);
  });

  it('gives a taper schedule of consecutive months from the effective month', () => {
    const data = example('BenefitChanged');
    setAt(data, '/taperSchedule/3/month', '2026-03');
    expect(valid('BenefitChanged', data).errors).toContain('/taperSchedule/3/month: must be 2026-02 (months are consecutive)');
  });

  it('pays nothing on SUSPENSION / TERMINATION, and a termination needs a written-notice date', () => {
    expect(valid('BenefitChanged', change('SUSPENSION', {})).ok).toBe(true);
    expect(valid('BenefitChanged', change('TERMINATION', {})).errors).toEqual(['/writtenNoticeDueOn: is required']);
    expect(valid('BenefitChanged', change('SUSPENSION', { monthlyAmountFen: 0 })).errors).toEqual([
      '/monthlyAmountFen: must not be present in this case',
    ]);
  });
});

describe('disbursement rules', () => {
  it('needs the authorising decision except for an emergency advance, and a positive amount', () => {
    const data = example('PaymentIssued');
    delete data.decisionId;
    expect(valid('PaymentIssued', data).errors).toEqual(['/decisionId: is required']);
    // v2: an emergency advance names its advance, not an entitlement
    data.kind = 'EMERGENCY_ADVANCE';
    delete data.entitlementId;
    data.advanceId = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';
    expect(valid('PaymentIssued', data).ok).toBe(true);
    data.amountFen = 0;
    expect(valid('PaymentIssued', data).errors).toEqual(['/amountFen: must be >= 1']);
  });

  it('checks the run totals against the per-program totals', () => {
    const data = example('PaymentRunCompleted');
    data.totalAmountFen = 1;
    data.paymentCount = 400;
    expect(valid('PaymentRunCompleted', data).errors).toEqual([
      '/paymentCount: must equal the sum over byProgram (412)',
      '/totalAmountFen: must equal the sum over byProgram (40210000)',
    ]);
  });

  it('checks arrears paid: paid + netted = determined = the months, a payment line exactly when something is paid', () => {
    const data = example('ArrearsPaid');
    data.nettedFen = 40000;
    expect(valid('ArrearsPaid', data).errors).toEqual(['/amountFen: amountFen + nettedFen must equal determinedFen']);
    data.amountFen = 0;
    expect(valid('ArrearsPaid', data).errors).toEqual(['/paymentId: present exactly when something is paid (amountFen > 0)']);
    delete data.paymentId;
    expect(valid('ArrearsPaid', data).ok).toBe(true);
    data.determinedFen = 50000;
    data.nettedFen = 50000;
    expect(valid('ArrearsPaid', data).errors).toEqual(["/determinedFen: must equal the sum of the months' differences (40000)"]);
  });

  it('checks a recovery: method, positive amount', () => {
    const data = example('OverpaymentRecovered');
    data.method = 'WRITE_OFF';
    expect(valid('OverpaymentRecovered', data).ok).toBe(false);
    data.method = 'REPAYMENT';
    data.amountFen = 0;
    expect(valid('OverpaymentRecovered', data).errors).toEqual(['/amountFen: must be >= 1']);
  });

  it('checks a repayment plan: instalments add up to the total, due months ascend', () => {
    const data = example('RepaymentPlanRecorded');
    setAt(data, '/instalments/1/dueMonth', '2025-11');
    data.totalFen = 70000;
    expect(valid('RepaymentPlanRecorded', data).errors).toEqual(['/totalFen: must equal the sum of the instalments (60000)', '/instalments/1/dueMonth: due months must ascend']);
  });
});

describe('follow-up rules', () => {
  it('needs two officers on a visit', () => {
    const data = example('ReviewCompleted');
    setAt(data, '/visit/officerIds', ['officer-community-021']);
    expect(valid('ReviewCompleted', data).errors).toEqual(['/visit/officerIds: must NOT have fewer than 2 items']);
  });

  it('recommends no change when no material change was found', () => {
    const data = example('ReviewCompleted');
    data.finding = 'NO_MATERIAL_CHANGE';
    expect(valid('ReviewCompleted', data).errors).toEqual(['/recommendation: must be "NO_CHANGE"']);
  });

  it('needs the new member when a member joined', () => {
    const data = example('ChangeRequested');
    removeAt(data, '/changes/0/member');
    expect(valid('ChangeRequested', data).errors).toEqual(['/changes/0/member: is required']);
  });

  it('re-verifies only under consents of the named members', () => {
    const data = example('ReverificationRequested');
    setAt(data, '/members', [(data.members as Json[])[0]]);
    expect(valid('ReverificationRequested', data).errors).toEqual(['/consents/1/memberId: is not one of the members']);
  });
});
