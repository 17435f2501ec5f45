import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PG_POOL } from '@sa/database';
import type { Pool } from 'pg';
import { EntitlementCommands } from '../../commands/entitlement-commands';
import { entitlementFor } from '../entitlement-access';

/** A second officer (`actor`) approves the pending payee change `changeId`. */
export class ApproveBankAccountChangeCommand {
  constructor(
    readonly caseId: string,
    readonly changeId: string,
    readonly actor: Actor,
  ) {}
}

/** Four eyes: BankAccountCorrected with requestedBy, approvedBy and the household's request; the payee changes now. */
@CommandHandler(ApproveBankAccountChangeCommand)
export class ApproveBankAccountChangeHandler implements ICommandHandler<ApproveBankAccountChangeCommand> {
  constructor(
    private readonly entitlements: EntitlementCommands,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ caseId, changeId, actor }: ApproveBankAccountChangeCommand) {
    await entitlementFor(this.entitlements, this.pool, caseId, actor);
    const state = await this.entitlements.approveBankAccountChange(caseId, changeId, actor, this.pool);
    return { caseId, recipient: state.recipient };
  }
}
