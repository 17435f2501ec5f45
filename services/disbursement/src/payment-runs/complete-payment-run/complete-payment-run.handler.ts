import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG } from '@sa/platform';
import { CLOCK, type Clock } from '@sa/time';
import type { Pool } from 'pg';
import type { DisbursementConfig } from '../../config';
import { PaymentRunService, type PaymentRunView } from '../payment-run.service';

/**
 * 完成批次: a run the bank confirmed (`CONFIRMED`) whose completion was not recorded — the service
 * stopped between `RecordBankConfirmation` and `CompletePaymentRun` of `POST …/bank-confirmation`.
 */
export class CompletePaymentRunCommand {
  constructor(
    readonly runId: string,
    readonly actor: Actor,
  ) {}
}

/**
 * The same `CompletePaymentRun` command as the bank confirmation's: a completed run answers as it is
 * (idempotent), a run the bank has not confirmed is a 409 (`bank_confirmation_missing`).
 */
@CommandHandler(CompletePaymentRunCommand)
export class CompletePaymentRunHandler implements ICommandHandler<CompletePaymentRunCommand, PaymentRunView> {
  private readonly s: string;

  constructor(
    private readonly runs: PaymentRunService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  async execute({ runId, actor }: CompletePaymentRunCommand): Promise<PaymentRunView> {
    await this.runs.view(runId, actor); // 404 / 403 before anything
    const completed = await this.runs.executor.handle(runId, { type: 'CompletePaymentRun', data: {} }, { actor });
    // The payment rows the interrupted request may not have updated: the returned ones (the run's
    // PaymentReturned events, in its state) stay RETURNED, every other regular payment still ISSUED is PAID.
    const returned = Object.keys(completed.state.returned);
    await this.pool.query(`UPDATE ${this.s}.payments SET status = 'RETURNED' WHERE payment_id = ANY($1::uuid[]) AND status = 'ISSUED'`, [returned]);
    await this.pool.query(
      `UPDATE ${this.s}.payments SET status = 'PAID' WHERE run_id = $1 AND status = 'ISSUED' AND kind IN ('REGULAR', 'ARREARS') AND NOT (payment_id = ANY($2::uuid[]))`,
      [runId, returned],
    );
    await this.runs.executor.saveProgress(this.pool, completed.state, this.clock.now(), completed.revision);
    return this.runs.view(runId, actor);
  }
}
