import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { paymentRunStreamId } from '../../domain';
import type { PaymentRunView } from '../payment-run.service';
import { CompletePaymentRunCommand } from './complete-payment-run.handler';

@ApiTags('payment runs')
@ApiBearerAuth()
@Controller('disbursement/payment-runs')
export class CompletePaymentRunController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':runId/completion')
  @CommandRoute({ stream: (p) => paymentRunStreamId(p.runId) })
  @HttpCode(200)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: '完成批次: complete a run the bank confirmed but whose completion was not recorded (idempotent; 409 before the confirmation)' })
  @ApiOkResponse({ description: 'The run (status COMPLETED)' })
  complete(@Param('runId', new ParseUUIDPipe()) runId: string, @CurrentActor() actor: Actor): Promise<PaymentRunView> {
    return this.commandBus.execute(new CompletePaymentRunCommand(runId, actor));
  }
}
