import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PaymentRunService, type PaymentRunView } from '../payment-run.service';

export class GetPaymentRunQuery {
  constructor(
    readonly runId: string,
    readonly actor: Actor,
  ) {}
}

/** The run's progress row (`payment_runs`); 404 unknown, 403 outside the actor's district. */
@QueryHandler(GetPaymentRunQuery)
export class GetPaymentRunHandler implements IQueryHandler<GetPaymentRunQuery, PaymentRunView> {
  constructor(private readonly runs: PaymentRunService) {}

  execute({ runId, actor }: GetPaymentRunQuery): Promise<PaymentRunView> {
    return this.runs.view(runId, actor);
  }
}
