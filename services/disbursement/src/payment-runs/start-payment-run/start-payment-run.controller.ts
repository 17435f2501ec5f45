import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import type { PaymentRunView } from '../payment-run.service';
import { StartPaymentRunDto } from './start-payment-run.dto';
import { StartPaymentRunCommand } from './start-payment-run.handler';

@ApiTags('payment runs')
@ApiBearerAuth()
@Controller('disbursement/payment-runs')
export class StartPaymentRunController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CommandRoute()
  @HttpCode(202)
  @Roles('disbursement_officer')
  @CheckJurisdiction({ body: 'district' })
  @ApiOperation({ summary: '发放批次: start (or resume) the monthly payment run of a district — or a supplementary run (补发批次, kind SUPPLEMENTARY) paying only the arrears not yet settled; runs in the background' })
  @ApiAcceptedResponse({ description: 'The run with its progress (done/total)' })
  start(@Body() body: StartPaymentRunDto, @CurrentActor() actor: Actor): Promise<PaymentRunView> {
    return this.commandBus.execute(new StartPaymentRunCommand(body, actor));
  }
}
