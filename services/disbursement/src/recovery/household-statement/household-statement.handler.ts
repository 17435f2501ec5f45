import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { EVENT_STORE, StreamNotFoundError, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import { shanghaiDate } from '@sa/time';
import type { Pool } from 'pg';
import { EntitlementCommands } from '../../commands/entitlement-commands';
import { entitlementIdFor } from '../../commands/ids';
import { recoveryCapOf, type DisbursementConfig } from '../../config';
import { entitlementStreamId, recoveryCapFor } from '../../domain';
import { entitlementFor } from '../../entitlements/entitlement-access';
import { DISBURSEMENT_MIGRATED } from '../../read-models/tokens';
import { buildStatement, type HouseholdStatement, type StatementArrears, type StatementOffset, type StatementPayment } from '../statement';

export class HouseholdStatementQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/**
 * 发放明细 of a household: per month the regular amount, arrears paid (补发), offsets (追回), net paid, returned,
 * repayments and the overpayment outstanding; each payment with the decision it traces to.
 */
@QueryHandler(HouseholdStatementQuery)
export class HouseholdStatementHandler implements IQueryHandler<HouseholdStatementQuery> {
  private readonly s: string;
  private readonly capOf: (jurisdiction: string) => number;

  constructor(
    private readonly entitlements: EntitlementCommands,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
    this.capOf = recoveryCapOf(config);
  }

  async execute({ caseId, actor }: HouseholdStatementQuery): Promise<HouseholdStatement & { recoveryCapPercent: number; recoveryCapSource: 'POLICY' | 'SERVICE_DEFAULT' }> {
    const state = await entitlementFor(this.entitlements, this.pool, caseId, actor);
    const [payments, offsets, arrears, recordedIn] = await Promise.all([
      this.pool.query<{ payment_id: string; period: string; kind: string; status: string; amount_fen: string; decision_id: string | null; run_id: string | null }>(
        // by entitlement (migration 201: no index by case): the case's entitlement row, and the id an emergency advance uses
        `SELECT payment_id, period, kind, status, amount_fen, decision_id, run_id FROM ${this.s}.payments
          WHERE entitlement_id IN (SELECT entitlement_id FROM ${this.s}.entitlements WHERE case_id = $1 UNION ALL SELECT $2::uuid) AND case_id = $1
          ORDER BY period, kind, payment_id`,
        [caseId, entitlementIdFor(caseId)],
      ),
      this.pool.query<{ period: string; against: 'REGULAR' | 'ARREARS'; overpayment_decision_id: string; against_decision_id: string; amount_fen: string }>(
        `SELECT period, against, overpayment_decision_id, against_decision_id, amount_fen FROM ${this.s}.overpayment_offsets WHERE case_id = $1 ORDER BY period`,
        [caseId],
      ),
      this.pool.query<{ arrears_decision_id: string; period: string; run_id: string; determined_fen: string; netted_fen: string; paid_fen: string; payment_id: string | null }>(
        `SELECT arrears_decision_id, period, run_id, determined_fen, netted_fen, paid_fen, payment_id FROM ${this.s}.arrears_settlements WHERE case_id = $1`,
        [caseId],
      ),
      this.overpaymentRecordedIn(caseId),
    ]);
    const statement = buildStatement({
      state,
      payments: payments.rows.map(
        (r): StatementPayment => ({ paymentId: r.payment_id, period: r.period, kind: r.kind, status: r.status, amountFen: Number(r.amount_fen), decisionId: r.decision_id, runId: r.run_id }),
      ),
      offsets: offsets.rows.map(
        (r): StatementOffset => ({ period: r.period, against: r.against, overpaymentDecisionId: r.overpayment_decision_id, againstDecisionId: r.against_decision_id, amountFen: Number(r.amount_fen) }),
      ),
      arrears: arrears.rows.map(
        (r): StatementArrears => ({
          decisionId: r.arrears_decision_id,
          period: r.period,
          runId: r.run_id,
          determinedFen: Number(r.determined_fen),
          nettedFen: Number(r.netted_fen),
          paidFen: Number(r.paid_fen),
          paymentId: r.payment_id,
        }),
      ),
      overpaymentRecordedIn: recordedIn,
    });
    // The grant's policy cap when the entitlement has one (AssistanceGranted v3), else the service setting.
    const cap = recoveryCapFor(state, this.capOf(state.jurisdiction));
    return { ...statement, recoveryCapPercent: cap.capPercent, recoveryCapSource: cap.source };
  }

  /** The month (Asia/Shanghai) each OverpaymentRecorded was recorded in: one case's entitlement stream, small. */
  private async overpaymentRecordedIn(caseId: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    try {
      for (const e of await this.store.readStream(entitlementStreamId(caseId))) {
        if (e.type === 'OverpaymentRecorded') out.set((e.data as { decisionId: string }).decisionId, shanghaiDate(new Date(e.metadata.occurredAt)).slice(0, 7));
      }
    } catch (err) {
      if (!(err instanceof StreamNotFoundError)) throw err;
    }
    return out;
  }
}
