/**
 * Caseload impact of a new standard (issue #14 item 6) over HTTP on the real AppModule, real
 * PostgreSQL (own schemas, dropped afterwards) and real Kafka: a handful of cases whose histories the
 * pure decider produced are appended to the real store; a policy_admin evaluates a draft (counts, cost,
 * the stored per-case list, CSV and xlsx export), publishes it, proposes the re-determinations (twice:
 * nothing new), the proposer is refused as decider (403, nothing recorded), the county approves a batch
 * and rejects another; the approvals go out as BenefitChanged on sa.eligibility.events.
 */
import { decodeKafkaMessage, TOPICS } from '@sa/contracts';
import type { EventStore } from '@sa/eventstore';
import { createKafka, ensureTopics, silentLogger, startGroupAtEnd } from '@sa/messaging';
import { AdjustableClock } from '@sa/time';
import ExcelJS from 'exceljs';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_POLICY_VERSION, type ReviewCaseEvent } from '../src/domain';
import { decideCase, history, notice, open, opinion, receiveFacts, submit, visit } from '../src/domain/__tests__/review-case-fixtures';
import { isCiphertext } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import type { Pool } from 'pg';
import { eventually, startEligibility, type EligibilityTestApp, type Role } from './support/eligibility-app';

jest.setTimeout(240_000);

const SUFFIX = randomBytes(4).toString('hex');
const READER_GROUP = `eligibility-impact-reader-${SUFFIX}`;
// 09:00 in Asia/Shanghai on 5 June 2026
const clock = new AdjustableClock(new Date('2026-06-05T01:00:00Z'));

let service: EligibilityTestApp;
let store: EventStore;
let reader: Consumer;
const published: KafkaMessage[] = [];
let admin: string, adminAsCounty: string, county: string, outsiderAdmin: string;

const token = (role: Role, sub: string, jurisdiction: string) => service.token(role, sub, jurisdiction);
const post = (path: string, t: string, body: object) => service.post(path, t, body);
const get = (path: string, t: string) => service.get(path, t);
const seed = (caseId: string, events: ReviewCaseEvent[]) => service.seed(caseId, events);

/** The draft: 低保标准 ¥1,000 → ¥1,100 from 1 June 2026 (every other parameter as in force). */
const DRAFT = { ...DEFAULT_POLICY_VERSION, version: '330106-2026-06', effectiveFrom: '2026-06-01', parameters: { ...DEFAULT_POLICY_VERSION.parameters, subsistenceStandard: 110000 } };



const number = (n: number) => `330106-2026-${String(n).padStart(6, '0')}`;
/** An approved 低保 case (per capita income = wages / 3; ¥1,800 wages → ¥1,300 a month). */
const approved = (caseId: string, caseNumber: string, wages: number) =>
  history(open({ caseId, caseNumber }), receiveFacts(wages, { caseId }), visit(), opinion(), notice(), submit(), decideCase());
const refused = (caseId: string, caseNumber: string, wages: number) =>
  history(open({ caseId, caseNumber }), receiveFacts(wages, { caseId }), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }), decideCase({ outcome: 'REFUSE', recipient: null, on: '2026-03-09' }));

const cases = {
  a: { id: randomUUID(), number: number(1), wages: 180000 }, // ¥1,300 → ¥1,610
  b: { id: randomUUID(), number: number(2), wages: 150000 }, // ¥1,600 → ¥1,910
  c: { id: randomUUID(), number: number(3), wages: 210000 }, // ¥1,000 → ¥1,310
  refusedRecent: { id: randomUUID(), number: number(4), wages: 315000 }, // per capita ¥1,050: refused under ¥1,000, eligible under ¥1,100
  refusedOld: { id: randomUUID(), number: number(5), wages: 315000 },
  outside: { id: randomUUID(), number: '330105-2026-000006', wages: 180000 },
};

beforeAll(async () => {
  const kafka = createKafka({ clientId: `eligibility-impact-test-${SUFFIX}`, logger: silentLogger });
  await ensureTopics(kafka, Object.values(TOPICS));
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await startGroupAtEnd(kafkaAdmin, READER_GROUP, TOPICS.eligibility); // only this test's events
  await kafkaAdmin.disconnect();
  reader = kafka.consumer({ groupId: READER_GROUP });
  await reader.connect();
  await reader.subscribe({ topic: TOPICS.eligibility });
  await reader.run({ eachMessage: async ({ message }) => void published.push(message) });
  service = await startEligibility('impact', { clock });
  store = service.store;
  admin = await token('policy_admin', 'policy-330106', '330106');
  adminAsCounty = await token('county_approver', 'policy-330106', '330106');
  county = await token('county_approver', 'officer-county-003', '330106');
  outsiderAdmin = await token('policy_admin', 'policy-330105', '330105');
  for (const k of ['a', 'b', 'c'] as const) await seed(cases[k].id, approved(cases[k].id, cases[k].number, cases[k].wages));
  await seed(cases.refusedRecent.id, refused(cases.refusedRecent.id, cases.refusedRecent.number, cases.refusedRecent.wages));
  // decided more than 12 months before 5 June 2026: outside the default window
  await seed(
    cases.refusedOld.id,
    refused(cases.refusedOld.id, cases.refusedOld.number, cases.refusedOld.wages).map((e) =>
      e.type === 'CaseRefused' ? ({ ...e, data: { ...e.data, decidedOn: '2025-03-10' } } as ReviewCaseEvent) : e,
    ),
  );
  const outside = approved(cases.outside.id, cases.outside.number, cases.outside.wages).map((e) =>
    e.type === 'ReviewCaseOpened' ? ({ ...e, data: { ...e.data, jurisdiction: '330105001001' } } as ReviewCaseEvent) : e,
  );
  await seed(cases.outside.id, outside);
  // The global log is read below the oldest open transaction of the server (other sessions): wait until it shows every seeded event.
  const seeded = (await Promise.all(Object.values(cases).map((c) => store.readStream(`reviewCase-${c.id}`)))).flat().length;
  await eventually('the seeded cases in the global log', async () =>
    (await store.readAll({ filter: { streamCategories: ['reviewCase'] }, maxCount: 1000 })).length >= seeded ? true : undefined,
  );
});

afterAll(async () => {
  await service?.close();
  await reader?.disconnect().catch(() => undefined);
});

describe('POST /policies/impact', () => {
  let impactId: string;

  it('refuses an invalid draft with 400 naming each field, and records nothing', async () => {
    const bad = { ...DRAFT, parameters: { ...DRAFT.parameters, subsistenceStandard: -5, unknownThing: 1 } };
    const res = await post('/policies/impact', admin, bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['parameters.subsistenceStandard', 'parameters.unknownThing']));
    expect((await post('/policies/impact?refusalMonths=0', admin, DRAFT)).body.errors).toEqual([{ field: 'refusalMonths', message: expect.any(String) }]);
    expect((await store.readAll({ filter: { streamCategories: ['policyImpact'] } })).length).toBe(0);
  });

  it('refuses a draft of another division (403)', async () => {
    expect((await post('/policies/impact', outsiderAdmin, DRAFT)).status).toBe(403);
  });

  it('evaluates every case of the division: counts, monthly cost before and after, an impact id', async () => {
    const res = await post('/policies/impact', admin, DRAFT);
    expect(res.status).toBe(201);
    impactId = res.body.impactId;
    expect(res.body).toMatchObject({
      policyVersion: '330106-2026-06',
      jurisdiction: '330106',
      evaluatedOn: '2026-06-05',
      refusalMonths: 12,
      refusedSince: '2025-06-05',
      counts: { INCREASE: 3, DECREASE: 0, UNCHANGED: 0, TAPER: 0, TERMINATE: 0, NEWLY_ELIGIBLE: 1, STILL_REFUSED: 0, NOT_ASSESSABLE: 0 },
      monthlyCostBeforeFen: 130000 + 160000 + 100000,
      monthlyCostAfterFen: 161000 + 191000 + 131000,
      monthlyCostChangeFen: 93000,
      cases: 4,
    });
    // per capita ¥1,050 under ¥1,100: 20 % minimum (¥220) × 3 + ¥110 supplement = ¥770
    expect(res.body.newlyEligibleMonthlyFen).toBe(77000);
    const [recorded] = await store.readStream(`policyImpact-${impactId}`);
    expect(recorded).toMatchObject({ type: 'PolicyImpactEvaluated', data: { impactId, counts: { INCREASE: 3 } }, metadata: { actor: { id: 'policy-330106', role: 'policy_admin' }, policyVersion: '330106-2026-06' } });
    // the old refusal counts with a 16-month window
    const wider = await post('/policies/impact?refusalMonths=16', admin, DRAFT);
    expect(wider.body.counts.NEWLY_ELIGIBLE).toBe(2);
  });

  it('honours Idempotency-Key: the same key twice → one evaluation, the same answer', async () => {
    const key = `impact-${randomUUID()}`;
    const one = await post('/policies/impact', admin, DRAFT).set('Idempotency-Key', key);
    const two = await post('/policies/impact', admin, DRAFT).set('Idempotency-Key', key);
    expect(one.status).toBe(201);
    expect(two.status).toBe(201);
    expect(two.headers['idempotent-replayed']).toBe('true');
    expect(two.body.impactId).toBe(one.body.impactId);
    expect(await store.readStream(`policyImpact-${one.body.impactId}`)).toHaveLength(1);
  });

  it('pages the stored per-case list by outcome, with before/after and the explanation lines', async () => {
    const page = await get(`/policies/impact/${impactId}/cases?outcome=INCREASE&page=1&pageSize=2`, county);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.body.items).toEqual([
      expect.objectContaining({ caseId: cases.a.id, caseNumber: cases.a.number, outcome: 'INCREASE', beforeFen: 130000, afterFen: 161000, changeFen: 31000 }),
      expect.objectContaining({ caseId: cases.b.id, beforeFen: 160000, afterFen: 191000 }),
    ]);
    expect(page.body.items[0].explanation[0]).toBe('月保障金由 1,300.00 元 调整为 1,610.00 元（增加 310.00 元）');
    // Stored, each case's lines (its members' figures as the rules used them) are one sealed value (issue 18).
    const { rows } = await service.app.get<Pool>(PG_POOL).query(`SELECT explanation FROM "eligibility_impact_${service.suffix}".policy_impact_cases WHERE impact_id = $1`, [impactId]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(isCiphertext(r.explanation)).toBe(true);
    const second = await get(`/policies/impact/${impactId}/cases?outcome=INCREASE&page=2&pageSize=2`, county);
    expect(second.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([cases.c.id]);
    const newly = await get(`/policies/impact/${impactId}/cases?outcome=NEWLY_ELIGIBLE`, admin);
    expect(newly.body.items).toEqual([expect.objectContaining({ caseId: cases.refusedRecent.id, beforeFen: 0, afterFen: 77000 })]);
    expect((await get(`/policies/impact/${impactId}/cases?outcome=MORE`, admin)).status).toBe(400);
    expect((await get(`/policies/impact/${impactId}/cases`, outsiderAdmin)).status).toBe(403);
    expect((await get(`/policies/impact/${randomUUID()}/cases`, admin)).status).toBe(404);
  });

  it('GET /policies/impact lists the evaluations of the jurisdiction, newest first, paged; bad or unknown parameters → 400', async () => {
    const all = await get('/policies/impact', county);
    expect(all.status).toBe(200);
    // three evaluations so far: the first, the 16-month window, the idempotent one
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    const created = all.body.items.map((i: { createdAt: string }) => i.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    expect(all.body.items[2]).toEqual({
      impactId,
      jurisdiction: '330106',
      policyVersion: '330106-2026-06',
      evaluatedOn: '2026-06-05',
      createdAt: expect.any(String),
      counts: expect.objectContaining({ INCREASE: 3, NEWLY_ELIGIBLE: 1 }),
      cases: 4,
      monthlyCostBeforeFen: 390000,
      monthlyCostAfterFen: 483000,
      monthlyCostChangeFen: 93000,
      newlyEligibleMonthlyFen: 77000,
      changedCases: 3,
      openRedeterminations: 0,
      decidedCases: 0,
    });
    const second = await get('/policies/impact?page=2&pageSize=2', admin);
    expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.body.items.map((i: { impactId: string }) => i.impactId)).toEqual([impactId]);
    expect((await get('/policies/impact', outsiderAdmin)).body).toMatchObject({ total: 0, items: [] });
    const bad = await get('/policies/impact?page=0&pageSize=500', county);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['page', 'pageSize']);
    expect((await get('/policies/impact?status=open', county)).status).toBe(400);
  });

  it('exports the list as CSV and as xlsx (streamed)', async () => {
    const csv = await get(`/policies/impact/${impactId}/cases.csv`, admin);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('案件编号,行政区划,救助类别,测算结果,现月保障金（元）,新标准月保障金（元）,变化（元）,说明');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`${cases.a.number},330106001001,最低生活保障,增发,1300.00,1610.00,310.00,`);
    const xlsx = await get(`/policies/impact/${impactId}/cases.xlsx?outcome=NEWLY_ELIGIBLE`, admin)
      .buffer(true)
      .parse((r, cb) => {
        const c: Buffer[] = [];
        r.on('data', (d: Buffer) => c.push(d));
        r.on('end', () => cb(null, Buffer.concat(c)));
      });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(1).value).toBe(cases.refusedRecent.number);
    expect(ws.getRow(2).getCell(6).value).toBe(770);
  });

  describe('after publication', () => {
    it('refuses proposals while the published version is not the evaluated draft', async () => {
      expect((await post('/policies/330106-2026-06/redeterminations', admin, {})).status).toBe(404); // not published yet
      const published = await post('/policies/district-330106/versions', admin, { ...DRAFT, reason: '2026年6月起低保标准调整为每人每月1100元' });
      expect(published.status).toBe(201);
      await eventually('the published version in the catalogue', async () => ((await get('/policies/versions/330106-2026-06', admin)).status === 200 ? true : undefined));
      const other = await post('/policies/impact', admin, { ...DRAFT, parameters: { ...DRAFT.parameters, subsistenceStandard: 111000 } });
      const res = await post('/policies/330106-2026-06/redeterminations', admin, { impactId: other.body.impactId });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('impact_draft_differs');
    });

    it('creates one proposal per changed case (an event on the case stream), and nothing new the second time', async () => {
      const first = await post('/policies/330106-2026-06/redeterminations', admin, { impactId });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ policyVersion: '330106-2026-06', impactId, proposed: 3, alreadyProposed: 0, unchanged: 0, skipped: [] });
      const events = await store.readStream(`reviewCase-${cases.b.id}`);
      const last = events[events.length - 1]!;
      expect(last).toMatchObject({
        type: 'StandardRedeterminationProposed',
        data: { impactId, policyVersion: '330106-2026-06', previousMonthlyAmountFen: 160000, monthlyAmountFen: 191000, changeType: 'INCREASE', proposal: { proposedBy: { id: 'policy-330106', role: 'policy_admin' } } },
        metadata: { actor: { id: 'policy-330106' }, policyVersion: '330106-2026-06', impactId },
      });
      const again = await post('/policies/330106-2026-06/redeterminations', admin, { impactId });
      expect(again.body).toMatchObject({ proposed: 0, alreadyProposed: 3 });
      expect((await store.readStream(`reviewCase-${cases.b.id}`)).length).toBe(events.length);
      // the county approver's list shows them open (from the review-case read model)
      await eventually('three open re-determinations on the impact list', async () => {
        const listed = (await get('/policies/impact', county)).body.items.find((i: { impactId: string }) => i.impactId === impactId);
        return listed?.openRedeterminations === 3 ? listed : undefined;
      });
    });

    it('four eyes: the proposer may not decide — 403 naming each case, nothing recorded', async () => {
      const before = (await store.readStream(`reviewCase-${cases.a.id}`)).length;
      const res = await post('/policies/330106-2026-06/redeterminations/decisions', adminAsCounty, { caseIds: [cases.a.id, cases.b.id], decision: 'APPROVE', reason: '同意' });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('decider_is_proposer');
      expect(res.body.errors).toEqual([
        { field: 'caseIds[0]', message: expect.stringContaining('decider_is_proposer') },
        { field: 'caseIds[1]', message: expect.stringContaining('decider_is_proposer') },
      ]);
      expect((await store.readStream(`reviewCase-${cases.a.id}`)).length).toBe(before);
    });

    it('refuses a batch with a case without a proposal (all or nothing) and bad input (400)', async () => {
      const res = await post('/policies/330106-2026-06/redeterminations/decisions', county, { caseIds: [cases.a.id, cases.refusedRecent.id], decision: 'APPROVE', reason: '同意' });
      expect(res.status).toBe(409);
      expect(res.body.errors).toEqual([{ field: 'caseIds[1]', message: expect.stringContaining('no_redetermination') }]);
      const bad = await post('/policies/330106-2026-06/redeterminations/decisions', county, { caseIds: ['x'], decision: 'MAYBE' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['caseIds', 'decision', 'reason']));
    });

    it('the county approves a batch: BenefitChangeDecided per case, published as BenefitChanged; rejects another', async () => {
      const res = await post('/policies/330106-2026-06/redeterminations/decisions', county, { caseIds: [cases.a.id, cases.b.id], decision: 'APPROVE', reason: '按新低保标准统一调整，经审核确认', evidenceRefs: ['doc:policy/330106-2026-06'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ decision: 'APPROVE', decided: 2 });
      expect(res.body.cases).toEqual([
        expect.objectContaining({ caseId: cases.a.id, event: 'BenefitChangeDecided', changeType: 'INCREASE', monthlyAmountFen: 161000 }),
        expect.objectContaining({ caseId: cases.b.id, event: 'BenefitChangeDecided', changeType: 'INCREASE', monthlyAmountFen: 191000 }),
      ]);
      const events = await store.readStream(`reviewCase-${cases.a.id}`);
      expect(events[events.length - 1]).toMatchObject({
        type: 'BenefitChangeDecided',
        data: { previousMonthlyAmountFen: 130000, monthlyAmountFen: 161000, effectiveMonth: '2026-07', policyVersion: '330106-2026-06', decidedBy: { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' }, proposedBy: { id: 'policy-330106' }, decisionReason: '按新低保标准统一调整，经审核确认' },
        metadata: { actor: { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' }, reason: '按新低保标准统一调整，经审核确认', evidenceRefs: ['doc:policy/330106-2026-06'], policyVersion: '330106-2026-06' },
      });
      const rejected = await post('/policies/330106-2026-06/redeterminations/decisions', county, { caseIds: [cases.c.id], decision: 'REJECT', reason: '家庭情况待重新核查，暂不调整' });
      expect(rejected.status).toBe(201);
      expect(rejected.body.cases).toEqual([expect.objectContaining({ caseId: cases.c.id, event: 'BenefitChangeRejected' })]);
      const c = await store.readStream(`reviewCase-${cases.c.id}`);
      expect(c[c.length - 1]).toMatchObject({ type: 'BenefitChangeRejected', data: { monthlyAmountFen: 100000, proposedMonthlyAmountFen: 131000, decidedBy: { id: 'officer-county-003' }, reason: '家庭情况待重新核查，暂不调整' } });

      const changed = await eventually('BenefitChanged of both cases on Kafka', async () => {
        const found = published
          .map((m) => decodeKafkaMessage({ key: m.key, value: m.value, headers: m.headers }))
          .filter((d) => d.ok && d.event.type === 'BenefitChanged')
          .map((d) => (d.ok ? (d.event.data as { caseId: string; monthlyAmountFen?: number; policyVersion: string; trigger: { kind: string } }) : null)!);
        return found.length >= 2 ? found : undefined;
      });
      expect(changed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ caseId: cases.a.id, monthlyAmountFen: 161000, policyVersion: '330106-2026-06', trigger: expect.objectContaining({ kind: 'POLICY_CHANGE' }) }),
          expect.objectContaining({ caseId: cases.b.id, monthlyAmountFen: 191000 }),
        ]),
      );
      expect(changed.some((e) => e.caseId === cases.c.id)).toBe(false);
      const listed = await eventually('the decisions on the impact list', async () => {
        const item = (await get('/policies/impact', county)).body.items.find((i: { impactId: string }) => i.impactId === impactId);
        return item?.openRedeterminations === 0 ? item : undefined;
      });
      expect(listed).toMatchObject({ changedCases: 3, openRedeterminations: 0, decidedCases: 2 });
      // The version's round: both proposal runs and the two batches decided; the refused batches recorded nothing.
      const round = await store.readStream('redeterminationRound-330106-2026-06');
      expect(round.map((e) => [e.type, (e.data as { run?: number; decision?: string }).run ?? (e.data as { decision?: string }).decision])).toEqual([
        ['RedeterminationRunRecorded', 1],
        ['RedeterminationRunRecorded', 2],
        ['RedeterminationDecisionsRecorded', 'APPROVE'],
        ['RedeterminationDecisionsRecorded', 'REJECT'],
      ]);
      expect(round[2]).toMatchObject({ data: { caseIds: [cases.a.id, cases.b.id], decidedBy: { id: 'officer-county-003' } }, metadata: { actor: { id: 'officer-county-003' } } });
    });
  });
});
