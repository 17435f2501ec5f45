import { Body, Controller, Get, HttpCode, Inject, Injectable, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError } from '@sa/decider';
import { EVENT_STORE, handleCommand, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, Max, Min, ValidateNested } from 'class-validator';
import type { Pool } from 'pg';
import { BANK_FILE_WRITER, type BankFileWriter } from '../bank/bank-file';
import type { DisbursementConfig } from '../config';
import { emergencyAdvanceDecider, emergencyAdvanceStreamId } from '../domain';
import { DISBURSEMENT_ID_NAMESPACE, entitlementIdFor } from '../persistence/ids';
import { DISBURSEMENT_MIGRATED } from '../persistence/tokens';
import { CLOCK, shanghaiDate, shanghaiInstant, WORKING_DAY_CALENDAR, type Clock, type WorkingDayCalendar } from '@sa/time';
import { uuidV5 } from '@sa/eventstore';

export class AdvanceRecipientDto {
  @ApiProperty() @IsUUID() memberId!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty() @Matches(/^\S{4,128}$/, { message: 'bankAccountRef must be a reference of 4–128 characters without spaces' }) bankAccountRef!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) bankAccountMasked?: string;
}

export class PayEmergencyAdvanceDto {
  @ApiProperty({ description: 'Client-chosen id (idempotency: paying the same id twice is refused)' }) @IsUUID() advanceId!: string;
  @ApiProperty() @IsUUID() caseId!: string;
  @ApiProperty() @IsString() @IsNotEmpty() caseNumber!: string;
  @ApiProperty({ example: '440305001001' }) @Matches(/^(\d{6}|\d{9}|\d{12})$/, { message: 'jurisdiction must be a division code' }) jurisdiction!: string;
  @ApiProperty({ description: 'fen' }) @IsInt() @Min(1) amountFen!: number;
  @ApiProperty({ description: "The local emergency-advance limit in fen, from eligibility's policy" }) @IsInt() @Min(0) advanceLimitFen!: number;
  @ApiProperty({ example: '440305-2026-01' }) @IsString() @IsNotEmpty() policyVersion!: string;
  @ApiProperty({ example: '火灾，房屋受损' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
  @ApiProperty({ description: 'Working days allowed to complete the paperwork (local policy)' }) @IsInt() @Min(1) @Max(60) completeWithinWorkingDays!: number;
  @ApiProperty({ type: AdvanceRecipientDto }) @ValidateNested() @Type(() => AdvanceRecipientDto) recipient!: AdvanceRecipientDto;
}

export class CompleteAdvanceDto {
  @ApiProperty({ description: 'The temporary-assistance decision that completes the file' }) @IsUUID() decisionId!: string;
}

/** 先行救助: pay at once within the limit, then complete the paperwork within N working days, or be overdue. */
@Injectable()
export class EmergencyAdvanceService {
  private readonly s: string;
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDayCalendar,
    @Inject(BANK_FILE_WRITER) private readonly bankFiles: BankFileWriter,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  async pay(dto: PayEmergencyAdvanceDto, actor: Actor) {
    const now = this.clock.now();
    const paidOn = shanghaiDate(now);
    const paperworkDueOn = this.calendar.addWorkingDays(paidOn, dto.completeWithinWorkingDays);
    const paymentId = uuidV5(`payment:EMERGENCY_ADVANCE:${dto.advanceId}`, DISBURSEMENT_ID_NAMESPACE);
    const recipient = { ...dto.recipient };
    const data = {
      advanceId: dto.advanceId,
      paymentId,
      caseId: dto.caseId,
      caseNumber: dto.caseNumber,
      jurisdiction: dto.jurisdiction,
      amountFen: dto.amountFen,
      advanceLimitFen: dto.advanceLimitFen,
      policyVersion: dto.policyVersion,
      reason: dto.reason,
      recipient,
      paidOn,
      paperworkDueOn,
    };
    await handleCommand({
      store: this.store,
      streamId: emergencyAdvanceStreamId(dto.advanceId),
      decider: emergencyAdvanceDecider,
      command: { type: 'PayEmergencyAdvance', data },
      commandId: `${dto.advanceId}/pay`,
      metadata: {
        correlationId: dto.caseId,
        causationId: `${dto.advanceId}/pay`,
        actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction },
        occurredAt: shanghaiInstant(now),
        reason: dto.reason,
        policyVersion: dto.policyVersion,
      },
      retryOnConflict: false,
    });
    const period = paidOn.slice(0, 7);
    const bankFileRef = `${dto.jurisdiction.slice(0, 6)}/${period}/advance-${paymentId}.csv`;
    await this.bankFiles.write(bankFileRef, dto.advanceId, (async function* () {
      yield { paymentId, caseNumber: dto.caseNumber, recipientName: recipient.name, bankAccountRef: recipient.bankAccountRef, amountFen: dto.amountFen, program: 'TEMPORARY_ASSISTANCE', period };
    })());
    await this.pool.query(
      `INSERT INTO ${this.s}.payments (payment_id, entitlement_id, case_id, case_number, period, kind, program, jurisdiction, amount_fen, recipient, issued_on, bank_file_ref)
       VALUES ($1, $2, $3, $4, $5, 'EMERGENCY_ADVANCE', 'TEMPORARY_ASSISTANCE', $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [paymentId, entitlementIdFor(dto.caseId), dto.caseId, dto.caseNumber, period, dto.jurisdiction, dto.amountFen, JSON.stringify(recipient), paidOn, bankFileRef],
    );
    await this.pool.query(
      `INSERT INTO ${this.s}.emergency_advances (advance_id, payment_id, case_id, case_number, jurisdiction, amount_fen, advance_limit_fen, reason, paid_on, paperwork_due_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [dto.advanceId, paymentId, dto.caseId, dto.caseNumber, dto.jurisdiction, dto.amountFen, dto.advanceLimitFen, dto.reason, paidOn, paperworkDueOn],
    );
    return { advanceId: dto.advanceId, paymentId, paidOn, paperworkDueOn, bankFileRef };
  }

  async complete(advanceId: string, decisionId: string, actor: Actor) {
    const { rows } = await this.pool.query<{ jurisdiction: string; case_id: string }>(`SELECT jurisdiction, case_id FROM ${this.s}.emergency_advances WHERE advance_id = $1`, [advanceId]);
    if (!rows[0]) throw new DomainError('advance_not_paid', 'No such emergency advance', { kind: 'not_found' });
    assertJurisdiction(actor, rows[0].jurisdiction);
    const now = this.clock.now();
    const result = await handleCommand({
      store: this.store,
      streamId: emergencyAdvanceStreamId(advanceId),
      decider: emergencyAdvanceDecider,
      command: { type: 'CompleteAdvancePaperwork', data: { decisionId, completedOn: shanghaiDate(now) } },
      commandId: `${advanceId}/complete`,
      metadata: { correlationId: rows[0].case_id, causationId: decisionId, actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, occurredAt: shanghaiInstant(now) },
      retryOnConflict: true,
    });
    const late = result.state.paid !== null && (result.state.completedOn ?? '') > result.state.paid.paperworkDueOn;
    await this.pool.query(`UPDATE ${this.s}.emergency_advances SET completed_on = $2, late = $3 WHERE advance_id = $1`, [advanceId, result.state.completedOn, late]);
    return { advanceId, completedOn: result.state.completedOn, late };
  }

  async overdue(jurisdiction: string) {
    const today = shanghaiDate(this.clock.now());
    const { rows } = await this.pool.query(
      `SELECT advance_id AS "advanceId", case_id AS "caseId", case_number AS "caseNumber", jurisdiction, amount_fen::int AS "amountFen",
              reason, to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", to_char(paperwork_due_on, 'YYYY-MM-DD') AS "paperworkDueOn"
         FROM ${this.s}.emergency_advances
        WHERE completed_on IS NULL AND paperwork_due_on < $2::date AND jurisdiction LIKE $1 || '%'
        ORDER BY paperwork_due_on, advance_id`,
      [jurisdiction, today],
    );
    return { today, items: rows };
  }
}

@ApiTags('emergency advances')
@ApiBearerAuth()
@Controller('disbursement/emergency-advances')
export class EmergencyAdvancesController {
  constructor(private readonly advances: EmergencyAdvanceService) {}

  @Post()
  @HttpCode(201)
  @Roles('disbursement_officer')
  @CheckJurisdiction({ body: 'jurisdiction' })
  @ApiOperation({ summary: '先行救助: pay an emergency advance at once, within the local limit, with its reason' })
  pay(@Body() body: PayEmergencyAdvanceDto, @CurrentActor() actor: Actor) {
    return this.advances.pay(body, actor);
  }

  @Get('overdue')
  @Roles('disbursement_officer', 'street_officer', 'county_approver', 'auditor')
  @CheckJurisdiction({ query: 'jurisdiction' })
  @ApiOperation({ summary: 'Emergency advances whose paperwork is overdue' })
  overdue(@Query('jurisdiction') jurisdiction: string) {
    return this.advances.overdue(jurisdiction);
  }

  @Post(':advanceId/completion')
  @HttpCode(200)
  @Roles('disbursement_officer', 'street_officer')
  @ApiOperation({ summary: 'The paperwork of an emergency advance is complete (补办手续)' })
  complete(@Param('advanceId', new ParseUUIDPipe()) advanceId: string, @Body() body: CompleteAdvanceDto, @CurrentActor() actor: Actor) {
    return this.advances.complete(advanceId, body.decisionId, actor);
  }
}
