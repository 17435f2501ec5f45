import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { CaseRead, CommandRoute } from '@sa/platform';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { paymentRunStreamId } from '../domain';
import { PaymentRunService, type PaymentRunView } from './payment-run.service';

export class StartPaymentRunDto {
  @ApiProperty({ example: '440305', description: 'District (区县) division code, 6 digits' })
  @Matches(/^\d{6}$/, { message: 'district must be a 6-digit district code' })
  district!: string;

  @ApiProperty({ example: '2026-03', description: 'Benefit month paid, YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month YYYY-MM' })
  period!: string;

  @ApiPropertyOptional({
    enum: ['MONTHLY', 'SUPPLEMENTARY'],
    description: 'MONTHLY (default): the month of every entitlement, with arrears and offsets. SUPPLEMENTARY (补发批次): only arrears (补发) not yet settled, paid now (period = the current month); one per district and day',
  })
  @IsOptional()
  @IsIn(['MONTHLY', 'SUPPLEMENTARY'], { message: 'kind must be MONTHLY or SUPPLEMENTARY' })
  kind?: 'MONTHLY' | 'SUPPLEMENTARY';
}

export class BankConfirmationDto {
  @ApiProperty({ description: 'Return file (CSV: payment_id,reason_code,bank_message; header only when nothing was returned)' })
  @IsString()
  @MaxLength(50_000_000)
  returnFile!: string;

  @ApiPropertyOptional({ description: 'The bank file confirmed (default: the run file)' })
  @IsOptional()
  @IsString()
  fileRef?: string;

  @ApiPropertyOptional({ example: '2026-03-06' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'confirmedOn must be a date YYYY-MM-DD' })
  confirmedOn?: string;
}

@ApiTags('payment runs')
@ApiBearerAuth()
@Controller('disbursement/payment-runs')
export class PaymentRunsController {
  constructor(private readonly runs: PaymentRunService) {}

  @Post()
  @CommandRoute()
  @HttpCode(202)
  @Roles('disbursement_officer')
  @CheckJurisdiction({ body: 'district' })
  @ApiOperation({ summary: '发放批次: start (or resume) the monthly payment run of a district — or a supplementary run (补发批次, kind SUPPLEMENTARY) paying only the arrears not yet settled; runs in the background' })
  @ApiAcceptedResponse({ description: 'The run with its progress (done/total)' })
  start(@Body() body: StartPaymentRunDto, @CurrentActor() actor: Actor): Promise<PaymentRunView> {
    return this.runs.start(body.district, body.period, actor, body.kind === 'SUPPLEMENTARY' ? 'SUPPLEMENTARY' : undefined);
  }

  @Get(':runId')
  @CaseRead((p) => paymentRunStreamId(p.runId))
  @Roles('disbursement_officer', 'auditor')
  @ApiOperation({ summary: 'Progress of a payment run (done / total, payments, held, bank files)' })
  @ApiOkResponse()
  get(@Param('runId', new ParseUUIDPipe()) runId: string, @CurrentActor() actor: Actor): Promise<PaymentRunView> {
    return this.runs.view(runId, actor);
  }

  @Post(':runId/bank-confirmation')
  @CommandRoute({ stream: (p) => paymentRunStreamId(p.runId) })
  @HttpCode(200)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: '银行回盘: record the bank confirmation and its return file; completes the run' })
  confirm(@Param('runId', new ParseUUIDPipe()) runId: string, @Body() body: BankConfirmationDto, @CurrentActor() actor: Actor): Promise<PaymentRunView> {
    return this.runs.recordBankConfirmation(runId, body, actor);
  }
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('disbursement/payments')
export class PaymentsController {
  constructor(private readonly runs: PaymentRunService) {}

  @Post(':paymentId/reissue')
  @CommandRoute()
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: '重新发放: reissue a returned payment to the corrected bank account' })
  reissue(@Param('paymentId', new ParseUUIDPipe()) paymentId: string, @CurrentActor() actor: Actor) {
    return this.runs.reissue(paymentId, actor);
  }
}
