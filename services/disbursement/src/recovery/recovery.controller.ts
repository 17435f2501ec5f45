import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError } from '@sa/decider';
import { ValidationProblemException } from '@sa/errors';
import { EVENT_STORE, StreamNotFoundError, type EventStore } from '@sa/eventstore';
import { APP_CONFIG, CommandRoute } from '@sa/platform';
import { addMonths, shanghaiDate } from '@sa/time';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { recoveryCapOf, type DisbursementConfig } from '../config';
import { entitlementStreamId, evenInstalments, outstandingOverpayments, totalOutstanding, type EntitlementState } from '../domain';
import { EntitlementCommands } from '../commands/entitlement-commands';
import { DISBURSEMENT_MIGRATED } from '../read-models/tokens';
import { buildStatement, type HouseholdStatement, type StatementArrears, type StatementOffset, type StatementPayment } from './statement';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class InstalmentDto {
  @ApiProperty({ example: '2026-07' }) @Matches(MONTH, { message: 'dueMonth must be YYYY-MM' }) dueMonth!: string;
  @ApiProperty({ example: 30000, description: 'Integer fen > 0' }) @IsInt() @Min(1) amountFen!: number;
}

export class RecordRepaymentPlanDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (idempotency)' }) @IsOptional() @IsUUID() planId?: string;
  @ApiPropertyOptional({ type: [InstalmentDto], description: 'Explicit instalments adding up to the outstanding overpayment; or instalmentCount + firstDueMonth' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(120)
  @ValidateNested({ each: true })
  @Type(() => InstalmentDto)
  instalments?: InstalmentDto[];
  @ApiPropertyOptional({ example: 6, description: 'Equal monthly instalments (the remainder fen on the first ones)' }) @IsOptional() @IsInt() @Min(1) @Max(120) instalmentCount?: number;
  @ApiPropertyOptional({ example: '2026-07' }) @IsOptional() @Matches(MONTH, { message: 'firstDueMonth must be YYYY-MM' }) firstDueMonth?: string;
  @ApiProperty({ example: '终止保障后多发待遇，与家庭协商分6期退还' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export class RecordRepaymentDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (idempotency)' }) @IsOptional() @IsUUID() repaymentId?: string;
  @ApiProperty({ example: 30000, description: 'Integer fen > 0, at most the plan balance' }) @IsInt() @Min(1) amountFen!: number;
  @ApiProperty({ example: '2026-07-05' }) @Matches(DATE, { message: 'receivedOn must be YYYY-MM-DD' }) receivedOn!: string;
  @ApiProperty({ example: 'doc:receipt/2026/0705-01', description: 'The receipt or bank slip (document reference)' }) @IsString() @IsNotEmpty() @MaxLength(256) evidenceRef!: string;
  @ApiProperty({ example: '第1期退款' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

/**
 * 补发 / 追回 seen from a household: the payment statement, and the repayment plan of an ended case with the
 * repayments under it (each an event on the entitlement stream, published as RepaymentPlanRecorded /
 * OverpaymentRecovered).
 */
@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement')
export class RecoveryController {
  private readonly s: string;
  private readonly capOf: (jurisdiction: string) => number;

  constructor(
    private readonly entitlements: EntitlementCommands,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
    this.capOf = recoveryCapOf(config);
  }

  private async loadOrThrow(caseId: string, actor: Actor): Promise<EntitlementState> {
    const state = await this.entitlements.load(caseId, this.pool);
    if (!state) throw new DomainError('entitlement_not_registered', `No entitlement for case ${caseId}`, { kind: 'not_found' });
    assertJurisdiction(actor, state.jurisdiction);
    return state;
  }

  @Get('cases/:caseId/statement')
  @Roles('disbursement_officer', 'auditor', 'county_approver')
  @ApiOperation({
    summary:
      '发放明细: per month the regular amount, arrears paid (补发), offsets (追回), net paid, returned, repayments and the overpayment outstanding; each payment with the decision it traces to',
  })
  async statement(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor): Promise<HouseholdStatement & { recoveryCapPercent: number }> {
    const state = await this.loadOrThrow(caseId, actor);
    const [payments, offsets, arrears, recordedIn] = await Promise.all([
      this.pool.query<{ payment_id: string; period: string; kind: string; status: string; amount_fen: string; decision_id: string | null; run_id: string | null }>(
        `SELECT payment_id, period, kind, status, amount_fen, decision_id, run_id FROM ${this.s}.payments WHERE case_id = $1 ORDER BY period, kind, payment_id`,
        [caseId],
      ),
      this.pool.query<{ period: string; against: 'REGULAR' | 'ARREARS'; overpayment_decision_id: string; against_decision_id: string; amount_fen: string }>(
        `SELECT period, against, overpayment_decision_id, against_decision_id, amount_fen FROM ${this.s}.overpayment_offsets WHERE case_id = $1 ORDER BY period`,
        [caseId],
      ),
      this.pool.query<{ arrears_decision_id: string; period: string; run_id: string; determined_fen: string; netted_fen: string; paid_fen: string; payment_id: string | null }>(
        `SELECT arrears_decision_id, period, run_id, determined_fen, netted_fen, paid_fen, payment_id FROM ${this.s}.arrears_settlements WHERE case_id = $1`,
        [caseId],
      ),
      this.overpaymentRecordedIn(caseId),
    ]);
    const statement = buildStatement({
      state,
      payments: payments.rows.map(
        (r): StatementPayment => ({ paymentId: r.payment_id, period: r.period, kind: r.kind, status: r.status, amountFen: Number(r.amount_fen), decisionId: r.decision_id, runId: r.run_id }),
      ),
      offsets: offsets.rows.map(
        (r): StatementOffset => ({ period: r.period, against: r.against, overpaymentDecisionId: r.overpayment_decision_id, againstDecisionId: r.against_decision_id, amountFen: Number(r.amount_fen) }),
      ),
      arrears: arrears.rows.map(
        (r): StatementArrears => ({
          decisionId: r.arrears_decision_id,
          period: r.period,
          runId: r.run_id,
          determinedFen: Number(r.determined_fen),
          nettedFen: Number(r.netted_fen),
          paidFen: Number(r.paid_fen),
          paymentId: r.payment_id,
        }),
      ),
      overpaymentRecordedIn: recordedIn,
    });
    return { ...statement, recoveryCapPercent: this.capOf(state.jurisdiction) };
  }

  /** The month (Asia/Shanghai) each OverpaymentRecorded was recorded in: one case's entitlement stream, small. */
  private async overpaymentRecordedIn(caseId: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    try {
      for (const e of await this.store.readStream(entitlementStreamId(caseId))) {
        if (e.type === 'OverpaymentRecorded') out.set((e.data as { decisionId: string }).decisionId, shanghaiDate(new Date(e.metadata.occurredAt)).slice(0, 7));
      }
    } catch (err) {
      if (!(err instanceof StreamNotFoundError)) throw err;
    }
    return out;
  }

  @Post('entitlements/:caseId/repayment-plans')
  @CommandRoute({ stream: (p) => entitlementStreamId(p.caseId) })
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({
    summary:
      '退款计划: the case has ended (terminated) with an overpayment outstanding after the offsets: record the instalments (explicit, or instalmentCount + firstDueMonth split evenly), adding up to it',
  })
  async recordPlan(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: RecordRepaymentPlanDto, @CurrentActor() actor: Actor) {
    const hasList = body.instalments !== undefined;
    const hasCount = body.instalmentCount !== undefined || body.firstDueMonth !== undefined;
    if (hasList === hasCount || (hasCount && (body.instalmentCount === undefined || body.firstDueMonth === undefined))) {
      throw new ValidationProblemException([{ field: 'instalments', message: 'give either instalments, or instalmentCount and firstDueMonth' }]);
    }
    const state = await this.loadOrThrow(caseId, actor);
    const planId = body.planId ?? randomUUID();
    let instalments = body.instalments?.map((i) => ({ dueMonth: i.dueMonth, amountFen: i.amountFen }));
    if (!instalments) {
      const offsets = await this.entitlements.offsetsByDecision(state.entitlementId, this.pool);
      const outstanding = totalOutstanding(outstandingOverpayments(state, new Map(Object.entries(offsets))));
      instalments = outstanding > 0 ? evenInstalments(outstanding, body.instalmentCount!, body.firstDueMonth!, addMonths) : [];
    }
    const after = await this.entitlements.recordRepaymentPlan(state, { planId, instalments, reason: body.reason }, actor, this.pool);
    return { caseId, plan: (after.repaymentPlans ?? []).find((p) => p.planId === planId) ?? null };
  }

  @Post('entitlements/:caseId/repayment-plans/:planId/repayments')
  @CommandRoute({ stream: (p) => entitlementStreamId(p.caseId) })
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: 'A repayment received under the plan (with the receipt as evidence); never beyond the plan balance; a retry (same repaymentId) is recognised' })
  async recordRepayment(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('planId', new ParseUUIDPipe()) planId: string,
    @Body() body: RecordRepaymentDto,
    @CurrentActor() actor: Actor,
  ) {
    const state = await this.loadOrThrow(caseId, actor);
    const repaymentId = body.repaymentId ?? randomUUID();
    const after = await this.entitlements.recordRepayment(
      state,
      { planId, repaymentId, amountFen: body.amountFen, receivedOn: body.receivedOn, evidenceRef: body.evidenceRef, reason: body.reason },
      actor,
      this.pool,
    );
    const plan = (after.repaymentPlans ?? []).find((p) => p.planId === planId)!;
    return { caseId, planId, repayment: plan.repayments.find((r) => r.repaymentId === repaymentId) ?? null, balanceFen: plan.totalFen - plan.repayments.reduce((s, r) => s + r.amountFen, 0) };
  }
}
