import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PG_POOL } from '@sa/database';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { EntitlementCommands } from '../../commands/entitlement-commands';
import { entitlementFor } from '../../entitlements/entitlement-access';
import type { RecordRepaymentDto } from './record-repayment.dto';

/** A repayment received under plan `planId`, recorded by `actor` with its receipt. */
export class RecordRepaymentCommand {
  constructor(
    readonly caseId: string,
    readonly planId: string,
    readonly body: RecordRepaymentDto,
    readonly actor: Actor,
  ) {}
}

/** OverpaymentRepaid, split over the plan's overpayments oldest first; never beyond the balance; a retry (same repaymentId) recorded once. */
@CommandHandler(RecordRepaymentCommand)
export class RecordRepaymentHandler implements ICommandHandler<RecordRepaymentCommand> {
  constructor(
    private readonly entitlements: EntitlementCommands,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ caseId, planId, body, actor }: RecordRepaymentCommand) {
    const state = await entitlementFor(this.entitlements, this.pool, caseId, actor);
    const repaymentId = body.repaymentId ?? randomUUID();
    const after = await this.entitlements.recordRepayment(
      state,
      { planId, repaymentId, amountFen: body.amountFen, receivedOn: body.receivedOn, evidenceRef: body.evidenceRef, reason: body.reason },
      actor,
      this.pool,
    );
    const plan = (after.repaymentPlans ?? []).find((p) => p.planId === planId)!;
    return { caseId, planId, repayment: plan.repayments.find((r) => r.repaymentId === repaymentId) ?? null, balanceFen: plan.totalFen - plan.repayments.reduce((s, r) => s + r.amountFen, 0) };
  }
}
