import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { ReissuePaymentCommand } from './reissue-payment.handler';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('disbursement/payments')
export class ReissuePaymentController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':paymentId/reissue')
  @CommandRoute()
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: '重新发放: reissue a returned payment to the corrected bank account' })
  reissue(@Param('paymentId', new ParseUUIDPipe()) paymentId: string, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new ReissuePaymentCommand(paymentId, actor));
  }
}
