import type { AssistanceGrantedV1, AssistanceGrantedV2, AssistanceGrantedV3, EventDataOfAnyVersion, IntegrationEvent } from '@sa/contracts';
import { quoteIdent } from '@sa/database';
import type { ActorRef, EventStore, HandleOptions } from '@sa/eventstore';
import type { Pool, PoolClient } from 'pg';
import { disbursementPipelines, type DisbursementPipelineSet } from './disbursement-pipelines';
import { effectivelyPaid, lateRegistrationMonths, type EntitlementCommandBody, type EntitlementState, type Recipient } from '../domain';
import { benefitChangeCommand } from '../messaging/benefit-change-command';
import { entitlementIdFor } from './ids';
import { openColumn, sealColumn } from '../read-models/sealed-columns';
import type { Clock } from '@sa/time';

/** Who acts, as the command's metadata and the events record it. */
const actorRef = (actor: ActorRef): ActorRef => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

/**
 * Entitlement commands: eligibility's decisions (AssistanceGranted, BenefitChanged) and bank-account
 * corrections, each decided on the `entitlement-<caseId>` stream through the platform's command
 * pipeline; the folded state is then written to the `entitlements` row the payment run reads (with the
 * caller's transaction: in a consumer it commits with the inbox row). A redelivered event has the same
 * command id (the integration event id), so it is recognised and not decided again; the row is
 * rewritten from the stream either way. The consumer retries a conflicting append (`retryOnConflict`);
 * the HTTP commands (payee change and its approval) never do: a concurrent change is a 409.
 */
export class EntitlementCommands {
  private readonly s: string;
  private readonly pipeline: DisbursementPipelineSet['entitlement'];

  constructor(
    store: EventStore,
    schema: string,
    clock: Clock,
  ) {
    this.s = quoteIdent(schema);
    this.pipeline = disbursementPipelines(store, clock).entitlement;
  }

  async onAssistanceGranted(event: IntegrationEvent<AssistanceGrantedV1 | AssistanceGrantedV2 | AssistanceGrantedV3>, db: Pool | PoolClient): Promise<EntitlementState> {
    const d = event.data;
    const command: EntitlementCommandBody = {
      type: 'RegisterEntitlement',
      data: {
        entitlementId: entitlementIdFor(d.caseId),
        caseId: d.caseId,
        caseNumber: d.caseNumber,
        decisionId: d.decisionId,
        program: d.program,
        jurisdiction: d.jurisdiction,
        recipient: { ...d.recipient },
        startMonth: d.startMonth,
        ...(d.program === 'TEMPORARY_ASSISTANCE'
          ? { instalments: d.instalments }
          : {
              monthlyAmountFen: d.monthlyAmountFen,
              coverage: d.coverage,
              membersCovered: d.membersCovered.map((m) => ({ memberId: m.memberId, name: m.name })),
              // v3: the 追回 cap of the policy the grant was decided under (absent in v1/v2: the service setting applies).
              ...('overpaymentRecovery' in d && d.overpaymentRecovery ? { recoveryCapPercent: d.overpaymentRecovery.monthlyCapPercent } : {}),
            }),
      },
    };
    const state = await this.decide(d.caseId, command, this.fromEvent(event, event.id), db);
    // A back-dated approval (v2, ordered on appeal: start month at or before the decision's month) is a late registration.
    if (d.program !== 'TEMPORARY_ASSISTANCE' && d.startMonth <= d.decidedOn.slice(0, 7)) {
      await this.settleIfLate(state, d.decisionId, d.startMonth, this.fromEvent(event, `${event.id}/settlement`), db);
    }
    return state;
  }

  /**
   * Late registration (AssistanceGranted v2: an approval ordered on appeal, start month in the past): the months a
   * run of the district already passed become arrears (补发) on the approval's decision, paid once by the next run.
   */
  private async settleIfLate(state: EntitlementState, decisionId: string, startMonth: string, options: HandleOptions, db: Pool | PoolClient): Promise<void> {
    if (!state.registered || state.decisionIds[state.decisionIds.length - 1] !== decisionId) return;
    // Monthly runs only (a supplementary run pays arrears, not a month).
    // Runs whose start (asOf) came before the registration never include it: their months are past. A run started
    // after it may include it (a run pays what was registered when it started): not counted, so never paid twice.
    const runs = await db.query<{ period: string }>(
      `SELECT DISTINCT r.period FROM ${this.s}.payment_runs r, ${this.s}.entitlements e
        WHERE e.entitlement_id = $3 AND r.district = $1 AND r.period >= $2 AND r.kind = 'MONTHLY'
          AND (r.snapshot->>'asOf' IS NULL OR r.snapshot->>'asOf' = '' OR (r.snapshot->>'asOf')::timestamptz < date_trunc('milliseconds', e.registered_at))`,
      [state.jurisdiction.slice(0, 6), startMonth, state.entitlementId],
    );
    const months = lateRegistrationMonths(startMonth, runs.rows.map((r) => r.period));
    if (!months) return;
    const paid = effectivelyPaid(state, await this.monthsPaid(state.entitlementId, months.from, db), [], months.from);
    await this.decide(state.caseId, { type: 'SettleRetroactiveCorrection', data: { decisionId, ...months, paid } }, options, db);
  }

  async onBenefitChanged(event: IntegrationEvent<EventDataOfAnyVersion<'BenefitChanged'>>, db: Pool | PoolClient): Promise<EntitlementState> {
    const d = event.data;
    const command = benefitChangeCommand(d);
    const state = await this.decide(d.caseId, command, this.fromEvent(event, event.id), db);
    await this.settleIfRetroactive(state, d.decisionId, d.effectiveMonth, this.fromEvent(event, `${event.id}/settlement`), db);
    return state;
  }

  /**
   * A change effective in a month already paid: the differences per month become arrears (补发) or an
   * overpayment to recover (追回) on the entitlement, from the payment ledger (returned payments excluded).
   */
  private async settleIfRetroactive(state: EntitlementState, decisionId: string, from: string, options: HandleOptions, db: Pool | PoolClient): Promise<void> {
    if (!state.registered) return;
    const months = await this.monthsPaid(state.entitlementId, from, db);
    if (months.length === 0) return;
    const offsets = await db.query<{ period: string; amount_fen: string }>(
      `SELECT period, sum(amount_fen) AS amount_fen FROM ${this.s}.overpayment_offsets
        WHERE entitlement_id = $1 AND period >= $2 AND against = 'REGULAR' GROUP BY period`,
      [state.entitlementId, from],
    );
    const monthly = (r: { period: string; amount_fen: string }) => ({ month: r.period, amountFen: Number(r.amount_fen) });
    // Arrears lines are not a month's payment; offsets and differences already determined are counted (retroactive.ts).
    const paid = effectivelyPaid(state, months, offsets.rows.map(monthly), from);
    await this.decide(state.caseId, { type: 'SettleRetroactiveCorrection', data: { decisionId, from, through: paid[paid.length - 1]!.month, paid } }, options, db);
  }

  /**
   * What the ledger paid the entitlement per month from `from`: the month's benefit as paid (regular lines, their
   * reissues, temporary-assistance instalments). Arrears lines, returned payments and emergency advances (先行救助:
   * temporary assistance paid on the same case before its decision, never a month of the benefit) are excluded.
   */
  private async monthsPaid(entitlementId: string, from: string, db: Pool | PoolClient): Promise<{ month: string; amountFen: number }[]> {
    const { rows } = await db.query<{ period: string; amount_fen: string }>(
      `SELECT period, sum(amount_fen) AS amount_fen FROM ${this.s}.payments
        WHERE entitlement_id = $1 AND period >= $2 AND kind IN ('REGULAR', 'REISSUE', 'TEMPORARY_INSTALMENT') AND status NOT IN ('RETURNED', 'REISSUED') GROUP BY period ORDER BY period`,
      [entitlementId, from],
    );
    return rows.map((r) => ({ month: r.period, amountFen: Number(r.amount_fen) }));
  }

  /**
   * A payee change with the household's request as evidence; it waits for a second officer's approval.
   * An HTTP command: actor, command id (from the Idempotency-Key) and If-Match come from the request's command scope.
   */
  async requestBankAccountChange(
    caseId: string,
    change: { changeId: string; recipient: Recipient; householdRequestRef: string; reason: string },
    actor: ActorRef,
    db: Pool | PoolClient,
  ): Promise<EntitlementState> {
    return this.decide(
      caseId,
      { type: 'RequestBankAccountChange', data: change },
      { actor: actorRef(actor), reason: change.reason, evidenceRefs: [change.householdRequestRef] },
      db,
    );
  }

  /** Four-eyes: a second officer approves the pending change; the payee changes only now. */
  async approveBankAccountChange(caseId: string, changeId: string, actor: ActorRef, db: Pool | PoolClient): Promise<EntitlementState> {
    return this.decide(caseId, { type: 'CorrectBankAccount', data: { changeId } }, { actor: actorRef(actor), causationId: `bank-account-change/${changeId}` }, db);
  }

  /** What the runs recovered by offset so far, per overpayment decision (the offsets ledger written with each batch). */
  async offsetsByDecision(entitlementId: string, db: Pool | PoolClient): Promise<Record<string, number>> {
    const { rows } = await db.query<{ overpayment_decision_id: string; amount_fen: string }>(
      `SELECT overpayment_decision_id, sum(amount_fen) AS amount_fen FROM ${this.s}.overpayment_offsets WHERE entitlement_id = $1 GROUP BY overpayment_decision_id`,
      [entitlementId],
    );
    return Object.fromEntries(rows.map((r) => [r.overpayment_decision_id, Number(r.amount_fen)]));
  }

  /**
   * 退款计划: the case has ended with an overpayment outstanding (after what the runs offset); the officer
   * records the instalments. An HTTP command (actor, command id, If-Match from the request's scope).
   */
  async recordRepaymentPlan(
    state: EntitlementState,
    plan: { planId: string; instalments: { dueMonth: string; amountFen: number }[]; reason: string },
    actor: ActorRef,
    db: Pool | PoolClient,
  ): Promise<EntitlementState> {
    const offsetByDecision = await this.offsetsByDecision(state.entitlementId, db);
    return this.decide(state.caseId, { type: 'RecordRepaymentPlan', data: { ...plan, offsetByDecision } }, { actor: actorRef(actor), reason: plan.reason }, db);
  }

  /** A repayment under a plan, with its evidence (receipt), recorded by an officer. */
  async recordRepayment(
    state: EntitlementState,
    repayment: { planId: string; repaymentId: string; amountFen: number; receivedOn: string; evidenceRef: string; reason: string },
    actor: ActorRef,
    db: Pool | PoolClient,
  ): Promise<EntitlementState> {
    const offsetByDecision = await this.offsetsByDecision(state.entitlementId, db);
    return this.decide(
      state.caseId,
      { type: 'RecordRepayment', data: { ...repayment, offsetByDecision } },
      { actor: actorRef(actor), reason: repayment.reason, evidenceRefs: [repayment.evidenceRef] },
      db,
    );
  }

  async load(caseId: string, db: Pool | PoolClient): Promise<EntitlementState | null> {
    const { rows } = await db.query<{ state: EntitlementState }>(`SELECT state FROM ${this.s}.entitlements WHERE case_id = $1`, [caseId]);
    return rows[0] ? openColumn('entitlements.state', rows[0].state, caseId) : null;
  }

  /** A consumed decision: its id is the command id (a redelivery is recognised), its actor, case, policy and reason carry over. */
  private fromEvent(event: IntegrationEvent, commandId: string): HandleOptions {
    return {
      commandId,
      correlationId: event.metadata.correlationId,
      causationId: event.id,
      actor: event.metadata.actor,
      ...(event.metadata.policyVersion ? { policyVersion: event.metadata.policyVersion } : {}),
      ...(event.metadata.reason ? { reason: event.metadata.reason } : {}),
      retryOnConflict: true,
    };
  }

  private async decide(caseId: string, command: EntitlementCommandBody, options: HandleOptions, db: Pool | PoolClient): Promise<EntitlementState> {
    const result = await this.pipeline.handle(caseId, command, options);
    const state = result.state;
    if (!state.registered) return state;
    await db.query(
      `INSERT INTO ${this.s}.entitlements (entitlement_id, case_id, case_number, program, jurisdiction, district, state, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (entitlement_id) DO UPDATE SET case_number = EXCLUDED.case_number, program = EXCLUDED.program,
         jurisdiction = EXCLUDED.jurisdiction, district = EXCLUDED.district, state = EXCLUDED.state, revision = EXCLUDED.revision,
         updated_at = clock_timestamp()
       WHERE ${this.s}.entitlements.revision < EXCLUDED.revision`,
      [state.entitlementId, state.caseId, state.caseNumber, state.program, state.jurisdiction, state.jurisdiction.slice(0, 6), JSON.stringify(await sealColumn('entitlements.state', state, state.caseId)), result.revision],
    );
    return state;
  }
}
