/**
 * The HTTP contract of every command route (issue #13; docs/CONVENTIONS.md "Commands"), on every
 * service booted in-process on real PostgreSQL. The routes are enumerated from the Nest route
 * metadata (support/routes.ts, shared with the authorization matrix), never from a hand list:
 *
 * - every write route (POST/PUT/PATCH/DELETE) is on the platform's command adapter (`@CommandRoute`)
 *   or is a known exception listed below with its reason (the test prints them);
 * - every `@CommandRoute` addressing a case: a stale `If-Match` → 409 `concurrency-conflict`
 *   problem+json, nothing appended;
 * - every route with a success scenario below: the same `Idempotency-Key` twice → one set of events
 *   and the same answer (status and body); the key with another body → 422; two concurrent commands
 *   on one case (both sent with the case's current ETag) → one 2xx and one 409.
 */
import type { Actor, Role } from '@sa/auth';
import { DEFAULT_POLICY_VERSION } from '../../services/eligibility/src/domain';
import { EligibilityInbox } from '../../services/eligibility/src/messaging/eligibility-inbox';
import { DEFAULT_JURISDICTIONS } from '../../deploy/auth/mint-token';
import { consentBody, completeApplicationBody } from '../../services/intake/test/support/requests';
import { residentId } from '../../services/intake/test/support/fixtures';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { PG_POOL } from '@sa/database';
import { isCiphertext } from '@sa/crypto';
import { createIntegrationEvent, EXAMPLE_EVENT_DATA, exampleMetadata, isNestedPersonalField, PERSONAL_FIELD_NAMES, type EmergencyAdvanceApprovedV1 } from '@sa/contracts';
import { Client, type Pool } from 'pg';
import { EntitlementCommands } from '../../services/disbursement/src/commands/entitlement-commands';
import { recordApprovedAdvance } from '../../services/disbursement/src/messaging/approved-advances';
import { PaymentRunService } from '../../services/disbursement/src/payment-runs/payment-run.service';
import { grantedEvent, suspendedEvent } from '../../services/disbursement/test/support/fixtures';
import { shanghaiDate } from '@sa/time';
import { VerificationPipeline, systemActor } from '../../services/verification/src/commands/verification-pipeline';
import { VerificationQueries } from '../../services/verification/src/read-models/verification-queries';
import { CONSENTS, dueIn5WorkingDays, MEMBERS, openCommand, RETRY, rid } from '../../services/verification/test/support/household';
import { FollowUpPipelines, SYSTEM_ACTOR } from '../../services/follow-up/src/commands/follow-up-pipelines';
import { InboundEvents } from '../../services/follow-up/src/messaging/inbox-handlers';
import { routesOf, type RouteInfo } from './support/routes';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import type { ReviewCaseCommand, ReviewCaseEvent } from '../../services/eligibility/src/domain';
import { A as APPLICANT, decideCase, history, notice, open, opinion, receiveFacts, reviewCaseCommand, submit, SYSTEM, PROPOSER, visit, meta } from '../../services/eligibility/src/domain/__tests__/review-case-fixtures';
import { DATABASE_URL, SERVICES, fillPath, paramValue, prng, startService, type RunningService } from './support/services';
import { runIdFor } from '../../services/disbursement/src/commands/ids';

jest.setTimeout(300_000);

const rand = prng(20261213);

/** Services whose command routes are not yet on the adapter (issue #13 item 1), with the reason. */
const PENDING_SERVICES: Record<string, string> = {
  audit: 'records nothing in the event store: its write routes are reports and checks over the store',
};

/** Single routes of converted services that are not commands, with the reason. */
const ROUTE_EXCEPTIONS: Record<string, string> = {
  'intake POST /application-status-checks': 'a public status query sent as POST (the body carries the resident ID); it records nothing',
  'eligibility POST /policies/dry-run': 'evaluates a household against a policy version without a case (a query sent as POST); it records nothing',
  'verification POST /platform/callbacks':
    "the verification platform's signed callback (HMAC, no officer): idempotent by callbackId, and like a consumer it re-decides on a concurrent append (retryOnConflict), 503 + Retry-After when still contended",
  'follow-up POST /follow-up/jurisdictions/:code/data-feeds':
    'a data-comparison feed (raw CSV/.xlsx body) matched against every active case of the jurisdiction: one DataAlertRaised per matched case, each through the case’s own pipeline; idempotent by content — the alert id derives from the file digest, row, case and member, so a re-import raises nothing; no single case to If-Match',
  'eligibility POST /case-imports':
    'a caseload import (raw CSV/.xlsx body) creating many cases at once, not one: idempotent by content — each household’s case id and command id derive from its division and 户编号, so a re-import records nothing; no single case to If-Match',
  'intake POST /applications/:caseId/attachments':
    'a streamed file upload (raw body, not JSON): idempotent by content — the same bytes against the same item derive the same command id and record nothing new; ETag is the attachment stream revision',
};

/** Command routes without a success scenario here, with the reason (those with an aggregate in the path still get the stale If-Match on an unknown case). */
const NO_SCENARIO: Record<string, string> = {};

interface Scenario {
  role: Role;
  /** Prepares a fresh case; returns the URL, a body that succeeds, the case's stream and another body for the key-reuse check. */
  setup(ctx: Ctx): Promise<{ url: string; body: unknown; streamId?: string; otherBody: unknown }>;
  /** Why the concurrency check does not apply (routes that create the case). */
  noConcurrency?: string;
  /** The scenario's caller works in this jurisdiction instead of the role's default (runs are one per district and month). */
  jurisdiction?: string;
}

interface Ctx {
  svc: RunningService;
  http: ReturnType<typeof request>;
  auth(role: Role): Promise<string>;
}

/** Per route with a scenario: the personal fields (PERSONAL_FIELD_NAMES, changes[].description) its answer holds. */
const answers: Record<string, string> = {};

function personalFieldsIn(body: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, key: string | undefined, parent: string | undefined): void => {
    if (key !== undefined && v !== null && v !== undefined && (PERSONAL_FIELD_NAMES.includes(key) || isNestedPersonalField(key, parent))) found.add(key);
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) for (const x of v) visit(x, undefined, key ?? parent);
    else for (const [k, x] of Object.entries(v)) visit(x, k, key ?? parent);
  };
  visit(body, undefined, undefined);
  return [...found].sort();
}

let seq = 100;
/** A one-person application of the intake fixtures, with a fresh resident (reservations are per resident). */
function application() {
  const n = String(seq++).padStart(3, '0');
  const id = residentId('330106', '19700101', n);
  const body = completeApplicationBody();
  return {
    ...body,
    household: { ...body.household, members: [{ ...body.household.members[0], residentId: id, name: `契约${n}` }], supporters: [] },
    declaration: { ...body.declaration, income: [], assets: [] },
    bankAccount: undefined,
    identityDocuments: [{ residentId: id, documentRef: `doc:id:${n}` }],
    consents: [consentBody(id)],
  };
}

async function draft(ctx: Ctx): Promise<string> {
  const res = await ctx.http
    .post('/applications')
    .set('Authorization', await ctx.auth('community_officer'))
    .send(application());
  if (res.status !== 201) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.caseId as string;
}

/**
 * A review case opened the way eligibility opens every case: an ApplicationAccepted integration
 * event handed to the service's own inbox handler (the Kafka consumer's effect, without the broker).
 */
async function reviewCase(ctx: Ctx): Promise<string> {
  const caseId = randomUUID();
  const { decisionDeadline: _d, leadId: _l, ...accepted } = EXAMPLE_EVENT_DATA.ApplicationAccepted;
  const id = randomUUID();
  const event = createIntegrationEvent(
    'ApplicationAccepted',
    {
      ...accepted,
      caseId,
      caseNumber: `330106-2026-${String(100000 + Math.floor(rand() * 899999))}`,
      jurisdiction: DEFAULT_JURISDICTIONS.community_officer,
      acceptedOn: shanghaiDate(new Date()),
    } as never,
    {
      id,
      time: new Date().toISOString(),
      metadata: { correlationId: caseId, causationId: id, actor: { id: 'officer-community-001', role: 'community_officer', jurisdiction: DEFAULT_JURISDICTIONS.community_officer } },
    },
  );
  await ctx.svc.app.get(EligibilityInbox, { strict: false }).handle(event as never);
  return caseId;
}

let policyMonths = 0;
/** A fresh first-of-month date, later than every one given before (no two versions of the district take effect together). */
const nextEffectiveDate = () => {
  const k = policyMonths++;
  return `${2030 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
};

/** A policy version of the district of the policy_admin's jurisdiction, under a fresh line and label. */
function policyVersion(policyId: string, label: string, effectiveFrom: string) {
  return { ...DEFAULT_POLICY_VERSION, policyId, version: label, divisionCode: DEFAULT_JURISDICTIONS.policy_admin, effectiveFrom };
}

/** A policy line with one published version (through the route itself); returns its id and label. */
async function policyLine(ctx: Ctx): Promise<{ policyId: string; label: string }> {
  const n = randomUUID().slice(0, 8);
  const policyId = `contract-${n}`;
  const label = `330106-contract-${n}-1`;
  const res = await ctx.http
    .post(`/policies/${policyId}/versions`)
    .set('Authorization', await ctx.auth('policy_admin'))
    .send({ ...policyVersion(policyId, label, nextEffectiveDate()), reason: '契约测试' });
  if (res.status !== 201) throw new Error(`policy: ${res.status} ${JSON.stringify(res.body)}`);
  return { policyId, label };
}

/** A followed-up case in the community officer's community (as the eligibility consumer opens it), optionally with a welfare-visit plan. */
async function followedUpCase(ctx: Ctx, withPlan = false): Promise<string> {
  const caseId = randomUUID();
  const today = shanghaiDate(new Date());
  const pipelines = ctx.svc.app.get(FollowUpPipelines);
  const system = SYSTEM_ACTOR(DEFAULT_JURISDICTIONS.community_officer);
  await pipelines.followUp.handle(
    caseId,
    {
      type: 'OpenFollowUp',
      data: {
        caseId,
        caseNumber: `DB-330106001-2026-${String(seq++).padStart(6, '0')}`,
        decisionId: randomUUID(),
        program: 'MINIMUM_LIVING_ALLOWANCE',
        jurisdiction: DEFAULT_JURISDICTIONS.community_officer,
        reviewClass: 'UNSTABLE',
        reviewIntervalMonths: 6,
        startMonth: today.slice(0, 7),
        monthlyAmountFen: 80000,
        membersCovered: [{ memberId: randomUUID(), name: '契约' }],
      },
    },
    { actor: system, commandId: randomUUID() },
  );
  if (withPlan) {
    await pipelines.followUp.handle(
      caseId,
      { type: 'PlanWelfareVisits', data: { vulnerabilities: ['ELDERLY_LIVING_ALONE'], intervalDays: 7, firstDueOn: today } },
      { actor: system, commandId: randomUUID() },
    );
  }
  return caseId;
}

/** The worked example's review case up to a step (decided by the pure decider in March 2026), appended to the service's store. */
async function reviewCaseAfter(ctx: Ctx, step: 'visit' | 'opinion' | 'notice' | 'submit', then: ReviewCaseCommand[] = []): Promise<string> {
  const caseId = randomUUID();
  const steps = [open({ caseId, caseNumber: `330106-2026-${String(100000 + Math.floor(rand() * 899999))}` }), receiveFacts(180000, { caseId }), visit(), opinion(), notice(), submit()];
  const upTo = { visit: 3, opinion: 4, notice: 5, submit: 6 }[step];
  return appendCase(ctx, caseId, history(...steps.slice(0, upTo), ...then));
}

/** A review case's events, decided by the pure decider, appended to the service's store as a new stream. */
async function appendCase(ctx: Ctx, caseId: string, events: ReviewCaseEvent[]): Promise<string> {
  await ctx.svc.app.get<EventStore>(EVENT_STORE).appendToStream(
    `reviewCase-${caseId}`,
    events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: { correlationId: caseId, causationId: randomUUID(), actor: SYSTEM, occurredAt: '2026-03-16T09:00:00+08:00' } })),
    { expectedRevision: 'no_stream' },
  );
  return caseId;
}

/** An approved case (the worked example, decided 16 March 2026 by the pure decider) appended to the service's store; optionally with a 行政复议 filed. */
async function approvedReviewCase(ctx: Ctx, appealId?: string): Promise<{ caseId: string; decisionId: string }> {
  const caseId = randomUUID();
  const decisionId = randomUUID();
  const commands = [open({ caseId, caseNumber: `330106-2026-${String(100000 + Math.floor(rand() * 899999))}` }), receiveFacts(180000, { caseId }), visit(), opinion(), notice(), submit(), decideCase({ decisionId })];
  const appeal = appealId
    ? [{ type: 'FileAppeal' as const, data: { appealId, kind: 'ADMINISTRATIVE_REVIEW' as const, contestedDecisionId: decisionId, filedOn: '2026-04-20', noticeReceivedOn: '2026-03-18', reason: '保障金额偏低' }, metadata: meta(SYSTEM, '2026-04-21') }]
    : [];
  const events: ReviewCaseEvent[] = history(...commands, ...appeal);
  await ctx.svc.app.get<EventStore>(EVENT_STORE).appendToStream(
    `reviewCase-${caseId}`,
    events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: { correlationId: caseId, causationId: randomUUID(), actor: SYSTEM, occurredAt: '2026-03-16T09:00:00+08:00' } })),
    { expectedRevision: 'no_stream' },
  );
  return { caseId, decisionId };
}

let calendarYears = 0;
const SCENARIOS: Record<string, Scenario> = {
  'eligibility POST /review-cases/:caseId/neighbourhood-inquiries': {
    role: 'street_officer',
    setup: async (ctx) => {
      const caseId = await reviewCase(ctx);
      const body = { conductedOn: shanghaiDate(new Date()), officerIds: ['officer-community-003'], intervieweeCount: 2, summary: '邻居反映家庭确实困难' };
      return { url: `/review-cases/${caseId}/neighbourhood-inquiries`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, intervieweeCount: 3 } };
    },
  },
  'eligibility POST /review-cases/:caseId/home-visits': {
    role: 'street_officer',
    setup: async (ctx) => {
      const caseId = await reviewCase(ctx);
      const body = {
        visitedOn: shanghaiDate(new Date()),
        officers: [
          { id: 'officer-street-002', jurisdiction: DEFAULT_JURISDICTIONS.street_officer },
          { id: 'officer-community-003', jurisdiction: DEFAULT_JURISDICTIONS.community_officer },
        ],
        findings: '与申报情况一致',
        signatureRefs: ['doc:visit/contract-signed'],
      };
      return { url: `/review-cases/${caseId}/home-visits`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, findings: '另一次' } };
    },
  },
  'eligibility POST /review-cases/:caseId/evidence-letters': {
    role: 'street_officer',
    setup: async (ctx) => {
      const caseId = await reviewCase(ctx);
      const body = { sentOn: shanghaiDate(new Date()), addressee: '某物业公司', purpose: '核实申请人工作及收入情况' };
      return { url: `/review-cases/${caseId}/evidence-letters`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, addressee: '另一家公司' } };
    },
  },
  'eligibility POST /review-cases/:caseId/appeals': {
    role: 'street_officer',
    setup: async (ctx) => {
      const { caseId, decisionId } = await approvedReviewCase(ctx);
      const body = { kind: 'ADMINISTRATIVE_REVIEW', contestedDecisionId: decisionId, filedOn: '2026-04-20', noticeReceivedOn: '2026-03-18', reason: '保障金额偏低' };
      return { url: `/review-cases/${caseId}/appeals`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, reason: '另一个理由' } };
    },
  },
  'eligibility POST /review-cases/:caseId/appeals/:appealId/outcome': {
    role: 'street_officer',
    setup: async (ctx) => {
      const appealId = randomUUID();
      const { caseId } = await approvedReviewCase(ctx, appealId);
      const body = { outcome: 'UPHELD', documentRef: '杭上政复决字〔2026〕第3号', documentDate: '2026-06-10', reason: '复议机关维持原决定' };
      return { url: `/review-cases/${caseId}/appeals/${appealId}/outcome`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, documentRef: '另一个文号' } };
    },
  },
  'eligibility POST /review-cases/:caseId/deadline-extension': {
    role: 'street_reviewer',
    setup: async (ctx) => {
      const caseId = await reviewCase(ctx);
      const body = { reason: '核对平台公积金数据未反馈，需信函索证' };
      return { url: `/review-cases/${caseId}/deadline-extension`, body, streamId: `reviewCase-${caseId}`, otherBody: { reason: '另一个理由' } };
    },
  },
  'eligibility POST /policies/:policyId/versions': {
    role: 'policy_admin',
    setup: async (ctx) => {
      const { policyId, label } = await policyLine(ctx);
      const body = { ...policyVersion(policyId, `${label}-next`, nextEffectiveDate()), reason: '下半年标准调整' };
      return { url: `/policies/${policyId}/versions`, body, streamId: `policy-${policyId}`, otherBody: { ...body, reason: '另一个理由' } };
    },
  },
  'eligibility POST /policies/:policyId/versions/:version/corrections': {
    role: 'policy_admin',
    setup: async (ctx) => {
      const { policyId, label } = await policyLine(ctx);
      const body = { ...policyVersion(policyId, `${label}-corrected`, nextEffectiveDate()), reason: '更正标准' };
      return {
        url: `/policies/${policyId}/versions/${encodeURIComponent(label)}/corrections`,
        body,
        streamId: `policy-${policyId}`,
        otherBody: { ...body, reason: '另一个更正理由' },
      };
    },
  },
  'eligibility PUT /calendars/:year': {
    role: 'policy_admin',
    setup: async (ctx) => {
      // A year of its own per setup (2100 onwards, far from any real schedule), published once; the command is its correction.
      const year = 2100 + (calendarYears += 1);
      const first = { holidays: [`${year}-01-01`], makeUpWorkdays: [], source: '测试' };
      const res = await ctx.http.put(`/calendars/${year}`).set('Authorization', await ctx.auth('policy_admin')).send(first);
      if (res.status !== 200) throw new Error(`publishing ${year} gave ${res.status} ${JSON.stringify(res.body)}`);
      const body = { ...first, holidays: [`${year}-01-01`, `${year}-05-01`], reason: '更正：补劳动节' };
      return { url: `/calendars/${year}`, body, streamId: `holidayCalendar-${year}`, otherBody: { ...body, reason: '另一个理由' } };
    },
  },
  'follow-up POST /follow-up/cases/:caseId/change-reports': {
    role: 'community_officer',
    setup: async (ctx) => {
      const caseId = await followedUpCase(ctx);
      const body = { source: 'HOUSEHOLD', changes: [{ kind: 'EMPLOYMENT', description: '长子就业' }] };
      return { url: `/follow-up/cases/${caseId}/change-reports`, body, streamId: `followUp-${caseId}`, otherBody: { ...body, source: 'DATA_ALERT' } };
    },
  },
  'follow-up POST /follow-up/cases/:caseId/reviews': {
    role: 'community_officer',
    setup: async (ctx) => {
      const caseId = await followedUpCase(ctx);
      const body = { reviewType: 'AD_HOC', triggerKind: 'OTHER' };
      return { url: `/follow-up/cases/${caseId}/reviews`, body, streamId: `followUp-${caseId}`, otherBody: { ...body, triggerKind: 'DATA_ALERT' } };
    },
  },
  'follow-up POST /follow-up/cases/:caseId/welfare-visit-plan': {
    role: 'community_officer',
    setup: async (ctx) => {
      const caseId = await followedUpCase(ctx);
      const body = { vulnerabilities: ['ELDERLY_LIVING_ALONE'], intervalDays: 7 };
      return { url: `/follow-up/cases/${caseId}/welfare-visit-plan`, body, streamId: `followUp-${caseId}`, otherBody: { ...body, intervalDays: 14 } };
    },
  },
  'follow-up POST /follow-up/cases/:caseId/welfare-visits': {
    role: 'community_officer',
    setup: async (ctx) => {
      const caseId = await followedUpCase(ctx, true);
      const body = { visitedOn: shanghaiDate(new Date()), note: '老人身体良好' };
      return { url: `/follow-up/cases/${caseId}/welfare-visits`, body, streamId: `followUp-${caseId}`, otherBody: { ...body, note: '另一次探访' } };
    },
  },
  'follow-up POST /follow-up/complaints': {
    role: 'community_officer',
    noConcurrency: 'files a new complaint: there is no complaint yet to conflict on',
    setup: async () => {
      const body = {
        about: 'OFFICER',
        officerId: 'officer-x',
        community: DEFAULT_JURISDICTIONS.community_officer,
        channel: 'HOTLINE',
        subject: 'SERVICE_QUALITY',
        anonymous: true,
        allegation: '态度恶劣',
        receivedOn: shanghaiDate(new Date()),
      };
      return { url: '/follow-up/complaints', body, otherBody: { ...body, channel: 'LETTER' } };
    },
  },
  'intake POST /applications': {
    role: 'community_officer',
    noConcurrency: 'creates the case: there is no case yet to conflict on',
    setup: async () => {
      const body = { ...application(), caseId: randomUUID() };
      return { url: '/applications', body, streamId: `application-${body.caseId}`, otherBody: { ...body, channel: 'ONLINE' } };
    },
  },
  'intake POST /applications/:caseId/submission': {
    role: 'community_officer',
    setup: async (ctx) => {
      const caseId = await draft(ctx);
      return { url: `/applications/${caseId}/submission`, body: {}, streamId: `application-${caseId}`, otherBody: { note: 'another' } };
    },
  },
  'intake POST /applications/:caseId/withdrawal': {
    role: 'community_officer',
    setup: async (ctx) => {
      const caseId = await draft(ctx);
      const body = { reason: 'APPLICANT_REQUEST', requestedBy: 'APPLICANT' };
      return { url: `/applications/${caseId}/withdrawal`, body, streamId: `application-${caseId}`, otherBody: { ...body, requestedBy: 'PROXY' } };
    },
  },
};

/** A disbursement entitlement of a fresh case in 330106 (the default disbursement officer's district), as the consumer registers it. */
async function entitlement(ctx: Ctx, community = '330106001001'): Promise<string> {
  const grant = grantedEvent({ community });
  await ctx.svc.app.get(EntitlementCommands).onAssistanceGranted(grant, ctx.svc.app.get<Pool>(PG_POOL));
  return grant.data.caseId;
}

/** An emergency advance eligibility approved in 330106, paid over HTTP: its paperwork is then open. */
async function paidAdvance(ctx: Ctx): Promise<string> {
  const data: EmergencyAdvanceApprovedV1 = { ...EXAMPLE_EVENT_DATA.EmergencyAdvanceApproved, advanceId: randomUUID(), caseId: randomUUID(), jurisdiction: '330106001001' };
  const event = createIntegrationEvent('EmergencyAdvanceApproved', data, { id: randomUUID(), time: '2026-03-05T08:30:00+08:00', metadata: { ...exampleMetadata('EmergencyAdvanceApproved'), correlationId: data.caseId } });
  await recordApprovedAdvance(ctx.svc.app.get<Pool>(PG_POOL), ctx.svc.schema, event);
  const paid = await ctx.http.post('/disbursement/emergency-advances').set('Authorization', await ctx.auth('disbursement_officer')).send({ advanceId: data.advanceId });
  if (paid.status !== 201) throw new Error(`advance: ${paid.status} ${JSON.stringify(paid.body)}`);
  return data.advanceId;
}

/**
 * A verification of a fresh case in 330106001001 whose one query (applicant × TAX) timed out with no attempt left:
 * an open manual task (信函索证), once the service's projection has it in the read model.
 */
async function openManualTask(ctx: Ctx): Promise<{ verificationId: string; taskId: string }> {
  const { verificationId, state } = await verificationOf(ctx, 'TIMEOUT');
  const taskId = Object.keys(state.tasks)[0];
  if (!taskId) throw new Error('no manual task opened');
  return { verificationId, taskId };
}

/**
 * A verification of a fresh case in 330106001001 with one query (applicant × TAX): answered in full (a report,
 * version 1) or timed out with no attempt left (an open manual task, 信函索证) — once the service's projection
 * has it in the read model.
 */
async function verificationOf(ctx: Ctx, outcome: 'TIMEOUT' | 'ANSWERED') {
  const pipeline = ctx.svc.app.get(VerificationPipeline);
  const verificationId = randomUUID();
  const caseId = randomUUID();
  const open = openCommand({ members: [MEMBERS[0]!], consents: [CONSENTS[0]!], sources: ['TAX'] });
  const actor = systemActor('330106001001');
  const run = (command: Parameters<VerificationPipeline['inBackground']>[1], commandId: string) => pipeline.inBackground(verificationId, command, { commandId, caseId, actor });
  await run({ type: open.type, data: { ...open.data, verificationId, caseId, caseNumber: `DB-330106001-2025-${caseId.slice(0, 6)}`, jurisdiction: '330106001001' } }, `open-${verificationId}`);
  const requestId = rid('TAX');
  const submissionId = `s-${verificationId}`;
  await run({ type: 'RecordSubmission', data: { requestId, attempt: 1, submissionId, answerDueAt: '2025-03-07T10:01:00+08:00' } }, `submit-${verificationId}`);
  const last =
    outcome === 'TIMEOUT'
      ? await run(
          { type: 'RecordQueryFailure', data: { requestId, attempt: 1, failure: 'TIMEOUT', retry: { ...RETRY, maxAttempts: 1 }, manualTaskDueOn: dueIn5WorkingDays(pipeline.now()) } },
          `timeout-${verificationId}`,
        )
      : await run(
          { type: 'RecordSourceResult', data: { requestId, resultId: `r-${verificationId}`, submissionId, complete: true, records: [], via: 'CALLBACK' } },
          `answer-${verificationId}`,
        );
  const queries = ctx.svc.app.get(VerificationQueries);
  for (const until = Date.now() + 60_000; !(await queries.byId(verificationId)); ) {
    if (Date.now() > until) throw new Error('the projection did not show the verification');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { verificationId, state: last.state };
}

/** A submitted application of the community officer's community (drafted and submitted through the routes). */
async function submitted(ctx: Ctx): Promise<string> {
  const caseId = await draft(ctx);
  const res = await ctx.http.post(`/applications/${caseId}/submission`).set('Authorization', await ctx.auth('community_officer')).send({});
  if (res.status !== 200) throw new Error(`submission: ${res.status} ${JSON.stringify(res.body)}`);
  return caseId;
}

/** A lead reported in the community officer's community; returns its id. */
async function lead(ctx: Ctx): Promise<string> {
  const res = await ctx.http.post('/leads').set('Authorization', await ctx.auth('community_officer')).send(leadBody());
  if (res.status !== 201) throw new Error(`lead: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.leadId as string;
}
const leadBody = () => ({
  source: 'HOTLINE',
  sourceRef: `12345-${randomUUID().slice(0, 8)}`,
  jurisdiction: DEFAULT_JURISDICTIONS.community_officer,
  subject: { name: '赵大爷', address: '北山街道某社区3幢' },
  hardships: ['ELDERLY_LIVING_ALONE'],
  urgency: 'ROUTINE',
  description: '独居老人，行动不便',
});

/** A complaint about an officer of the community officer's community, filed through the route; returns its id. */
async function complaint(ctx: Ctx): Promise<string> {
  const res = await ctx.http
    .post('/follow-up/complaints')
    .set('Authorization', await ctx.auth('community_officer'))
    .send({ about: 'OFFICER', officerId: 'officer-x', community: DEFAULT_JURISDICTIONS.community_officer, channel: 'HOTLINE', subject: 'SERVICE_QUALITY', anonymous: true, allegation: '态度恶劣', receivedOn: shanghaiDate(new Date()) });
  if (res.status !== 201) throw new Error(`complaint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.complaintId as string;
}

/** A followed-up case with an ad-hoc review opened through the route; optionally with its home visit recorded. */
async function openReview(ctx: Ctx, visited = false): Promise<{ caseId: string; reviewId: string }> {
  const caseId = await followedUpCase(ctx);
  const token = await ctx.auth('community_officer');
  const res = await ctx.http.post(`/follow-up/cases/${caseId}/reviews`).set('Authorization', token).send({ reviewType: 'AD_HOC', triggerKind: 'OTHER' });
  if (res.status !== 201) throw new Error(`review: ${res.status} ${JSON.stringify(res.body)}`);
  const reviewId = res.body.reviewId as string;
  if (visited) {
    const v = await ctx.http
      .post(`/follow-up/cases/${caseId}/reviews/${reviewId}/visits`)
      .set('Authorization', token)
      .send({ visitedOn: shanghaiDate(new Date()), officerIds: ['co-1', 'co-2'], note: '入户核实，情况无变化' });
    if (v.status !== 201) throw new Error(`review visit: ${v.status} ${JSON.stringify(v.body)}`);
  }
  return { caseId, reviewId };
}

SCENARIOS['intake PUT /applications/:caseId'] = {
  role: 'community_officer',
  setup: async (ctx) => {
    const caseId = await draft(ctx);
    const body = { ...application(), channel: 'ONLINE' };
    return { url: `/applications/${caseId}`, body, streamId: `application-${caseId}`, otherBody: { ...body, channel: 'IN_PERSON' } };
  },
};
SCENARIOS['intake POST /applications/:caseId/acceptance'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const caseId = await submitted(ctx);
    return { url: `/applications/${caseId}/acceptance`, body: {}, streamId: `application-${caseId}`, otherBody: { note: 'another' } };
  },
};
SCENARIOS['intake POST /applications/:caseId/rejection'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const caseId = await submitted(ctx);
    const body = { ground: 'WRONG_JURISDICTION', reason: '户籍不在本街道，请到户籍地申请' };
    return { url: `/applications/${caseId}/rejection`, body, streamId: `application-${caseId}`, otherBody: { ...body, reason: '另一个理由' } };
  },
};
SCENARIOS['intake POST /leads'] = {
  role: 'community_officer',
  noConcurrency: 'reports a new lead: there is no lead yet to conflict on',
  setup: async () => {
    const body = leadBody();
    return { url: '/leads', body, otherBody: { ...body, urgency: 'URGENT' } };
  },
};
SCENARIOS['intake POST /leads/:leadId/contacts'] = {
  role: 'community_officer',
  setup: async (ctx) => {
    const leadId = await lead(ctx);
    const body = { contactedOn: shanghaiDate(new Date()), note: '已上门' };
    return { url: `/leads/${leadId}/contacts`, body, streamId: `lead-${leadId}`, otherBody: { ...body, note: '电话联系' } };
  },
};
SCENARIOS['intake POST /leads/:leadId/closure'] = {
  role: 'community_officer',
  setup: async (ctx) => {
    const leadId = await lead(ctx);
    const body = { reason: 'NOT_IN_HARDSHIP', note: '子女按月给付赡养费，生活有保障' };
    return { url: `/leads/${leadId}/closure`, body, streamId: `lead-${leadId}`, otherBody: { ...body, note: '另一个说明' } };
  },
};
SCENARIOS['follow-up POST /follow-up/complaints/:complaintId/assignment'] = {
  role: 'street_reviewer',
  setup: async (ctx) => {
    const complaintId = await complaint(ctx);
    const body = { investigatorId: 'local-street-reviewer', investigatorRole: 'street_reviewer', investigatorJurisdiction: DEFAULT_JURISDICTIONS.street_reviewer };
    return { url: `/follow-up/complaints/${complaintId}/assignment`, body, streamId: `complaint-${complaintId}`, otherBody: { ...body, investigatorId: 'sr-other' } };
  },
};
SCENARIOS['follow-up POST /follow-up/complaints/:complaintId/resolution'] = {
  role: 'street_reviewer',
  setup: async (ctx) => {
    const complaintId = await complaint(ctx);
    // Assigned to the street reviewer whose token the route is called with (only the investigator resolves).
    const assigned = await ctx.http
      .post(`/follow-up/complaints/${complaintId}/assignment`)
      .set('Authorization', await ctx.auth('street_reviewer'))
      .send({ investigatorId: 'local-street-reviewer', investigatorRole: 'street_reviewer', investigatorJurisdiction: DEFAULT_JURISDICTIONS.street_reviewer });
    if (assigned.status !== 200) throw new Error(`assignment: ${assigned.status} ${JSON.stringify(assigned.body)}`);
    const body = { outcome: 'UNSUBSTANTIATED', findings: '经调查，举报内容不属实', actions: ['NONE'], fraudSuspected: false };
    return { url: `/follow-up/complaints/${complaintId}/resolution`, body, streamId: `complaint-${complaintId}`, otherBody: { ...body, findings: '另一个结论' } };
  },
};
SCENARIOS['follow-up POST /follow-up/cases/:caseId/reviews/:reviewId/visits'] = {
  role: 'community_officer',
  setup: async (ctx) => {
    const { caseId, reviewId } = await openReview(ctx);
    const body = { visitedOn: shanghaiDate(new Date()), officerIds: ['co-1', 'co-2'], note: '入户核实，情况无变化' };
    return { url: `/follow-up/cases/${caseId}/reviews/${reviewId}/visits`, body, streamId: `followUp-${caseId}`, otherBody: { ...body, note: '另一次入户' } };
  },
};
SCENARIOS['follow-up POST /follow-up/cases/:caseId/reviews/:reviewId/conclusion'] = {
  role: 'community_officer',
  setup: async (ctx) => {
    const { caseId, reviewId } = await openReview(ctx, true);
    const body = { finding: 'NO_MATERIAL_CHANGE', recommendation: 'NO_CHANGE', reasons: [], changes: [], summary: '经入户核查，家庭情况无明显变化' };
    return { url: `/follow-up/cases/${caseId}/reviews/${reviewId}/conclusion`, body, streamId: `followUp-${caseId}`, otherBody: { ...body, summary: '另一个结论' } };
  },
};

SCENARIOS['eligibility POST /review-cases/:caseId/opinions'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const caseId = await reviewCaseAfter(ctx, 'visit');
    const body = { proposal: 'APPROVE', note: '建议纳入低保' };
    return { url: `/review-cases/${caseId}/opinions`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, note: '另一个意见' } };
  },
};
SCENARIOS['eligibility POST /review-cases/:caseId/public-notices'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const caseId = await reviewCaseAfter(ctx, 'opinion');
    const body = { location: '某社区居务公开栏' };
    return { url: `/review-cases/${caseId}/public-notices`, body, streamId: `reviewCase-${caseId}`, otherBody: { location: '另一个公开栏' } };
  },
};
SCENARIOS['eligibility POST /review-cases/:caseId/submission'] = {
  role: 'street_reviewer',
  setup: async (ctx) => {
    const caseId = await reviewCaseAfter(ctx, 'notice');
    const body = { reviewNote: '经审核，公示无异议，报区民政局审核确认' };
    return { url: `/review-cases/${caseId}/submission`, body, streamId: `reviewCase-${caseId}`, otherBody: { reviewNote: '另一个审核意见' } };
  },
};
SCENARIOS['eligibility POST /review-cases/:caseId/decision'] = {
  role: 'county_approver',
  setup: async (ctx) => {
    const caseId = await reviewCaseAfter(ctx, 'submit');
    const body = { outcome: 'APPROVE', recipient: { memberId: APPLICANT, bankAccountRef: 'bank-account:7c1e9a' }, reason: '经审核确认，符合最低生活保障条件' };
    return { url: `/review-cases/${caseId}/decision`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, reason: '另一个理由' } };
  },
};

/** The worked example's case with its public notice posted today (objections are taken during the notice), optionally with an objection filed today. */
async function caseInNotice(ctx: Ctx, objectionId?: string): Promise<string> {
  const today = shanghaiDate(new Date());
  const posted = notice({ on: today });
  const filed = objectionId ? [reviewCaseCommand('FileObjection', { objectionId, summary: '有居民反映申请人有稳定收入', evidenceRefs: [], actor: PROPOSER, on: today })] : [];
  // The notice (and the objection) of today replace the fixture's March notice: history up to the opinion, then these.
  return reviewCaseAfter(ctx, 'opinion', [posted, ...filed]);
}
SCENARIOS['eligibility POST /review-cases/:caseId/objections'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const caseId = await caseInNotice(ctx);
    const body = { summary: '有居民反映申请人有稳定收入', evidenceRefs: ['doc:objection/letter-1'] };
    return { url: `/review-cases/${caseId}/objections`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, summary: '另一个异议' } };
  },
};
SCENARIOS['eligibility POST /review-cases/:caseId/objections/:objectionId/resolution'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const objectionId = randomUUID();
    const caseId = await caseInNotice(ctx, objectionId);
    const body = { method: 'REINVESTIGATION', outcome: 'REJECTED', findings: '重新入户调查，申请人无稳定收入，异议不成立' };
    return { url: `/review-cases/${caseId}/objections/${objectionId}/resolution`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, outcome: 'UPHELD' } };
  },
};
SCENARIOS['intake POST /applications/:caseId/materials-request'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const caseId = await submitted(ctx);
    const body = { items: ['户口簿复印件不清晰，请重新提供'], reason: '复印件无法辨认' };
    return { url: `/applications/${caseId}/materials-request`, body, streamId: `application-${caseId}`, otherBody: { ...body, reason: '另一个理由' } };
  },
};
SCENARIOS['intake POST /applications/:caseId/materials'] = {
  role: 'community_officer',
  setup: async (ctx) => {
    const caseId = await submitted(ctx);
    const asked = await ctx.http
      .post(`/applications/${caseId}/materials-request`)
      .set('Authorization', await ctx.auth('street_officer'))
      .send({ items: ['户口簿复印件不清晰，请重新提供'], reason: '复印件无法辨认' });
    if (asked.status !== 200) throw new Error(`materials request: ${asked.status} ${JSON.stringify(asked.body)}`);
    const body = { documents: [{ itemKey: 'OTHER:1', documentRef: `doc:hukou:${caseId.slice(0, 8)}` }] };
    return { url: `/applications/${caseId}/materials`, body, streamId: `application-${caseId}`, otherBody: { documents: [{ itemKey: 'OTHER:1', documentRef: 'doc:hukou:other' }] } };
  },
};

/** A fresh relative for the 近亲属备案 routes (a resident not declared before). */
function relative() {
  const n = String(seq++).padStart(3, '0');
  return { officerName: '契约办事员', officialRole: 'CASEWORKER', relativeResidentId: residentId('330106', '19650101', n), relativeName: `亲属${n}`, relation: 'SPOUSE' };
}
const OFFICER_STREAM =
  "the officer's own declarations (one stream per officer, addressed by the token's subject, not the path): no case in the URL to send If-Match for, and two officers never share a stream";
SCENARIOS['intake POST /officers/me/close-relatives'] = {
  role: 'community_officer',
  noConcurrency: OFFICER_STREAM,
  setup: async () => {
    const body = relative();
    return { url: '/officers/me/close-relatives', body, otherBody: relative() };
  },
};
SCENARIOS['intake POST /officers/me/close-relatives/withdrawal'] = {
  role: 'community_officer',
  noConcurrency: OFFICER_STREAM,
  setup: async (ctx) => {
    const declared = relative();
    const res = await ctx.http.post('/officers/me/close-relatives').set('Authorization', await ctx.auth('community_officer')).send(declared);
    if (res.status !== 201) throw new Error(`close relative: ${res.status} ${JSON.stringify(res.body)}`);
    const body = { relativeResidentId: declared.relativeResidentId, reason: '已离婚' };
    return { url: '/officers/me/close-relatives/withdrawal', body, otherBody: { ...body, reason: '另一个理由' } };
  },
};

SCENARIOS['eligibility POST /review-cases/:caseId/emergency-advance'] = {
  role: 'street_reviewer',
  setup: async (ctx) => {
    const caseId = randomUUID();
    // An emergency-type temporary-assistance case (急难型临时救助) that asked for an advance, as eligibility opens it.
    await appendCase(
      ctx,
      caseId,
      history(open({ caseId, caseNumber: `330106-2026-${String(100000 + Math.floor(rand() * 899999))}`, program: 'TEMPORARY_ASSISTANCE', temporaryAssistance: { type: 'EMERGENCY', requestedAmountFen: 500000, emergencyAdvanceRequested: true } })),
    );
    const body = { advanceId: randomUUID(), amountFen: 150000, recipient: { memberId: APPLICANT, bankAccountRef: 'bank-account:7c1e9a' }, reason: '火灾，房屋受损，先行救助' };
    return { url: `/review-cases/${caseId}/emergency-advance`, body, streamId: `reviewCase-${caseId}`, otherBody: { ...body, amountFen: 100000 } };
  },
};

/** The worked example's approved case with a change request (收入变化) being re-determined, optionally with the change proposed (PROPOSER, default policy). */
async function caseInRedetermination(ctx: Ctx, proposed: boolean): Promise<string> {
  const caseId = randomUUID();
  const changeRequestId = randomUUID();
  const commands = [open({ caseId, caseNumber: `330106-2026-${String(100000 + Math.floor(rand() * 899999))}` }), receiveFacts(180000, { caseId }), visit(), opinion(), notice(), submit(), decideCase({ decisionId: randomUUID() })];
  const request: ReviewCaseCommand = {
    type: 'RequestRedetermination',
    data: {
      changeRequestId,
      origin: 'HOUSEHOLD_REPORT',
      requestedChange: 'RECALCULATE',
      trigger: { kind: 'CHANGE_REQUEST', refId: changeRequestId },
      reportedOn: '2026-06-01',
      urgent: false,
      changes: [{ kind: 'INCOME', memberId: APPLICANT, description: '申请人收入变化' }],
      membersLeft: [],
      membersJoined: [],
      declaredIncome: ['2026-03', '2026-04', '2026-05'].map((month) => ({ memberId: APPLICANT, type: 'WAGES' as const, month, amountFen: 90000 })),
    },
    metadata: meta(SYSTEM, '2026-06-02'),
  };
  const propose: ReviewCaseCommand[] = proposed
    ? [{ type: 'ProposeBenefitChange', data: { proposalId: randomUUID(), policy: DEFAULT_POLICY_VERSION, reason: { code: 'INCOME_INCREASED', description: '家庭收入发生变化，按规定调整' } }, metadata: meta(PROPOSER, shanghaiDate(new Date())) }]
    : [];
  return appendCase(ctx, caseId, history(...commands, request, ...propose));
}
SCENARIOS['eligibility POST /review-cases/:caseId/benefit-change-proposals'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const caseId = await caseInRedetermination(ctx, false);
    const body = { reason: { code: 'INCOME_INCREASED', description: '家庭收入发生变化，按规定调整' } };
    return { url: `/review-cases/${caseId}/benefit-change-proposals`, body, streamId: `reviewCase-${caseId}`, otherBody: { reason: { code: 'OTHER', description: '另一个理由' } } };
  },
};
SCENARIOS['eligibility POST /review-cases/:caseId/benefit-change-decision'] = {
  role: 'county_approver',
  setup: async (ctx) => {
    const caseId = await caseInRedetermination(ctx, true);
    const body = { reason: '经审核确认' };
    return { url: `/review-cases/${caseId}/benefit-change-decision`, body, streamId: `reviewCase-${caseId}`, otherBody: { reason: '另一个理由' } };
  },
};

SCENARIOS['follow-up POST /follow-up/cases/:caseId/reviews/:reviewId/reverification'] = {
  role: 'community_officer',
  setup: async (ctx) => {
    const { caseId, reviewId } = await openReview(ctx);
    // The household and its consents (with RECERTIFICATION) as follow-up learns them: intake's ApplicationAccepted through its own inbox handler.
    const id = randomUUID();
    const accepted = createIntegrationEvent('ApplicationAccepted', { ...EXAMPLE_EVENT_DATA.ApplicationAccepted, caseId } as never, {
      id,
      time: new Date().toISOString(),
      metadata: { ...exampleMetadata('ApplicationAccepted'), correlationId: caseId, causationId: id },
    });
    await new InboundEvents(ctx.svc.app.get(FollowUpPipelines), ctx.svc.schema).handle(accepted as never, ctx.svc.app.get<Pool>(PG_POOL) as never);
    return { url: `/follow-up/cases/${caseId}/reviews/${reviewId}/reverification`, body: {}, streamId: `followUp-${caseId}`, otherBody: { memberIds: [randomUUID()] } };
  },
};

SCENARIOS['eligibility POST /policies/impact'] = {
  role: 'policy_admin',
  noConcurrency: "evaluates a draft over the whole division's caseload: no case in the path to send If-Match for; each evaluation is a new impact stream of its own",
  setup: async () => {
    const n = randomUUID().slice(0, 8);
    const draftVersion = policyVersion(`contract-impact-${n}`, `330106-impact-${n}-1`, nextEffectiveDate());
    return { url: '/policies/impact', body: draftVersion, otherBody: { ...draftVersion, version: `330106-impact-${n}-2` } };
  },
};

let roundDays = 0;
/** A past effective date (a version must be in force to propose under it) that no other version of the round district has. */
const pastEffectiveDate = () => `2026-11-${String(++roundDays).padStart(2, '0')}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * The re-determination scenarios' own county: their versions take effect in the past (to be in force), so in
 * 330106 they would become the policy every other scenario's decision is computed under.
 */
const ROUND_DISTRICT = '330108';

/**
 * A re-determination round ready to run (as policy-impact.int.spec.ts sets it up), in ROUND_DISTRICT: an approved
 * case (¥1,300 a month), a draft raising the 低保标准 to ¥1,100 evaluated until its impact lists the case as
 * INCREASE (the global log the evaluation scans may lag behind the append), the same draft published under a
 * fresh line with a past effective date, and the version in the catalogue. With `proposed`, the policy_admin has
 * also run the proposals (the case has a proposal open; the round is at revision 0).
 */
async function redeterminationRound(ctx: Ctx, proposed: boolean): Promise<{ label: string; impactId: string; caseId: string }> {
  const caseId = randomUUID();
  const street = `${ROUND_DISTRICT}001`;
  const officers = [{ id: 'officer-street-801', jurisdiction: street }, { id: 'officer-community-801', jurisdiction: `${street}001` }];
  // the case was decided under the district's standard of today (¥1,000), the policy of its own county
  const districtPolicy = { ...DEFAULT_POLICY_VERSION, policyId: `district-${ROUND_DISTRICT}`, version: `${ROUND_DISTRICT}-2026-01`, divisionCode: ROUND_DISTRICT };
  const events: ReviewCaseEvent[] = history(
    open({ caseId, caseNumber: `${ROUND_DISTRICT}-2026-${String(100000 + Math.floor(rand() * 899999))}`, jurisdiction: `${street}001` }),
    receiveFacts(180000, { caseId }),
    visit({ officers }),
    opinion({ policy: districtPolicy }),
    notice(),
    submit(),
    decideCase({ policy: districtPolicy }),
  );
  await ctx.svc.app.get<EventStore>(EVENT_STORE).appendToStream(
    `reviewCase-${caseId}`,
    events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: { correlationId: caseId, causationId: randomUUID(), actor: SYSTEM, occurredAt: '2026-03-16T09:00:00+08:00' } })),
    { expectedRevision: 'no_stream' },
  );
  const admin = `Bearer ${await ctx.svc.token('policy_admin', { jurisdiction: ROUND_DISTRICT })}`;
  const n = randomUUID().slice(0, 8);
  const policyId = `contract-round-${n}`;
  const label = `${ROUND_DISTRICT}-round-${n}`;
  const draft = {
    ...DEFAULT_POLICY_VERSION,
    policyId,
    version: label,
    divisionCode: ROUND_DISTRICT,
    effectiveFrom: pastEffectiveDate(),
    parameters: { ...DEFAULT_POLICY_VERSION.parameters, subsistenceStandard: 110000 },
  };
  let impactId: string | undefined;
  for (let attempt = 0; attempt < 60 && !impactId; attempt++) {
    const evaluated = await ctx.http.post('/policies/impact').set('Authorization', admin).send(draft);
    if (evaluated.status !== 201) throw new Error(`impact: ${evaluated.status} ${JSON.stringify(evaluated.body)}`);
    const listed = await ctx.http.get(`/policies/impact/${evaluated.body.impactId}/cases?outcome=INCREASE&pageSize=500`).set('Authorization', admin);
    if (listed.body.items?.some((i: { caseId: string }) => i.caseId === caseId)) impactId = evaluated.body.impactId as string;
    else await pause(500);
  }
  if (!impactId) throw new Error(`impact: case ${caseId} never listed`);
  const published = await ctx.http.post(`/policies/${policyId}/versions`).set('Authorization', admin).send({ ...draft, reason: '低保标准调整（契约测试）' });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  for (let attempt = 0; attempt < 60; attempt++) {
    if ((await ctx.http.get(`/policies/versions/${label}`).set('Authorization', admin)).status === 200) break;
    await pause(250);
  }
  if (proposed) {
    const run = await ctx.http.post(`/policies/${label}/redeterminations`).set('Authorization', admin).send({ impactId });
    if (run.status !== 201 || run.body.proposed < 1) throw new Error(`proposals: ${run.status} ${JSON.stringify(run.body)}`);
  }
  return { label, impactId, caseId };
}

SCENARIOS['eligibility POST /policies/:versionId/redeterminations'] = {
  role: 'policy_admin',
  jurisdiction: ROUND_DISTRICT,
  setup: async (ctx) => {
    const { label, impactId } = await redeterminationRound(ctx, false);
    return { url: `/policies/${label}/redeterminations`, body: { impactId }, streamId: `redeterminationRound-${label}`, otherBody: {} };
  },
};

SCENARIOS['eligibility POST /policies/:versionId/redeterminations/decisions'] = {
  role: 'county_approver',
  jurisdiction: ROUND_DISTRICT,
  setup: async (ctx) => {
    const { label, caseId } = await redeterminationRound(ctx, true);
    const body = { caseIds: [caseId], decision: 'APPROVE', reason: '按新低保标准统一调整，经审核确认' };
    return { url: `/policies/${label}/redeterminations/decisions`, body, streamId: `redeterminationRound-${label}`, otherBody: { ...body, reason: '另一个审批意见' } };
  },
};

SCENARIOS['verification POST /verifications/:verificationId/objections'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const { verificationId } = await verificationOf(ctx, 'ANSWERED');
    const body = { reportVersion: 1, items: [{ memberId: MEMBERS[0]!.memberId, source: 'TAX' }], reason: '2024 年 9 月起已离职', evidenceRefs: ['doc:objection/1'] };
    return { url: `/verifications/${verificationId}/objections`, body, streamId: `verification-${verificationId}`, otherBody: { ...body, reason: '另一个理由' } };
  },
};

SCENARIOS['verification POST /verifications/:verificationId/manual-tasks/:taskId/complete'] = {
  role: 'street_officer',
  setup: async (ctx) => {
    const { verificationId, taskId } = await openManualTask(ctx);
    const body = { outcome: 'NOT_OBTAINABLE', records: [], documentRef: 'doc:letter/1', note: '税务部门书面答复：无该人员纳税记录可供提供' };
    return { url: `/verifications/${verificationId}/manual-tasks/${encodeURIComponent(taskId)}/complete`, body, streamId: `verification-${verificationId}`, otherBody: { ...body, documentRef: 'doc:letter/2' } };
  },
};

SCENARIOS['disbursement POST /disbursement/entitlements/:caseId/bank-account-changes'] = {
  role: 'disbursement_officer',
  setup: async (ctx) => {
    const caseId = await entitlement(ctx);
    const body = { memberId: randomUUID(), name: '王芳', bankAccountRef: `acct-new-${caseId.slice(0, 8)}`, householdRequestRef: 'doc:payee-change/1', reason: '原账户已销户' };
    return { url: `/disbursement/entitlements/${caseId}/bank-account-changes`, body, streamId: `entitlement-${caseId}`, otherBody: { ...body, reason: '另一个理由' } };
  },
};
SCENARIOS['disbursement POST /disbursement/entitlements/:caseId/bank-account-changes/:changeId/approval'] = {
  role: 'disbursement_officer',
  setup: async (ctx) => {
    const caseId = await entitlement(ctx);
    const changeId = randomUUID();
    // Requested by another officer (four-eyes: the approver may not be the requester).
    const requester = `Bearer ${await ctx.svc.token('disbursement_officer', { sub: `requester-${changeId.slice(0, 8)}` })}`;
    const requested = await ctx.http
      .post(`/disbursement/entitlements/${caseId}/bank-account-changes`)
      .set('Authorization', requester)
      .send({ changeId, memberId: randomUUID(), name: '王芳', bankAccountRef: `acct-new-${caseId.slice(0, 8)}`, householdRequestRef: 'doc:payee-change/1', reason: '原账户已销户' });
    if (requested.status !== 201) throw new Error(`payee change: ${requested.status} ${JSON.stringify(requested.body)}`);
    return { url: `/disbursement/entitlements/${caseId}/bank-account-changes/${changeId}/approval`, body: {}, streamId: `entitlement-${caseId}`, otherBody: { note: 'another' } };
  },
};
/** The months a run may be started for: the current one and the next (Asia/Shanghai). */
function runMonths(): [string, string] {
  const today = shanghaiDate(new Date());
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  return [today.slice(0, 7), m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`];
}

/** A disbursement officer of `district` (the payment-run scenarios each use their own district). */
const officerOf = async (ctx: Ctx, district: string, sub?: string) => `Bearer ${await ctx.svc.token('disbursement_officer', { jurisdiction: district, ...(sub ? { sub } : {}) })}`;

/** A run of `district` for `period` over one fresh entitlement, executed to its bank file (status ISSUED). */
async function issuedRun(ctx: Ctx, district: string, period: string): Promise<string> {
  await entitlement(ctx, `${district}001001`);
  const started = await ctx.http.post('/disbursement/payment-runs').set('Authorization', await officerOf(ctx, district)).send({ district, period });
  if (started.status !== 202) throw new Error(`run: ${started.status} ${JSON.stringify(started.body)}`);
  await ctx.svc.app.get(PaymentRunService).settled(started.body.runId);
  return started.body.runId as string;
}

/** Runs are one per district and month (current or next): the two setups confirm the two months' runs. */
let confirmationMonths = 0;
SCENARIOS['disbursement POST /disbursement/payment-runs/:runId/bank-confirmation'] = {
  role: 'disbursement_officer',
  setup: async (ctx) => {
    const runId = await issuedRun(ctx, '330106', runMonths()[confirmationMonths++ === 0 ? 0 : 1]);
    const body = { returnFile: 'payment_id,reason_code,bank_message\n' };
    return { url: `/disbursement/payment-runs/${runId}/bank-confirmation`, body, streamId: `paymentRun-${runId}`, otherBody: { ...body, confirmedOn: shanghaiDate(new Date()) } };
  },
};

/** Sessions holding a run's execution lock (as another instance would), ended after the test. */
const heldRunLocks: Client[] = [];
SCENARIOS['disbursement POST /disbursement/payment-runs'] = {
  role: 'disbursement_officer',
  jurisdiction: '330108',
  noConcurrency:
    'the run is named by district and month in the body, not the path (no If-Match); a second start of the same run is the same command (its id comes from the run): recognised, answered with its progress',
  setup: async (ctx) => {
    await entitlement(ctx, '330108001001');
    const [current, next] = runMonths();
    // Another instance executes this run (its advisory lock, PaymentRunExecutor.executeExclusive, is held
    // here): this process records the start only, so the run's stream holds the start alone while the retry is checked.
    const lock = new Client({ connectionString: DATABASE_URL });
    await lock.connect();
    heldRunLocks.push(lock);
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`sa.disbursement.paymentRun:${runIdFor('330108', current)}`]);
    return { url: '/disbursement/payment-runs', body: { district: '330108', period: current }, streamId: `paymentRun-${runIdFor('330108', current)}`, otherBody: { district: '330108', period: next } };
  },
};

/** The two setups leave the runs of the two months CONFIRMED without their completion (the service stopped between the two). */
let completionMonths = 0;
SCENARIOS['disbursement POST /disbursement/payment-runs/:runId/completion'] = {
  role: 'disbursement_officer',
  jurisdiction: '330109',
  setup: async (ctx) => {
    const runId = await issuedRun(ctx, '330109', runMonths()[completionMonths++ === 0 ? 0 : 1]);
    const runs = ctx.svc.app.get(PaymentRunService);
    const actor: Actor = { id: 'officer-contract-330109', role: 'disbursement_officer', roles: ['disbursement_officer'], jurisdiction: '330109' };
    const run = await runs.view(runId, actor);
    await runs.executor.handle(runId, { type: 'RecordBankConfirmation', data: { fileRef: run.bankFileRefs[0]!, confirmedOn: shanghaiDate(new Date()), returns: [] } }, { actor });
    return { url: `/disbursement/payment-runs/${runId}/completion`, body: {}, streamId: `paymentRun-${runId}`, otherBody: { note: 'another' } };
  },
};

SCENARIOS['disbursement POST /disbursement/payments/:paymentId/reissue'] = {
  role: 'disbursement_officer',
  jurisdiction: '330110',
  noConcurrency:
    'addresses a payment, not the run (no If-Match): the reissue id derives from the returned payment, so a second reissue is refused by the run decider (payment_already_reissued: payment-run.unit.spec.ts, payment-run-snapshot.int.spec.ts) and never pays twice',
  setup: async (ctx) => {
    const district = '330110';
    const runId = await issuedRun(ctx, district, runMonths()[0]);
    const officer = await officerOf(ctx, district);
    const lines = await ctx.http.get(`/disbursement/payment-runs/${runId}/lines`).set('Authorization', officer);
    const line = (lines.body.items as { paymentId: string; caseId: string }[])[0];
    if (!line) throw new Error(`lines: ${lines.status} ${JSON.stringify(lines.body)}`);
    const confirmed = await ctx.http
      .post(`/disbursement/payment-runs/${runId}/bank-confirmation`)
      .set('Authorization', officer)
      .send({ returnFile: `payment_id,reason_code,bank_message\n${line.paymentId},ACCOUNT_CLOSED,账户已销户\n` });
    if (confirmed.status !== 200) throw new Error(`confirmation: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    // The account corrected: requested by one officer, approved by another (four-eyes).
    const changeId = randomUUID();
    const requested = await ctx.http
      .post(`/disbursement/entitlements/${line.caseId}/bank-account-changes`)
      .set('Authorization', await officerOf(ctx, district, `requester-${changeId.slice(0, 8)}`))
      .send({ changeId, memberId: randomUUID(), name: '王芳', bankAccountRef: `acct-new-${line.caseId.slice(0, 8)}`, householdRequestRef: 'doc:payee-change/1', reason: '原账户已销户' });
    if (requested.status !== 201) throw new Error(`payee change: ${requested.status} ${JSON.stringify(requested.body)}`);
    const approved = await ctx.http.post(`/disbursement/entitlements/${line.caseId}/bank-account-changes/${changeId}/approval`).set('Authorization', officer).send({});
    if (approved.status < 200 || approved.status > 299) throw new Error(`approval: ${approved.status} ${JSON.stringify(approved.body)}`);
    return { url: `/disbursement/payments/${line.paymentId}/reissue`, body: {}, streamId: `paymentRun-${runId}`, otherBody: { note: 'another' } };
  },
};
SCENARIOS['disbursement POST /disbursement/emergency-advances/:advanceId/completion'] = {
  role: 'disbursement_officer',
  setup: async (ctx) => {
    const advanceId = await paidAdvance(ctx);
    const body = { decisionId: randomUUID() };
    return { url: `/disbursement/emergency-advances/${advanceId}/completion`, body, streamId: `emergencyAdvance-${advanceId}`, otherBody: { decisionId: randomUUID() } };
  },
};
SCENARIOS['disbursement POST /disbursement/emergency-advances'] = {
  role: 'disbursement_officer',
  noConcurrency: 'the advance is named in the body, not the path (no If-Match); a second request for the same advance is the same command (its id comes from the advance): recognised, paid once',
  setup: async (ctx) => {
    const data: EmergencyAdvanceApprovedV1 = { ...EXAMPLE_EVENT_DATA.EmergencyAdvanceApproved, advanceId: randomUUID(), caseId: randomUUID(), jurisdiction: '330106001001' };
    const event = createIntegrationEvent('EmergencyAdvanceApproved', data, { id: randomUUID(), time: '2026-03-05T08:30:00+08:00', metadata: { ...exampleMetadata('EmergencyAdvanceApproved'), correlationId: data.caseId } });
    await recordApprovedAdvance(ctx.svc.app.get<Pool>(PG_POOL), ctx.svc.schema, event);
    return { url: '/disbursement/emergency-advances', body: { advanceId: data.advanceId }, streamId: `emergencyAdvance-${data.advanceId}`, otherBody: { advanceId: randomUUID() } };
  },
};

/**
 * 退款计划's precondition, from real commands: an entitlement of a fresh case in `district` (as the consumer registers
 * eligibility's AssistanceGranted), paid for `period` by the district's run over HTTP, then ended by eligibility's
 * BenefitChanged TERMINATION effective that month (the consumer's handler): the month paid becomes an overpayment
 * outstanding (OverpaymentRecorded) on an ended case.
 */
async function endedCaseWithOverpayment(ctx: Ctx, district: string, period: string): Promise<string> {
  const commands = ctx.svc.app.get(EntitlementCommands);
  const pool = ctx.svc.app.get<Pool>(PG_POOL);
  const community = `${district}001001`;
  const grant = grantedEvent({ community });
  await commands.onAssistanceGranted(grant, pool);
  const started = await ctx.http.post('/disbursement/payment-runs').set('Authorization', await officerOf(ctx, district)).send({ district, period });
  if (started.status !== 202) throw new Error(`run: ${started.status} ${JSON.stringify(started.body)}`);
  await ctx.svc.app.get(PaymentRunService).settled(started.body.runId);
  const suspension = suspendedEvent(grant.data.caseId, grant.data.caseNumber, period);
  const termination = createIntegrationEvent(
    'BenefitChanged',
    { ...suspension.data, decisionId: randomUUID(), changeType: 'TERMINATION', writtenNoticeDueOn: `${period}-28`, jurisdiction: community },
    { id: randomUUID(), time: suspension.time, metadata: suspension.metadata },
  );
  await commands.onBenefitChanged(termination, pool);
  const ended = (await commands.load(grant.data.caseId, pool))!; // with the settlement the termination decided after it
  if (ended.timeline.at(-1)?.kind !== 'TERMINATED' || (ended.recoveries ?? []).length === 0) {
    throw new Error(`termination of ${grant.data.caseId}: ${JSON.stringify({ timeline: ended.timeline.at(-1), recoveries: ended.recoveries })}`);
  }
  return grant.data.caseId;
}

/** Runs are one per district and month: each route's two setups use the current month's and the next month's run of its own district. */
let planMonths = 0;
SCENARIOS['disbursement POST /disbursement/entitlements/:caseId/repayment-plans'] = {
  role: 'disbursement_officer',
  jurisdiction: '330111',
  setup: async (ctx) => {
    const caseId = await endedCaseWithOverpayment(ctx, '330111', runMonths()[planMonths++ === 0 ? 0 : 1]);
    const body = { planId: randomUUID(), instalmentCount: 2, firstDueMonth: runMonths()[0], reason: '终止保障后多发待遇，分2期退还' };
    return { url: `/disbursement/entitlements/${caseId}/repayment-plans`, body, streamId: `entitlement-${caseId}`, otherBody: { ...body, reason: '另一个理由' } };
  },
};
let repaymentMonths = 0;
SCENARIOS['disbursement POST /disbursement/entitlements/:caseId/repayment-plans/:planId/repayments'] = {
  role: 'disbursement_officer',
  jurisdiction: '330112',
  setup: async (ctx) => {
    const district = '330112';
    const caseId = await endedCaseWithOverpayment(ctx, district, runMonths()[repaymentMonths++ === 0 ? 0 : 1]);
    const planId = randomUUID();
    const plan = await ctx.http
      .post(`/disbursement/entitlements/${caseId}/repayment-plans`)
      .set('Authorization', await officerOf(ctx, district))
      .send({ planId, instalmentCount: 2, firstDueMonth: runMonths()[0], reason: '终止保障后多发待遇，分2期退还' });
    if (plan.status !== 201) throw new Error(`repayment plan: ${plan.status} ${JSON.stringify(plan.body)}`);
    const body = { repaymentId: randomUUID(), amountFen: 50000, receivedOn: shanghaiDate(new Date()), evidenceRef: 'doc:receipt/contract-1', reason: '第1期退款' };
    return { url: `/disbursement/entitlements/${caseId}/repayment-plans/${planId}/repayments`, body, streamId: `entitlement-${caseId}`, otherBody: { ...body, amountFen: 40000 } };
  },
};

const keyOf = (svc: string, r: RouteInfo) => `${svc} ${r.method.toUpperCase()} ${r.path}`;
const WRITE = new Set(['post', 'put', 'patch', 'delete']);
const PROBLEM = /application\/problem\+json/;

describe('HTTP command contract of every command route (route metadata, real PostgreSQL)', () => {
  const exceptions: string[] = [];
  const checked: Record<string, string[]> = {};
  afterAll(async () => {
    await Promise.all(heldRunLocks.map((c) => c.end().catch(() => undefined)));
    process.stdout.write(`[contract] known exceptions (${exceptions.length}):\n  ${exceptions.join('\n  ')}\n`);
    process.stdout.write(`[contract] personal fields in the answers kept for replay (sealed):\n${Object.entries(answers).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
    process.stdout.write(`[contract] checks per route:\n${Object.entries(checked).map(([k, v]) => `  ${k}: ${v.join(', ')}`).join('\n')}\n`);
  });

  for (const def of SERVICES) {
    it(`${def.name}: every write route is on the command contract or a listed exception, and honours it`, async () => {
      const svc = await startService(def);
      try {
        const routes = routesOf(svc).filter((r) => WRITE.has(r.method));
        const http = request(svc.app.getHttpServer());
        const tokens = new Map<string, string>();
        const auth = async (role: Role) => {
          if (!tokens.has(role)) tokens.set(role, `Bearer ${await svc.token(role, { jurisdiction: DEFAULT_JURISDICTIONS[role] })}`);
          return tokens.get(role)!;
        };
        const ctx: Ctx = { svc, http, auth };
        const events = async (streamId?: string) =>
          Number(
            (
              await svc.sql<{ n: number }>(
                `SELECT count(*)::int AS n FROM "${svc.eventStoreSchema}".events ${streamId ? 'WHERE stream_id = $1' : ''}`,
                streamId ? [streamId] : [],
              )
            )[0]!.n,
          );
        const revisionOf = async (streamId: string) =>
          Number((await svc.sql<{ r: string }>(`SELECT revision AS r FROM "${svc.eventStoreSchema}".streams WHERE stream_id = $1`, [streamId]))[0]?.r ?? -1);
        const send = (r: RouteInfo, url: string, token: string, body: unknown, headers: Record<string, string> = {}) => {
          let req = (http as unknown as Record<string, (u: string) => request.Test>)[r.method](url).set('Authorization', token);
          for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
          return req.send(body as object);
        };

        const failures: string[] = [];
        for (const r of routes) {
          const key = keyOf(def.name, r);
          if (PENDING_SERVICES[def.name] && !r.command) {
            exceptions.push(`${key} — ${PENDING_SERVICES[def.name]}`);
            continue;
          }
          if (!r.command) {
            if (ROUTE_EXCEPTIONS[key]) exceptions.push(`${key} — ${ROUTE_EXCEPTIONS[key]}`);
            else failures.push(`${key}: a write route neither on @CommandRoute nor a listed exception`);
            continue;
          }
          const done = (checked[key] = [] as string[]);
          const role = (r.roles?.[0] ?? 'community_officer') as Role;

          // Stale If-Match on a case the caller may address → 409 concurrency-conflict, nothing appended.
          if (r.command.stream) {
            const url = fillPath(r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'), (name) => paramValue(name, rand, DEFAULT_JURISDICTIONS[role]));
            const before = await events();
            const res = await send(r, url, await auth(role), {}, { 'If-Match': '"41"' });
            if (res.status !== 409 || !PROBLEM.test(res.headers['content-type'] ?? '') || res.body.type !== 'urn:sa:problem:concurrency-conflict') {
              failures.push(`${key}: stale If-Match on an unknown case gave ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
            }
            if ((await events()) !== before) failures.push(`${key}: stale If-Match appended events`);
            done.push('stale If-Match (no case)');
          }

          const scenario = SCENARIOS[key];
          if (!scenario) {
            // Every command route has its success scenario (8 Dec 2026): a new route without one fails here unless NO_SCENARIO says why.
            if (NO_SCENARIO[key]) exceptions.push(`${key} — on @CommandRoute; no success scenario in this test: ${NO_SCENARIO[key]}`);
            else failures.push(`${key}: a command route without a success scenario (add one to SCENARIOS, or its reason to NO_SCENARIO)`);
            continue;
          }
          const token = scenario.jurisdiction ? `Bearer ${await svc.token(scenario.role, { jurisdiction: scenario.jurisdiction })}` : await auth(scenario.role);

          // Same Idempotency-Key twice → one set of events, the same answer; another body with the key → 422.
          {
            const { url, body, streamId, otherBody } = await scenario.setup(ctx);
            const idem = `retry-${randomUUID()} with spaces/and:colons`;
            const before = await events(streamId);
            const first = await send(r, url, token, body, { 'Idempotency-Key': idem });
            const afterFirst = await events(streamId);
            const second = await send(r, url, token, body, { 'Idempotency-Key': idem });
            const afterSecond = await events(streamId);
            if (first.status < 200 || first.status > 299) failures.push(`${key}: scenario failed ${first.status} ${JSON.stringify(first.body).slice(0, 200)}`);
            else {
              if (afterFirst <= before) failures.push(`${key}: the command appended nothing`);
              if (second.status !== first.status) failures.push(`${key}: retry status ${second.status} ≠ ${first.status}`);
              expect({ key, body: second.body }).toEqual({ key, body: first.body });
              if (afterSecond !== afterFirst) failures.push(`${key}: the retry appended ${afterSecond - afterFirst} events`);
              if (first.headers.etag && second.headers.etag !== first.headers.etag) failures.push(`${key}: retry ETag ${second.headers.etag} ≠ ${first.headers.etag}`);
              const reused = await send(r, url, token, otherBody, { 'Idempotency-Key': idem });
              if (reused.status !== 422 || !PROBLEM.test(reused.headers['content-type'] ?? '')) failures.push(`${key}: key reused with another body gave ${reused.status}`);
              if ((await events(streamId)) !== afterSecond) failures.push(`${key}: key reuse appended events`);
              // The kept answer (replayed above) is sealed as one ciphertext, never in clear (issue 18).
              const kept = (await svc.sql<{ body: unknown }>(`SELECT body FROM "${svc.schema}".http_idempotency WHERE key = $1`, [idem]))[0]?.body;
              if (kept !== null && !(typeof kept === 'object' && kept !== null && isCiphertext((kept as { sealed?: unknown }).sealed))) {
                failures.push(`${key}: the kept answer is in clear: ${JSON.stringify(kept).slice(0, 120)}`);
              }
              done.push('idempotent retry', 'key reuse 422', 'kept answer sealed');
              // The review of issue 18: which personal fields the answer itself holds (printed per route below).
              const personal = personalFieldsIn(first.body);
              answers[key] = personal.length > 0 ? personal.join(', ') : '—';
            }
          }

          if (scenario.noConcurrency) {
            exceptions.push(`${key} — concurrency check not applicable: ${scenario.noConcurrency}`);
          } else {
            const { url, body, streamId } = await scenario.setup(ctx);
            const rev = await revisionOf(streamId!);
            // Stale If-Match on a real case.
            const stale = await send(r, url, token, body, { 'If-Match': `"${rev + 1}"` });
            if (stale.status !== 409 || stale.body.type !== 'urn:sa:problem:concurrency-conflict') failures.push(`${key}: stale If-Match on a case gave ${stale.status}`);
            if ((await revisionOf(streamId!)) !== rev) failures.push(`${key}: stale If-Match appended events`);
            // Two concurrent commands with the ETag read: one wins, the other 409.
            const results = await Promise.all([0, 1].map(() => send(r, url, token, body, { 'If-Match': `"${rev}"`, 'Idempotency-Key': randomUUID() })));
            const statuses = results.map((x) => x.status).sort();
            const ok = statuses.filter((s) => s >= 200 && s < 300).length === 1 && statuses.filter((s) => s === 409).length === 1;
            if (!ok) failures.push(`${key}: two concurrent commands gave ${statuses.join(', ')} ${results.filter((x) => x.status !== 409 && x.status >= 300).map((x) => JSON.stringify(x.body).slice(0, 300)).join(' ')}`);
            const winner = results.find((x) => x.status < 300);
            if (winner && winner.headers.etag !== `"${await revisionOf(streamId!)}"`) failures.push(`${key}: ETag ${winner.headers.etag} is not the case revision`);
            done.push('stale If-Match (case)', 'concurrent 2xx + 409', 'ETag');
          }
        }
        process.stdout.write(`[contract] ${def.name}: ${routes.length} write routes, ${routes.filter((r) => r.command).length} on @CommandRoute\n`);
        expect(failures).toEqual([]);
      } finally {
        await svc.close();
      }
    });
  }
});
