import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PG_POOL } from '@sa/database';
import { addMonths } from '@sa/time';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { EntitlementCommands } from '../../commands/entitlement-commands';
import { evenInstalments, outstandingOverpayments, totalOutstanding } from '../../domain';
import { entitlementFor } from '../../entitlements/entitlement-access';
import type { RecordRepaymentPlanDto } from './record-repayment-plan.dto';

/** 退款计划 of an ended case, by `actor`: explicit instalments, or `instalmentCount` from `firstDueMonth` split evenly. */
export class RecordRepaymentPlanCommand {
  constructor(
    readonly caseId: string,
    readonly body: RecordRepaymentPlanDto,
    readonly actor: Actor,
  ) {}
}

/** RepaymentPlanRecorded: the instalments add up to the overpayment outstanding after the runs' offsets. */
@CommandHandler(RecordRepaymentPlanCommand)
export class RecordRepaymentPlanHandler implements ICommandHandler<RecordRepaymentPlanCommand> {
  constructor(
    private readonly entitlements: EntitlementCommands,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ caseId, body, actor }: RecordRepaymentPlanCommand) {
    const state = await entitlementFor(this.entitlements, this.pool, caseId, actor);
    const planId = body.planId ?? randomUUID();
    let instalments = body.instalments?.map((i) => ({ dueMonth: i.dueMonth, amountFen: i.amountFen }));
    if (!instalments) {
      const offsets = await this.entitlements.offsetsByDecision(state.entitlementId, this.pool);
      const outstanding = totalOutstanding(outstandingOverpayments(state, new Map(Object.entries(offsets))));
      instalments = outstanding > 0 ? evenInstalments(outstanding, body.instalmentCount!, body.firstDueMonth!, addMonths) : [];
    }
    const after = await this.entitlements.recordRepaymentPlan(state, { planId, instalments, reason: body.reason }, actor, this.pool);
    return { caseId, plan: (after.repaymentPlans ?? []).find((p) => p.planId === planId) ?? null };
  }
}
