import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG } from '@sa/platform';
import type { DisbursementConfig } from '../config';
import { paging, type Page } from '../shared/paging';
import { openRows } from '../read-models/sealed-columns';
import { DomainError } from '@sa/decider';
import { ValidationProblemException } from '@sa/errors';
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

/** One line of 待遇名单: what is owed this month and on which decision; the payee by name and masked account only. */
export interface EntitlementListItem {
  caseId: string;
  caseNumber: string;
  program: string;
  jurisdiction: string;
  startMonth: string;
  currentMonth: string;
  status: string;
  amountFen: number;
  decisionId: string | null;
  recipientName: string | null;
  bankAccountMasked: string | null;
  pendingBankAccountChange: boolean;
  arrearsCount: number;
  recoveriesCount: number;
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
    @Inject(APP_CONFIG) private readonly config: DisbursementConfig,
  ) {}

  @Get()
  @Roles('disbursement_officer', 'auditor', 'county_approver')
  @ApiOperation({ summary: '待遇名单: the entitlements of a jurisdiction (default: the caller’s), by case number, paged on the server, with this month’s amount' })
  @ApiQuery({ name: 'jurisdiction', required: false, example: '330106' })
  @ApiQuery({ name: 'caseNumber', required: false, description: 'Exact case number' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  async list(
    @CurrentActor() actor: Actor,
    @Query('jurisdiction') jurisdiction?: string,
    @Query('caseNumber') caseNumber?: string,
    @Query('limit') limitText?: string,
    @Query('offset') offsetText?: string,
  ): Promise<Page<EntitlementListItem>> {
    const { limit, offset } = paging(limitText, offsetText);
    const scope = jurisdiction === undefined || jurisdiction === '' ? actor.jurisdiction : jurisdiction;
    if (!/^\d{6}(\d{3}){0,2}$/.test(scope)) throw new ValidationProblemException([{ field: 'jurisdiction', message: 'jurisdiction must be a division code of 6, 9 or 12 digits' }]);
    assertJurisdiction(actor, scope, 'jurisdiction');
    const s = quoteIdent(this.config.DATABASE_SCHEMA);
    // district first (its index), then the jurisdiction prefix; the case number, when given, exactly.
    const params: unknown[] = [scope.slice(0, 6), scope];
    let where = `district = $1 AND jurisdiction LIKE $2 || '%'`;
    if (caseNumber !== undefined && caseNumber.trim() !== '') {
      params.push(caseNumber.trim());
      where += ` AND case_number = $3`;
    }
    const [{ rows }, count] = await Promise.all([
      this.pool.query<{ case_id: string; state: EntitlementState }>(`SELECT case_id, state FROM ${s}.entitlements WHERE ${where} ORDER BY case_number, case_id LIMIT ${limit} OFFSET ${offset}`, params),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.entitlements WHERE ${where}`, params),
    ]);
    const month = shanghaiDate(this.clock.now()).slice(0, 7);
    // the payee is sealed in the row (issue 18): opened for the list, which shows the name and the masked account
    const opened = await openRows('entitlements.state', 'state', rows);
    return {
      items: opened.map(({ state }) => {
        const current = amountForPeriod(state, month);
        return {
          caseId: state.caseId,
          caseNumber: state.caseNumber,
          program: state.program,
          jurisdiction: state.jurisdiction,
          startMonth: state.startMonth,
          currentMonth: month,
          status: current.status,
          amountFen: current.amountFen,
          decisionId: current.decisionId ?? state.decisionIds.at(-1) ?? null,
          recipientName: state.recipient?.name ?? null,
          bankAccountMasked: state.recipient?.bankAccountMasked ?? null,
          pendingBankAccountChange: Boolean(state.pendingBankAccountChange),
          arrearsCount: state.arrears.length,
          recoveriesCount: state.recoveries.length,
        };
      }),
      total: count.rows[0]?.n ?? 0,
      limit,
      offset,
    };
  }

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
