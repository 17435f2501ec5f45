import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PaymentRunService, type PaymentRunView } from '../payment-run.service';
import type { StartPaymentRunDto } from './start-payment-run.dto';

/** 发放批次: start (or resume) the run of a district and month, or a supplementary run (补发批次). */
export class StartPaymentRunCommand {
  constructor(
    readonly body: StartPaymentRunDto,
    readonly actor: Actor,
  ) {}
}

/** Decided on the run's stream (StartPaymentRun); executed in the background by the PaymentRunExecutor. */
@CommandHandler(StartPaymentRunCommand)
export class StartPaymentRunHandler implements ICommandHandler<StartPaymentRunCommand, PaymentRunView> {
  constructor(private readonly runs: PaymentRunService) {}

  execute({ body, actor }: StartPaymentRunCommand): Promise<PaymentRunView> {
    return this.runs.start(body.district, body.period, actor, body.kind === 'SUPPLEMENTARY' ? 'SUPPLEMENTARY' : undefined);
  }
}
