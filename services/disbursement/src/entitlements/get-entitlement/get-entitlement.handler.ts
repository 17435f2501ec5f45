import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PG_POOL } from '@sa/database';
import { CLOCK, shanghaiDate, type Clock } from '@sa/time';
import type { Pool } from 'pg';
import { EntitlementCommands } from '../../commands/entitlement-commands';
import { amountForPeriod } from '../../domain';
import { entitlementFor } from '../entitlement-access';

export class GetEntitlementQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/** The entitlement of a case with the amount owed this month. */
@QueryHandler(GetEntitlementQuery)
export class GetEntitlementHandler implements IQueryHandler<GetEntitlementQuery> {
  constructor(
    private readonly entitlements: EntitlementCommands,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, actor }: GetEntitlementQuery) {
    const state = await entitlementFor(this.entitlements, this.pool, caseId, actor);
    const month = shanghaiDate(this.clock.now()).slice(0, 7);
    return { ...state, currentMonth: month, current: amountForPeriod(state, month) };
  }
}
