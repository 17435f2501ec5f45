/**
 * `npm run projections -- rebuild <service>` (deploy/projections): for intake, eligibility,
 * follow-up and audit (its statistics read model), each booted in-process as it runs (real AppModule, its live ProjectionProcessor) on real
 * PostgreSQL, after a realistic sequence of events — the read model rebuilt from the event store by
 * the CLI's code path has the same table digest (`digestTables`: rows and SHA-256 of every column) as
 * the one the live processor built, and a second rebuild gives it again. Event store: PostgreSQL.
 */
import type { VerificationConsent } from '@sa/contracts';
import { run } from '@sa/decider';
import { EVENT_STORE, eventIdFor, ProjectionProcessor, type ActorRef, type EventStore, type GlobalPosition } from '@sa/eventstore';
import { randomUUID } from 'node:crypto';
import { ServiceReadModels } from '../../deploy/projections/projections';
import { approvedCase, CASE_ID as REVIEW_CASE_ID, submittedCase } from '../../services/eligibility/src/domain/__tests__/review-case-fixtures';
import { FollowUpPipelines, SYSTEM_ACTOR } from '../../services/follow-up/src/commands/follow-up-pipelines';
import { applicationDecider, leadDecider, type ApplicationCommand, type LeadCommand } from '../../services/intake/src/domain';
import { completeForm, consent, IDS, LATER, NOW, OFFICER, STREET_OFFICER } from '../../services/intake/test/support/fixtures';
import { DATABASE_URL, SERVICES, startService, TEST_SECRET, type RunningService } from '../security/support/services';

jest.setTimeout(300_000);

interface Domain {
  type: string;
  data: unknown;
}

/** Appends decided events to a stream as the command pipeline would (event ids from a command id). */
async function append(store: EventStore, streamId: string, events: Domain[], actor: ActorRef, occurredAt: string): Promise<GlobalPosition> {
  const commandId = randomUUID();
  const res = await store.appendToStream(
    streamId,
    events.map((e, i) => ({
      eventId: eventIdFor(commandId, i),
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      metadata: { correlationId: streamId.slice(streamId.indexOf('-') + 1), causationId: commandId, actor, occurredAt },
    })),
  );
  return res.position;
}

/** Runs commands through a decider from its history and appends each decision; the last position. */
async function record<C>(store: EventStore, streamId: string, decider: typeof applicationDecider | typeof leadDecider, commands: C[], actor: ActorRef): Promise<GlobalPosition> {
  const past: Domain[] = [];
  let last: GlobalPosition | undefined;
  for (const command of commands) {
    const events = run(decider as never, past as never, command as never).events as unknown as Domain[];
    last = await append(store, streamId, events, actor, (command as { now?: string }).now ?? NOW);
    past.push(...events);
  }
  return last!;
}

const sequences: Record<string, (svc: RunningService) => Promise<GlobalPosition>> = {
  /** Two applications (one accepted after the materials were supplied, one withdrawn) and a lead. */
  async intake(svc) {
    const store = svc.app.get<EventStore>(EVENT_STORE);
    const caseA = randomUUID();
    const caseB = randomUUID();
    const leadId = randomUUID();
    await record<ApplicationCommand>(
      store,
      `application-${caseA}`,
      applicationDecider,
      [
        { type: 'CreateDraft', data: { caseId: caseA, caseNumber: '330106-2026-000301', form: completeForm({ commitment: undefined }) }, metadata: { actor: OFFICER, now: NOW } },
        { type: 'SubmitApplication', data: { additionalMissingItems: [], declaredRelatives: [] }, metadata: { actor: OFFICER, now: NOW } },
        { type: 'SupplyMaterials', data: { documents: [{ itemKey: 'SIGNED_COMMITMENT', documentRef: 'doc:c' }], consents: [] }, metadata: { actor: OFFICER, now: LATER } },
        { type: 'AcceptApplication', data: { declaredRelatives: [] }, metadata: { actor: STREET_OFFICER, now: LATER } },
      ] as ApplicationCommand[],
      OFFICER,
    );
    const formB = completeForm({ consents: [consent(IDS.applicant), consent(IDS.spouse), consent(IDS.student)] });
    await record<ApplicationCommand>(
      store,
      `application-${caseB}`,
      applicationDecider,
      [
        { type: 'CreateDraft', data: { caseId: caseB, caseNumber: '330106-2026-000302', form: formB }, metadata: { actor: OFFICER, now: NOW } },
        { type: 'WithdrawApplication', data: { reason: 'APPLICANT_REQUEST', requestedBy: 'APPLICANT' }, metadata: { actor: OFFICER, now: NOW } },
      ] as ApplicationCommand[],
      OFFICER,
    );
    return record<LeadCommand>(
      store,
      `lead-${leadId}`,
      leadDecider,
      [
        {
          type: 'ReportLead',
          data: {
            leadId,
            reservedCaseId: randomUUID(),
            source: 'GRID_WORKER',
            jurisdiction: '330106001001',
            subject: { name: '赵大爷', address: '3幢' },
            hardships: ['ELDERLY_LIVING_ALONE'],
            urgency: 'ROUTINE',
            description: '独居',
            dueOn: '2026-03-05',
          },
          metadata: { actor: OFFICER, now: NOW },
        },
      ] as LeadCommand[],
      OFFICER,
    );
  },

  /** The worked example approved on 16 March 2026, and a second case submitted for decision. */
  async eligibility(svc) {
    const store = svc.app.get<EventStore>(EVENT_STORE);
    const actor: ActorRef = { id: 'officer-street-001', role: 'street_officer', jurisdiction: '330106001' };
    await append(store, `reviewCase-${REVIEW_CASE_ID}`, approvedCase(), actor, '2026-03-16T10:00:00+08:00');
    const other = randomUUID();
    const events = JSON.parse(JSON.stringify(submittedCase()).split(REVIEW_CASE_ID).join(other)) as Domain[];
    return append(store, `reviewCase-${other}`, events, actor, '2026-03-13T10:00:00+08:00');
  },

  /** A granted case through a periodic review with re-verification, a visit and a proposal, a taper, welfare visits; a complaint. */
  async 'follow-up'(svc) {
    const p = svc.app.get(FollowUpPipelines);
    const COMMUNITY = '440305001001';
    const system = { actor: SYSTEM_ACTOR(COMMUNITY) };
    const officer: ActorRef = { id: 'co-1', role: 'community_officer', jurisdiction: COMMUNITY };
    const caseId = randomUUID();
    const memberId = randomUUID();
    const reviewId = randomUUID();
    const at = (date: string) => `${date}T10:00:00.000+08:00`;
    const handle = (command: Parameters<typeof p.followUp.handle>[1], date: string, as = system) =>
      p.followUp.handle(caseId, command, { ...as, now: at(date), commandId: randomUUID() });
    await handle({
      type: 'OpenFollowUp',
      data: {
        caseId,
        caseNumber: 'DB-440305001-2026-000301',
        decisionId: randomUUID(),
        program: 'MINIMUM_LIVING_ALLOWANCE',
        jurisdiction: COMMUNITY,
        reviewClass: 'UNSTABLE',
        reviewIntervalMonths: 6,
        startMonth: '2026-02',
        monthlyAmountFen: 80000,
        membersCovered: [{ memberId, name: '张三' }],
      },
    }, '2026-01-20');
    await handle({ type: 'OpenPeriodicReview', data: { reviewId, dueSoonDays: 15 } }, '2026-07-25');
    const requestId = randomUUID();
    await handle({
      type: 'RequestReverification',
      data: {
        requestId,
        members: [{ memberId, name: '张三', residentId: IDS.applicant }],
        consents: [
          {
            consentId: randomUUID(),
            memberId,
            signedOn: '2026-01-05',
            signedBy: 'SELF',
            scope: { sources: ['SOCIAL_INSURANCE'], purposes: ['RECERTIFICATION'] },
            documentRef: 'doc:consent',
          } as VerificationConsent,
        ],
        referenceMonths: 12,
        dueOn: '2026-08-09',
      },
    }, '2026-07-25');
    await handle({ type: 'ReceiveVerificationResult', data: { requestId, verificationId: randomUUID(), reportVersion: 1 } }, '2026-08-03');
    await handle({ type: 'RecordReviewVisit', data: { reviewId, visitedOn: '2026-08-04', officerIds: ['co-1', 'co-2'], note: '入户核实，长子已就业' } }, '2026-08-04', { actor: officer });
    await handle(
      {
        type: 'ConcludeReview',
        data: {
          reviewId,
          changeRequestId: randomUUID(),
          finding: 'CHANGE_FOUND',
          recommendation: 'TAPER',
          reasons: ['家庭成员就业，人均收入超过标准'],
          changes: [{ kind: 'EMPLOYMENT', description: '长子8月起就业' }],
          summary: '建议渐退',
        },
      },
      '2026-08-05',
      { actor: officer },
    );
    await handle({
      type: 'ApplyBenefitChange',
      data: {
        decisionId: randomUUID(),
        changeType: 'TAPER',
        effectiveMonth: '2026-09',
        taperSchedule: [
          { month: '2026-09', amountFen: 60000 },
          { month: '2026-10', amountFen: 40000 },
        ],
        reason: '渐退',
        decidedOn: '2026-08-20',
      },
    }, '2026-08-20');
    await handle({ type: 'PlanWelfareVisits', data: { vulnerabilities: ['ELDERLY_LIVING_ALONE'], intervalDays: 7, firstDueOn: '2026-08-27' } }, '2026-08-20', { actor: officer });
    await handle({ type: 'RecordWelfareVisit', data: { visitId: randomUUID(), visitedOn: '2026-08-27', note: '老人身体良好', concerns: [] } }, '2026-08-27', { actor: officer });
    await handle({ type: 'RecordPayment', data: { paymentId: randomUUID(), paymentMonth: '2026-09', amountFen: 60000, status: 'ISSUED', on: '2026-09-05' } }, '2026-09-05');
    const closed = await handle({ type: 'CloseEndedTaper', data: {} }, '2026-11-02');
    expect(closed.state.status).toBe('CLOSED');

    const complaintId = randomUUID();
    const reviewer: ActorRef = { id: 'sr-1', role: 'street_reviewer', jurisdiction: '440305001' };
    const onComplaint = (command: Parameters<typeof p.complaint.handle>[1], actor: ActorRef, date: string) =>
      p.complaint.handle(complaintId, command, { actor, now: at(date), commandId: randomUUID() });
    await onComplaint(
      {
        type: 'FileComplaint',
        data: {
          complaintId,
          about: 'CASE',
          caseId,
          community: COMMUNITY,
          channel: 'HOTLINE',
          subject: 'WRONGFUL_BENEFIT',
          anonymous: true,
          allegation: '该户名下有小汽车',
          receivedOn: '2026-09-01',
        },
      },
      officer,
      '2026-09-01',
    );
    await onComplaint({ type: 'AssignInvestigator', data: { investigator: reviewer } }, reviewer, '2026-09-02');
    const resolved = await onComplaint(
      { type: 'ResolveComplaint', data: { outcome: 'UNSUBSTANTIATED', findings: '经查无车辆登记', actions: ['NONE'], fraudSuspected: false } },
      reviewer,
      '2026-09-10',
    );
    const [last] = await p.store.readStream(resolved.streamId, { direction: 'backwards', maxCount: 1 });
    return last!.position;
  },
};

/** Audit's statistics read model: the worked example approved, a payment batch of the month and a return. */
sequences.audit = async (svc) => {
  const store = svc.app.get<EventStore>(EVENT_STORE);
  const actor: ActorRef = { id: 'officer-street-001', role: 'street_officer', jurisdiction: '330106001' };
  await append(store, `reviewCase-${REVIEW_CASE_ID}`, approvedCase(), actor, '2026-03-16T10:00:00+08:00');
  const line = { caseId: REVIEW_CASE_ID, program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '330106001001', amountFen: 98000, recipient: { memberId: randomUUID(), name: '收款人', bankAccountRef: 'acct-1' } };
  const system: ActorRef = { id: 'sa-disbursement', role: 'system', jurisdiction: '330106' };
  await append(store, 'paymentRun-run-330106-2026-04', [{ type: 'PaymentBatchIssued', data: { runId: 'run-330106-2026-04', period: '2026-04', payments: [line] } }] as unknown as Domain[], system, '2026-04-15T10:00:00+08:00');
  return append(store, 'paymentRun-run-330106-2026-04', [{ type: 'PaymentReturned', data: { payment: { ...line, period: '2026-04' }, returnedOn: '2026-04-18' } }] as unknown as Domain[], system, '2026-04-18T10:00:00+08:00');
};

describe('npm run projections -- rebuild: the rebuilt read model has the live digest', () => {
  for (const name of ['intake', 'eligibility', 'follow-up', 'audit']) {
    it(`${name}`, async () => {
      const def = SERVICES.find((s) => s.name === name)!;
      const svc = await startService(def);
      try {
        const last = await sequences[name]!(svc);
        // The live processor (started with the application) reaches the last event.
        const live = svc.app.get(ProjectionProcessor);
        for (const p of live.projections) await live.waitFor(last, 120_000, p.name);

        const env = { ...def.env(''), NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, DATABASE_URL, DATABASE_SCHEMA: svc.schema, EVENTSTORE_SCHEMA: svc.eventStoreSchema };
        const cli = await ServiceReadModels.open(name, env);
        try {
          const first = await cli.rebuild();
          const second = await cli.rebuild();
          process.stdout.write(
            `[projections] ${name}: ${first.events} events, rebuilt in ${first.ms} ms; ${first.before.tables.map((t) => `${t.table} ${t.rows}`).join(', ')}; digest ${first.before.sha256.slice(0, 16)}\n`,
          );
          expect(first.before.tables.some((t) => t.rows > 0)).toBe(true);
          expect(first.after).toEqual(first.before);
          expect(second.after).toEqual(first.before);
          expect((await cli.status()).every((s) => s.pending === 0 && s.checkpoint !== null)).toBe(true);
        } finally {
          await cli.close();
        }
      } finally {
        await svc.close();
      }
    });
  }
});
