import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PaymentRunService } from '../payment-run.service';

/** 重新发放: a payment the bank returned, paid again to the corrected account. */
export class ReissuePaymentCommand {
  constructor(
    readonly paymentId: string,
    readonly actor: Actor,
  ) {}
}

/** ReissuePayment on the run's stream first, the one-line bank file after it (PaymentRunService.reissue). */
@CommandHandler(ReissuePaymentCommand)
export class ReissuePaymentHandler implements ICommandHandler<ReissuePaymentCommand> {
  constructor(private readonly runs: PaymentRunService) {}

  execute({ paymentId, actor }: ReissuePaymentCommand) {
    return this.runs.reissue(paymentId, actor);
  }
}
