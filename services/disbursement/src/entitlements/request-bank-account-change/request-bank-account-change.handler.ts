import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PG_POOL } from '@sa/database';
import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { EntitlementCommands } from '../../commands/entitlement-commands';
import { entitlementFor } from '../entitlement-access';
import type { RequestBankAccountChangeDto } from './request-bank-account-change.dto';

/** A payee change asked for by `actor` with the household's written request as evidence. */
export class RequestBankAccountChangeCommand {
  constructor(
    readonly caseId: string,
    readonly body: RequestBankAccountChangeDto,
    readonly actor: Actor,
  ) {}
}

/** Recorded as pending (BankAccountChangeRequested): nothing changes until a second officer approves. */
@CommandHandler(RequestBankAccountChangeCommand)
export class RequestBankAccountChangeHandler implements ICommandHandler<RequestBankAccountChangeCommand> {
  constructor(
    private readonly entitlements: EntitlementCommands,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ caseId, body, actor }: RequestBankAccountChangeCommand) {
    await entitlementFor(this.entitlements, this.pool, caseId, actor);
    const { householdRequestRef, reason, changeId, ...recipient } = body;
    const state = await this.entitlements.requestBankAccountChange(caseId, { changeId: changeId ?? randomUUID(), recipient, householdRequestRef, reason }, actor, this.pool);
    return { caseId, pending: state.pendingBankAccountChange ?? null, recipient: state.recipient };
  }
}
