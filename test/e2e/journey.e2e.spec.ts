/**
 * Cross-service journey: every service a separate `node dist/...` process, over a DEDICATED Kafka
 * broker (ports 29092/29093, data dir .cache/kafka-e2e, reset afterwards) and real PostgreSQL (fresh
 * schemas per run, dropped afterwards), with the verification-platform simulator. Time moves for all
 * processes at once through SA_CLOCK_FILE.
 *
 *   npm run build && npx jest test/e2e --runInBand
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DAY, Journey, atTen, nextMonth } from './support/journey';
import {
  APPLICANT_RESIDENT_ID,
  BANK_ACCOUNT_NUMBER,
  HOUSEHOLD_ADDRESS,
  HOUSEHOLD_DEPOSIT_FEN,
  APPLICANT_RAISED_WAGES_FEN,
  FREE_TEXT_MARKER,
  REASON_MARKER,
  HOUSEHOLD_DEPOSIT_RECORD_REF,
  HOUSEHOLD_BIRTH_DATES,
  HOUSEHOLD_NAMES,
  HOUSEHOLD_PHONE,
  HOUSEHOLD_RESIDENT_IDS,
} from './support/household';
import { KAFKA_PORT, System, TEST_DATABASE_URL, assertBuilt, eventually } from './support/system';
import { Pool } from 'pg';
import { DataKeys, FieldEncryptor, LocalKeyring, SHREDDED } from '@sa/crypto';
import { PostgresEventStore, verifyStore } from '@sa/eventstore';
import { openIntegrationEvent } from '@sa/messaging';
import { call } from './support/api';

import { figureNeedles, kafkaDump, needlesFor, pgDump, readFiles, search, yuanNeedles, type Finding } from './support/leak-search';
import { Chaos } from './support/chaos';

jest.setTimeout(120_000);

beforeAll(async () => {
  assertBuilt();
  await System.kafka('up');
}, 200_000);

afterAll(async () => {
  await System.stopKafka();
}, 120_000);

interface Ctx {
  sys: System;
  j: Journey;
  dueMonth: string;
  reviewId: string;
  taper: { month: string; amountFen: number }[];
  followUpFinal?: any;
  approvalEventId?: string;
  /** The retroactive increase (补发 leg): its decision id. */
  arrearsDecisionId?: string;
}

type Step = [name: string, run: (ctx: Ctx) => Promise<void>];

const STEPS: Step[] = [
  [
    'intake: a community officer records and submits the application, the street officer accepts it',
    async (ctx) => {
      await ctx.j.intake();
      expect(ctx.j.record.caseNumber).toEqual(expect.any(String));
    },
  ],
  [
    'verification: queries to the simulator end in HouseholdVerified; eligibility has the facts',
    async (ctx) => {
      const file = await ctx.j.reviewCaseWithFacts(1);
      expect(file.status).toBe('INVESTIGATING');
      expect(file.verifications).toHaveLength(1);
    },
  ],
  [
    'eligibility: home visit by two officers, initial opinion of ¥1,300 under 330106-2026-01, public notice',
    async (ctx) => {
      const { opinion, notice } = await ctx.j.investigateAndPropose();
      expect(opinion).toMatchObject({ proposedAmountFen: 130000, policyVersion: '330106-2026-01', noticeRequired: true });
      expect(notice.text).toContain('张某');
      expect(notice.text).not.toContain('张伟');
    },
  ],
  [
    'eight days later: submission by the street reviewer, decision by the county approver',
    async (ctx) => {
      await ctx.sys.setNow(new Date(ctx.sys.now().getTime() + 8 * DAY));
      const decision = await ctx.j.submitAndDecide();
      expect(decision).toMatchObject({ status: 'APPROVED', decision: { monthlyAmountFen: 130000, policyVersion: '330106-2026-01', decisionAuthority: 'COUNTY' } });
    },
  ],
  [
    'disbursement: AssistanceGranted registers the entitlement; the start month is paid ¥1,300',
    async (ctx) => {
      const entitlement = await ctx.j.entitlement();
      expect(JSON.stringify(entitlement)).toContain('130000');
      const run = await ctx.j.paymentRun(ctx.j.record.decision!.startMonth);
      expect(run).toMatchObject({ paymentCount: 1, totalAmountFen: 130000 });
    },
  ],
  [
    'follow-up: the case is opened with its first review due',
    async (ctx) => {
      const c = await ctx.j.followUpCase();
      expect(c).toMatchObject({ status: 'ACTIVE', monthlyAmountFen: 130000, reviewDueStatus: 'NOT_DUE' });
      expect(c.nextReviewDueMonth).toBe(nextMonth(ctx.j.record.decision!.startMonth, c.reviewIntervalMonths));
      ctx.dueMonth = c.nextReviewDueMonth;
    },
  ],
  [
    'disbursement: every month up to the review month is paid ¥1,300',
    async (ctx) => {
      // From now on the platform reports higher wages for the applicant (only the re-verification asks again).
      await ctx.j.simulatorIncome(APPLICANT_RESIDENT_ID, APPLICANT_RAISED_WAGES_FEN);
      for (let m = nextMonth(ctx.j.record.decision!.startMonth); m < ctx.dueMonth; m = nextMonth(m)) {
        expect(await ctx.j.paymentRun(m)).toMatchObject({ month: m, paymentCount: 1, totalAmountFen: 130000 });
      }
    },
  ],
  [
    'review month: the scheduler opens the periodic review; re-verification finds the higher wages (report v2)',
    async (ctx) => {
      await ctx.sys.setNow(atTen(`${ctx.dueMonth}-02`));
      const c = await ctx.j.periodicReviewWithReverification();
      expect(c.openReview).toMatchObject({ reviewType: 'PERIODIC', dueMonth: ctx.dueMonth });
      ctx.reviewId = c.openReview.reviewId;
      const file = await ctx.j.reviewCaseWithFacts(2);
      expect(file.verifications).toHaveLength(2);
    },
  ],
  [
    '补发: a decision effective in the month before the review (already paid) raises the amount to ¥1,400 (before the taper is decided); disbursement determines ¥100 of arrears',
    async (ctx) => {
      ctx.arrearsDecisionId = await ctx.j.retroactiveIncrease(nextMonth(ctx.dueMonth, -1), 130000, 140000);
    },
  ],
  [
    'the officer concludes the review with a taper recommendation → ChangeRequested → eligibility re-determines',
    async (ctx) => {
      await ctx.j.concludeReviewWithTaper(ctx.reviewId, ctx.j.record.applicantMemberId!);
      const file = await ctx.j.redeterminationOpened();
      expect(file.redetermination).toBeDefined();
    },
  ],
  [
    'eligibility: proposal by the street officer, county decision: TAPER 100/100/80/80/60/60 % of ¥1,300',
    async (ctx) => {
      const { proposal, decision } = await ctx.j.proposeAndDecideTaper();
      expect(proposal).toMatchObject({ changeType: 'TAPER' });
      ctx.taper = proposal.taperSchedule ?? decision.taperSchedule ?? decision.benefitChange?.taperSchedule;
      if (!ctx.taper) {
        const file = await ctx.j.reviewCase();
        ctx.taper = file.benefit?.taperSchedule ?? file.redetermination?.taperSchedule;
      }
      expect(ctx.taper?.map((t) => t.amountFen)).toEqual([130000, 130000, 104000, 104000, 78000, 78000]);
    },
  ],
  [
    'disbursement pays the review month (¥1,400 and the ¥100 arrears line, traced to the decision) and then the tapered amounts, month by month; nothing after the taper',
    async (ctx) => {
      const first = ctx.taper[0]!.month;
      for (let m = ctx.dueMonth; m < first; m = nextMonth(m)) {
        // The next run after the retroactive increase pays the arrears as a line of its own, once.
        const arrears = m === ctx.dueMonth ? 10000 : 0;
        expect(await ctx.j.paymentRun(m)).toMatchObject({ paymentCount: arrears ? 2 : 1, totalAmountFen: 140000 + arrears });
      }
      const statement = await ctx.j.statement();
      const reviewMonth = statement.months.find((x: { month: string }) => x.month === ctx.dueMonth);
      expect(reviewMonth).toMatchObject({ regularFen: 140000, arrearsPaidFen: 10000, offsetFen: 0, netPaidFen: 150000 });
      expect(reviewMonth.payments.filter((p: { kind: string }) => p.kind === 'ARREARS')).toEqual([expect.objectContaining({ decisionId: ctx.arrearsDecisionId, amountFen: 10000 })]);
      expect(statement.arrears).toEqual([expect.objectContaining({ decisionId: ctx.arrearsDecisionId, determinedFen: 10000, settled: expect.objectContaining({ paidFen: 10000 }) })]);
      for (const { month, amountFen } of ctx.taper) expect(await ctx.j.paymentRun(month)).toMatchObject({ month, paymentCount: 1, totalAmountFen: amountFen });
      const after = await ctx.j.paymentRun(nextMonth(ctx.taper.at(-1)!.month));
      expect(after).toMatchObject({ paymentCount: 0, totalAmountFen: 0 });
    },
  ],
  [
    'follow-up closes the case once the taper has ended',
    async (ctx) => {
      const c = await ctx.j.followUpCase((x) => x.status === 'CLOSED', 30_000);
      expect(c.status).toBe('CLOSED');
      ctx.followUpFinal = c;
    },
  ],
  [
    'the auditor: the case history lists events from every context; the decision explanation re-computes ¥1,300',
    async (ctx) => {
      const history = await ctx.j.auditHistory();
      const events: any[] = Array.isArray(history) ? history : (history.events ?? history.entries ?? history.history ?? []);
      const contexts = new Set(events.map((e) => e.context));
      for (const c of ['intake', 'verification', 'eligibility', 'disbursement', 'follow-up']) expect(contexts).toContain(c);
      const approval = events.find((e) => e.type === 'CaseApproved');
      expect(approval).toMatchObject({ actor: { id: 'officer-county-003', role: 'county_approver' }, policyVersion: '330106-2026-01' });
      const explanation = await ctx.j.auditExplanation(approval.eventId);
      expect(explanation.recordedAmountFen).toBe(130000);
      expect(explanation.recomputation).toMatchObject({ performed: true, consistent: true, differences: [] });
      expect(explanation.recomputation.assessment.monthlyAmountFen).toBe(130000);
      ctx.approvalEventId = approval.eventId;
    },
  ],
  [
    'the auditor CLI prints the case history and the explanation, and the hash chains of the case verify',
    async (ctx) => {
      const cli = (...args: string[]) => auditCli(ctx.sys, args);
      const history = await cli('history', ctx.j.caseId);
      expect(history.code).toBe(0);
      for (const type of ['ApplicationAccepted', 'CaseApproved', 'BenefitChangeDecided']) expect(history.stdout).toContain(type);
      const explained = await cli('explain', ctx.j.caseId, ctx.approvalEventId!, '--json');
      expect(explained.code).toBe(0);
      expect(JSON.parse(explained.stdout)).toMatchObject({ recordedAmountFen: 130000, recomputation: { consistent: true } });
      const verified = await cli('verify', '--case', ctx.j.caseId, '--json');
      expect(verified.code).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
    },
  ],
];

/** Runs the built audit CLI against the journey's event store; resolves with its exit code and output. */
function auditCli(sys: System, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(__dirname, '../../dist/services/audit/src/cli.js'), ...args],
      { env: { ...process.env, ...sys.auditCliEnv() }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** What must be identical between the undisturbed and the disturbed run. */
function outcome(ctx: Ctx) {
  const { caseNumber: _n, caseId: _c, applicantMemberId: _a, notes: _x, ...record } = ctx.j.record;
  const { caseId: _fc, caseNumber: _fn, ...followUp } = ctx.followUpFinal ?? {};
  return { ...record, payments: record.payments.map(({ runId: _r, status: _s, ...p }) => p), taper: ctx.taper, dueMonth: ctx.dueMonth, followUp };
}

let undisturbed: ReturnType<typeof outcome> | undefined;

describe('the journey of one household through all five contexts (undisturbed)', () => {
  const ctx = { sys: new System('journey') } as Ctx;

  beforeAll(async () => {
    await ctx.sys.start();
    ctx.j = new Journey(ctx.sys);
    await ctx.j.init();
  }, 200_000);

  afterAll(async () => {
    await ctx.sys.stop();
  }, 60_000);

  for (const [name, run] of STEPS) it(name, () => run(ctx));

  // Captured before the legs below: re-application adds cases, shredding turns the case's fields into 已销毁.
  it('leaves the outcome the disturbed run is compared with', () => {
    undisturbed = outcome(ctx);
    expect(undisturbed.payments.length).toBeGreaterThan(6);
  });

  // Re-application (issue 14 item 3), in the undisturbed run only: it adds no payment to the compared outcome.
  it('after the taper the household applies again, linked to the TERMINATED case; refused in eligibility, it applies a third time, linked to the refusal and its reason', async () => {
    const started = Date.now();
    await ctx.j.application(ctx.j.caseId, (a) => a.status === 'CLOSED');
    const second = await ctx.j.applyAgain(randomUUID());
    expect(second).toMatchObject({ previousCaseId: ctx.j.caseId, earlierCase: { caseId: ctx.j.caseId, outcome: 'TERMINATED', reasonCodes: ['TAPER_ENDED'] } });
    // the wages the platform reports since the review (¥3,300) put the household above the standard
    const { decision } = await ctx.j.acceptVerifyAndRefuse(second.caseId);
    expect(decision).toMatchObject({ status: 'REFUSED' });
    const closed = await ctx.j.application(second.caseId, (a) => a.status === 'CLOSED');
    expect(closed.closure).toMatchObject({ outcome: 'REFUSED', reasonCodes: ['INCOME_ABOVE_STANDARD'] });
    const third = await ctx.j.applyAgain(randomUUID());
    expect(third).toMatchObject({
      previousCaseId: second.caseId,
      earlierCase: { caseId: second.caseId, caseNumber: second.caseNumber, outcome: 'REFUSED', reasonCodes: ['INCOME_ABOVE_STANDARD'], reason: expect.stringContaining('低保标准') },
    });
    console.log(JSON.stringify({ leg: 'refusal → re-application', seconds: (Date.now() - started) / 1000 }));
  });
  it("leaves no member's name, resident ID, phone number or bank account in clear (nor digits-only, base64 or hex) in a pg_dump, any Kafka topic or any log file (issue 18)", async () => {
    const needles = [
      ...HOUSEHOLD_RESIDENT_IDS.flatMap((id) => needlesFor('residentId', id)),
      ...needlesFor('phone', HOUSEHOLD_PHONE),
      ...needlesFor('accountNumber', BANK_ACCOUNT_NUMBER),
      ...HOUSEHOLD_NAMES.flatMap((n) => needlesFor('name', n)),
      ...needlesFor('address', HOUSEHOLD_ADDRESS),
      // birth dates (issue 18) as stored, YYYY-MM-DD (and their digits, as inside a resident ID): sealed with the members;
      // the statistics keep only the months from which a member counts as adult / elderly
      ...HOUSEHOLD_BIRTH_DATES.flatMap((d) => needlesFor('birthDate', d)),
      // income details (issue 18): the platform's record reference of the household's bank deposit (only in the verified
      // items, sealed); the deposit (declared, verified, and in the rule explanation) and the applicant's monthly wages
      // from the review on (verified, declared in the change, in the re-determination's explanation) as JSON values
      // and as printed in 元 — figures held only inside sealed fields.
      ...needlesFor('sourceRecordRef', HOUSEHOLD_DEPOSIT_RECORD_REF),
      ...figureNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN),
      ...yuanNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN),
      ...figureNeedles('income figure', APPLICANT_RAISED_WAGES_FEN),
      ...yuanNeedles('income figure', APPLICANT_RAISED_WAGES_FEN),
      // officers' free text (issue 18): a marker written into the visits' findings and notes, the opinions' notes, the
      // review notes and the review's summary, all sealed
      ...needlesFor('free text', FREE_TEXT_MARKER),
      ...needlesFor('free text', 'TXT-Q7Z3X9'),
      // the decisions' recorded reasons (issue 18): sealed by event type (CaseApproved / CaseRefused.reason, intake's
      // closure reason) and in the envelope (metadata.reason, Kafka ce_reason)
      ...needlesFor('decision reason', REASON_MARKER),
      ...needlesFor('decision reason', 'TXT-R4N8W2'),
    ];
    const findings: Finding[] = [];
    // PostgreSQL: the six service schemas, the event store and the key store (wrapped keys, read log).
    const schemas = [...Object.values(ctx.sys.schemas), ctx.sys.esSchema, 'crypto'];
    const dump = await pgDump(TEST_DATABASE_URL, schemas);
    expect(dump.toString('utf8')).toContain(`CREATE TABLE ${ctx.sys.esSchema}.`); // the dump is real
    findings.push(...search('pg_dump', dump, needles));
    // Kafka: every message of every topic on the journey's broker.
    const kafka = await kafkaDump([`127.0.0.1:${KAFKA_PORT}`]);
    expect(kafka.topics).toEqual(expect.arrayContaining(['sa.intake.events', 'sa.eligibility.events', 'sa.disbursement.events']));
    expect(kafka.messages).toBeGreaterThan(20);
    findings.push(...search('kafka', kafka.bytes, needles));
    // Logs: every service's and the supervisor's (the simulator stands for the external verification
    // platform, which is given resident IDs by design: its log is not the system's).
    const logs = ctx.sys.logFiles().filter((l) => l.name !== 'simulator');
    expect(logs.map((l) => l.name)).toEqual(expect.arrayContaining(['intake', 'verification', 'eligibility', 'disbursement', 'follow-up', 'audit']));
    for (const { file, bytes } of readFiles(logs.map((l) => l.file))) findings.push(...search(`log ${file.split('/').pop()}`, bytes, needles));
    // The search itself finds what it looks for (the needles are right): the clear values are in the form sent.
    expect(search('probe', Buffer.from(JSON.stringify({ a: HOUSEHOLD_RESIDENT_IDS[0], b: Buffer.from(`x${BANK_ACCOUNT_NUMBER}`).toString('base64') })), needles).length).toBeGreaterThan(1);
    const probeName = HOUSEHOLD_NAMES[0]!;
    expect(search('probe', Buffer.from(JSON.stringify({ n: probeName, h: Buffer.from(probeName).toString('hex') })), needles).map((f) => f.needle)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^name .* \(clear\)$/), expect.stringMatching(/^name .* \(hex\)$/)]),
    );
    // The figure needles match a JSON value in each form and the figure as printed in 元, never ids or timestamps.
    const figure = [...figureNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN), ...yuanNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN)];
    const figureProbe = Buffer.from(`{"valueFen":${HOUSEHOLD_DEPOSIT_FEN},"b":{"totalFen": ${HOUSEHOLD_DEPOSIT_FEN}},"x":"${HOUSEHOLD_DEPOSIT_FEN}","t":"存款 ¥8,620.11","u":"8620.11元"}`);
    expect(search('probe', figureProbe, figure).length).toBe(5);
    const idProbe = Buffer.from(`{"id":"0a${HOUSEHOLD_DEPOSIT_FEN}1c-0000","at":"2026-03-04T10:00:00.${HOUSEHOLD_DEPOSIT_FEN}+08:00","n":1${HOUSEHOLD_DEPOSIT_FEN}}`);
    expect(search('probe', idProbe, figure)).toEqual([]);
    expect(search('probe', Buffer.from('月工资 3,300.00 元；3300.00'), yuanNeedles('income figure', APPLICANT_RAISED_WAGES_FEN)).length).toBe(2);
    if (findings.length > 0) console.log(`personal values in clear: ${findings.length}\n${findings.map((f) => `${f.place}: ${f.needle}: …${f.excerpt}…`).join('\n')}`);
    expect(findings.map((f) => `${f.place}: ${f.needle}: …${f.excerpt}…`)).toEqual([]);
  }, 300_000);

  it('shreds the case key: its fields read 已销毁 in the event store, the audit history, the read models and the Kafka history; the chain verifies; payments unchanged (issue 18)', async () => {
    const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
    try {
      const disb = ctx.sys.schemas.disbursement;
      const totals = () =>
        pool.query(`SELECT count(*)::int AS n, sum(amount_fen)::bigint::text AS fen FROM "${disb}".payments WHERE case_id = $1`, [ctx.j.caseId]).then((r) => r.rows[0]);
      const runs = () => pool.query(`SELECT period, payment_count, total_amount_fen::text AS fen FROM "${disb}".payment_runs ORDER BY period`).then((r) => r.rows);
      const [paymentsBefore, runsBefore] = [await totals(), await runs()];
      expect(paymentsBefore.n).toBeGreaterThan(6);

      // The services' key store: schema `crypto`, the keyring file they created under the repository.
      const keys = new DataKeys(pool, new LocalKeyring(join(__dirname, '../../.cache/keys/keyring.json')), { schema: 'crypto' });
      expect(await keys.shred(ctx.j.caseId, 'e2e: retention period ended')).toBeGreaterThan(0);
      const fields = new FieldEncryptor(keys);

      // Event store: every sealed event of the case opens to 已销毁 only; the chain (over the stored form) verifies.
      const raw = new PostgresEventStore({ pool, schema: ctx.sys.esSchema });
      const ofCase = (await raw.readAll()).filter((e) => e.metadata.correlationId === ctx.j.caseId);
      const sealed = ofCase.filter((e) => JSON.stringify(e.data).includes('"sa3.'));
      expect(sealed.length).toBeGreaterThan(3);
      for (const e of sealed) {
        const opened = await fields.decrypt(e.data, e.eventId.toLowerCase());
        expect(opened).toMatchObject({ shredded: true });
        for (const id of HOUSEHOLD_RESIDENT_IDS) expect(JSON.stringify(opened.value)).not.toContain(id);
      }
      // The payment run's batch events (correlated with the run, one line per case): the case's lines open to
      // 已销毁, sealed under the case's own key; the other lines of a batch are not the case's to shred.
      const batches = (await raw.readAll()).filter((e) => e.type === 'PaymentBatchIssued' && JSON.stringify(e.data).includes(ctx.j.caseId));
      expect(batches.length).toBeGreaterThan(0);
      for (const e of batches) {
        const opened = await fields.decrypt(e.data, e.eventId.toLowerCase());
        const lines = (opened.value as { payments: { caseId: string; recipient: { name: string } }[] }).payments.filter((l) => l.caseId === ctx.j.caseId);
        expect(lines.map((l) => l.recipient.name)).toEqual(lines.map(() => SHREDDED));
      }
      expect(await verifyStore(raw)).toMatchObject({ ok: true });

      // Kafka history: every message of the case carrying sealed fields opens to 已销毁.
      const kafka = await kafkaDump([`127.0.0.1:${KAFKA_PORT}`]);
      const messages = kafka.list.filter((m) => m.key === ctx.j.caseId && m.value.includes('"sa3.'));
      expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) {
        const opened = await openIntegrationEvent({ id: m.id, data: JSON.parse(m.value.toString('utf8')) as unknown }, fields);
        expect(JSON.stringify(opened.data)).toContain(SHREDDED);
        for (const id of HOUSEHOLD_RESIDENT_IDS) expect(JSON.stringify(opened.data)).not.toContain(id);
      }

      // The services (their key caches expire within 30 s): the audit service's view of the case (its state,
      // decrypted for the auditor; the history lists carry no field values) and intake's file show 已销毁.
      const auditState = async () => {
        const asOf = new Date(ctx.sys.now().getTime() + DAY).toISOString();
        const res = await call('GET', ctx.j.url('audit', `/audit/cases/${ctx.j.caseId}/state?asOf=${encodeURIComponent(asOf)}&mode=known&purpose=${encodeURIComponent('e2e 销毁核对')}`), ctx.j.t.auditor);
        expect(res.status).toBe(200);
        return JSON.stringify(res.body);
      };
      const audited = await eventually('the audit view of the case shows 已销毁', async () => {
        const text = await auditState();
        return text.includes(SHREDDED) ? text : undefined;
      }, 90_000, 2000);
      for (const id of HOUSEHOLD_RESIDENT_IDS) expect(audited).not.toContain(id);
      const file = await eventually('intake shows 已销毁', async () => {
        const res = await call('GET', ctx.j.url('intake', `/applications/${ctx.j.caseId}`), ctx.j.t.streetProposer);
        return res.body?.form?.household?.members?.[0]?.name === SHREDDED ? res.body : undefined;
      }, 90_000, 2000);
      expect(file.status).toBeDefined();

      // Payments and payment-run totals unchanged.
      expect(await totals()).toEqual(paymentsBefore);
      expect(await runs()).toEqual(runsBefore);
    } finally {
      await pool.end();
    }
  }, 300_000);

});

describe('the same journey while services are killed (SIGKILL) and restarted by the supervisor at random points, and the broker is stopped for 30 s', () => {
  const ctx = { sys: new System('chaos') } as Ctx;
  const seed = Number(process.env.E2E_CHAOS_SEED ?? Date.now() % 100_000);
  const chaos = new Chaos(ctx.sys, seed);

  beforeAll(async () => {
    // A fresh broker: the consumers of this run read their topics from the beginning.
    await System.kafka('reset');
    await System.kafka('up');
    await ctx.sys.start();
    ctx.j = new Journey(ctx.sys);
    await ctx.j.init();
  }, 300_000);

  afterAll(async () => {
    await chaos.settle();
    await ctx.sys.stop();
  }, 60_000);

  it(`ends in the same state with the same payments (seed ${seed})`, async () => {
    chaos.plan(STEPS.length, Number(process.env.E2E_CHAOS_KILLS ?? 4));
    // The broker goes away as the submission and county decision are made (commands during the outage).
    const outageStep = Number(process.env.E2E_OUTAGE_STEP ?? 3);
    chaos.planBrokerOutage(outageStep, Number(process.env.E2E_OUTAGE_MS ?? 30_000));
    for (const [i, [name, run]] of STEPS.entries()) await chaos.step(i, name, () => run(ctx));
    // eslint-disable-next-line no-console
    console.log(`chaos seed ${seed}: ${chaos.log.join('; ')}`);
    expect(chaos.log.length).toBeGreaterThan(0);
    expect(chaos.log.some((l) => l.includes('broker stopped'))).toBe(true);
    expect(chaos.log.some((l) => l.includes('broker back'))).toBe(true);
    // The restarts were the supervisor's (the test only sent SIGKILL), and it logged them.
    expect(ctx.sys.supervisorLog.some((l) => /exited \(signal SIGKILL\) — restart 1 of 5 in 1 s/.test(l))).toBe(true);
    expect(ctx.sys.supervisorLog.some((l) => / ready again /.test(l))).toBe(true);
    expect(outcome(ctx)).toEqual(undisturbed ?? outcome(ctx));
    if (!undisturbed) throw new Error('the undisturbed journey did not finish: nothing to compare with');
  }, 600_000);
});
