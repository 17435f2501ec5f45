/**
 * Eligibility's printable documents over HTTP (real AppModule, supertest) on real PostgreSQL and
 * real Kafka: 审批决定书 (approval and refusal), 变更/停发通知书 and the community's 公示名单, rendered
 * from the case's events only. The cases' histories are produced by the pure decider (the worked
 * example of DOMAIN-RULES) and appended to the real event store; the PDFs' text is read back with
 * pdftotext (deploy/documents/prerequisites.sh); two generations are byte-identical and the digest
 * is recorded as DocumentIssued once.
 */
import type { KeyStore } from '@sa/crypto';
import { ProjectionProcessor, type EventStore } from '@sa/eventstore';
import { KEY_STORE } from '@sa/platform';
import { AdjustableClock } from '@sa/time';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReviewCaseCommand, ReviewCaseEvent } from '../src/domain';
import {
  A,
  COUNTY,
  decideCase,
  history,
  notice,
  open,
  opinion,
  policy,
  policyWith,
  PROPOSER,
  receiveFacts,
  submit,
  SYSTEM,
  visit, meta } from '../src/domain/__tests__/review-case-fixtures';
import { startEligibility, type EligibilityTestApp, type Role } from './support/eligibility-app';

jest.setTimeout(240_000);

/** The 公示名单 test's own community (the other tests' cases live in the fixtures' 330106001001). */
const LIST_COMMUNITY = '330106001002';
const clock = new AdjustableClock(new Date('2026-06-20T01:00:00Z'));

let service: EligibilityTestApp;
let store: EventStore;
let street: string, county: string, community: string, outsider: string, auditor: string;

const token = (role: Role, sub: string, jurisdiction: string) => service.token(role, sub, jurisdiction);
const seed = (caseId: string, events: ReviewCaseEvent[]) => service.seed(caseId, events);


/** A home visit by two officers whose jurisdiction covers LIST_COMMUNITY. */
const listVisit = () => visit({ officers: [{ id: 'officer-street-002', jurisdiction: '330106001' }, { id: 'officer-community-004', jurisdiction: LIST_COMMUNITY }] });
const caseNumberOf = () => `330106-2026-${String(Math.floor(Math.random() * 900000) + 100000)}`;
const base = (caseId: string, caseNumber: string) => [open({ caseId, caseNumber }), receiveFacts(180000, { caseId }), visit(), opinion(), notice(), submit()];

function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-doc-'));
  writeFileSync(join(dir, 'a.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function pdf(path: string, auth: string) {
  const res = await service
    .get(path, auth)
    .buffer(true)
    .parse((r, cb) => {
      const c: Buffer[] = [];
      r.on('data', (d: Buffer) => c.push(d));
      r.on('end', () => cb(null, Buffer.concat(c)));
    });
  return res as typeof res & { body: Buffer };
}

const issued = async (caseId: string) => (await store.readStream(`document-${caseId}`).catch(() => [])).map((e) => e.data as { kind: string; digest: string; sizeBytes: number });

beforeAll(async () => {
  service = await startEligibility('docs', { clock });
  store = service.store;
  street = await token('street_officer', 'officer-street-001', '330106001');
  county = await token('county_approver', 'officer-county-003', '330106');
  community = await token('community_officer', 'officer-community-003', LIST_COMMUNITY);
  auditor = await token('auditor', 'auditor-001', '330106');
  outsider = await token('county_approver', 'officer-county-900', '330105');
});

afterAll(() => service?.close());

describe('审批决定书', () => {
  it('approval: amount, programme, start month and members covered; the same bytes twice; the digest recorded once', async () => {
    const caseId = randomUUID();
    const caseNumber = caseNumberOf();
    await seed(caseId, history(...base(caseId, caseNumber), decideCase()));
    const one = await pdf(`/review-cases/${caseId}/documents/decision-letter`, county);
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toContain('application/pdf');
    const two = await pdf(`/review-cases/${caseId}/documents/decision-letter`, auditor);
    expect(two.body.equals(one.body)).toBe(true);
    expect(one.headers['x-document-digest']).toMatch(/^[0-9a-f]{64}$/);
    const text = textOf(one.body);
    expect(text).toContain('审批决定书');
    expect(text).toContain(caseNumber);
    expect(text).toContain('张伟：');
    expect(text).toContain('你户（共3人）符合最低生活保障条件，决定予以批准');
    expect(text).toContain('保障对象：张伟、李娜、张小明（共3人）');
    expect(text).toContain('月保障金额：1300.00元，自2026年4月起按月发放');
    expect(text).toContain('县（市、区）民政局（区划330106）');
    expect(text).toContain('2026年3月16日');
    expect(await issued(caseId)).toEqual([{ caseId, kind: 'APPROVAL_DECISION', title: '审批决定书', reference: caseNumber, issuedOn: '2026-03-16', digest: one.headers['x-document-digest'], sizeBytes: one.body.length }]);
    const listed = await service.get(`/review-cases/${caseId}/documents`, auditor);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ kind: 'APPROVAL_DECISION', digest: one.headers['x-document-digest'], printedBy: expect.objectContaining({ id: 'officer-county-003', role: 'county_approver' }) })]);
  });

  it('refusal: each reason in plain Chinese and the household\'s right to 行政复议 (60 days) / 行政诉讼 (6 months) with the body', async () => {
    const caseId = randomUUID();
    const caseNumber = caseNumberOf();
    const refuse = (c: ReviewCaseCommand): ReviewCaseCommand => c;
    await seed(
      caseId,
      history(
        open({ caseId, caseNumber }),
        receiveFacts(330000, { caseId }),
        visit(),
        opinion({ proposal: 'REFUSE', reasons: [{ code: 'INCOME_ABOVE_STANDARD', description: '家庭月人均收入1100.00元，高于当地低保标准1000.00元' }] }),
        submit(),
        refuse(
          decideCase({
            outcome: 'REFUSE',
            recipient: null,
            reasons: [
              { code: 'INCOME_ABOVE_STANDARD', description: '家庭月人均收入1100.00元，高于当地低保标准1000.00元' },
              { code: 'FALSE_DECLARATION', description: '未申报配偶的个体经营收入' },
            ],
            reason: '经审核，不符合最低生活保障条件',
          }),
        ),
      ),
    );
    const one = await pdf(`/review-cases/${caseId}/documents/decision-letter`, street);
    expect(one.status).toBe(200);
    expect((await pdf(`/review-cases/${caseId}/documents/decision-letter`, street)).body.equals(one.body)).toBe(true);
    const text = textOf(one.body);
    expect(text).toContain('审批决定书（不予批准）');
    expect(text).toContain('决定不予批准');
    expect(text).toContain('1.家庭人均收入高于当地最低生活保障标准：家庭月人均收入1100.00元，高于当地低保标准1000.00元');
    expect(text).toContain('2.隐瞒或虚报家庭收入、财产状况：未申报配偶的个体经营收入');
    expect(text).toContain('六十日内向县（市、区）人民政府（区划330106）申请行政复议');
    expect(text).toContain('六个月内向有管辖权的人民法院提起行政诉讼');
    expect(await issued(caseId)).toEqual([expect.objectContaining({ kind: 'REFUSAL_DECISION', digest: one.headers['x-document-digest'] })]);
    // the read log records what the refusal letter shows: the applicant's name and the written reasons, no members covered
    const reads = await service.app.get<KeyStore>(KEY_STORE).readLog.report({ subjects: [caseId] });
    expect(reads.map((r) => r.fields)).toEqual([['applicantName', 'reasons[]'], ['applicantName', 'reasons[]']]);
  });

  it('an undecided case has no decision letter: 422 problem+json, nothing recorded; another district 403; an unknown case 404', async () => {
    const caseId = randomUUID();
    await seed(caseId, history(...base(caseId, caseNumberOf())));
    const res = await service.get(`/review-cases/${caseId}/documents/decision-letter`, county);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('case_not_decided');
    expect(await issued(caseId)).toEqual([]);
    const decided = randomUUID();
    await seed(decided, history(...base(decided, caseNumberOf()), decideCase()));
    const other = await service.get(`/review-cases/${decided}/documents/decision-letter`, outsider);
    expect(other.status).toBe(403);
    expect(await issued(decided)).toEqual([]);
    const unknown = await service.get(`/review-cases/${randomUUID()}/documents/decision-letter`, county);
    expect(unknown.status).toBe(404);
    const malformed = await service.get(`/review-cases/not-a-uuid/documents/decision-letter`, county);
    expect(malformed.status).toBe(400);
  });
});

describe('accountable reads of the letters (issue #18 item 6)', () => {
  it('each 审批决定书 printed is recorded in the read log: who, case, the fields the letter shows, purpose; a letter not served is not', async () => {
    const keys = service.app.get<KeyStore>(KEY_STORE);
    const caseId = randomUUID();
    await seed(caseId, history(...base(caseId, caseNumberOf()), decideCase()));
    const one = await pdf(`/review-cases/${caseId}/documents/decision-letter?purpose=${encodeURIComponent('补打决定书')}`, county);
    expect(one.status).toBe(200);
    expect(textOf(one.body)).toContain('张伟：');
    const reads = await keys.readLog.report({ subjects: [caseId] });
    expect(reads).toEqual([
      expect.objectContaining({
        actor: { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' },
        subject: caseId,
        fields: ['applicantName', 'membersCovered[]'],
        purpose: '补打决定书',
        channel: 'http GET /review-cases/:caseId/documents/decision-letter',
      }),
    ]);
    const none = await service.get(`/review-cases/${caseId}/documents/benefit-changes/${randomUUID()}`, county);
    expect(none.status).toBe(404);
    const bad = await service.get(`/review-cases/${caseId}/documents/decision-letter?purpose=x`, county);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('purpose');
    expect(await keys.readLog.report({ subjects: [caseId] })).toHaveLength(1);
    expect((await keys.readLog.verify()).ok).toBe(true);
  });
});

describe('变更通知书 / 停发通知书', () => {
  const changeRequestId = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
  const requestChange = (kind: 'RECALCULATE' | 'TERMINATE', wages: number | null): ReviewCaseCommand => ({
    type: 'RequestRedetermination',
    data: {
      changeRequestId,
      origin: 'HOUSEHOLD_REPORT',
      requestedChange: kind,
      trigger: { kind: 'CHANGE_REQUEST', refId: changeRequestId },
      reportedOn: '2026-06-01',
      urgent: false,
      changes: [{ kind: 'INCOME', memberId: A, description: '申请人收入变化' }],
      membersLeft: [],
      membersJoined: [],
      declaredIncome: wages === null ? [] : ['2026-03', '2026-04', '2026-05'].map((month) => ({ memberId: A, type: 'WAGES' as const, month, amountFen: wages })),
    }, metadata: meta(SYSTEM, '2026-06-02'),
  });
  const propose = (code: 'INCOME_INCREASED' | 'HOUSEHOLD_REQUEST', description: string): ReviewCaseCommand => ({
    type: 'ProposeBenefitChange',
    data: { proposalId: 'proposal-1', policy, reason: { code, description } }, metadata: meta(PROPOSER, '2026-06-05'),
  });
  const decideChange = (decisionId: string): ReviewCaseCommand => ({
    type: 'DecideBenefitChange',
    data: { decisionId, policy, reason: '经审核确认' }, metadata: meta(COUNTY, '2026-06-10'),
  });

  it('a decrease states the old and the new amount, the effective month, the reason and the remedies', async () => {
    const caseId = randomUUID();
    const decisionId = randomUUID();
    // Income up from ¥1,800 to ¥2,550 a month: (1000 − 850) < 200 → ¥200 × 3 + ¥100 = ¥700.
    await seed(caseId, history(...base(caseId, caseNumberOf()), decideCase(), requestChange('RECALCULATE', 255000), propose('INCOME_INCREASED', '申请人月工资增加至2550.00元'), decideChange(decisionId)));
    const one = await pdf(`/review-cases/${caseId}/documents/benefit-changes/${decisionId}`, county);
    expect(one.status).toBe(200);
    expect((await pdf(`/review-cases/${caseId}/documents/benefit-changes/${decisionId}`, county)).body.equals(one.body)).toBe(true);
    const text = textOf(one.body);
    expect(text).toContain('变更通知书');
    expect(text).toContain('决定自2026年7月起对你户最低生活保障减发');
    expect(text).toContain('原月保障金额：1300.00元；调整后月保障金额：700.00元');
    expect(text).toContain('1.家庭收入增加：申请人月工资增加至2550.00元');
    expect(text).toContain('六十日内向县（市、区）人民政府（区划330106）申请行政复议');
    expect(text).toContain('提起行政诉讼');
    expect(await issued(caseId)).toEqual([expect.objectContaining({ kind: 'CHANGE_NOTICE', digest: one.headers['x-document-digest'] })]);
    // recorded with what the notice shows: the applicant's name and the change's written reason
    const reads = await service.app.get<KeyStore>(KEY_STORE).readLog.report({ subjects: [caseId] });
    expect(reads.map((r) => r.fields)).toEqual([['applicantName', 'reason.description'], ['applicantName', 'reason.description']]);
  });

  it('a termination is a 停发通知书 with the old amount, ¥0 from the effective month and the remedies; an unknown decision 404', async () => {
    const caseId = randomUUID();
    const decisionId = randomUUID();
    await seed(caseId, history(...base(caseId, caseNumberOf()), decideCase(), requestChange('TERMINATE', null), propose('HOUSEHOLD_REQUEST', '申请人书面申请退出低保'), decideChange(decisionId)));
    const one = await pdf(`/review-cases/${caseId}/documents/benefit-changes/${decisionId}`, street);
    expect(one.status).toBe(200);
    const text = textOf(one.body);
    expect(text).toContain('停发通知书');
    expect(text).toContain('停止发放');
    expect(text).toMatch(/原月保障金额：1300\.00元；自2026年\d+月起月保障金额：0\.00元/);
    expect(text).toContain('本人（户）申请：申请人书面申请退出低保');
    expect(text).toContain('申请行政复议');
    const unknown = await service.get(`/review-cases/${caseId}/documents/benefit-changes/${randomUUID()}`, street);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('公示名单', () => {
  it('lists every household of the community in notice on the day, names masked, no resident ID or health detail; deterministic; recorded on each case', async () => {
    clock.set('2026-03-09T01:00:00Z');
    const first = randomUUID();
    const second = randomUUID();
    const decided = randomUUID();
    const n1 = caseNumberOf();
    const n2 = caseNumberOf();
    await seed(first, history(open({ caseId: first, caseNumber: n1, jurisdiction: LIST_COMMUNITY }), receiveFacts(180000, { caseId: first }), listVisit(), opinion(), notice()));
    await seed(
      second,
      history(
        open({ caseId: second, caseNumber: n2, jurisdiction: LIST_COMMUNITY, household: { applicantMemberId: A, members: [{ memberId: A, name: '欧阳娜娜', relation: 'APPLICANT', birthDate: '1950-01-01', included: true, disability: { grade: 1, category: 'PHYSICAL' }, severeIllness: null, workAbility: 'NONE' }] } }),
        receiveFacts(0, { caseId: second }),
        listVisit(),
        opinion(),
        notice({ on: '2026-03-09' }),
      ),
    );
    const last = await seed(decided, history(open({ caseId: decided, caseNumber: caseNumberOf(), jurisdiction: LIST_COMMUNITY }), receiveFacts(180000, { caseId: decided }), listVisit(), opinion(), notice(), submit(), decideCase()));
    // The list reads the case list (projection) to find candidates, then each case's events: generate it only once
    // the projection has every case (each generation is recorded, so an early, partial list would be recorded too).
    await service.app.get(ProjectionProcessor).waitFor(last, 90_000);
    const one = await pdf(`/public-notice-lists/${LIST_COMMUNITY}?on=2026-03-09`, community);
    expect(one.status).toBe(200);
    const two = await pdf(`/public-notice-lists/${LIST_COMMUNITY}?on=2026-03-09`, street);
    expect(two.body.equals(one.body)).toBe(true);
    const text = textOf(one.body);
    expect(text).toContain('社会救助审核公示名单');
    expect(text).toContain('1.张某，家庭人口3人，最低生活保障，经入户调查和家庭经济状况核对，拟纳入，保障人数3人，月保障金额1300.00元；公示期2026年3月6日至2026年3月12日。');
    expect(text).toMatch(/2\.欧阳某，家庭人口1人，最低生活保障，经入户调查和家庭经济状况核对，拟纳入，保障人数1人，月保障金额[\d.]+元；公示期2026年3月9日至2026年3月15日。/);
    expect(text).toContain('公示期自2026年3月6日至2026年3月15日');
    expect(text).not.toContain('张伟');
    expect(text).not.toContain('娜娜');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toContain('残疾');
    const digest = one.headers['x-document-digest'];
    for (const c of [first, second]) expect(await issued(c)).toEqual([expect.objectContaining({ kind: 'PUBLIC_NOTICE_LIST', digest })]);
    expect(await issued(decided)).toEqual([]);
  });

  it('a community with no notice running is a 404; another jurisdiction 403; a malformed code or date 400', async () => {
    const none = await service.get(`/public-notice-lists/${LIST_COMMUNITY}?on=2027-01-04`, community);
    expect(none.status).toBe(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    const other = await service.get(`/public-notice-lists/330106002001?on=2026-03-09`, community);
    expect(other.status).toBe(403);
    const badDate = await service.get(`/public-notice-lists/${LIST_COMMUNITY}?on=2026-3-9`, community);
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toContain('"on"');
    const street9 = await service.get(`/public-notice-lists/330106001?on=2026-03-09`, street);
    expect(street9.status).toBe(400);
  });
});

describe('一事一议 结果公示 (results notice after a collective decision)', () => {
  /** This test's own community. */
  const RESULTS_COMMUNITY = '330106001003';
  const t = policy.parameters.temporaryAssistance;
  const withCeiling = policyWith({ temporaryAssistance: { ...t, collectiveDecision: { ceilingFen: 3_000_000 } } as typeof t });
  const resultsVisit = () => visit({ officers: [{ id: 'officer-street-002', jurisdiction: '330106001' }, { id: 'officer-community-005', jurisdiction: RESULTS_COMMUNITY }] });
  const temporaryCase = (caseId: string, caseNumber: string, type: 'EMERGENCY' | 'EXPENDITURE', requestedAmountFen: number, decide: Record<string, unknown>) =>
    history(
      open({ caseId, caseNumber, jurisdiction: RESULTS_COMMUNITY, program: 'TEMPORARY_ASSISTANCE', temporaryAssistance: { type, requestedAmountFen, emergencyAdvanceRequested: false } }),
      receiveFacts(180000, { caseId }),
      resultsVisit(),
      opinion(),
      notice(),
      submit(),
      decideCase({ decisionId: randomUUID(), policy: withCeiling, ...decide }),
    );
  const meeting = {
    amountFen: 2_500_000,
    approvers: [
      { id: 'officer-county-001', name: '王局长', position: '局长' },
      { id: 'officer-county-002', name: '刘副局长', position: '分管副局长' },
      { id: 'officer-county-005', name: '陈科长', position: '社会救助科科长' },
    ],
    meetingOn: '2026-03-14',
    minutesRef: 'doc:minutes/2026/局务会-07',
    reason: '患儿白血病，自付医疗费用超过常规救助上限，经局务会集体研究一事一议',
  };
  let resultsOfficer: string;

  it('lists the temporary assistance decided by 一事一议 in the range: 张某, household size, kind of hardship, amount, 经一事一议集体研究决定, date; deterministic; recorded on each listed case', async () => {
    resultsOfficer = await token('community_officer', 'officer-community-005', RESULTS_COMMUNITY);
    clock.set('2026-04-02T01:00:00Z');
    const collective = randomUUID();
    const ordinary = randomUUID();
    const collectiveNumber = caseNumberOf();
    await seed(collective, temporaryCase(collective, collectiveNumber, 'EXPENDITURE', 2_600_000, { collectiveDecision: meeting }));
    // decided by the ordinary path (within the usual cap): not on the results notice
    const last = await seed(ordinary, temporaryCase(ordinary, caseNumberOf(), 'EMERGENCY', 500_000, {}));
    await service.app.get(ProjectionProcessor).waitFor(last, 90_000);

    const path = `/public-notice-lists/${RESULTS_COMMUNITY}/collective-decision-results?from=2026-03-01&to=2026-03-31`;
    const one = await pdf(path, resultsOfficer);
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toMatch(/^application\/pdf/);
    const two = await pdf(path, street);
    expect(two.body.equals(one.body)).toBe(true);
    const text = textOf(one.body);
    expect(text).toContain('临时救助一事一议结果公示');
    expect(text).toContain('2026年3月1日至2026年3月31日');
    expect(text).toContain('1.张某，家庭人口3人，支出型临时救助，救助金额25000.00元，经一事一议集体研究决定，决定日期2026年3月16日。');
    expect(text).not.toContain('2.');
    expect(text).not.toContain('张伟');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toContain('白血病');
    expect(text).not.toContain('6222');
    const digest = one.headers['x-document-digest'];
    expect(await issued(collective)).toEqual([expect.objectContaining({ kind: 'COLLECTIVE_DECISION_RESULTS_LIST', digest })]);
    expect(await issued(ordinary)).toEqual([]);

    // outside the range: none → 404 problem+json, nothing recorded
    const none = await service.get(`/public-notice-lists/${RESULTS_COMMUNITY}/collective-decision-results?from=2026-04-01&to=2026-04-30`, resultsOfficer);
    expect(none.status).toBe(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('bad input is a 400 problem+json naming the field; another jurisdiction 403', async () => {
    const base = `/public-notice-lists/${RESULTS_COMMUNITY}/collective-decision-results`;
    const missing = await service.get(base, resultsOfficer);
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(missing.body)).toContain('"from"');
    expect(JSON.stringify(missing.body)).toContain('"to"');
    const reversed = await service.get(`${base}?from=2026-03-31&to=2026-03-01`, resultsOfficer);
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body)).toContain('"to"');
    const badDate = await service.get(`${base}?from=2026-3-1&to=2026-03-31`, resultsOfficer);
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toContain('"from"');
    const other = await service.get(`/public-notice-lists/330106002001/collective-decision-results?from=2026-03-01&to=2026-03-31`, resultsOfficer);
    expect(other.status).toBe(403);
  });
});
