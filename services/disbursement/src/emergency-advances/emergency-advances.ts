import { Body, Controller, Get, HttpCode, Inject, Injectable, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError } from '@sa/decider';
import { APP_CONFIG, CommandRoute } from '@sa/platform';
import { IsUUID } from 'class-validator';
import type { Pool, PoolClient } from 'pg';
import type { EmergencyAdvanceApprovedV1, IntegrationEvent } from '@sa/contracts';
import { BANK_FILE_WRITER, type BankFileWriter } from '../bank/bank-file';
import type { DisbursementConfig } from '../config';
import { DisbursementPipelines } from '../commands/disbursement-pipelines';
import { EMERGENCY_ADVANCE_ERRORS, emergencyAdvanceStreamId, type Recipient } from '../domain';
import { DISBURSEMENT_ID_NAMESPACE, entitlementIdFor } from '../persistence/ids';
import { openColumn, sealColumn } from '../persistence/sealed-columns';
import { DISBURSEMENT_MIGRATED } from '../persistence/tokens';
import { CLOCK, shanghaiDate, WORKING_DAY_CALENDAR, type Clock, type WorkingDays } from '@sa/time';
import { uuidV5 } from '@sa/eventstore';

/** 先行救助 is paid only for an advance eligibility approved (EmergencyAdvanceApproved): the request names it, nothing more. */
export class PayEmergencyAdvanceDto {
  @ApiProperty({ description: 'The advance approved by eligibility (POST /review-cases/:caseId/emergency-advance); paying it twice is refused' })
  @IsUUID()
  advanceId!: string;
}

export class CompleteAdvanceDto {
  @ApiProperty({ description: 'The temporary-assistance decision that completes the file' }) @IsUUID() decisionId!: string;
}

interface ApprovedAdvanceRow {
  advance_id: string;
  approval_event_id: string;
  case_id: string;
  case_number: string;
  jurisdiction: string;
  amount_fen: string;
  advance_limit_fen: string;
  policy_version: string;
  paperwork_working_days: number;
  recipient: Recipient;
  reason: string;
}

/** EmergencyAdvanceApproved (eligibility's decision) → the advance disbursement may pay; in the consumer's transaction. */
export async function recordApprovedAdvance(db: Pool | PoolClient, schema: string, event: IntegrationEvent<EmergencyAdvanceApprovedV1>): Promise<void> {
  const d = event.data;
  await db.query(
    `INSERT INTO ${quoteIdent(schema)}.approved_advances
       (advance_id, approval_event_id, case_id, case_number, jurisdiction, amount_fen, advance_limit_fen, policy_version, paperwork_working_days, recipient, reason, approved_by, approved_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (advance_id) DO NOTHING`,
    [d.advanceId, event.id, d.caseId, d.caseNumber, d.jurisdiction, d.amountFen, d.advanceLimitFen, d.policyVersion, d.paperworkWorkingDays, JSON.stringify(await sealColumn('approved_advances.recipient', d.recipient, d.caseId)), d.reason, JSON.stringify(d.approvedBy), d.approvedOn],
  );
}

/** 先行救助: pay at once what eligibility approved, then complete the paperwork within N working days, or be overdue. */
@Injectable()
export class EmergencyAdvanceService {
  private readonly s: string;
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly pipelines: DisbursementPipelines,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDays,
    @Inject(BANK_FILE_WRITER) private readonly bankFiles: BankFileWriter,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  async pay(dto: PayEmergencyAdvanceDto, actor: Actor) {
    const { rows } = await this.pool.query<ApprovedAdvanceRow>(`SELECT * FROM ${this.s}.approved_advances WHERE advance_id = $1`, [dto.advanceId]);
    const approved = rows[0];
    if (!approved) {
      throw new DomainError(EMERGENCY_ADVANCE_ERRORS.notApproved, `No emergency advance ${dto.advanceId} was approved by eligibility`, { kind: 'not_found', field: 'advanceId' });
    }
    assertJurisdiction(actor, approved.jurisdiction, 'advanceId');
    const now = this.clock.now();
    const paidOn = shanghaiDate(now);
    const paperworkDueOn = this.calendar.addWorkingDays(paidOn, approved.paperwork_working_days);
    const paymentId = uuidV5(`payment:EMERGENCY_ADVANCE:${dto.advanceId}`, DISBURSEMENT_ID_NAMESPACE);
    const recipient = await openColumn('approved_advances.recipient', approved.recipient, approved.case_id);
    const amountFen = Number(approved.amount_fen);
    const data = {
      advanceId: approved.advance_id,
      paymentId,
      caseId: approved.case_id,
      caseNumber: approved.case_number,
      jurisdiction: approved.jurisdiction,
      amountFen,
      advanceLimitFen: Number(approved.advance_limit_fen),
      policyVersion: approved.policy_version,
      reason: approved.reason,
      approvalEventId: approved.approval_event_id,
      recipient,
      paidOn,
      paperworkDueOn,
    };
    // The payment's event is stored first; the bank file only after it. The command id comes from the
    // advance (not the request): a second request for the same advance — a retry after a crash between
    // the event and the file, or a concurrent one — is the same command, recognised, never a second payment.
    const result = await this.pipelines.emergencyAdvance.handle(
      dto.advanceId,
      { type: 'PayEmergencyAdvance', data },
      {
        actor,
        commandId: `${dto.advanceId}/pay`,
        correlationId: approved.case_id,
        causationId: approved.approval_event_id,
        reason: approved.reason,
        policyVersion: approved.policy_version,
      },
    );
    // A retried request (recognised by its command id) rewrites the same file from the stored event, never a second one.
    const stored = result.state.paid ?? data;
    const period = stored.paidOn.slice(0, 7);
    const bankFileRef = `${approved.jurisdiction.slice(0, 6)}/${period}/advance-${paymentId}.csv`;
    await this.bankFiles.write(bankFileRef, dto.advanceId, (async function* () {
      yield { paymentId, caseNumber: approved.case_number, recipientName: recipient.name, bankAccountRef: recipient.bankAccountRef, amountFen, program: 'TEMPORARY_ASSISTANCE', period };
    })());
    await this.pool.query(
      `INSERT INTO ${this.s}.payments (payment_id, entitlement_id, case_id, case_number, period, kind, program, jurisdiction, amount_fen, decision_id, recipient, issued_on, bank_file_ref)
       VALUES ($1, $2, $3, $4, $5, 'EMERGENCY_ADVANCE', 'TEMPORARY_ASSISTANCE', $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [paymentId, entitlementIdFor(approved.case_id), approved.case_id, approved.case_number, period, approved.jurisdiction, amountFen, approved.approval_event_id, JSON.stringify(await sealColumn('payments.recipient', recipient, approved.case_id)), stored.paidOn, bankFileRef],
    );
    await this.pool.query(
      `INSERT INTO ${this.s}.emergency_advances (advance_id, payment_id, case_id, case_number, jurisdiction, amount_fen, advance_limit_fen, reason, paid_on, paperwork_due_on, approval_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [dto.advanceId, paymentId, approved.case_id, approved.case_number, approved.jurisdiction, amountFen, approved.advance_limit_fen, approved.reason, stored.paidOn, stored.paperworkDueOn, approved.approval_event_id],
    );
    return { advanceId: dto.advanceId, paymentId, caseId: approved.case_id, amountFen, policyVersion: approved.policy_version, paidOn: stored.paidOn, paperworkDueOn: stored.paperworkDueOn, bankFileRef };
  }

  async complete(advanceId: string, decisionId: string, actor: Actor) {
    const { rows } = await this.pool.query<{ jurisdiction: string; case_id: string }>(`SELECT jurisdiction, case_id FROM ${this.s}.emergency_advances WHERE advance_id = $1`, [advanceId]);
    if (!rows[0]) throw new DomainError('advance_not_paid', 'No such emergency advance', { kind: 'not_found' });
    assertJurisdiction(actor, rows[0].jurisdiction);
    const result = await this.pipelines.emergencyAdvance.handle(
      advanceId,
      { type: 'CompleteAdvancePaperwork', data: { decisionId, completedOn: shanghaiDate(this.clock.now()) } },
      { actor, correlationId: rows[0].case_id, causationId: decisionId },
    );
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
  @CommandRoute()
  @HttpCode(201)
  @Roles('disbursement_officer')
  @ApiOperation({ summary: '先行救助: pay at once an emergency advance approved by eligibility (amount, limit, policy and payee from that decision)' })
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
  @CommandRoute({ stream: (p) => emergencyAdvanceStreamId(p.advanceId) })
  @HttpCode(200)
  @Roles('disbursement_officer', 'street_officer')
  @ApiOperation({ summary: 'The paperwork of an emergency advance is complete (补办手续)' })
  complete(@Param('advanceId', new ParseUUIDPipe()) advanceId: string, @Body() body: CompleteAdvanceDto, @CurrentActor() actor: Actor) {
    return this.advances.complete(advanceId, body.decisionId, actor);
  }
}
