import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PaymentRunService, type PaymentRunView } from '../payment-run.service';
import type { BankConfirmationDto } from './record-bank-confirmation.dto';

/** 银行回盘: the bank confirmed the run's file; its return file lists the payments it sent back. */
export class RecordBankConfirmationCommand {
  constructor(
    readonly runId: string,
    readonly body: BankConfirmationDto,
    readonly actor: Actor,
  ) {}
}

/** RecordBankConfirmation then CompletePaymentRun on the run's stream (PaymentRunService.recordBankConfirmation). */
@CommandHandler(RecordBankConfirmationCommand)
export class RecordBankConfirmationHandler implements ICommandHandler<RecordBankConfirmationCommand, PaymentRunView> {
  constructor(private readonly runs: PaymentRunService) {}

  execute({ runId, body, actor }: RecordBankConfirmationCommand): Promise<PaymentRunView> {
    return this.runs.recordBankConfirmation(runId, body, actor);
  }
}
