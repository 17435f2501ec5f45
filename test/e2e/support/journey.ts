/**
 * The steps of the cross-service journey, shared by the undisturbed run and the run with SIGKILLs.
 * Every step only talks HTTP to the separate service processes; time moves through SA_CLOCK_FILE.
 */
import { createIntegrationEvent, EXAMPLE_EVENT_DATA, exampleMetadata, TOPICS, type BenefitChangedV1 } from '@sa/contracts';
import { contractsCodec, createKafka, silentLogger } from '@sa/messaging';
import { randomUUID } from 'node:crypto';
import { call, command, token } from './api';
import { applicationForm, COMMUNITY, DISTRICT, FREE_TEXT_MARKER, REASON_MARKER, STREET } from './household';
import { eventually, KAFKA_PORT, SIMULATOR_ADMIN_TOKEN, type System } from './system';
import type { FixtureHousehold } from '../../simulator/fixtures';

export const DAY = 86_400_000;

/** Civil date / month in Asia/Shanghai of an instant. */
export const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
export const shanghaiMonth = (d: Date) => shanghaiDate(d).slice(0, 7);
/** 10:00 Asia/Shanghai on the given day. */
export const atTen = (day: string) => new Date(`${day}T10:00:00+08:00`);
export function nextMonth(month: string, n = 1): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export interface Tokens {
  community: string;
  streetProposer: string;
  streetVisitor: string;
  reviewer: string;
  county: string;
  disbursement: string;
  auditor: string;
}

export async function tokens(): Promise<Tokens> {
  return {
    community: await token('community_officer', 'officer-community-003', COMMUNITY),
    streetProposer: await token('street_officer', 'officer-street-001', STREET),
    streetVisitor: await token('street_officer', 'officer-street-002', STREET),
    reviewer: await token('street_reviewer', 'officer-street-017', STREET),
    county: await token('county_approver', 'officer-county-003', DISTRICT),
    disbursement: await token('disbursement_officer', 'officer-disb-001', DISTRICT),
    auditor: await token('auditor', 'auditor-001', DISTRICT),
  };
}

export interface PaymentSeen {
  month: string;
  runId: string;
  status: string;
  paymentCount: number;
  totalAmountFen: number;
}

/** What a journey leaves behind, compared between the undisturbed and the disturbed run. */
export interface JourneyRecord {
  caseId: string;
  caseNumber?: string;
  applicantMemberId?: string;
  decision?: { monthlyAmountFen: number; startMonth: string; policyVersion: string };
  payments: PaymentSeen[];
  notes: string[];
}

export interface JourneyOptions {
  /** The case id (default a random one; the load benches give fixed ones so that two runs compare). */
  caseId?: string;
  /** The household applying (default the worked example). */
  household?: FixtureHousehold;
  /** Tokens minted once and shared by many journeys. */
  tokens?: Tokens;
}

export class Journey {
  readonly caseId: string;
  readonly record: JourneyRecord;
  readonly household?: FixtureHousehold;
  t!: Tokens;

  constructor(
    readonly sys: System,
    options: JourneyOptions = {},
  ) {
    this.caseId = options.caseId ?? randomUUID();
    this.household = options.household;
    this.record = { caseId: this.caseId, payments: [], notes: [] };
    if (options.tokens) this.t = options.tokens;
  }

  async init(): Promise<void> {
    this.t ??= await tokens();
  }

  get today(): string {
    return shanghaiDate(this.sys.now());
  }

  url(svc: Parameters<System['url']>[0], p: string): string {
    return `${this.sys.url(svc)}${p}`;
  }

  // ---------------------------------------------------------------- intake
  async intake(): Promise<void> {
    const created = await command(this.url('intake', '/applications'), this.t.community, applicationForm(this.caseId, this.today, this.household));
    this.record.caseNumber = created.body.caseNumber;
    await command(this.url('intake', `/applications/${this.caseId}/submission`), this.t.community, {});
    await command(this.url('intake', `/applications/${this.caseId}/acceptance`), this.t.streetProposer, {});
    const file = await call('GET', this.url('intake', `/applications/${this.caseId}`), this.t.streetProposer);
    if (file.status !== 200) throw new Error(`intake file: ${file.status} ${JSON.stringify(file.body)}`);
    if (!this.record.caseNumber) this.record.caseNumber = file.body.caseNumber;
  }

  // ---------------------------------------------------------- verification
  async reviewCaseWithFacts(minVersions = 1, timeoutMs = 90_000): Promise<any> {
    return eventually(
      `the eligibility review case ${this.caseId} with ${minVersions} verification report(s)`,
      async () => {
        const res = await call('GET', this.url('eligibility', `/review-cases/${this.caseId}`), this.t.streetProposer);
        return res.status === 200 && (res.body.verifications?.length ?? 0) >= minVersions ? res.body : undefined;
      },
      timeoutMs,
      500,
    );
  }

  async reviewCase(): Promise<any> {
    const res = await call('GET', this.url('eligibility', `/review-cases/${this.caseId}`), this.t.county);
    if (res.status !== 200) throw new Error(`review case: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  // ----------------------------------------------------------- eligibility
  async investigateAndPropose(): Promise<any> {
    const base = this.url('eligibility', `/review-cases/${this.caseId}`);
    await command(`${base}/home-visits`, this.t.streetVisitor, {
      visitedOn: this.today,
      officers: [
        { id: 'officer-street-002', jurisdiction: STREET },
        { id: 'officer-community-003', jurisdiction: COMMUNITY },
      ],
      findings: `家中陈设简陋，与申报情况一致（${FREE_TEXT_MARKER}）`,
      signatureRefs: ['doc:visit/journey-signed'],
      householdSignatureRef: 'doc:visit/journey-household',
    });
    const opinion = await command(`${base}/opinions`, this.t.streetProposer, { proposal: 'APPROVE', note: `建议纳入低保（${FREE_TEXT_MARKER}）` });
    const notice = await command(`${base}/public-notices`, this.t.streetProposer, { location: '某社区居务公开栏' });
    return { opinion: opinion.body, notice: notice.body };
  }

  async submitAndDecide(): Promise<any> {
    const base = this.url('eligibility', `/review-cases/${this.caseId}`);
    await command(`${base}/submission`, this.t.reviewer, { reviewNote: `经审核，公示无异议，报区民政局审核确认（${FREE_TEXT_MARKER}）` });
    const file = await this.reviewCase();
    const applicant = findApplicantMemberId(file);
    this.record.applicantMemberId = applicant;
    const decision = await command(`${base}/decision`, this.t.county, {
      outcome: 'APPROVE',
      recipient: { memberId: applicant, bankAccountRef: 'bank-account:journey', bankAccountMasked: '6228 **** **** 0018' },
      reason: `经审核确认，符合最低生活保障条件（${REASON_MARKER}）`,
      evidenceRefs: ['doc:decision/journey'],
    });
    const d = decision.body.decision;
    this.record.decision = { monthlyAmountFen: d.monthlyAmountFen, startMonth: d.startMonth, policyVersion: d.policyVersion };
    return decision.body;
  }

  // ---------------------------------------------------------- re-application (issue 14 item 3)
  /** Intake's view of a case once `predicate` holds. */
  async application(caseId: string, predicate: (a: any) => boolean, timeoutMs = 60_000): Promise<any> {
    return eventually(
      `intake's application ${caseId}`,
      async () => {
        const res = await call('GET', this.url('intake', `/applications/${caseId}`), this.t.streetProposer);
        return res.status === 200 && predicate(res.body) ? res.body : undefined;
      },
      timeoutMs,
      500,
    );
  }

  /** The same household applies again (a 409 while intake still holds it is retried by `command`). */
  async applyAgain(caseId: string): Promise<any> {
    const created = await command(this.url('intake', '/applications'), this.t.community, applicationForm(caseId, this.today));
    return created.body;
  }

  /** A re-application accepted, verified, visited, refused by the opinion and then by the county. */
  async acceptVerifyAndRefuse(caseId: string): Promise<any> {
    await command(this.url('intake', `/applications/${caseId}/submission`), this.t.community, {});
    await command(this.url('intake', `/applications/${caseId}/acceptance`), this.t.streetProposer, {});
    const base = this.url('eligibility', `/review-cases/${caseId}`);
    await eventually(
      `the review case ${caseId} with its verification report`,
      async () => {
        const res = await call('GET', base, this.t.streetProposer);
        return res.status === 200 && (res.body.verifications?.length ?? 0) >= 1 ? res.body : undefined;
      },
      90_000,
      500,
    );
    await command(`${base}/home-visits`, this.t.streetVisitor, {
      visitedOn: this.today,
      officers: [
        { id: 'officer-street-002', jurisdiction: STREET },
        { id: 'officer-community-003', jurisdiction: COMMUNITY },
      ],
      findings: `家庭成员务工收入增加（${FREE_TEXT_MARKER}）`,
      signatureRefs: ['doc:visit/journey-reapply-signed'],
      householdSignatureRef: 'doc:visit/journey-reapply-household',
    });
    const opinion = await command(`${base}/opinions`, this.t.streetProposer, { proposal: 'REFUSE', note: `人均收入高于低保标准，建议不予批准（${FREE_TEXT_MARKER}）` });
    await command(`${base}/submission`, this.t.reviewer, { reviewNote: `经审核，报区民政局审核确认（${FREE_TEXT_MARKER}）` });
    const decision = await command(`${base}/decision`, this.t.county, { outcome: 'REFUSE', reason: `经审核确认，不符合最低生活保障条件（${REASON_MARKER}）`, evidenceRefs: ['doc:decision/journey-reapply'] });
    return { opinion: opinion.body, decision: decision.body };
  }

  // ---------------------------------------------------------- disbursement
  async entitlement(predicate: (e: any) => boolean = () => true, timeoutMs = 60_000): Promise<any> {
    return eventually(
      `the entitlement of ${this.caseId}`,
      async () => {
        const res = await call('GET', this.url('disbursement', `/disbursement/entitlements/${this.caseId}`), this.t.disbursement);
        return res.status === 200 && predicate(res.body) ? res.body : undefined;
      },
      timeoutMs,
      500,
    );
  }

  /** Moves the clock into `month` and runs that month's payments to the written bank file. */
  async paymentRun(month: string): Promise<PaymentSeen> {
    await this.sys.setNow(atTen(`${month}-05`));
    const started = await command(this.url('disbursement', '/disbursement/payment-runs'), this.t.disbursement, { district: DISTRICT, period: month });
    const runId: string = started.body.runId;
    const progress = await eventually(
      `payment run ${month}`,
      async () => {
        const res = await call('GET', this.url('disbursement', `/disbursement/payment-runs/${runId}`), this.t.disbursement);
        if (res.status === 200 && res.body.lastError) throw new Error(`payment run ${month}: ${JSON.stringify(res.body.lastError)}`);
        return res.status === 200 && ['FILE_WRITTEN', 'COMPLETED'].includes(res.body.status) ? res.body : undefined;
      },
      60_000,
      500,
    );
    const seen = { month, runId, status: progress.status, paymentCount: progress.paymentCount, totalAmountFen: progress.totalAmountFen };
    this.record.payments.push(seen);
    return seen;
  }

  /**
   * 补发: a BenefitChanged INCREASE effective in a month already paid, as eligibility publishes it (eligibility's
   * own re-determinations take effect the month after the decision; a retroactive one comes from an appeal,
   * issue 14 item 7, not built yet — so the journey publishes the decision on `sa.eligibility.events` itself).
   * Resolves when disbursement has determined the arrears; returns the decision id.
   */
  async retroactiveIncrease(effectiveMonth: string, previousMonthlyAmountFen: number, monthlyAmountFen: number): Promise<string> {
    // Published as v1 on purpose (consumers accept every version): the example is the current version's.
    const base = EXAMPLE_EVENT_DATA.BenefitChanged as unknown as BenefitChangedV1 & { proposedBy?: unknown; calendarMissing?: unknown };
    const decisionId = randomUUID();
    const { taperSchedule: _t, writtenNoticeDueOn: _w, overpaymentFen: _o, proposedBy: _p, calendarMissing: _c, ...rest } = base;
    const data: BenefitChangedV1 = {
      ...rest,
      caseId: this.caseId,
      caseNumber: this.record.caseNumber!,
      decisionId,
      changeType: 'INCREASE',
      effectiveMonth,
      previousMonthlyAmountFen,
      monthlyAmountFen,
      reason: { code: 'OTHER', description: `行政复议变更原决定：自${effectiveMonth}起按新核定金额发放，差额补发` },
      trigger: { kind: 'OFFICER_INITIATIVE' },
      explanation: [{ code: 'APPEAL_DECISION', description: '行政复议变更原决定，差额补发', amountFen: monthlyAmountFen }],
      decidedOn: this.today,
      jurisdiction: COMMUNITY,
    };
    const event = createIntegrationEvent('BenefitChanged', data as never, {
      schemaVersion: 1,
      id: randomUUID(),
      time: this.sys.now().toISOString(),
      metadata: { ...exampleMetadata('BenefitChanged'), correlationId: this.caseId },
    });
    const producer = createKafka({ clientId: 'sa-journey-e2e-appeal', brokers: [`127.0.0.1:${KAFKA_PORT}`], logger: silentLogger }).producer({ idempotent: true });
    await eventually('BenefitChanged published', async () => {
      await producer.connect();
      await producer.send({ topic: TOPICS.eligibility, acks: -1, messages: [contractsCodec.encode(event)] });
      return true;
    }, 90_000, 1000);
    await producer.disconnect();
    await eventually(
      'the arrears determined in disbursement',
      async () => {
        const res = await call('GET', this.url('disbursement', `/disbursement/entitlements/${this.caseId}`), this.t.disbursement);
        return res.status === 200 && res.body.arrears?.some((a: { decisionId: string }) => a.decisionId === decisionId) ? true : undefined;
      },
      90_000,
      500,
    );
    return decisionId;
  }

  /** The household's payment statement (disbursement). */
  async statement(): Promise<any> {
    const res = await call('GET', this.url('disbursement', `/disbursement/cases/${this.caseId}/statement`), this.t.disbursement);
    if (res.status !== 200) throw new Error(`statement: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  // ------------------------------------------------------------- follow-up
  /** The scheduler opens the periodic review in its due month and asks verification for a new report. */
  async periodicReviewWithReverification(timeoutMs = 90_000): Promise<any> {
    return this.followUpCase((c) => !!c.openReview?.reverification?.answered, timeoutMs);
  }

  async concludeReviewWithTaper(reviewId: string, memberId: string): Promise<any> {
    const base = this.url('follow-up', `/follow-up/cases/${this.caseId}/reviews/${reviewId}`);
    await command(`${base}/visits`, this.t.streetVisitor, { visitedOn: this.today, officerIds: ['officer-street-002', 'officer-community-003'], note: `入户核查：申请人已在物业公司稳定就业（${FREE_TEXT_MARKER}）` });
    const res = await command(`${base}/conclusion`, this.t.streetProposer, {
      finding: 'CHANGE_FOUND',
      recommendation: 'TAPER',
      reasons: ['申请人稳定就业，家庭人均收入超过低保标准，按规定渐退'],
      changes: [{ kind: 'INCOME', memberId, description: '申请人在物业公司稳定就业，月工资3300元', evidenceRefs: ['doc:review/journey-income'] }],
      summary: `经入户核查和家庭经济状况核对，家庭收入增加，建议渐退（${FREE_TEXT_MARKER}）`,
    });
    return res.body;
  }

  async redeterminationOpened(timeoutMs = 60_000): Promise<any> {
    return eventually(
      'the re-determination in eligibility',
      async () => {
        const res = await call('GET', this.url('eligibility', `/review-cases/${this.caseId}`), this.t.streetProposer);
        return res.status === 200 && res.body.redetermination ? res.body : undefined;
      },
      timeoutMs,
      500,
    );
  }

  async proposeAndDecideTaper(): Promise<{ proposal: any; decision: any }> {
    const base = this.url('eligibility', `/review-cases/${this.caseId}`);
    const proposal = await command(`${base}/benefit-change-proposals`, this.t.streetProposer, {
      reason: { code: 'INCOME_INCREASED', description: '申请人稳定就业，家庭人均收入超过低保标准，按规定渐退' },
    });
    const decision = await command(`${base}/benefit-change-decision`, this.t.county, { reason: `经审核确认，按规定渐退（${REASON_MARKER}）` });
    return { proposal: proposal.body, decision: decision.body };
  }

  /** The simulator answers this resident's TAX income with `monthlyFen` a month from now on. */
  async simulatorIncome(residentId: string, monthlyFen: number): Promise<void> {
    const res = await call('PUT', this.url('simulator', '/admin/behaviour'), SIMULATOR_ADMIN_TOKEN, {
      default: { latencyMs: 50 },
      residents: { [residentId]: { sources: { TAX: { incomeMonthlyFen: monthlyFen } } } },
    });
    if (res.status >= 300) throw new Error(`simulator behaviour refused: ${res.status} ${JSON.stringify(res.body)}`);
  }

  // ----------------------------------------------------------------- audit
  /** The case's whole history: every page (the API pages it, issue 20), followed by `nextAfter`, as one `entries` list. */
  async auditHistory(): Promise<any> {
    const entries: any[] = [];
    let after: string | null = null;
    let first: any;
    do {
      const res: { status: number; body: any } = await call('GET', this.url('audit', `/audit/cases/${this.caseId}/history?limit=1000${after ? `&after=${after}` : ''}&purpose=${encodeURIComponent('e2e 全流程审计')}`), this.t.auditor);
      if (res.status !== 200) throw new Error(`audit history: ${res.status} ${JSON.stringify(res.body)}`);
      first ??= res.body;
      entries.push(...res.body.entries);
      after = res.body.nextAfter ?? null;
    } while (after);
    return { ...first, entries, nextAfter: null };
  }

  async auditExplanation(eventId: string): Promise<any> {
    const res = await call('GET', this.url('audit', `/audit/cases/${this.caseId}/decisions/${eventId}/explanation?purpose=${encodeURIComponent('e2e 决定复核')}`), this.t.auditor);
    if (res.status !== 200) throw new Error(`audit explanation: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async followUpCase(predicate: (c: any) => boolean = () => true, timeoutMs = 60_000): Promise<any> {
    let last: unknown;
    return eventually(
      `the follow-up case of ${this.caseId}`,
      async () => {
        const res = await call('GET', this.url('follow-up', `/follow-up/cases/${this.caseId}`), this.t.streetProposer);
        last = res.body;
        return res.status === 200 && predicate(res.body) ? res.body : undefined;
      },
      timeoutMs,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last seen: ${JSON.stringify(last)}`);
    });
  }
}

export function findApplicantMemberId(file: any): string {
  const members: any[] = file?.household?.members ?? file?.caseFile?.household?.members ?? [];
  const applicant = members.find((m) => m.relation === 'APPLICANT');
  if (applicant?.memberId) return applicant.memberId;
  if (file?.applicantMemberId) return file.applicantMemberId;
  throw new Error(`no applicant member id in the review case: ${JSON.stringify(file).slice(0, 2000)}`);
}
