import { EXAMPLE_EVENT_DATA, METADATA_REASON_CODE, PERSONAL_EVENT_FIELDS, validateEventMetadata, validateIntegrationEvent } from '@sa/contracts';

type Json = Record<string, unknown>;
const CT = 'sa1.s4.c0a80101-0000-4000-8000-000000000001~1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('personal fields on the wire (issue 18)', () => {
  it('accepts the ciphertext form for personal fields (names, resident IDs, address, health)', () => {
    const data = structuredClone(EXAMPLE_EVENT_DATA.ApplicationAccepted) as unknown as Json;
    const household = data.household as { members: Json[] } & Json;
    for (const m of household.members) {
      m.name = CT;
      m.residentId = CT;
    }
    if ('address' in household) household.address = CT;
    household.declaredAssets = CT;
    for (const m of household.members) if ('declaredIncome' in m) m.declaredIncome = CT;
    expect(validateIntegrationEvent('ApplicationAccepted', 2, data)).toMatchObject({ ok: true });
    // v1 has no payee account: without it, the same holds for v1
    delete data.payeeBankAccount;
    expect(validateIntegrationEvent('ApplicationAccepted', 1, data)).toMatchObject({ ok: true });
  });

  it('refuses the ciphertext form for a field that is not personal (amounts, dates stay checkable)', () => {
    const data = structuredClone(EXAMPLE_EVENT_DATA.ApplicationAccepted) as unknown as Json;
    data.acceptedOn = CT;
    const r = validateIntegrationEvent('ApplicationAccepted', 1, data);
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toContain('/acceptedOn');
  });

  it('still reports a bad clear value of a personal field by its own rule, without the ciphertext noise', () => {
    const data = structuredClone(EXAMPLE_EVENT_DATA.ApplicationAccepted) as unknown as Json;
    (data.household as { members: Json[] }).members[0]!.residentId = 'sa1.not-a-ciphertext';
    const r = validateIntegrationEvent('ApplicationAccepted', 1, data);
    expect(r.ok).toBe(false);
    expect(r.errors.every((e) => !e.includes('anyOf') && !e.includes('sa1'))).toBe(true);
  });

  it('accepts the verified figures sealed (HouseholdVerified items and facts, corrected items); their cross-field rules are the producer\'s', () => {
    for (const version of [1, 2]) {
      const data = structuredClone(EXAMPLE_EVENT_DATA.HouseholdVerified) as unknown as Json;
      data.items = CT;
      data.facts = CT;
      expect(validateIntegrationEvent('HouseholdVerified', version, data)).toMatchObject({ ok: true });
    }
    const resolved = structuredClone(EXAMPLE_EVENT_DATA.VerificationObjectionResolved) as unknown as Json;
    resolved.correctedItems = CT;
    expect(validateIntegrationEvent('VerificationObjectionResolved', 1, resolved)).toMatchObject({ ok: true });
    // In clear, the household total is still checked against the member totals.
    const clear = structuredClone(EXAMPLE_EVENT_DATA.HouseholdVerified) as unknown as { facts: { householdIncome: { totalFen: number } } };
    clear.facts.householdIncome.totalFen += 1;
    const r = validateIntegrationEvent('HouseholdVerified', 2, clear);
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toContain('/facts/householdIncome/totalFen');
  });

  it('accepts a decision\'s explanation sealed (AssistanceGranted, BenefitChanged, AssistanceRefused); the amounts stay checkable', () => {
    for (const [type, version] of [['AssistanceGranted', 1], ['BenefitChanged', 3], ['AssistanceRefused', 2]] as const) {
      const data = structuredClone(EXAMPLE_EVENT_DATA[type]) as unknown as Json;
      expect(data).toHaveProperty('explanation');
      data.explanation = CT;
      expect(validateIntegrationEvent(type, version, data)).toMatchObject({ ok: true });
    }
    const granted = structuredClone(EXAMPLE_EVENT_DATA.AssistanceGranted) as unknown as Json;
    granted.explanation = CT;
    granted.monthlyAmountFen = CT;
    expect(validateIntegrationEvent('AssistanceGranted', 1, granted).errors.join('\n')).toContain('/monthlyAmountFen');
  });

  it('accepts a change\'s free-text description sealed (ChangeRequested v1 and v2, ReviewCompleted)', () => {
    const data = structuredClone(EXAMPLE_EVENT_DATA.ChangeRequested) as unknown as { changes: Json[] } & Json;
    expect(data.changes.length).toBeGreaterThan(0);
    for (const c of data.changes) c.description = CT;
    expect(validateIntegrationEvent('ChangeRequested', 2, data)).toMatchObject({ ok: true });
    const { reasons: _r, recommendation: _rec, ...v1 } = data;
    expect(validateIntegrationEvent('ChangeRequested', 1, v1)).toMatchObject({ ok: true });
    const review = structuredClone(EXAMPLE_EVENT_DATA.ReviewCompleted) as unknown as { changes: Json[] } & Json;
    review.changes = [{ kind: 'INCOME', description: CT }];
    expect(validateIntegrationEvent('ReviewCompleted', 1, review)).toMatchObject({ ok: true });
  });
  it('accepts officers\' and households\' free text sealed (issue 18, free text): notes, summaries, findings, reasons', () => {
    const cases: [string, number, (d: Json) => void][] = [
      ['ReviewCompleted', 1, (d) => void (d.summary = CT)],
      ['ComplaintResolved', 1, (d) => void (d.findings = CT)],
      ['AssistanceExited', 1, (d) => void (d.finalNote = CT)],
      ['ApplicationWithdrawn', 1, (d) => void (d.note = CT)],
      ['VerificationObjectionResolved', 1, (d) => void (d.findings = CT)],
      ['ChangeRequested', 2, (d) => void (d.reasons = CT)],
      ['AssistanceRefused', 2, (d) => void (d.reasons = CT)],
      ['BenefitChanged', 3, (d) => void ((d.reason as Json).description = CT)],
    ];
    for (const [type, version, seal] of cases) {
      const data = structuredClone(EXAMPLE_EVENT_DATA[type as keyof typeof EXAMPLE_EVENT_DATA]) as unknown as Json;
      seal(data);
      expect([type, validateIntegrationEvent(type, version, data)]).toEqual([type, expect.objectContaining({ ok: true })]);
    }
    // A reason's code stays checkable where only its description is personal.
    const changed = structuredClone(EXAMPLE_EVENT_DATA.BenefitChanged) as unknown as Json;
    (changed.reason as Json).code = CT;
    expect(validateIntegrationEvent('BenefitChanged', 3, changed).ok).toBe(false);
  });

  it("accepts an event type's own free-text fields sealed (PERSONAL_EVENT_FIELDS: EmergencyAdvanceApproved.reason, LeadReported.description), not the same name elsewhere", () => {
    expect(PERSONAL_EVENT_FIELDS.EmergencyAdvanceApproved).toEqual(['reason']);
    const advance = structuredClone(EXAMPLE_EVENT_DATA.EmergencyAdvanceApproved) as unknown as Json;
    advance.reason = CT;
    expect(validateIntegrationEvent('EmergencyAdvanceApproved', 1, advance)).toMatchObject({ ok: true });
    const lead = structuredClone(EXAMPLE_EVENT_DATA.LeadReported) as unknown as Json;
    lead.description = CT;
    expect(validateIntegrationEvent('LeadReported', 1, lead)).toMatchObject({ ok: true });
    // in clear, the field's own rule still holds (an empty reason is refused)
    advance.reason = '';
    expect(validateIntegrationEvent('EmergencyAdvanceApproved', 1, advance).errors.join('\n')).toContain('/reason');
    // AssistanceExited.reason is a code (TERMINATED, TAPER_ENDED): no ciphertext there
    const exited = structuredClone(EXAMPLE_EVENT_DATA.AssistanceExited) as unknown as Json;
    exited.reason = CT;
    expect(validateIntegrationEvent('AssistanceExited', 1, exited).ok).toBe(false);
  });

  it('accepts members\' birth dates sealed (ApplicationAccepted, ChangeRequested v2); a bad clear one is still refused', () => {
    const data = structuredClone(EXAMPLE_EVENT_DATA.ApplicationAccepted) as unknown as Json;
    for (const m of (data.household as { members: Json[] }).members) m.birthDate = CT;
    expect(validateIntegrationEvent('ApplicationAccepted', 2, data)).toMatchObject({ ok: true });
    (data.household as { members: Json[] }).members[0]!.birthDate = '1980-13-45';
    expect(validateIntegrationEvent('ApplicationAccepted', 2, data).errors.join('\n')).toContain('/birthDate');
    const change = structuredClone(EXAMPLE_EVENT_DATA.ChangeRequested) as unknown as Json;
    const joined = (change.changes as { member?: Json }[]).find((c) => c.member)!.member!;
    joined.birthDate = CT;
    expect(validateIntegrationEvent('ChangeRequested', 2, change)).toMatchObject({ ok: true });
  });

  it('accepts a repayment plan\'s and a recovery\'s reason sealed (RepaymentPlanRecorded, OverpaymentRecovered); amounts stay checkable', () => {
    expect(PERSONAL_EVENT_FIELDS.RepaymentPlanRecorded).toEqual(['reason']);
    expect(PERSONAL_EVENT_FIELDS.OverpaymentRecovered).toEqual(['reason']);
    for (const type of ['RepaymentPlanRecorded', 'OverpaymentRecovered'] as const) {
      const data = structuredClone(EXAMPLE_EVENT_DATA[type]) as unknown as Json;
      data.reason = CT;
      expect(validateIntegrationEvent(type, 1, data)).toMatchObject({ ok: true });
      data.caseNumber = CT;
      expect(validateIntegrationEvent(type, 1, data).ok).toBe(false);
    }
  });

  it("accepts the envelope's reason sealed (ce_reason); a code is what stays in clear", () => {
    const metadata = { correlationId: 'c-1', causationId: 'c-2', actor: { id: 'o1', role: 'street_reviewer', jurisdiction: '110101001' } };
    expect(validateEventMetadata({ ...metadata, reason: CT })).toMatchObject({ ok: true });
    expect(validateEventMetadata({ ...metadata, reason: '审核确认：符合条件' })).toMatchObject({ ok: true });
    expect(validateEventMetadata({ ...metadata, reason: '' }).ok).toBe(false);
    expect(METADATA_REASON_CODE.test('NO_CHANGE/CONTINUE')).toBe(true);
    expect(METADATA_REASON_CODE.test('TERMINATED')).toBe(true);
    for (const text of ['审核确认：符合条件', 'approved after visit', 'TXT-Q7Z3X9', 'no_change']) expect(METADATA_REASON_CODE.test(text)).toBe(false);
  });
});
