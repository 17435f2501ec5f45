/**
 * Intake's domain events as public integration events: every mapped event validates against its
 * JSON Schema in libs/contracts, whatever the shape of the application.
 */
import { run } from '@sa/decider';
import { validateIntegrationEvent, type ApplicationAcceptedV1 } from '@sa/contracts';
import type { RecordedEvent } from '@sa/eventstore';
import { type ApplicationCommand, applicationDecider, type ApplicationEvent, type ApplicationForm, leadDecider } from '../../src/domain';
import { toIntegrationEvent } from '../../src/messaging/integration-events';
import { CASE_ID, CASE_NUMBER, completeForm, consent, IDS, LATER, member, NOW, OFFICER, residentId, STREET_OFFICER } from '../support/fixtures';

let seq = 0;
function recorded(streamId: string, event: { type: string; data: unknown }): RecordedEvent {
  seq++;
  return {
    streamId,
    revision: seq,
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: { correlationId: CASE_ID, causationId: 'cmd', actor: STREET_OFFICER, occurredAt: LATER, reason: '予以受理' },
    position: { commit: BigInt(seq), prepare: BigInt(seq) },
    recordedAt: new Date(),
    prevHash: null,
    hash: 'x',
  };
}

function acceptedEvents(form: ApplicationForm, extra: ApplicationCommand[] = []): ApplicationEvent[] {
  const events: ApplicationEvent[] = [];
  const commands: ApplicationCommand[] = [
    { type: 'CreateDraft', data: { caseId: CASE_ID, caseNumber: CASE_NUMBER, form }, metadata: { actor: OFFICER, now: NOW } },
    { type: 'SubmitApplication', data: { additionalMissingItems: [], declaredRelatives: [] }, metadata: { actor: OFFICER, now: NOW } },
    ...extra,
    {
      type: 'AcceptApplication',
      data: {
        declaredRelatives: [
        {
          officerId: 'officer-chen',
          officerName: '陈主任',
          officialRole: 'CASEWORKER',
          officerJurisdiction: '330106001001',
          relativeResidentId: IDS.minor,
          relation: 'GRANDCHILD',
        },
      ],
      },
      metadata: { actor: STREET_OFFICER, now: LATER },
    },
  ];
  for (const c of commands) events.push(...run(applicationDecider, events, c).events);
  return events;
}

describe('integration events of intake', () => {
  it('maps an accepted temporary-assistance application by proxy, with a conflict of interest and an excluded member, to a valid ApplicationAccepted', () => {
    const prisoner = residentId('330106', '19780101', '071');
    const form = completeForm({
      program: 'TEMPORARY_ASSISTANCE',
      temporaryAssistance: { type: 'EMERGENCY', description: '火灾致房屋损毁', cause: 'DISASTER', incidentOn: '2026-02-28', emergencyAdvanceRequested: true, requestedAmountFen: 300000 },
      proxy: { kind: 'AUTHORISED_PERSON', name: '王芳', residentId: residentId('330106', '19900101', '061'), onBehalfOfResidentId: IDS.applicant, reason: '申请人住院', authorisationDocumentRef: 'doc:auth:1' },
      declaration: {
        ...completeForm().declaration,
        assets: [
          { kind: 'VEHICLE', ownerResidentIds: [IDS.applicant], description: '电动三轮车', valueFen: 150000, vehicleUse: 'SOLE_LIVELIHOOD' },
          { kind: 'BUSINESS_EQUITY', ownerResidentIds: [IDS.applicant, IDS.spouse], description: '小卖部', annualProfitFen: -20000 },
        ],
      },
      consents: [consent(IDS.applicant), consent(IDS.spouse), consent(IDS.student), consent(IDS.supporter)],
    });
    form.household.members.push(member({ residentId: prisoner, name: '张兄', relation: 'SIBLING', legalDutyOfSupport: true, custody: { kind: 'PRISON', since: '2023-01-01' } }));
    form.household.supporters.push({ memberId: '00000000-0000-4000-8000-000000000555', residentId: IDS.supporter, name: '张父', relation: 'PARENT', workAbility: 'NONE', employment: { status: 'RETIRED' } });
    const accepted = acceptedEvents(form).find((e) => e.type === 'ApplicationAccepted')!;
    const event = toIntegrationEvent(recorded(`application-${CASE_ID}`, accepted))!;
    expect(event.type).toBe('ApplicationAccepted');
    expect(validateIntegrationEvent('ApplicationAccepted', 2, event.data)).toEqual({ ok: true, known: true, errors: [] });
    const data = event.data as ApplicationAcceptedV1;
    expect(data.temporaryAssistance).toEqual({ type: 'EMERGENCY', description: '火灾致房屋损毁', emergencyAdvanceRequested: true, incidentOn: '2026-02-28', requestedAmountFen: 300000 });
    expect(data.proxySubmission).toEqual({ proxyType: 'AUTHORISED_PERSON', proxyName: '王芳', reason: '申请人住院', authorisationRef: 'doc:auth:1' });
    expect(data.conflictOfInterest).toEqual({
      flagged: true,
      details: [{ memberId: form.household.members[2]!.memberId, relatedOfficialName: '陈主任', relatedOfficialRole: 'CASEWORKER', relationship: '孙子女、外孙子女', relatedActorId: 'officer-chen' }],
    });
    expect(data.household.members.find((m) => m.name === '张兄')).toMatchObject({ included: false, exclusionReason: 'IMPRISONED', exclusionNote: '在监狱内服刑（自2023-01-01起）' });
    expect(data.household.members.find((m) => m.name === '张父')).toMatchObject({ included: false, exclusionReason: 'OBLIGED_SUPPORTER_LIVING_APART' });
    expect(data.household.declaredAssets.map((a) => a.description)).toEqual(['电动三轮车；用途：唯一生计工具', '小卖部；年经营利润（分）：-20000']);
    expect(data.household.members.find((m) => m.name === '张伟')!.declaredIncome).toEqual([
      { type: 'WAGES', month: '2026-01', amountFen: 150000 },
      { type: 'WAGES', month: '2026-02', amountFen: 150000 },
    ]);
    expect(event.metadata).toEqual({ correlationId: CASE_ID, causationId: event.id, actor: STREET_OFFICER, reason: '予以受理' });
  });

  it('publishes a withdrawal only when the application had been accepted', () => {
    const events = acceptedEvents(completeForm());
    const withdraw = (past: ApplicationEvent[]) =>
      run(applicationDecider, past, { type: 'WithdrawApplication', data: { reason: 'APPLICANT_DECEASED', requestedBy: 'APPLICANT', documentRef: 'doc:w' }, metadata: { actor: OFFICER, now: LATER } }).events[0]!;
    const afterAcceptance = toIntegrationEvent(recorded(`application-${CASE_ID}`, withdraw(events)));
    expect(afterAcceptance?.type).toBe('ApplicationWithdrawn');
    expect(validateIntegrationEvent('ApplicationWithdrawn', 1, afterAcceptance!.data).ok).toBe(true);
    const draftOnly = events.slice(0, 1);
    expect(toIntegrationEvent(recorded(`application-${CASE_ID}`, withdraw(draftOnly)))).toBeNull();
  });

  it('keeps drafts, submissions, notices and materials inside intake', () => {
    const events = acceptedEvents(completeForm({ commitment: undefined }), [
      { type: 'SupplyMaterials', data: { documents: [{ itemKey: 'SIGNED_COMMITMENT', documentRef: 'doc:c' }], consents: [] }, metadata: { actor: OFFICER, now: LATER } },
    ]);
    expect(events.map((e) => [e.type, toIntegrationEvent(recorded(`application-${CASE_ID}`, e))?.type ?? null])).toEqual([
      ['ApplicationDrafted', null],
      ['ApplicationSubmitted', null],
      ['MaterialsRequested', null],
      ['MaterialsSupplied', null],
      ['ConflictOfInterestFlagged', null],
      ['ApplicationAccepted', 'ApplicationAccepted'],
    ]);
  });

  it('maps a lead about an open case to a valid LeadReported, without the reporter', () => {
    const [reported] = run(leadDecider, [], {
      type: 'ReportLead',
      data: {
        leadId: '7a1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        reservedCaseId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
        existingCase: { caseId: CASE_ID, caseNumber: CASE_NUMBER },
        source: 'HOTLINE',
        jurisdiction: '330106001001',
        subject: { name: '张伟', residentId: IDS.applicant, address: '1幢' },
        reporter: { name: '邻居', phone: '13900000000' },
        hardships: ['LOSS_OF_INCOME'],
        urgency: 'ROUTINE',
        description: '失业',
        dueOn: '2026-03-05',
      },
      metadata: { actor: OFFICER, now: NOW },
    }).events;
    const event = toIntegrationEvent(recorded('lead-7a1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', reported!))!;
    expect(validateIntegrationEvent('LeadReported', 1, event.data)).toEqual({ ok: true, known: true, errors: [] });
    expect(event.data).toMatchObject({ caseId: CASE_ID, caseNumber: CASE_NUMBER, concernsExistingCase: true, channel: 'HOTLINE', followUpDueOn: '2026-03-05' });
    expect(JSON.stringify(event)).not.toContain('13900000000');
  });

  it('ignores the streams of officers’ declarations', () => {
    expect(toIntegrationEvent(recorded('officerRelatives-5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', { type: 'CloseRelativeDeclared', data: {} }))).toBeNull();
  });
});
