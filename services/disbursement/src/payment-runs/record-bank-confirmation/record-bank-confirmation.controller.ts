import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { paymentRunStreamId } from '../../domain';
import type { PaymentRunView } from '../payment-run.service';
import { BankConfirmationDto } from './record-bank-confirmation.dto';
import { RecordBankConfirmationCommand } from './record-bank-confirmation.handler';

@ApiTags('payment runs')
@ApiBearerAuth()
@Controller('disbursement/payment-runs')
export class RecordBankConfirmationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':runId/bank-confirmation')
  @CommandRoute({ stream: (p) => paymentRunStreamId(p.runId) })
  @HttpCode(200)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: '银行回盘: record the bank confirmation and its return file; completes the run' })
  confirm(@Param('runId', new ParseUUIDPipe()) runId: string, @Body() body: BankConfirmationDto, @CurrentActor() actor: Actor): Promise<PaymentRunView> {
    return this.commandBus.execute(new RecordBankConfirmationCommand(runId, body, actor));
  }
}
