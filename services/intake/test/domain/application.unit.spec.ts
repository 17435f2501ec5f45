import { fold, given, run } from '@sa/decider';
import {
  ApplicationCommand,
  ApplicationEvent,
  applicationDecider,
  ApplicationForm,
  DeclaredCloseRelative,
  EarlierCase,
  earlierCaseOf,
  IntakeRuleError,
  isOpen,
  MaterialItem,
} from '../../src/domain';
import {
  CASE_ID,
  CASE_NUMBER,
  COMMUNITY,
  completeForm,
  consent,
  IDS,
  LATER,
  member,
  NOW,
  OFFICER,
  OTHER_STREET_COMMUNITY,
  OUTSIDER,
  residentId,
  STREET_OFFICER,
  withWrongCheckDigit,
} from '../support/fixtures';

// ---- commands ---------------------------------------------------------------------------------
const createDraft = (form: ApplicationForm = completeForm(), actor = OFFICER): ApplicationCommand => ({
  type: 'CreateDraft',
  data: {
    caseId: CASE_ID,
    caseNumber: CASE_NUMBER,
    form,
  },
  metadata: { actor: actor, now: NOW },
});
const submit = (declaredRelatives: DeclaredCloseRelative[] = [], additionalMissingItems: string[] = []): ApplicationCommand => ({
  type: 'SubmitApplication',
  data: {
    additionalMissingItems,
    declaredRelatives,
  },
  metadata: { actor: OFFICER, now: NOW },
});
const accept = (declaredRelatives: DeclaredCloseRelative[] = [], actor = OFFICER, now = LATER): ApplicationCommand => ({
  type: 'AcceptApplication',
  data: {
    declaredRelatives,
  },
  metadata: { actor: actor, now: now },
});

/** The events a sequence of commands produces, to use as the given history. */
function history(...commands: ApplicationCommand[]): ApplicationEvent[] {
  const events: ApplicationEvent[] = [];
  for (const c of commands) events.push(...run(applicationDecider, events, c).events);
  return events;
}

function thrown(events: ApplicationEvent[], command: ApplicationCommand): IntakeRuleError {
  try {
    run(applicationDecider, events, command);
  } catch (e) {
    if (e instanceof IntakeRuleError) return e;
    throw e;
  }
  throw new Error('expected the command to be refused');
}

const itemKeys = (items: MaterialItem[]) => items.map((i) => i.key);

const relative: DeclaredCloseRelative = {
  officerId: 'officer-chen',
  officerName: '陈主任',
  officialRole: 'COMMUNITY_COMMITTEE_MEMBER',
  officerJurisdiction: COMMUNITY,
  relativeResidentId: IDS.spouse,
  relation: 'SIBLING',
};

// ---- specs ------------------------------------------------------------------------------------
/** The draft command with the household's earlier case (looked up by the shell) in its data. */
const withEarlierCase = (command: ApplicationCommand, earlierCase: EarlierCase): ApplicationCommand =>
  ({ ...command, data: { ...command.data, earlierCase } }) as ApplicationCommand;

describe('drafting an application', () => {
  it('records a draft with its case number in the community where it is made', () => {
    given(applicationDecider, [])
      .when(createDraft())
      .then([
        {
          type: 'ApplicationDrafted',
          data: { caseId: CASE_ID, caseNumber: CASE_NUMBER, jurisdiction: COMMUNITY, form: completeForm(), draftedOn: '2026-03-02', draftedBy: OFFICER },
        },
      ]);
  });

  it("refuses a draft outside the officer's jurisdiction", () => {
    given(applicationDecider, []).when(createDraft(completeForm(), OUTSIDER)).thenThrows('outside_jurisdiction');
  });

  it('lets a street officer draft for any community of the street', () => {
    expect(run(applicationDecider, [], createDraft(completeForm(), STREET_OFFICER)).events).toHaveLength(1);
  });

  it('refuses a resident ID with a wrong check digit, naming the member and the field', () => {
    const form = completeForm();
    form.household.members[1] = { ...form.household.members[1]!, residentId: withWrongCheckDigit(IDS.spouse) };
    const error = thrown([], createDraft(form));
    expect(error.code).toBe('invalid_application');
    expect(error.violations).toEqual([{ field: 'household.members[1].residentId', message: 'resident ID has a wrong check digit (GB 11643)' }]);
  });

  it('reports every invalid field at once', () => {
    const form = completeForm({ bankAccount: { bankName: '农行', holderName: '张伟', holderResidentId: IDS.applicant, accountNumber: '123' } });
    form.declaration.income.push({ residentId: IDS.applicant, type: 'WAGES', month: '2024-01', amountFen: 100 });
    form.consents.push(consent(residentId('330106', '19700101', '099')));
    const fields = thrown([], createDraft(form)).violations.map((v) => v.field);
    expect(fields).toEqual(['declaration.income[2].month', 'consents[3].residentId', 'bankAccount.accountNumber']);
  });

  it('requires exactly one applicant in the household', () => {
    const form = completeForm();
    form.household.members[1] = { ...form.household.members[1]!, relation: 'APPLICANT' };
    expect(thrown([], createDraft(form)).violations).toContainEqual({
      field: 'household.members',
      message: 'must list exactly one member with relation APPLICANT',
    });
  });

  it('refuses the same person listed twice', () => {
    const form = completeForm();
    form.household.supporters.push({ memberId: '00000000-0000-4000-8000-000000000099', residentId: IDS.student, name: '张小红', relation: 'CHILD', workAbility: 'FULL', employment: { status: 'STUDENT', educationLevel: 'UNDERGRADUATE' } });
    expect(thrown([], createDraft(form)).violations[0]).toMatchObject({ field: 'household.supporters[0].residentId' });
  });

  it('requires the 临时救助 section exactly when temporary assistance is asked for', () => {
    expect(thrown([], createDraft(completeForm({ program: 'TEMPORARY_ASSISTANCE' }))).violations).toEqual([
      { field: 'temporaryAssistance', message: 'is required for program TEMPORARY_ASSISTANCE' },
    ]);
    const ta = { type: 'EMERGENCY' as const, description: '火灾', cause: 'DISASTER' as const, incidentOn: '2026-03-01', emergencyAdvanceRequested: true };
    expect(thrown([], createDraft(completeForm({ temporaryAssistance: ta }))).violations).toEqual([
      { field: 'temporaryAssistance', message: 'is only for program TEMPORARY_ASSISTANCE' },
    ]);
  });

  it('asks an emergency for its cause and date, and keeps the emergency advance to the emergency type', () => {
    const emergency = completeForm({
      program: 'TEMPORARY_ASSISTANCE',
      temporaryAssistance: { type: 'EMERGENCY', description: '突发重病', emergencyAdvanceRequested: true },
    });
    expect(thrown([], createDraft(emergency)).violations.map((v) => v.field)).toEqual(['temporaryAssistance.cause', 'temporaryAssistance.incidentOn']);
    const expenditure = completeForm({
      program: 'TEMPORARY_ASSISTANCE',
      temporaryAssistance: { type: 'EXPENDITURE', description: '医疗费', expenditureKind: 'MEDICAL', essentialExpenditureFen: 5_000_000, emergencyAdvanceRequested: true },
    });
    expect(thrown([], createDraft(expenditure)).violations).toEqual([
      { field: 'temporaryAssistance.emergencyAdvanceRequested', message: 'an emergency advance is for the emergency type only' },
    ]);
  });

  it('refuses a second draft on the same case', () => {
    given(applicationDecider, history(createDraft())).when(createDraft()).thenThrows('application_exists');
  });

  it('keeps a revised draft in the community where it was made', () => {
    const moved = completeForm({ jurisdiction: OTHER_STREET_COMMUNITY });
    given(applicationDecider, history(createDraft()))
      .when({ type: 'ReviseDraft', data: { form: moved }, metadata: { actor: STREET_OFFICER, now: NOW } })
      .thenThrows('jurisdiction_changed');
  });

  it('records a revision of the draft', () => {
    const revised = completeForm({ channel: 'ONLINE' });
    given(applicationDecider, history(createDraft()))
      .when({ type: 'ReviseDraft', data: { form: revised }, metadata: { actor: OFFICER, now: NOW } })
      .then([{ type: 'ApplicationDraftRevised', data: { caseId: CASE_ID, form: revised, revisedOn: '2026-03-02', revisedBy: OFFICER } }]);
  });
});

describe('submitting an application', () => {
  it('records the submission with the household as assessed on the application date, and no notice when complete', () => {
    const [submitted, ...rest] = given(applicationDecider, history(createDraft())).when(submit()).then([
      expect.objectContaining({ type: 'ApplicationSubmitted' }),
    ]);
    expect(rest).toEqual([]);
    if (submitted?.type !== 'ApplicationSubmitted') throw new Error('unexpected');
    expect(submitted.data.applicationDate).toBe('2026-03-02');
    expect(submitted.data.household.members.map((m) => [m.name, m.membership.rule, m.age])).toEqual([
      ['张伟', 'APPLICANT', 45],
      ['李娜', 'SPOUSE', 43],
      ['张小明', 'MINOR_CHILD', 11],
      ['张小红', 'ADULT_CHILD_IN_FULL_TIME_EDUCATION', 20],
    ]);
  });

  it('with two items missing, issues one notice listing both (一次性告知)', () => {
    const form = completeForm({ commitment: undefined, consents: [consent(IDS.applicant), consent(IDS.student)] });
    const events = given(applicationDecider, history(createDraft(form))).when(submit()).then([
      expect.objectContaining({ type: 'ApplicationSubmitted' }),
      expect.objectContaining({ type: 'MaterialsRequested' }),
    ]);
    const notice = events[1];
    if (notice?.type !== 'MaterialsRequested') throw new Error('unexpected');
    expect(itemKeys(notice.data.items)).toEqual(['SIGNED_COMMITMENT', `VERIFICATION_CONSENT:${IDS.spouse}`]);
    expect(notice.data.items[1]!.label).toBe('家庭成员李娜（3301**********' + IDS.spouse.slice(14) + '）签字的家庭经济状况核对授权书');
    expect(notice.data.requestedBy).toEqual(OFFICER);
    expect(notice.data.reason).toContain('一次性告知');
  });

  it('lists every missing item in the one notice: identity documents, declaration, commitment, each consent of members and supporters, proxy authorisation, evidence', () => {
    const supporter = { memberId: '00000000-0000-4000-8000-000000000005', residentId: IDS.supporter, name: '张父', relation: 'PARENT' as const, workAbility: 'PARTIAL' as const, employment: { status: 'RETIRED' as const } };
    const form = completeForm({
      program: 'TEMPORARY_ASSISTANCE',
      temporaryAssistance: { type: 'EXPENDITURE', description: '透析费用', expenditureKind: 'MEDICAL', essentialExpenditureFen: 8_000_000, emergencyAdvanceRequested: false },
      identityDocuments: [],
      commitment: undefined,
      consents: [],
      declaration: { ...completeForm().declaration, documentRef: undefined, signedOn: undefined },
      proxy: { kind: 'AUTHORISED_PERSON', name: '王芳', residentId: residentId('330106', '19900101', '061'), onBehalfOfResidentId: IDS.applicant, reason: '申请人住院' },
    });
    form.household.supporters.push(supporter);
    form.household.members[1] = { ...form.household.members[1]!, severeIllness: { condition: '尿毒症' } };
    const events = run(applicationDecider, history(createDraft(form)), submit([], ['户口簿首页复印件不清晰，请重新提供'])).events;
    const notice = events.find((e) => e.type === 'MaterialsRequested');
    if (notice?.type !== 'MaterialsRequested') throw new Error('no notice');
    expect(itemKeys(notice.data.items)).toEqual([
      `IDENTITY_DOCUMENT:${IDS.applicant}`,
      `IDENTITY_DOCUMENT:${IDS.spouse}`,
      `IDENTITY_DOCUMENT:${IDS.minor}`,
      `IDENTITY_DOCUMENT:${IDS.student}`,
      'INCOME_PROPERTY_DECLARATION',
      'SIGNED_COMMITMENT',
      `VERIFICATION_CONSENT:${IDS.applicant}`,
      `VERIFICATION_CONSENT:${IDS.spouse}`,
      `VERIFICATION_CONSENT:${IDS.student}`,
      `VERIFICATION_CONSENT:${IDS.supporter}`,
      'PROXY_AUTHORISATION',
      'EXPENDITURE_EVIDENCE',
      `MEDICAL_DIAGNOSIS:${IDS.spouse}`,
      'OTHER:1',
    ]);
  });

  it('asks no consent of a minor, and neither consent nor identity document of an excluded member', () => {
    const prisoner = residentId('330106', '19780101', '071');
    const form = completeForm();
    form.household.members.push(member({ residentId: prisoner, name: '张兄', relation: 'SIBLING', legalDutyOfSupport: true, custody: { kind: 'PRISON', since: '2023-01-01' } }));
    const events = run(applicationDecider, history(createDraft(form)), submit()).events;
    expect(events.map((e) => e.type)).toEqual(['ApplicationSubmitted']);
    if (events[0]?.type !== 'ApplicationSubmitted') throw new Error('unexpected');
    expect(events[0].data.household.members[4]!.membership).toEqual({ counts: false, rule: 'IN_PRISON', reason: '在监狱内服刑（自2023-01-01起）' });
  });

  it('needs no authorisation when a community committee applies on the applicant\'s behalf', () => {
    const form = completeForm({ proxy: { kind: 'COMMUNITY_COMMITTEE', name: '某社区居委会', onBehalfOfResidentId: IDS.applicant, reason: '申请人行动不便' } });
    expect(run(applicationDecider, history(createDraft(form)), submit()).events.map((e) => e.type)).toEqual(['ApplicationSubmitted']);
  });

  it('rejects at intake when the household is registered in another street office', () => {
    const form = completeForm();
    form.household.registeredResidence = OTHER_STREET_COMMUNITY;
    given(applicationDecider, history(createDraft(form)))
      .when(submit())
      .then([
        expect.objectContaining({ type: 'ApplicationSubmitted' }),
        {
          type: 'ApplicationRejectedAtIntake',
          data: {
            caseId: CASE_ID,
            caseNumber: CASE_NUMBER,
            grounds: ['WRONG_JURISDICTION'],
            reason: '申请家庭户籍不在本街道（乡镇）辖区，应向户籍所在地提出申请',
            evidenceRefs: [],
            rejectedOn: '2026-03-02',
            rejectedBy: OFFICER,
          },
        },
      ]);
  });

  it('rejects at intake when the applicant is not a member of the household (in prison)', () => {
    const form = completeForm();
    form.household.members[0] = { ...form.household.members[0]!, custody: { kind: 'PRISON', since: '2025-01-01' } };
    const events = run(applicationDecider, history(createDraft(form)), submit()).events;
    expect(events[1]).toMatchObject({ type: 'ApplicationRejectedAtIntake', data: { grounds: ['APPLICANT_NOT_HOUSEHOLD_MEMBER'] } });
  });

  it("flags a conflict of interest when a member is an officer's declared close relative", () => {
    given(applicationDecider, history(createDraft()))
      .when(submit([relative]))
      .then([
        expect.objectContaining({ type: 'ApplicationSubmitted' }),
        {
          type: 'ConflictOfInterestFlagged',
          data: {
            caseId: CASE_ID,
            conflicts: [
              {
                memberId: completeForm().household.members[1]!.memberId,
                memberResidentId: IDS.spouse,
                memberName: '李娜',
                officerId: 'officer-chen',
                officerName: '陈主任',
                officialRole: 'COMMUNITY_COMMITTEE_MEMBER',
                officerJurisdiction: COMMUNITY,
                relation: 'SIBLING',
              },
            ],
            flaggedOn: '2026-03-02',
            reason: expect.stringContaining('县级民政部门入户调查'),
          },
        },
      ]);
  });

  it('refuses to submit an application twice', () => {
    given(applicationDecider, history(createDraft(), submit())).when(submit()).thenThrows('invalid_status');
  });

  it('refuses to submit an application that does not exist', () => {
    given(applicationDecider, []).when(submit()).thenThrows('application_not_found');
  });
});

describe('the one-time notice of missing materials (一次性告知)', () => {
  const incomplete = completeForm({ commitment: undefined, consents: [consent(IDS.applicant), consent(IDS.student)] });

  it('may be issued by an officer for a submitted application the system found complete', () => {
    given(applicationDecider, history(createDraft(), submit()))
      .when({ type: 'RequestMaterials', data: { items: ['银行卡复印件不清晰'], reason: '复印件无法辨认' }, metadata: { actor: OFFICER, now: LATER } })
      .then([
        {
          type: 'MaterialsRequested',
          data: {
            caseId: CASE_ID,
            caseNumber: CASE_NUMBER,
            noticeDate: '2026-03-09',
            items: [{ key: 'OTHER:1', code: 'OTHER', label: '银行卡复印件不清晰' }],
            reason: '复印件无法辨认',
            requestedBy: OFFICER,
          },
        },
      ]);
  });

  it('is never issued a second time', () => {
    given(applicationDecider, history(createDraft(incomplete), submit()))
      .when({ type: 'RequestMaterials', data: { items: ['另需提供房产证'], reason: '补充' }, metadata: { actor: OFFICER, now: LATER } })
      .thenThrows('notice_already_issued');
  });

  it('does not start the decision clock', () => {
    const state = fold(applicationDecider, history(createDraft(incomplete), submit()));
    expect(state.status).toBe('AWAITING_MATERIALS');
    expect(state.acceptedOn).toBeUndefined();
  });
});

describe('supplying materials', () => {
  const incomplete = completeForm({ commitment: undefined, consents: [consent(IDS.applicant), consent(IDS.student)] });
  const awaiting = () => history(createDraft(incomplete), submit());
  const spouseConsent = consent(IDS.spouse, { signedOn: '2026-03-05' });

  it('keeps the application awaiting materials while part of the notice is outstanding', () => {
    const [supplied] = given(applicationDecider, awaiting())
      .when({ type: 'SupplyMaterials', data: { documents: [], consents: [spouseConsent] }, metadata: { actor: OFFICER, now: LATER } })
      .then([expect.objectContaining({ type: 'MaterialsSupplied' })]);
    if (supplied?.type !== 'MaterialsSupplied') throw new Error('unexpected');
    expect(supplied.data.resolvedItemKeys).toEqual([`VERIFICATION_CONSENT:${IDS.spouse}`]);
    expect(itemKeys(supplied.data.outstandingItems)).toEqual(['SIGNED_COMMITMENT']);
    given(applicationDecider, [...awaiting(), supplied]).thenState(expect.objectContaining({ status: 'AWAITING_MATERIALS' }));
  });

  it('completes the materials when every item of the notice is supplied', () => {
    const events = run(applicationDecider, awaiting(), {
      type: 'SupplyMaterials',
      data: {
        documents: [{ itemKey: 'SIGNED_COMMITMENT', documentRef: 'doc:commitment:2' }],
        consents: [spouseConsent],
      },
      metadata: { actor: OFFICER, now: LATER },
    }).events;
    given(applicationDecider, [...awaiting(), ...events]).thenState(
      expect.objectContaining({
        status: 'MATERIALS_SUPPLIED',
        outstandingItems: [],
        form: expect.objectContaining({ commitment: { documentRef: 'doc:commitment:2', signedOn: '2026-03-09' } }),
      }),
    );
  });

  it('refuses a document for an item that is not on the notice', () => {
    const error = thrown(awaiting(), {
      type: 'SupplyMaterials',
      data: {
        documents: [{ itemKey: 'INCOME_PROPERTY_DECLARATION', documentRef: 'doc:x' }],
        consents: [],
      },
      metadata: { actor: OFFICER, now: LATER },
    });
    expect(error.code).toBe('materials_not_accepted');
    expect(error.violations).toEqual([{ field: 'documents[0].itemKey', message: 'is not an outstanding item of the notice' }]);
  });

  it('refuses a consent that does not cover every registry of the verification', () => {
    const narrow = consent(IDS.spouse, { sources: ['HOUSEHOLD_REGISTRATION', 'TAX'] });
    const error = thrown(awaiting(), { type: 'SupplyMaterials', data: { documents: [], consents: [narrow] }, metadata: { actor: OFFICER, now: LATER } });
    expect(error.violations[0]).toMatchObject({ field: 'consents[0].sources' });
  });

  it('refuses materials once nothing is awaited', () => {
    given(applicationDecider, history(createDraft(), submit()))
      .when({ type: 'SupplyMaterials', data: { documents: [], consents: [spouseConsent] }, metadata: { actor: OFFICER, now: LATER } })
      .thenThrows('invalid_status');
  });
});

describe('accepting an application (受理)', () => {
  it('accepts a complete application; the acceptance date starts the decision clock', () => {
    const [accepted] = given(applicationDecider, history(createDraft(), submit()))
      .when(accept())
      .then([expect.objectContaining({ type: 'ApplicationAccepted' })]);
    if (accepted?.type !== 'ApplicationAccepted') throw new Error('unexpected');
    expect(accepted.data).toMatchObject({
      caseId: CASE_ID,
      caseNumber: CASE_NUMBER,
      program: 'MINIMUM_LIVING_ALLOWANCE',
      applicationDate: '2026-03-02',
      acceptedOn: '2026-03-09',
      acceptedAt: LATER,
      conflictOfInterest: { flagged: false, conflicts: [] },
      acceptedBy: OFFICER,
    });
    expect(accepted.data.consents.map((c) => c.residentId)).toEqual([IDS.applicant, IDS.spouse, IDS.student]);
    given(applicationDecider, history(createDraft(), submit(), accept())).thenState(
      expect.objectContaining({ status: 'ACCEPTED', acceptedOn: '2026-03-09' }),
    );
  });

  it('accepts once the materials of the notice are supplied', () => {
    const incomplete = completeForm({ commitment: undefined });
    const events = history(
      createDraft(incomplete),
      submit(),
      { type: 'SupplyMaterials', data: { documents: [{ itemKey: 'SIGNED_COMMITMENT', documentRef: 'doc:c' }], consents: [] }, metadata: { actor: OFFICER, now: LATER } },
      accept(),
    );
    expect(events.map((e) => e.type)).toEqual(['ApplicationDrafted', 'ApplicationSubmitted', 'MaterialsRequested', 'MaterialsSupplied', 'ApplicationAccepted']);
    const accepted = events[4];
    if (accepted?.type !== 'ApplicationAccepted') throw new Error('unexpected');
    expect(accepted.data.commitment).toEqual({ documentRef: 'doc:c', signedOn: '2026-03-09' });
  });

  it('refuses acceptance while items of the notice are outstanding', () => {
    const incomplete = completeForm({ commitment: undefined });
    given(applicationDecider, history(createDraft(incomplete), submit())).when(accept()).thenThrows('materials_outstanding');
  });

  it('refuses acceptance without every required consent (a consent expired before acceptance)', () => {
    const form = completeForm({ consents: [consent(IDS.applicant), consent(IDS.spouse, { validUntil: '2026-03-05' }), consent(IDS.student)] });
    const error = thrown(history(createDraft(form), submit()), accept());
    expect(error.code).toBe('consent_missing');
    expect(error.details).toMatchObject({ missing: [{ name: '李娜', role: 'ADULT_MEMBER' }] });
  });

  it('carries the conflict-of-interest flag found at submission into the accepted event', () => {
    const events = history(createDraft(), submit([relative]), accept([relative]));
    expect(events.map((e) => e.type)).toEqual(['ApplicationDrafted', 'ApplicationSubmitted', 'ConflictOfInterestFlagged', 'ApplicationAccepted']);
    expect(events[3]).toMatchObject({
      data: { conflictOfInterest: { flagged: true, conflicts: [{ memberResidentId: IDS.spouse, officerId: 'officer-chen' }] } },
    });
  });

  it('flags at acceptance a close relative declared after submission', () => {
    given(applicationDecider, history(createDraft(), submit()))
      .when(accept([relative]))
      .then([
        expect.objectContaining({ type: 'ConflictOfInterestFlagged' }),
        expect.objectContaining({ data: expect.objectContaining({ conflictOfInterest: { flagged: true, conflicts: [expect.objectContaining({ officerId: 'officer-chen' })] } }) }),
      ]);
  });

  it("refuses acceptance outside the officer's jurisdiction", () => {
    given(applicationDecider, history(createDraft(), submit())).when(accept([], OUTSIDER)).thenThrows('outside_jurisdiction');
  });

  it('refuses acceptance of a draft and of an accepted application', () => {
    given(applicationDecider, history(createDraft())).when(accept()).thenThrows('invalid_status');
    given(applicationDecider, history(createDraft(), submit(), accept())).when(accept()).thenThrows('invalid_status');
  });
});

describe('rejecting at intake (不予受理)', () => {
  const reject = (overrides: Partial<Extract<ApplicationCommand, { type: 'RejectApplicationAtIntake' }>['data']> = {}): ApplicationCommand => ({
    type: 'RejectApplicationAtIntake',
    data: {
      ground: 'OPEN_APPLICATION_EXISTS',
      reason: '该家庭已在拱墅区提出申请，尚未办结',
      otherCaseNumber: '330105-2026-000007',
      evidenceRefs: ['doc:evidence:1'],
      ...overrides,
    },
    metadata: { actor: OFFICER, now: LATER },
  });

  it('rejects with the ground, the reason and the other open case', () => {
    given(applicationDecider, history(createDraft(), submit()))
      .when(reject())
      .then([
        {
          type: 'ApplicationRejectedAtIntake',
          data: {
            caseId: CASE_ID,
            caseNumber: CASE_NUMBER,
            grounds: ['OPEN_APPLICATION_EXISTS'],
            reason: '该家庭已在拱墅区提出申请，尚未办结',
            otherCaseNumber: '330105-2026-000007',
            evidenceRefs: ['doc:evidence:1'],
            rejectedOn: '2026-03-09',
            rejectedBy: OFFICER,
          },
        },
      ]);
  });

  it('names the open application of the same household', () => {
    given(applicationDecider, history(createDraft(), submit())).when(reject({ otherCaseNumber: undefined })).thenThrows('other_case_required');
  });

  it('states a reason', () => {
    given(applicationDecider, history(createDraft(), submit())).when(reject({ reason: '  ' })).thenThrows('reason_required');
  });

  it('cannot reject a draft or an accepted application', () => {
    given(applicationDecider, history(createDraft())).when(reject()).thenThrows('invalid_status');
    given(applicationDecider, history(createDraft(), submit(), accept())).when(reject()).thenThrows('invalid_status');
  });
});

describe('withdrawing an application', () => {
  const withdraw = (overrides: Partial<Extract<ApplicationCommand, { type: 'WithdrawApplication' }>['data']> = {}): ApplicationCommand => ({
    type: 'WithdrawApplication',
    data: {
      reason: 'APPLICANT_REQUEST',
      requestedBy: 'APPLICANT',
      ...overrides,
    },
    metadata: { actor: OFFICER, now: LATER },
  });

  it('withdraws a draft at the applicant\'s word', () => {
    given(applicationDecider, history(createDraft()))
      .when(withdraw())
      .then([
        {
          type: 'ApplicationWithdrawn',
          data: {
            caseId: CASE_ID,
            caseNumber: CASE_NUMBER,
            reason: 'APPLICANT_REQUEST',
            requestedBy: 'APPLICANT',
            withdrawnOn: '2026-03-09',
            previousStatus: 'DRAFT',
            recordedBy: OFFICER,
          },
        },
      ]);
  });

  it('withdraws a submitted application on a written request only', () => {
    given(applicationDecider, history(createDraft(), submit())).when(withdraw()).thenThrows('withdrawal_request_required');
    const events = run(applicationDecider, history(createDraft(), submit(), accept()), withdraw({ documentRef: 'doc:withdrawal:1' })).events;
    expect(events[0]).toMatchObject({ type: 'ApplicationWithdrawn', data: { previousStatus: 'ACCEPTED', documentRef: 'doc:withdrawal:1' } });
  });

  it('says which reason when the reason is OTHER', () => {
    given(applicationDecider, history(createDraft())).when(withdraw({ reason: 'OTHER' })).thenThrows('reason_required');
  });

  it('lets the proxy withdraw only an application made by proxy', () => {
    given(applicationDecider, history(createDraft())).when(withdraw({ requestedBy: 'PROXY' })).thenThrows('no_proxy');
  });

  it('cannot withdraw a withdrawn or rejected application', () => {
    given(applicationDecider, history(createDraft(), withdraw())).when(withdraw()).thenThrows('invalid_status');
  });
});

describe('closing an accepted case after the decision, and applying again (re-application)', () => {
  const SYSTEM = { id: 'system:intake-inbox', role: 'system', jurisdiction: COMMUNITY };
  const DECISION_ID = '7d0c2c3e-1d3b-4b8f-9a51-3f1c9b2a0e11';
  const EVENT_ID = '0b7e7d8a-5f7e-4c1a-8f0e-1c2d3e4f5a6b';
  const close = (overrides: Partial<Extract<ApplicationCommand, { type: 'CloseAfterDecision' }>['data']> = {}): ApplicationCommand => ({
    type: 'CloseAfterDecision',
    data: {
      outcome: 'REFUSED',
      decisionId: DECISION_ID,
      decidedOn: '2026-03-20',
      reason: '家庭月人均收入高于当地低保标准',
      reasonCodes: ['INCOME_ABOVE_STANDARD'],
      sourceEventId: EVENT_ID,
      ...overrides,
    },
    metadata: { actor: SYSTEM, now: '2026-03-21T09:00:00+08:00' },
  });
  const accepted = () => history(createDraft(), submit(), accept());

  it('closes an accepted case refused by eligibility, with the decision, its date and reason', () => {
    given(applicationDecider, accepted())
      .when(close())
      .then([
        {
          type: 'ApplicationClosedAfterDecision',
          data: {
            caseId: CASE_ID,
            caseNumber: CASE_NUMBER,
            outcome: 'REFUSED',
            decisionId: DECISION_ID,
            decidedOn: '2026-03-20',
            reason: '家庭月人均收入高于当地低保标准',
            reasonCodes: ['INCOME_ABOVE_STANDARD'],
            sourceEventId: EVENT_ID,
            closedOn: '2026-03-21',
          },
        },
      ]);
    given(applicationDecider, [...accepted(), ...run(applicationDecider, accepted(), close()).events]).thenState(
      expect.objectContaining({ status: 'CLOSED', closure: expect.objectContaining({ outcome: 'REFUSED', decidedOn: '2026-03-20' }) }),
    );
  });

  it('closes a terminated case the same way (the system actor needs no jurisdiction of an officer)', () => {
    const events = run(applicationDecider, accepted(), close({ outcome: 'TERMINATED', reasonCodes: ['MEMBER_DECEASED'], reason: '家庭成员死亡' })).events;
    expect(events).toEqual([expect.objectContaining({ data: expect.objectContaining({ outcome: 'TERMINATED', reasonCodes: ['MEMBER_DECEASED'] }) })]);
  });

  it('closes nothing twice: a second decision on a closed case is a no-op', () => {
    const closed = [...accepted(), ...run(applicationDecider, accepted(), close()).events];
    given(applicationDecider, closed).when(close({ decisionId: 'a1b2c3d4-0000-4000-8000-000000000001', sourceEventId: 'a1b2c3d4-0000-4000-8000-000000000002' })).thenNothing();
  });

  it('leaves an application withdrawn at intake as it is (its household is already free)', () => {
    const withdrawn = history(
      createDraft(),
      submit(),
      accept(),
      { type: 'WithdrawApplication', data: { reason: 'APPLICANT_REQUEST', requestedBy: 'APPLICANT', documentRef: 'doc:w:1' }, metadata: { actor: OFFICER, now: LATER } },
    );
    given(applicationDecider, withdrawn).when(close({ outcome: 'WITHDRAWN', reasonCodes: ['HOUSEHOLD_REQUEST'] })).thenNothing();
  });

  it('refuses to close an application that was never accepted', () => {
    given(applicationDecider, history(createDraft(), submit())).when(close()).thenThrows('application_not_accepted');
  });

  it('refuses a closing decision without a reason, naming the field', () => {
    expect(thrown(accepted(), close({ reason: '  ' })).violations).toEqual([{ field: 'reason', message: 'is required' }]);
  });

  it('a closed case no longer holds its household (isOpen)', () => {
    const closed = [...accepted(), ...run(applicationDecider, accepted(), close()).events];
    const state = given(applicationDecider, closed).thenState(expect.objectContaining({ status: 'CLOSED' }));
    expect(isOpen(state.status)).toBe(false);
  });

  it('a new application records the earlier case it re-applies after', () => {
    const earlierCase: EarlierCase = {
      caseId: '11111111-2222-4333-8444-555555555555',
      caseNumber: '330106-2026-000007',
      outcome: 'REFUSED',
      decisionId: DECISION_ID,
      decidedOn: '2026-02-20',
      reason: '家庭月人均收入高于当地低保标准',
      reasonCodes: ['INCOME_ABOVE_STANDARD'],
    };
    given(applicationDecider, [])
      .when(withEarlierCase(createDraft(), earlierCase))
      .then([{ type: 'ApplicationDrafted', data: expect.objectContaining({ caseId: CASE_ID, earlierCase }) }]);
    const drafted = run(applicationDecider, [], withEarlierCase(createDraft(), earlierCase)).events;
    given(applicationDecider, drafted).thenState(expect.objectContaining({ status: 'DRAFT', earlierCase }));
  });
});

describe('a case closed on a refusal, approved on appeal (AssistanceGranted v2): reopened', () => {
  const SYSTEM = { id: 'system:intake-inbox', role: 'system', jurisdiction: COMMUNITY };
  const REFUSAL_ID = '7d0c2c3e-1d3b-4b8f-9a51-3f1c9b2a0e11';
  const APPROVAL_ID = '9e1d3d4f-2e4c-4c9a-8b62-4a2d0c3b1f22';
  const APPEAL = {
    appealId: 'c3d4e5f6-0000-4000-8000-00000000a001',
    kind: 'ADMINISTRATIVE_REVIEW' as const,
    outcome: 'REVOKED' as const,
    contestedDecisionId: REFUSAL_ID,
    documentRef: '杭西政复决字〔2026〕12号',
    documentDate: '2026-05-08',
  };
  const close: ApplicationCommand = {
    type: 'CloseAfterDecision',
    data: {
      outcome: 'REFUSED',
      decisionId: REFUSAL_ID,
      decidedOn: '2026-03-20',
      reason: '家庭月人均收入高于当地低保标准',
      reasonCodes: ['INCOME_ABOVE_STANDARD'],
      sourceEventId: '0b7e7d8a-5f7e-4c1a-8f0e-1c2d3e4f5a6b',
    },
    metadata: { actor: SYSTEM, now: '2026-03-21T09:00:00+08:00' },
  };
  const reopen = (overrides: Record<string, unknown> = {}): ApplicationCommand =>
    ({
      type: 'ReopenOnAppeal',
      data: {
        appeal: APPEAL,
        decisionId: APPROVAL_ID,
        decidedOn: '2026-05-12',
        sourceEventId: '1c8f8e9b-6a8f-4d2b-9f1f-2d3e4f5a6b7c',
        ...overrides,
      },
      metadata: { actor: SYSTEM, now: '2026-05-12T10:00:00+08:00' },
    }) as ApplicationCommand;
  const refusedAndClosed = () => history(createDraft(), submit(), accept(), close);

  it('given refused and closed, when approved on appeal, then reopened naming the appeal and the approval', () => {
    given(applicationDecider, refusedAndClosed())
      .when(reopen())
      .then([
        {
          type: 'ApplicationReopenedOnAppeal',
          data: {
            caseId: CASE_ID,
            caseNumber: CASE_NUMBER,
            appeal: APPEAL,
            decisionId: APPROVAL_ID,
            decidedOn: '2026-05-12',
            sourceEventId: '1c8f8e9b-6a8f-4d2b-9f1f-2d3e4f5a6b7c',
            reopenedOn: '2026-05-12',
          },
        },
      ]);
  });

  it('then the case is open again (ACCEPTED, holds its household: no re-application), the revoked closure kept in its history', () => {
    const events = [...refusedAndClosed(), ...run(applicationDecider, refusedAndClosed(), reopen()).events];
    const state = given(applicationDecider, events).thenState(expect.objectContaining({ status: 'ACCEPTED' }));
    expect(state.closure).toBeUndefined();
    expect(isOpen(state.status)).toBe(true);
    expect(earlierCaseOf(state)).toBeUndefined(); // a new application no longer links to it as ended
    expect(state.reopenedOnAppeal).toEqual([
      {
        revokedClosure: expect.objectContaining({ outcome: 'REFUSED', decisionId: REFUSAL_ID, decidedOn: '2026-03-20' }),
        appeal: APPEAL,
        decisionId: APPROVAL_ID,
        decidedOn: '2026-05-12',
        reopenedOn: '2026-05-12',
      },
    ]);
  });

  it('reopens once: the redelivered approval on an open case is a no-op', () => {
    const events = [...refusedAndClosed(), ...run(applicationDecider, refusedAndClosed(), reopen()).events];
    given(applicationDecider, events).when(reopen({ sourceEventId: '2d9f9fac-7b9f-4e3c-8a2a-3e4f5a6b7c8d' })).thenNothing();
  });

  it('leaves alone a case closed on another decision than the contested one, an open case, and a case ended at intake', () => {
    given(applicationDecider, refusedAndClosed())
      .when(reopen({ appeal: { ...APPEAL, contestedDecisionId: 'ffffffff-0000-4000-8000-000000000001' } }))
      .thenNothing();
    given(applicationDecider, history(createDraft(), submit(), accept())).when(reopen()).thenNothing();
    given(applicationDecider, history(createDraft(), { type: 'WithdrawApplication', data: { reason: 'APPLICANT_REQUEST', requestedBy: 'APPLICANT' }, metadata: { actor: OFFICER, now: LATER } } as ApplicationCommand))
      .when(reopen())
      .thenNothing();
  });

  it('a later refusal closes the reopened case again (the appeal stays in its history)', () => {
    const reopened = [...refusedAndClosed(), ...run(applicationDecider, refusedAndClosed(), reopen()).events];
    const again = {
      type: 'CloseAfterDecision',
      data: { ...(close.data as object), decisionId: 'abababab-0000-4000-8000-000000000009', sourceEventId: '3e0a0bbd-8c0a-4f4d-9b3b-4f5a6b7c8d9e' },
      metadata: { actor: SYSTEM, now: '2027-01-05T09:00:00+08:00' },
    } as ApplicationCommand;
    const events = [...reopened, ...run(applicationDecider, reopened, again).events];
    given(applicationDecider, events).thenState(
      expect.objectContaining({ status: 'CLOSED', reopenedOnAppeal: [expect.objectContaining({ appeal: APPEAL })], closure: expect.objectContaining({ decisionId: 'abababab-0000-4000-8000-000000000009' }) }),
    );
  });
});

describe('the earlier case a re-application links to (earlierCaseOf): refused, terminated, withdrawn or not accepted', () => {
  const SYSTEM = { id: 'system:intake-inbox', role: 'system', jurisdiction: COMMUNITY };
  const DECISION_ID = '7d0c2c3e-1d3b-4b8f-9a51-3f1c9b2a0e11';
  const stateOf = (events: ApplicationEvent[]) => given(applicationDecider, events).thenState(expect.anything());
  const withdraw = (overrides: Record<string, unknown> = {}): ApplicationCommand =>
    ({ type: 'WithdrawApplication', data: { reason: 'MOVED_AWAY', requestedBy: 'APPLICANT', documentRef: 'doc:w:1', ...overrides }, metadata: { actor: OFFICER, now: LATER } }) as ApplicationCommand;

  it('given a case refused by eligibility: the decision, its date, reason and codes', () => {
    const events = history(createDraft(), submit(), accept(), {
      type: 'CloseAfterDecision',
      data: {
        outcome: 'REFUSED',
        decisionId: DECISION_ID,
        decidedOn: '2026-03-20',
        reason: '家庭月人均收入高于当地低保标准',
        reasonCodes: ['INCOME_ABOVE_STANDARD'],
        sourceEventId: '0b7e7d8a-5f7e-4c1a-8f0e-1c2d3e4f5a6b',
      },
      metadata: { actor: SYSTEM, now: '2026-03-21T09:00:00+08:00' },
    });
    expect(earlierCaseOf(stateOf(events))).toEqual({
      caseId: CASE_ID,
      caseNumber: CASE_NUMBER,
      outcome: 'REFUSED',
      decisionId: DECISION_ID,
      decidedOn: '2026-03-20',
      reason: '家庭月人均收入高于当地低保标准',
      reasonCodes: ['INCOME_ABOVE_STANDARD'],
    });
  });

  it('given an application withdrawn at intake after submission: WITHDRAWN with the reason in Chinese, no decision id', () => {
    const events = history(createDraft(), submit(), withdraw({ note: '迁往外省' }));
    const earlier = earlierCaseOf(stateOf(events))!;
    expect(earlier).toEqual({
      caseId: CASE_ID,
      caseNumber: CASE_NUMBER,
      outcome: 'WITHDRAWN',
      decidedOn: '2026-03-09', // the day of the withdrawal (LATER, Asia/Shanghai)
      reason: '撤回申请：户籍迁出本辖区（迁往外省）',
      reasonCodes: ['MOVED_AWAY'],
    });
    expect(earlier).not.toHaveProperty('decisionId');
  });

  it('given an accepted application withdrawn before the decision: WITHDRAWN as well', () => {
    const events = history(createDraft(), submit(), accept(), withdraw({ reason: 'APPLICANT_REQUEST' }));
    expect(earlierCaseOf(stateOf(events))).toMatchObject({ outcome: 'WITHDRAWN', reason: '撤回申请：申请人主动撤回申请', reasonCodes: ['APPLICANT_REQUEST'] });
  });

  it('given a withdrawn draft: nothing (a draft was never an application)', () => {
    const events = history(createDraft(), withdraw({ reason: 'APPLICANT_REQUEST', documentRef: undefined }));
    expect(stateOf(events).status).toBe('WITHDRAWN');
    expect(earlierCaseOf(stateOf(events))).toBeUndefined();
  });

  it('given an application not accepted at intake (不予受理): NOT_ACCEPTED with its reason and ground', () => {
    const events = history(createDraft(), submit(), {
      type: 'RejectApplicationAtIntake',
      data: {
        ground: 'WRONG_JURISDICTION',
        reason: '申请家庭户籍不在本街道辖区',
        evidenceRefs: [],
      },
      metadata: { actor: OFFICER, now: LATER },
    } as ApplicationCommand);
    expect(earlierCaseOf(stateOf(events))).toMatchObject({ outcome: 'NOT_ACCEPTED', reason: '申请家庭户籍不在本街道辖区', reasonCodes: ['WRONG_JURISDICTION'] });
  });

  it('given an application not accepted only because another case of the household was open: nothing (that case is the one to link)', () => {
    const events = history(createDraft(), submit(), {
      type: 'RejectApplicationAtIntake',
      data: {
        ground: 'OPEN_APPLICATION_EXISTS',
        reason: '该家庭已有尚未办结的申请',
        otherCaseNumber: '330106-2026-000001',
        evidenceRefs: [],
      },
      metadata: { actor: OFFICER, now: LATER },
    } as ApplicationCommand);
    expect(stateOf(events).status).toBe('REJECTED');
    expect(earlierCaseOf(stateOf(events))).toBeUndefined();
  });

  it('given an open case (accepted, not decided): nothing — it still holds the household', () => {
    const state = stateOf(history(createDraft(), submit(), accept()));
    expect(isOpen(state.status)).toBe(true);
    expect(earlierCaseOf(state)).toBeUndefined();
  });
});
