/**
 * End to end over real PostgreSQL and real Kafka (`bash deploy/kafka/kafka.sh up`): the intake
 * application in-process with its relay publishing to `sa.intake.events`.
 *
 * Submit with two items missing → one notice lists both → supply → accept → `ApplicationAccepted`
 * arrives on Kafka and validates against its JSON Schema; a second application for a member of the
 * open case → 409 with the case number; a resident ID with a wrong check digit → 400 naming the
 * member and field, with nothing persisted or published.
 */
import { decodeKafkaMessage, validateIntegrationEvent, type ApplicationAcceptedV1 } from '@sa/contracts';
import { processFieldEncryptor } from '@sa/crypto';
import { assertKafkaReachable, openIntegrationEvent } from '@sa/messaging';
import request from 'supertest';
import { IDS, residentId, withWrongCheckDigit } from './support/fixtures';
import { startIntake, type IntakeTestApp } from './support/intake-app';
import { completeApplicationBody, consentBody } from './support/requests';
import { IntakeTopicReader } from './support/topic-reader';

jest.setTimeout(120_000);

let t: IntakeTestApp;
let reader: IntakeTopicReader;
let community: string;
let street: string;

beforeAll(async () => {
  await assertKafkaReachable(undefined, 15_000); // a missing broker fails loudly, never a silent pass
  t = await startIntake({ relay: true });
  reader = new IntakeTopicReader();
  await reader.start();
  community = `Bearer ${await t.token('community_officer')}`;
  street = `Bearer ${await t.token('street_officer')}`;
});

afterAll(async () => {
  await reader?.stop();
  await t?.close();
});

const http = () => request(t.app.getHttpServer());

describe('intake over real Kafka and PostgreSQL', () => {
  const badCaseId = 'badbadba-d000-4000-8000-000000000001';
  let caseId: string;
  let caseNumber: string;

  it('refuses a wrong check digit with 400 naming the member and field, persisting nothing', async () => {
    const body = completeApplicationBody();
    body.household.members[2] = { ...body.household.members[2]!, residentId: withWrongCheckDigit(IDS.minor) };
    const res = await http().post('/applications').set('Authorization', community).send({ ...body, caseId: badCaseId });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'household.members[2].residentId', message: expect.stringContaining('check digit') }]);
    await expect(t.store.readStream(`application-${badCaseId}`)).rejects.toThrow(/not found/);
    expect(await t.sql(`SELECT * FROM "${t.schema}".case_numbers`)).toEqual([]);
    expect(await t.sql(`SELECT * FROM "${t.schema}".resident_reservations`)).toEqual([]);
  });

  it('submits with two items missing; one notice lists both', async () => {
    const body = completeApplicationBody({ commitment: undefined });
    body.consents = body.consents.filter((c) => c.residentId !== IDS.supporter);
    const created = await http().post('/applications').set('Authorization', community).send(body);
    expect(created.status).toBe(201);
    ({ caseId, caseNumber } = created.body);

    const submitted = await http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({});
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('AWAITING_MATERIALS');
    expect(submitted.body.notice.items).toEqual([
      { key: 'SIGNED_COMMITMENT', code: 'SIGNED_COMMITMENT', label: '申请人签字的承诺书' },
      {
        key: `VERIFICATION_CONSENT:${IDS.supporter}`,
        code: 'VERIFICATION_CONSENT',
        residentId: IDS.supporter,
        name: '张建国',
        label: `法定赡养（抚养、扶养）义务人张建国（3301**********${IDS.supporter.slice(14)}）签字的家庭经济状况核对授权书`,
      },
    ]);
  });

  it('refuses a second application for a member of the open case with 409 naming its case number', async () => {
    const other = residentId('330106', '19750505', '077');
    const body = completeApplicationBody();
    body.household.members = [
      { ...body.household.members[0]!, residentId: other, name: '王五' },
      { ...body.household.members[2]!, relation: 'CHILD' },
    ];
    body.household.supporters = [];
    body.declaration = { ...body.declaration, income: [], assets: [] };
    body.bankAccount = { ...body.bankAccount, holderResidentId: other };
    body.identityDocuments = [];
    body.consents = [consentBody(other)];
    const secondCase = 'a5a5a5a5-0000-4000-8000-000000000002';
    const res = await http().post('/applications').set('Authorization', community).send({ ...body, caseId: secondCase });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'resident_in_open_application', otherCaseNumbers: [caseNumber] });
    expect(res.body.errors).toEqual([{ field: 'household.members[1].residentId', message: expect.stringContaining(caseNumber) }]);
    await expect(t.store.readStream(`application-${secondCase}`)).rejects.toThrow(/not found/);
  });

  it('accepts once the materials are supplied, and ApplicationAccepted arrives on Kafka, valid against its schema', async () => {
    const supplied = await http()
      .post(`/applications/${caseId}/materials`)
      .set('Authorization', community)
      .send({ documents: [{ itemKey: 'SIGNED_COMMITMENT', documentRef: 'doc:commitment:0002' }], consents: [consentBody(IDS.supporter, '2026-03-02')] });
    expect(supplied.body).toMatchObject({ status: 'MATERIALS_SUPPLIED', outstandingItems: [] });

    t.clock.set('2026-03-03T14:00:00+08:00');
    const accepted = await http().post(`/applications/${caseId}/acceptance`).set('Authorization', street).send();
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED', acceptedOn: '2026-03-03' });

    const message = await reader.waitFor((m) => m.event.subject === caseId && m.event.type === 'ApplicationAccepted');
    expect(message.key).toBe(caseId);
    const decoded = decodeKafkaMessage({ key: Buffer.from(message.key!), value: message.value, headers: message.headers as never });
    expect(decoded.ok).toBe(true);
    const validation = validateIntegrationEvent('ApplicationAccepted', message.event.schemaVersion, message.event.data);
    expect(validation).toEqual({ ok: true, known: true, errors: [] });

    // On the wire the personal fields are ciphertexts (issue 18); the consumer side opens them with the key store.
    const wire = JSON.stringify(message.event.data);
    for (const clear of ['张伟', '李娜', IDS.applicant, IDS.spouse]) expect(wire).not.toContain(clear);
    // one group per event (format 2): the first personal field holds it, the others refer to it
    expect((message.event.data as ApplicationAcceptedV1).household.members[0]!.name).toMatch(/^sa3\.(s4\.|[A-Za-z0-9_-]{8}$)/);
    // the declared figures too: each member's declared income and the household's declared assets (issue 18, income details)
    const sealedHousehold = (message.event.data as ApplicationAcceptedV1).household;
    expect(sealedHousehold.declaredAssets).toMatch(/^sa3\.(s4\.|[A-Za-z0-9_-]{8}$)/);
    for (const m of sealedHousehold.members) if (m.declaredIncome !== undefined) expect(m.declaredIncome).toMatch(/^sa3\.(s4\.|[A-Za-z0-9_-]{8}$)/);
    for (const m of sealedHousehold.members) expect(m.workAbility).toMatch(/^sa3\.(s4\.|[A-Za-z0-9_-]{8}$)/); // a health assessment
    expect(wire).not.toContain('农业银行活期存款');
    expect(wire).not.toMatch(/"(amountFen|valueFen)":\s*(150000|320000)\b/);
    const fields = processFieldEncryptor();
    expect(fields).toBeDefined();
    const data = (await openIntegrationEvent(message.event, fields!)).data as ApplicationAcceptedV1;
    expect(data).toMatchObject({
      caseId,
      caseNumber,
      program: 'MINIMUM_LIVING_ALLOWANCE',
      jurisdiction: '330106001001',
      acceptedOn: '2026-03-03',
      channel: 'IN_PERSON',
      declarationRef: 'doc:declaration:0001',
      proxySubmission: null,
      conflictOfInterest: { flagged: false, details: [] },
    });
    expect(data.household.declaredAssets).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'BANK_DEPOSIT', description: '农业银行活期存款', valueFen: 320000 })]),
    );
    expect(data.household.members.every((m) => ['FULL', 'PARTIAL', 'NONE'].includes(m.workAbility))).toBe(true);
    expect(data.household.members[0]!.declaredIncome).toEqual(
      expect.arrayContaining([{ type: 'WAGES', month: '2026-01', amountFen: 150000 }, { type: 'WAGES', month: '2026-02', amountFen: 150000 }]),
    );
    expect(data.household.members.map((m) => [m.name, m.included, m.exclusionReason ?? null])).toEqual([
      ['张伟', true, null],
      ['李娜', true, null],
      ['张小明', true, null],
      ['张小红', true, null],
      ['张建国', false, 'OBLIGED_SUPPORTER_LIVING_APART'],
    ]);
    // every adult member and the supporter consented; the minor did not need to
    const consentMembers = data.consents.map((c) => data.household.members.find((m) => m.memberId === c.memberId)!.name);
    expect(consentMembers).toEqual(['张伟', '李娜', '张小红', '张建国']);
    expect(message.event.metadata).toMatchObject({ correlationId: caseId, actor: { role: 'street_officer', jurisdiction: '330106001' } });
    // ApplicationAccepted v2 (issue 14 item 9) carries the payee account for disbursement, in its one field only
    // (sealed by the relay when field encryption is on, as in production; this test runs without it).
    const { payeeBankAccount, ...rest } = data as typeof data & { payeeBankAccount?: { accountNumber: string; accountMasked: string; holderMemberId: string } };
    expect(payeeBankAccount).toMatchObject({ accountNumber: '6228480402564890018', accountMasked: '6228***********0018', holderMemberId: data.applicantMemberId });
    expect(JSON.stringify(rest)).not.toContain('6228480402564890018');
  });

  it('published nothing for the refused requests', async () => {
    await reader.waitFor((m) => m.event.subject === caseId && m.event.type === 'ApplicationAccepted');
    expect(reader.about(badCaseId)).toEqual([]);
    expect(reader.about('a5a5a5a5-0000-4000-8000-000000000002')).toEqual([]);
    // Drafting, submitting, the notice and the supplied materials stay inside intake.
    expect(reader.about(caseId).map((m) => m.event.type)).toEqual(['ApplicationAccepted']);
  });

  it('publishes ApplicationWithdrawn when an accepted application is withdrawn', async () => {
    const res = await http()
      .post(`/applications/${caseId}/withdrawal`)
      .set('Authorization', community)
      .send({ reason: 'MOVED_AWAY', note: '全家迁往外省', requestedBy: 'APPLICANT', documentRef: 'doc:withdrawal:0001' });
    expect(res.status).toBe(200);
    const message = await reader.waitFor((m) => m.event.subject === caseId && m.event.type === 'ApplicationWithdrawn');
    // The household's note is free text (issue 18): sealed on the wire, opened by a consumer with the grant; the
    // reason code stays in clear.
    expect(message.event.data).toEqual({ caseId, caseNumber, withdrawnOn: '2026-03-03', reason: 'MOVED_AWAY', note: expect.stringMatching(/^sa3\.s4\./) });
    expect(validateIntegrationEvent('ApplicationWithdrawn', 1, message.event.data).ok).toBe(true);
    expect((await openIntegrationEvent(message.event, processFieldEncryptor()!)).data).toEqual({ caseId, caseNumber, withdrawnOn: '2026-03-03', reason: 'MOVED_AWAY', note: '全家迁往外省' });
  });

  it('publishes LeadReported without the confidential reporter', async () => {
    const res = await http()
      .post('/leads')
      .set('Authorization', community)
      .send({
        source: 'DATA_ALERT',
        sourceRef: 'alert-2026-0042',
        jurisdiction: '330106001001',
        subject: { name: '钱奶奶', residentId: residentId('330106', '19400101', '088'), address: '北山街道某社区9幢' },
        reporter: { name: '大数据预警', phone: '0571-00000000' },
        hardships: ['ILLNESS', 'ELDERLY_LIVING_ALONE'],
        urgency: 'URGENT',
        suggestedProgram: 'EXTREME_POVERTY_SUPPORT',
        description: '医保大额支出预警',
      });
    expect(res.status).toBe(201);
    const message = await reader.waitFor((m) => m.event.type === 'LeadReported' && (m.event.data as { leadId: string }).leadId === res.body.leadId);
    expect(validateIntegrationEvent('LeadReported', 1, message.event.data).ok).toBe(true);
    expect(message.event.data).toMatchObject({ channel: 'DATA_ALERT', concernsExistingCase: false, urgency: 'URGENT', followUpDueOn: '2026-03-06' });
    expect(JSON.stringify(message.event)).not.toContain('0571-00000000');
  });
});
