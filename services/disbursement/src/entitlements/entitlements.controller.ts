import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL } from '@sa/database';
import { DomainError } from '@sa/decider';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { amountForPeriod, type EntitlementState } from '../domain';
import { CLOCK, shanghaiDate, type Clock } from '@sa/time';
import { EntitlementCommands } from './entitlement-commands';

export class CorrectBankAccountDto {
  @ApiProperty()
  @IsUUID()
  memberId!: string;

  @ApiProperty({ example: '王芳' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ description: 'Reference into the bank-account registry (never the account number)' })
  @Matches(/^\S{4,128}$/, { message: 'bankAccountRef must be a reference of 4–128 characters without spaces' })
  bankAccountRef!: string;

  @ApiPropertyOptional({ example: '6222 **** **** 1234' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  bankAccountMasked?: string;
}

async function loadOrThrow(entitlements: EntitlementCommands, pool: Pool, caseId: string, actor: Actor): Promise<EntitlementState> {
  const state = await entitlements.load(caseId, pool);
  if (!state) throw new DomainError('entitlement_not_registered', `No entitlement for case ${caseId}`, { kind: 'not_found' });
  assertJurisdiction(actor, state.jurisdiction);
  return state;
}

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement/entitlements')
export class EntitlementsController {
  constructor(
    private readonly entitlements: EntitlementCommands,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':caseId')
  @Roles('disbursement_officer', 'auditor', 'county_approver')
  @ApiOperation({ summary: 'The entitlement of a case, with the amount owed this month' })
  async get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    const state = await loadOrThrow(this.entitlements, this.pool, caseId, actor);
    const month = shanghaiDate(this.clock.now()).slice(0, 7);
    return { ...state, currentMonth: month, current: amountForPeriod(state, month) };
  }

  @Put(':caseId/bank-account')
  @HttpCode(200)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: 'Correct the recipient bank account (after a return), before a reissue' })
  async correct(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: CorrectBankAccountDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    await loadOrThrow(this.entitlements, this.pool, caseId, actor);
    const state = await this.entitlements.correctBankAccount(caseId, { ...body }, actor, idempotencyKey ?? randomUUID(), this.pool);
    return { caseId, recipient: state.recipient };
  }
}
