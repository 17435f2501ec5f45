import { validateIntegrationEvent } from '@sa/contracts';
import type { RecordedEvent } from '@sa/eventstore';
import { DEFAULT_SOURCES, type SourceRecord, type VerificationCommand, type VerificationEvent } from '../../src/domain';
import { commandFor } from '../../src/messaging/inbox-handlers';
import { toIntegrationEvent } from '../../src/messaging/integration-events';
import { exampleIntegrationEvent } from '@sa/contracts';
import { at, dueIn5WorkingDays, IDS, meta, monthlyIncome, OFFICER, openCommand, PLATFORM, RETRY, rid } from '../support/household';
import { history, ofType } from '../support/history';

function recorded(event: VerificationEvent, i = 0): RecordedEvent {
  return {
    streamId: `verification-${IDS.verificationId}`,
    revision: i,
    eventId: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: {
      correlationId: IDS.caseId,
      causationId: 'cmd-1',
      actor: { id: 'sa-verification', role: 'system', jurisdiction: IDS.jurisdiction },
      occurredAt: '2025-03-06T10:15:00.000+08:00',
    },
    position: { commit: 1n, prepare: BigInt(i) },
    recordedAt: new Date(),
    prevHash: null,
    hash: 'x',
  };
}

const submit = (requestId: string): VerificationCommand => ({
  type: 'RecordSubmission',
  data: { requestId, attempt: 1, submissionId: `s-${requestId}`, answerDueAt: at(60) },
  metadata: meta(at(1)),
});
const answer = (requestId: string, records: SourceRecord[]): VerificationCommand => ({
  type: 'RecordSourceResult',
  data: { requestId, resultId: `r-${requestId}`, submissionId: `s-${requestId}`, complete: true, records, via: 'CALLBACK' },
  metadata: meta(at(5), PLATFORM),
});

function lifeWithEveryPublicEvent(): VerificationEvent[] {
  const commands: VerificationCommand[] = [openCommand()];
  for (const member of [IDS.applicant, IDS.spouse]) {
    for (const source of DEFAULT_SOURCES) {
      const id = rid(source, member);
      if (source === 'SECURITIES' && member === IDS.spouse) continue;
      commands.push(submit(id));
      const records: SourceRecord[] =
        source === 'TAX'
          ? monthlyIncome('WAGES', member === IDS.applicant ? 150000 : 30000)
          : source === 'VEHICLES' && member === IDS.applicant
            ? [{ category: 'ASSET', kind: 'VEHICLE', valueFen: 3500000, asOf: '2025-03-05', sourceRecordRef: 'V1', vehicle: { vehicleType: 'PASSENGER_CAR', valuationBasis: 'APPRAISAL', usage: 'PRIVATE', plateMasked: '粤B·***12' } }]
            : source === 'BUSINESS_REGISTRATION' && member === IDS.applicant
              ? [{ category: 'STATUS', kind: 'BUSINESS_REGISTERED', business: { name: '早餐店', registrationNumber: '92440300MA5ABCDE1X', entityType: 'INDIVIDUAL_BUSINESS', role: 'OWNER', status: 'ACTIVE', annualNetProfitFen: -120000 } }]
              : source === 'REAL_ESTATE'
                ? [{ category: 'ASSET', kind: 'REAL_ESTATE', quantity: 56.4, asOf: '2025-03-05', sourceRecordRef: 'FLAT-1', home: { floorAreaSqm: 56.4, usage: 'RESIDENTIAL', location: '440305001001' } }]
                : [];
      commands.push(answer(id, records));
    }
  }
  const securities = rid('SECURITIES', IDS.spouse);
  commands.push(submit(securities), { type: 'RecordQueryFailure', data: { requestId: securities, attempt: 1, failure: 'SOURCE_NOT_COVERED', retry: RETRY, manualTaskDueOn: dueIn5WorkingDays(at(10)) }, metadata: meta(at(10), PLATFORM) });
  commands.push({
    type: 'CompleteManualTask',
    data: { taskId: `${securities}-M1`, outcome: 'NOT_OBTAINABLE', records: [], documentRef: 'doc:letter/7', note: '证券登记机构未回函' },
    metadata: meta(at(100), { ...OFFICER, id: 'o1' }),
  });
  commands.push({
    type: 'FileObjection',
    data: {
      objectionId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      reportVersion: 1,
      items: [{ memberId: IDS.applicant, source: 'TAX', kind: 'WAGES' }],
      reason: '已离职',
      evidenceRefs: ['doc:objection/1'],
      raisedOn: '2025-03-10',
      manualTaskDueOn: dueIn5WorkingDays('2025-03-10T09:00:00.000+08:00'),
    },
    metadata: meta('2025-03-10T09:00:00.000+08:00', { ...OFFICER, id: 'o1' }),
  });
  const recheck = rid('TAX', IDS.applicant, 2);
  commands.push(
    { type: 'RecordSubmission', data: { requestId: recheck, attempt: 1, submissionId: 's-recheck', answerDueAt: '2025-03-10T10:01:00.000+08:00' }, metadata: meta('2025-03-10T09:01:00.000+08:00') },
    { type: 'RecordSourceResult', data: { requestId: recheck, resultId: 'r-recheck', submissionId: 's-recheck', complete: true, records: monthlyIncome('WAGES', 100000), via: 'POLLING' }, metadata: meta('2025-03-11T09:00:00.000+08:00', PLATFORM) },
  );
  return history(...commands);
}

describe('what verification publishes', () => {
  const events = lifeWithEveryPublicEvent();

  it('publishes each report version, each manual task and each objection resolution, valid against the contracts', () => {
    const published = events.map((e, i) => toIntegrationEvent(recorded(e, i))).filter((e) => e !== null);
    expect(published.map((e) => e!.type)).toEqual(['ManualVerificationRequired', 'HouseholdVerified', 'HouseholdVerified', 'VerificationObjectionResolved']);
    for (const e of published) {
      expect(validateIntegrationEvent(e!.type, e!.schemaVersion, e!.data)).toEqual({ ok: true, errors: [], known: true });
      expect(e!.subject).toBe(IDS.caseId);
    }
  });

  it('publishes the facts with vehicles, businesses, homes and the unanswered source', () => {
    const report = ofType(events, 'VerificationReportCompleted')[0]!;
    const data = toIntegrationEvent(recorded(report, 99))!.data as import('@sa/contracts').HouseholdVerifiedV1;
    expect(data.facts.vehicles).toHaveLength(1);
    expect(data.facts.businesses[0]!.annualNetProfitFen).toBe(-120000);
    expect(data.facts.homes).toEqual([{ ownerMemberIds: [IDS.applicant, IDS.spouse], floorAreaSqm: 56.4, usage: 'RESIDENTIAL', location: '440305001001' }]);
    expect(data.unansweredSources).toEqual([{ memberId: IDS.spouse, source: 'SECURITIES', reason: 'NOT_SHARED_BY_REGISTRY' }]);
    expect(data.platformReportRef).toBe(`HD-${IDS.verificationId}-v1`);
    expect(Object.keys(data.items[0]!)).not.toContain('origin');
  });

  it('keeps internal events to itself', () => {
    expect(toIntegrationEvent(recorded(events[0]!))).toBeNull();
  });
});

describe('what verification consumes', () => {
  it('opens a verification for an accepted application, with every member, consent and the acceptance date', () => {
    const what = commandFor(exampleIntegrationEvent('ApplicationAccepted'))!;
    expect(what.command.type).toBe('OpenVerification');
    const data = what.command.data as Extract<VerificationCommand, { type: 'OpenVerification' }>['data'];
    expect(data.members).toHaveLength(3);
    expect(data.consents.map((c) => c.purposes)).toEqual([
      ['INITIAL', 'RECERTIFICATION', 'OBJECTION'],
      ['INITIAL', 'RECERTIFICATION', 'OBJECTION'],
    ]);
    expect(data.acceptedOn).toBe('2025-03-04');
  });

  it('asks for a recertification round on ReverificationRequested, on the same verification as the case', () => {
    const accepted = commandFor(exampleIntegrationEvent('ApplicationAccepted'))!;
    const reverify = commandFor(exampleIntegrationEvent('ReverificationRequested'))!;
    expect(reverify.command.type).toBe('RequestReverification');
    expect(reverify.verificationId).toBe(accepted.verificationId);
  });

  it('cancels on withdrawal and ignores what is not its business', () => {
    expect(commandFor(exampleIntegrationEvent('ApplicationWithdrawn'))!.command.type).toBe('CancelVerification');
    expect(commandFor(exampleIntegrationEvent('AssistanceGranted'))).toBeNull();
  });
});
