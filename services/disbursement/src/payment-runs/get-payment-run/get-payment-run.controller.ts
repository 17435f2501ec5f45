import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CaseRead } from '@sa/platform';
import { paymentRunStreamId } from '../../domain';
import type { PaymentRunView } from '../payment-run.service';
import { GetPaymentRunQuery } from './get-payment-run.handler';

@ApiTags('payment runs')
@ApiBearerAuth()
@Controller('disbursement/payment-runs')
export class GetPaymentRunController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':runId')
  @CaseRead((p) => paymentRunStreamId(p.runId))
  @Roles('disbursement_officer', 'auditor')
  @ApiOperation({ summary: 'Progress of a payment run (done / total, payments, held, bank files)' })
  @ApiOkResponse()
  get(@Param('runId', new ParseUUIDPipe()) runId: string, @CurrentActor() actor: Actor): Promise<PaymentRunView> {
    return this.queryBus.execute(new GetPaymentRunQuery(runId, actor));
  }
}
