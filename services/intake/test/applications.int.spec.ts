/**
 * The intake service over HTTP on real PostgreSQL (event store + read models), in-process; the
 * relay is off here (intake-kafka.int.spec.ts covers publishing).
 */
import request from 'supertest';
import { completeApplicationBody, consentBody } from './support/requests';
import { IDS, residentId, withWrongCheckDigit } from './support/fixtures';
import { eventually } from './support/eventually';
import { startIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(60_000);

let t: IntakeTestApp;
let community: string;
let street: string;

beforeAll(async () => {
  t = await startIntake();
  community = `Bearer ${await t.token('community_officer')}`;
  street = `Bearer ${await t.token('street_officer')}`;
});

afterAll(async () => {
  await t?.close();
});

const http = () => request(t.app.getHttpServer());

/** A household of one, so tests do not collide on the fixture household's reservations. */
function singlePerson(seq: string, overrides: Record<string, unknown> = {}) {
  const id = residentId('330106', '19700101', seq);
  const body = completeApplicationBody();
  return {
    id,
    body: {
      ...body,
      household: {
        ...body.household,
        members: [{ ...body.household.members[0], residentId: id, name: `测试${seq}` }],
        supporters: [],
      },
      declaration: { ...body.declaration, income: [], assets: [] },
      bankAccount: undefined,
      identityDocuments: [{ residentId: id, documentRef: `doc:id:${seq}` }],
      consents: [consentBody(id)],
      ...overrides,
    },
  };
}

describe('bad input', () => {
  it('refuses a resident ID with a wrong check digit: 400 naming the member and the field; nothing persisted', async () => {
    const body = completeApplicationBody();
    body.household.members[1] = { ...body.household.members[1]!, residentId: withWrongCheckDigit(IDS.spouse) };
    const caseId = '11111111-1111-4111-8111-111111111111';
    const res = await http().post('/applications').set('Authorization', community).send({ ...body, caseId });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { field: 'household.members[1].residentId', message: expect.stringContaining('wrong check digit') },
    ]);
    expect(await t.sql(`SELECT * FROM "${t.schema}".case_numbers WHERE case_id = $1`, [caseId])).toEqual([]);
    expect(await t.sql(`SELECT * FROM "${t.schema}".resident_reservations`)).toEqual([]);
    await expect(t.store.readStream(`application-${caseId}`)).rejects.toThrow(/not found/);
  });

  it('names every invalid field at once, nested ones by their path', async () => {
    const body = completeApplicationBody({ channel: 'FAX', program: 'X' }) as ReturnType<typeof completeApplicationBody> & { bankAccount: { accountNumber: string } };
    body.bankAccount = { ...body.bankAccount, accountNumber: '12ab' };
    (body.declaration.income[0] as { amountFen: number }).amountFen = 1.5;
    const res = await http().post('/applications').set('Authorization', community).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['bankAccount.accountNumber', 'channel', 'declaration.income[0].amountFen', 'program'].sort(),
    );
  });

  it('refuses a form that breaks a casework rule with 422 naming the fields, persisting nothing', async () => {
    const { body } = singlePerson('901', { program: 'TEMPORARY_ASSISTANCE' });
    const caseId = '22222222-2222-4222-8222-222222222222';
    const res = await http().post('/applications').set('Authorization', community).send({ ...body, caseId });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'invalid_application', errors: [{ field: 'temporaryAssistance' }] });
    expect(await t.sql(`SELECT * FROM "${t.schema}".case_numbers WHERE case_id = $1`, [caseId])).toEqual([]);
  });

  it("403 for an application outside the officer's community", async () => {
    const { body } = singlePerson('902', { jurisdiction: '330106002001' });
    const res = await http().post('/applications').set('Authorization', community).send(body);
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:sa:problem:outside-jurisdiction');
  });
});

describe('an application from draft to acceptance', () => {
  let caseId: string;
  let caseNumber: string;

  it('records a draft with a case number of the district and year', async () => {
    const body = completeApplicationBody({ commitment: undefined });
    body.consents = body.consents.filter((c) => c.residentId !== IDS.spouse);
    const res = await http().post('/applications').set('Authorization', community).send(body);
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
    caseNumber = res.body.caseNumber;
    expect(caseNumber).toMatch(/^330106-2026-\d{6}$/);
    expect(res.headers.location).toBe(`/applications/${caseId}`);
    expect(res.body.status).toBe('DRAFT');
  });

  it('a second application naming a member of the open case is refused with 409 naming the case number', async () => {
    const { body } = singlePerson('903');
    body.household.members.push({ ...completeApplicationBody().household.members[2]!, relation: 'CHILD' });
    body.identityDocuments = [];
    const otherCase = '33333333-3333-4333-8333-333333333333';
    const res = await http().post('/applications').set('Authorization', community).send({ ...body, caseId: otherCase });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'resident_in_open_application',
      otherCaseNumbers: [caseNumber],
      errors: [{ field: 'household.members[1].residentId', message: expect.stringContaining(caseNumber) }],
    });
    expect(res.body.detail).toContain(caseNumber);
    expect(JSON.stringify(res.body)).not.toContain(IDS.minor);
    expect(await t.sql(`SELECT * FROM "${t.schema}".case_numbers WHERE case_id = $1`, [otherCase])).toEqual([]);
  });

  it('submitting with two items missing issues one notice listing both', async () => {
    const res = await http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({});
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('AWAITING_MATERIALS');
    expect(res.body.notice.items.map((i: { key: string }) => i.key)).toEqual(['SIGNED_COMMITMENT', `VERIFICATION_CONSENT:${IDS.spouse}`]);
  });

  it('tells the applicant the status and what is missing, by case number and resident ID only', async () => {
    const auditor = `Bearer ${await t.token('auditor')}`;
    const res = await eventually(async () => {
      const r = await http().post('/application-status-checks').set('Authorization', auditor).send({ caseNumber, residentId: IDS.minor });
      expect(r.body.status).toBe('AWAITING_MATERIALS');
      return r;
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      caseNumber,
      status: 'AWAITING_MATERIALS',
      statusLabel: '待补正材料',
      outstandingItems: ['申请人签字的承诺书', expect.stringContaining('李娜')],
    });
    const wrong = await http().post('/application-status-checks').set('Authorization', auditor).send({ caseNumber, residentId: IDS.supporter });
    expect(wrong.status).toBe(404);
    // Scoped to the caller's jurisdiction: another district's counter gets the same 404 as for an unknown number.
    const otherDistrict = `Bearer ${await t.token('street_officer', { jurisdiction: '330105001' })}`;
    const outside = await http().post('/application-status-checks').set('Authorization', otherDistrict).send({ caseNumber, residentId: IDS.minor });
    expect(outside.status).toBe(404);
    expect(JSON.stringify(outside.body)).not.toContain('AWAITING_MATERIALS');
    const ownStreet = `Bearer ${await t.token('street_officer', { jurisdiction: '330106001' })}`;
    expect((await http().post('/application-status-checks').set('Authorization', ownStreet).send({ caseNumber, residentId: IDS.minor })).status).toBe(200);
    const province = `Bearer ${await t.token('auditor', { jurisdiction: '330000' })}`;
    expect((await http().post('/application-status-checks').set('Authorization', province).send({ caseNumber, residentId: IDS.minor })).status).toBe(200);
  });

  it('lists the case in the work queue under awaiting materials', async () => {
    await eventually(async () => {
      const res = await http().get('/work-queue').query({ jurisdiction: '330106001' }).set('Authorization', street);
      expect(res.status).toBe(200);
      expect(res.body.items.filter((i: { queue: string }) => i.queue === 'awaitingMaterials').map((i: { caseNumber: string }) => i.caseNumber)).toContain(caseNumber);
      const one = await http().get('/work-queue').query({ jurisdiction: '330106001', queue: 'awaitingMaterials' }).set('Authorization', street);
      expect(one.body).toMatchObject({ queue: 'awaitingMaterials', page: 1, pageSize: 50, total: one.body.counts.awaitingMaterials });
      expect(one.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(caseNumber);
    });
  });

  it('refuses acceptance while the notice has outstanding items', async () => {
    const res = await http().post(`/applications/${caseId}/acceptance`).set('Authorization', street).send();
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('materials_outstanding');
  });

  it('takes the supplied materials and completes the file', async () => {
    const res = await http()
      .post(`/applications/${caseId}/materials`)
      .set('Authorization', community)
      .send({ documents: [{ itemKey: 'SIGNED_COMMITMENT', documentRef: 'doc:commitment:0002' }], consents: [consentBody(IDS.spouse, '2026-03-02')] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'MATERIALS_SUPPLIED', outstandingItems: [] });
  });

  it('accepts; the acceptance date is the day of acceptance', async () => {
    t.clock.set('2026-03-04T09:00:00+08:00');
    const res = await http().post(`/applications/${caseId}/acceptance`).set('Authorization', street).send();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ACCEPTED', acceptedOn: '2026-03-04', conflictOfInterest: false });
    await eventually(async () => {
      const queue = await http().get('/work-queue').query({ jurisdiction: '330106001' }).set('Authorization', street);
      const today = await http().get('/work-queue').query({ jurisdiction: '330106001', queue: 'acceptedToday' }).set('Authorization', street);
      expect(today.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(caseNumber);
      expect(queue.body.items.find((i: { caseNumber: string }) => i.caseNumber === caseNumber)).toMatchObject({ queue: 'acceptedToday' });
    });
  });

  it('prints the 受理通知书 as PDF: the same case gives the same bytes, and the digest is recorded once', async () => {
    const one = await http().get(`/applications/${caseId}/documents/acceptance-notice`).set('Authorization', street).buffer(true).parse((res, cb) => { const c: Buffer[] = []; res.on('data', (d: Buffer) => c.push(d)); res.on('end', () => cb(null, Buffer.concat(c))); });
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toContain('application/pdf');
    const two = await http().get(`/applications/${caseId}/documents/acceptance-notice`).set('Authorization', street).buffer(true).parse((res, cb) => { const c: Buffer[] = []; res.on('data', (d: Buffer) => c.push(d)); res.on('end', () => cb(null, Buffer.concat(c))); });
    expect((two.body as Buffer).equals(one.body as Buffer)).toBe(true);
    const digest = one.headers['x-document-digest'];
    const issued = await t.store.readStream(`document-${caseId}`);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.data).toMatchObject({ kind: 'ACCEPTANCE_NOTICE', digest });
  });

  it('masks resident IDs (first 6 + last 4) and phone numbers (last 4) unless a purpose is stated; each reveal is logged', async () => {
    const masked = await http().get(`/applications/${caseId}`).set('Authorization', street);
    expect(masked.status).toBe(200);
    const text = JSON.stringify(masked.body);
    for (const id of Object.values(IDS)) expect(text).not.toContain(id);
    expect(text).not.toContain('13800000000');
    const applicant = masked.body.form.household.members.find((m: { relation: string }) => m.relation === 'APPLICANT');
    expect(applicant.residentId).toBe(`${IDS.applicant.slice(0, 6)}********${IDS.applicant.slice(-4)}`);
    expect(masked.body.form.household.phone).toBe('*******0000');
    // A masked read still shows names: it is recorded with the casework purpose.
    const reads = await t.sql<{ purpose: string; channel: string; subject: string }>(`SELECT purpose, channel, subject FROM "${t.schema}".read_log ORDER BY seq`);
    expect(reads.at(-1)).toEqual({ purpose: '受理经办', channel: 'http GET /applications/:caseId', subject: caseId });
    expect(reads.every((r) => r.purpose === '受理经办')).toBe(true); // no reveal yet

    for (const bad of ['', ' x ']) {
      const res = await http().get(`/applications/${caseId}`).query({ reveal: bad }).set('Authorization', street);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('reveal');
    }

    const revealed = await http().get(`/applications/${caseId}`).query({ reveal: '入户调查核实身份' }).set('Authorization', street);
    expect(revealed.status).toBe(200);
    expect(revealed.body.form.household.members.find((m: { relation: string }) => m.relation === 'APPLICANT').residentId).toBe(IDS.applicant);
    expect(revealed.body.form.household.phone).toBe('13800000000');
    expect(revealed.body.form.bankAccount.accountNumber).toBe('6228***********0018'); // still masked for a street officer
    const log = await t.sql<{ actor_role: string; actor_jurisdiction: string; subject: string; purpose: string; channel: string }>(
      `SELECT actor_role, actor_jurisdiction, subject, purpose, channel FROM "${t.schema}".read_log WHERE channel LIKE '%reveal%' ORDER BY seq`,
    );
    expect(log).toEqual([
      { actor_role: 'street_officer', actor_jurisdiction: expect.stringMatching(/^330106/), subject: caseId, purpose: '入户调查核实身份', channel: expect.stringContaining('reveal') },
    ]);
  });

  it('masks the bank account unless a disbursement officer asks to see it, stating why (logged)', async () => {
    const asStreet = await http().get(`/applications/${caseId}`).set('Authorization', street);
    expect(asStreet.status).toBe(200);
    expect(asStreet.body.form.bankAccount.accountNumber).toBe('6228***********0018');
    const disburser = `Bearer ${await t.token('disbursement_officer')}`;
    const asDisbursement = await http().get(`/applications/${caseId}`).set('Authorization', disburser);
    expect(asDisbursement.body.form.bankAccount.accountNumber).toBe('6228***********0018');
    const revealed = await http().get(`/applications/${caseId}`).query({ reveal: '核对银行退回的收款账户' }).set('Authorization', disburser);
    expect(revealed.body.form.bankAccount.accountNumber).toBe('6228480402564890018');
    const [logged] = await t.sql<{ purpose: string; fields: string[] }>(
      `SELECT purpose, fields FROM "${t.schema}".read_log WHERE actor_role = 'disbursement_officer' AND channel LIKE '%reveal%' ORDER BY seq DESC LIMIT 1`,
    );
    expect(logged).toMatchObject({ purpose: '核对银行退回的收款账户' });
    expect(JSON.stringify(logged!.fields)).toContain('form.bankAccount.accountNumber');
  });

  it('finds the case by case number, masked resident ID and applicant name', async () => {
    for (const query of [{ caseNumber }, { residentId: `3301**********${IDS.minor.slice(14)}` }, { residentId: IDS.spouse }, { applicantName: '张伟' }]) {
      await eventually(async () => {
        const res = await http().get('/applications').query(query).set('Authorization', street);
        expect(res.status).toBe(200);
        expect(res.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(caseNumber);
      });
    }
  });

  it('releases the household when the accepted application is withdrawn', async () => {
    const res = await http()
      .post(`/applications/${caseId}/withdrawal`)
      .set('Authorization', community)
      .send({ reason: 'APPLICANT_REQUEST', requestedBy: 'APPLICANT', documentRef: 'doc:withdrawal:1' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('WITHDRAWN');
    expect(await t.sql(`SELECT * FROM "${t.schema}".resident_reservations WHERE case_id = $1`, [caseId])).toEqual([]);
  });
});

describe('the work queue, paged on the server', () => {
  it('pages every queue with LIMIT/OFFSET: { items, total, page, pageSize, counts }, no row twice, none left out', async () => {
    const mine: string[] = [];
    for (const seq of ['931', '932', '933', '934', '935']) {
      const created = await http().post('/applications').set('Authorization', community).send(singlePerson(seq).body);
      expect(created.status).toBe(201);
      mine.push(created.body.caseNumber);
    }
    await eventually(async () => {
      const all = await http().get('/work-queue').query({ jurisdiction: '330106001', queue: 'drafts', pageSize: 200 }).set('Authorization', street);
      expect(all.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual(expect.arrayContaining(mine));
    });
    const first = await http().get('/work-queue').query({ jurisdiction: '330106001', queue: 'drafts', page: 1, pageSize: 2 }).set('Authorization', street);
    expect(first.status).toBe(200);
    const total: number = first.body.total;
    expect(total).toBe(first.body.counts.drafts);
    expect(total).toBeGreaterThanOrEqual(mine.length);
    expect(first.body).toMatchObject({ queue: 'drafts', page: 1, pageSize: 2 });
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 2); page++) {
      const res = await http().get('/work-queue').query({ jurisdiction: '330106001', queue: 'drafts', page, pageSize: 2 }).set('Authorization', street);
      expect(res.body.items.length).toBe(Math.min(2, total - (page - 1) * 2));
      for (const i of res.body.items) {
        expect(i).toMatchObject({ queue: 'drafts', status: 'DRAFT' });
        seen.push(i.caseNumber);
      }
    }
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual(expect.arrayContaining(mine));
    const past = await http().get('/work-queue').query({ jurisdiction: '330106001', queue: 'drafts', page: Math.ceil(total / 2) + 1, pageSize: 2 }).set('Authorization', street);
    expect(past.body).toMatchObject({ items: [], total });
    // Every queue at once: the total is the sum of the counts.
    const every = await http().get('/work-queue').query({ jurisdiction: '330106001', pageSize: 1 }).set('Authorization', street);
    const counts = every.body.counts as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual(['acceptedToday', 'awaitingMaterials', 'drafts', 'readyForAcceptance']);
    expect(every.body.total).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(every.body.items).toHaveLength(1);
  });

  it.each([
    [{ page: '0' }, 'page'],
    [{ page: 'abc' }, 'page'],
    [{ pageSize: '0' }, 'pageSize'],
    [{ pageSize: '201' }, 'pageSize'],
    [{ pageSize: '2.5' }, 'pageSize'],
    [{ queue: 'everything' }, 'queue'],
  ])('refuses %p with 400 problem+json naming %s', async (params, field) => {
    const res = await http().get('/work-queue').query({ jurisdiction: '330106001', ...params }).set('Authorization', street);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('concurrency and idempotency', () => {
  it('of two concurrent commands on one case, one wins and the other gets 409', async () => {
    const { body } = singlePerson('904');
    const created = await http().post('/applications').set('Authorization', community).send(body);
    const caseId = created.body.caseId;
    const results = await Promise.all(
      Array.from({ length: 4 }, () => http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({})),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
  });

  it('of two concurrent applications naming the same person, one gets the reservation', async () => {
    const a = singlePerson('905');
    const results = await Promise.all([
      http().post('/applications').set('Authorization', community).send(a.body),
      http().post('/applications').set('Authorization', community).send(a.body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('a retried creation (same case id) returns the same case number and records nothing twice', async () => {
    const { body } = singlePerson('906');
    const caseId = '44444444-4444-4444-8444-444444444444';
    const first = await http().post('/applications').set('Authorization', community).send({ ...body, caseId });
    const again = await http().post('/applications').set('Authorization', community).send({ ...body, caseId });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.caseNumber).toBe(first.body.caseNumber);
    expect(await t.store.readStream(`application-${caseId}`)).toHaveLength(1);
  });
});

describe('leads (主动发现)', () => {
  it('lists a lead without an outcome as overdue after its due date, per jurisdiction', async () => {
    t.clock.set('2026-03-02T10:00:00+08:00');
    const res = await http()
      .post('/leads')
      .set('Authorization', community)
      .send({
        source: 'HOTLINE',
        sourceRef: '12345-0001',
        jurisdiction: '330106001001',
        subject: { name: '赵大爷', address: '北山街道某社区3幢' },
        reporter: { name: '邻居王阿姨', phone: '13900000000' },
        hardships: ['ELDERLY_LIVING_ALONE'],
        urgency: 'ROUTINE',
        description: '独居老人，行动不便',
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'REPORTED', dueOn: '2026-03-05' });
    t.clock.set('2026-03-06T09:00:00+08:00');
    await eventually(async () => {
      const overdue = await http().get('/leads/overdue').query({ jurisdiction: '330106001' }).set('Authorization', street);
      expect(overdue.status).toBe(200);
      expect(overdue.body.items).toEqual([expect.objectContaining({ leadId: res.body.leadId, dueOn: '2026-03-05', daysOverdue: 1 })]);
    });
    const lead = await http().get(`/leads/${res.body.leadId}`).set('Authorization', street);
    expect(JSON.stringify(lead.body)).not.toContain('王阿姨');

    const contacted = await http()
      .post(`/leads/${res.body.leadId}/contacts`)
      .set('Authorization', community)
      .send({ contactedOn: '2026-03-06', note: '已上门' });
    expect(contacted.status).toBe(200);
    await eventually(async () => {
      const after = await http().get('/leads/overdue').query({ jurisdiction: '330106001' }).set('Authorization', street);
      expect(after.body.items).toEqual([]);
    });
  });

  it('an application made from a lead uses its reserved case id and converts the lead', async () => {
    t.clock.set('2026-03-02T10:00:00+08:00');
    const lead = await http()
      .post('/leads')
      .set('Authorization', community)
      .send({
        source: 'GRID_WORKER',
        jurisdiction: '330106001001',
        subject: { name: '测试907', address: '北山街道某社区5幢' },
        hardships: ['LOSS_OF_INCOME'],
        urgency: 'URGENT',
        description: '失业，无收入来源',
      });
    const { body } = singlePerson('907');
    const created = await http().post('/applications').set('Authorization', community).send({ ...body, leadId: lead.body.leadId });
    expect(created.status).toBe(201);
    expect(created.body.caseId).toBe(lead.body.caseId);
    const after = await http().get(`/leads/${lead.body.leadId}`).set('Authorization', street);
    expect(after.body.status).toBe('CONVERTED');
  });
  it('lists the leads of a jurisdiction on the server, paged: overdue first, then urgent, then by due date', async () => {
    t.clock.set('2026-03-09T10:00:00+08:00');
    const report = (name: string, urgency: string) =>
      http()
        .post('/leads')
        .set('Authorization', community)
        .send({
          source: 'GRID_WORKER',
          jurisdiction: '330106001001',
          subject: { name, address: '北山街道某社区7幢' },
          hardships: ['ELDERLY_LIVING_ALONE'],
          urgency,
          description: '网格员走访发现',
        });
    const routine = (await report('钱奶奶', 'ROUTINE')).body;
    const urgent = (await report('孙大伯', 'URGENT')).body;
    const all = await eventually(async () => {
      const res = await http().get('/leads').query({ jurisdiction: '330106001', limit: 100 }).set('Authorization', street);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { leadId: string }) => i.leadId)).toEqual(expect.arrayContaining([routine.leadId, urgent.leadId]));
      return res.body;
    });
    const ids = all.items.map((i: { leadId: string }) => i.leadId);
    expect(ids.indexOf(urgent.leadId)).toBeLessThan(ids.indexOf(routine.leadId));
    expect(all.items.find((i: { leadId: string }) => i.leadId === urgent.leadId)).toMatchObject({ subjectName: '孙大伯', status: 'REPORTED', urgency: 'URGENT', overdue: false });
    // Open ones only (reported or contacted), and the reporter of the hotline lead is never listed.
    expect(new Set(all.items.map((i: { status: string }) => i.status))).toEqual(new Set(['REPORTED', 'CONTACTED']));
    expect(JSON.stringify(all)).not.toContain('王阿姨');
    expect(all).toMatchObject({ status: 'OPEN', total: all.items.length, limit: 100, offset: 0 });

    const second = await http().get('/leads').query({ jurisdiction: '330106001', limit: 1, offset: 1 }).set('Authorization', street);
    expect(second.body).toMatchObject({ total: all.total, limit: 1, offset: 1, items: [{ leadId: ids[1] }] });
    const past = await http().get('/leads').query({ jurisdiction: '330106001', offset: 1000 }).set('Authorization', street);
    expect(past.body).toMatchObject({ total: all.total, items: [] });

    const converted = await http().get('/leads').query({ jurisdiction: '330106001', status: 'CONVERTED' }).set('Authorization', street);
    expect(converted.body.items).toEqual([expect.objectContaining({ status: 'CONVERTED', subjectName: '测试907', convertedCaseNumber: expect.stringMatching(/^\d{6}-\d{4}-\d{6}$/) })]);

    const bad = await http().get('/leads').query({ jurisdiction: '330106001', status: 'DONE', limit: 500 }).set('Authorization', street);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'status']);
    const outside = await http().get('/leads').query({ jurisdiction: '330107' }).set('Authorization', street);
    expect(outside.status).toBe(403);
  });
});

describe('conflict of interest', () => {
  it("flags an application whose member is an officer's declared close relative", async () => {
    const { id, body } = singlePerson('908');
    const officer = `Bearer ${await t.token('community_officer', { sub: 'officer-chen' })}`;
    const declared = await http()
      .post('/officers/me/close-relatives')
      .set('Authorization', officer)
      .send({ officerName: '陈主任', officialRole: 'COMMUNITY_COMMITTEE_MEMBER', relativeResidentId: id, relativeName: '测试908', relation: 'SIBLING' });
    expect(declared.status).toBe(201);
    await eventually(async () => expect(await t.sql(`SELECT 1 FROM "${t.schema}".declared_relatives`)).toHaveLength(1));
    const created = await http().post('/applications').set('Authorization', community).send(body);
    const submitted = await http().post(`/applications/${created.body.caseId}/submission`).set('Authorization', community).send({});
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', conflictOfInterest: true });
  });

  it('shows an officer their own declarations in force, the relative’s ID masked, and nobody else’s', async () => {
    t.clock.set('2026-03-09T10:00:00+08:00');
    const id = residentId('330106', '19700101', '909');
    const officer = `Bearer ${await t.token('community_officer', { sub: 'officer-zhou' })}`;
    const other = `Bearer ${await t.token('community_officer', { sub: 'officer-wu' })}`;
    const declared = await http()
      .post('/officers/me/close-relatives')
      .set('Authorization', officer)
      .send({ officerName: '周专干', officialRole: 'CASEWORKER', relativeResidentId: id, relativeName: '周母', relation: 'PARENT' });
    expect(declared.status).toBe(201);
    const mine = await http().get('/officers/me/close-relatives').set('Authorization', officer);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      officerId: 'officer-zhou',
      items: [{ relativeResidentIdMasked: `${id.slice(0, 4)}**********${id.slice(14)}`, relativeName: '周母', relation: 'PARENT', officialRole: 'CASEWORKER', declaredOn: '2026-03-09' }],
    });
    expect(JSON.stringify(mine.body)).not.toContain(id);
    expect((await http().get('/officers/me/close-relatives').set('Authorization', other)).body.items).toEqual([]);
    const withdrawn = await http().post('/officers/me/close-relatives/withdrawal').set('Authorization', officer).send({ relativeResidentId: id, reason: '备案有误' });
    expect(withdrawn.status).toBe(200);
    expect((await http().get('/officers/me/close-relatives').set('Authorization', officer)).body.items).toEqual([]);
  });
});
