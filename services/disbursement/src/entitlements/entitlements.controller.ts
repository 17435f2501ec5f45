import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL } from '@sa/database';
import { DomainError } from '@sa/decider';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { CaseRead, CommandRoute } from '@sa/platform';
import { amountForPeriod, entitlementStreamId, type EntitlementState } from '../domain';
import { CLOCK, shanghaiDate, type Clock } from '@sa/time';
import { EntitlementCommands } from './entitlement-commands';

export class RequestBankAccountChangeDto {
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

  @ApiProperty({ example: 'doc:payee-change/2026/0320', description: "The household's written request for the change (document reference): the evidence" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  householdRequestRef!: string;

  @ApiProperty({ example: '原账户已销户，申请人申请变更收款账户' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({ description: 'Client-chosen id (idempotency)' })
  @IsOptional()
  @IsUUID()
  changeId?: string;
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
  @CaseRead((p) => entitlementStreamId(p.caseId))
  @Roles('disbursement_officer', 'auditor', 'county_approver')
  @ApiOperation({ summary: 'The entitlement of a case, with the amount owed this month' })
  async get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    const state = await loadOrThrow(this.entitlements, this.pool, caseId, actor);
    const month = shanghaiDate(this.clock.now()).slice(0, 7);
    return { ...state, currentMonth: month, current: amountForPeriod(state, month) };
  }

  @Post(':caseId/bank-account-changes')
  @CommandRoute({ stream: (p) => entitlementStreamId(p.caseId) })
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: "Request a payee change (with the household's written request as evidence); it takes effect when a second officer approves" })
  async requestChange(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: RequestBankAccountChangeDto, @CurrentActor() actor: Actor) {
    await loadOrThrow(this.entitlements, this.pool, caseId, actor);
    const { householdRequestRef, reason, changeId, ...recipient } = body;
    const state = await this.entitlements.requestBankAccountChange(caseId, { changeId: changeId ?? randomUUID(), recipient, householdRequestRef, reason }, actor, this.pool);
    return { caseId, pending: state.pendingBankAccountChange ?? null, recipient: state.recipient };
  }

  @Post(':caseId/bank-account-changes/:changeId/approval')
  @CommandRoute({ stream: (p) => entitlementStreamId(p.caseId) })
  @HttpCode(200)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: 'Approve a pending payee change (four-eyes: not the officer who requested it)' })
  async approveChange(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Param('changeId', new ParseUUIDPipe()) changeId: string, @CurrentActor() actor: Actor) {
    await loadOrThrow(this.entitlements, this.pool, caseId, actor);
    const state = await this.entitlements.approveBankAccountChange(caseId, changeId, actor, this.pool);
    return { caseId, recipient: state.recipient };
  }
}
