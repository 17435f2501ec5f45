import { Body, Controller, Get, HttpCode, Inject, Injectable, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ValidationProblemException } from '@sa/errors';
import { paging, type Page } from '../shared/paging';
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
import { DISBURSEMENT_ID_NAMESPACE, entitlementIdFor } from '../commands/ids';
import { openColumn, sealColumn } from '../read-models/sealed-columns';
import { DISBURSEMENT_MIGRATED } from '../read-models/tokens';
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

export const ADVANCE_STATUSES = ['APPROVED', 'PAID', 'OVERDUE', 'COMPLETED'] as const;
export type AdvanceStatus = (typeof ADVANCE_STATUSES)[number];

/** One line of the 先行救助 list: the approval decision it traces to and, once paid, the payment. */
export interface AdvanceListItem {
  advanceId: string;
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  amountFen: number;
  advanceLimitFen: number;
  policyVersion: string;
  reason: string;
  approvalEventId: string;
  approvedBy: { id: string; role: string; jurisdiction: string };
  approvedOn: string;
  recipientName: string | null;
  bankAccountMasked: string | null;
  paymentId: string | null;
  paidOn: string | null;
  paperworkDueOn: string | null;
  completedOn: string | null;
  late: boolean | null;
  status: AdvanceStatus;
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
    // paid today (the command's metadata.now); the paperwork due date counted from that same day on the calendar
    const now = this.pipelines.emergencyAdvance.now();
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
        now,
      },
    );
    // A retried request (recognised by its command id) rewrites the same file from the stored event, never a second one.
    const stored = result.state.paid ?? { ...data, paidOn };
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
      { type: 'CompleteAdvancePaperwork', data: { decisionId } },
      { actor, correlationId: rows[0].case_id, causationId: decisionId },
    );
    const late = result.state.paid !== null && (result.state.completedOn ?? '') > result.state.paid.paperworkDueOn;
    await this.pool.query(`UPDATE ${this.s}.emergency_advances SET completed_on = $2, late = $3 WHERE advance_id = $1`, [advanceId, result.state.completedOn, late]);
    return { advanceId, completedOn: result.state.completedOn, late };
  }

  /**
   * 先行救助 of a jurisdiction, newest approval first, paged: each approved advance with the decision it
   * traces to (approval event, approver, policy version, reason) and, once paid, its payment and the
   * paperwork deadline. status: APPROVED (to pay), PAID, OVERDUE (paperwork late), COMPLETED.
   */
  async list(jurisdiction: string, filter: { status?: AdvanceStatus; caseNumber?: string }, limit: number, offset: number): Promise<Page<AdvanceListItem>> {
    const today = shanghaiDate(this.clock.now());
    // One row per approval (a paid advance joins its payment); the status is computed once, for the filter and the list.
    const base = `SELECT a.advance_id AS "advanceId", a.case_id AS "caseId", a.case_number AS "caseNumber", a.jurisdiction,
                a.amount_fen::text AS "amountFen", a.advance_limit_fen::text AS "advanceLimitFen", a.policy_version AS "policyVersion",
                a.reason, a.approval_event_id AS "approvalEventId", a.approved_by AS "approvedBy", a.approved_on,
                to_char(a.approved_on, 'YYYY-MM-DD') AS "approvedOn",
                a.recipient AS "recipientSealed",
                e.payment_id AS "paymentId", to_char(e.paid_on, 'YYYY-MM-DD') AS "paidOn", to_char(e.paperwork_due_on, 'YYYY-MM-DD') AS "paperworkDueOn",
                to_char(e.completed_on, 'YYYY-MM-DD') AS "completedOn", e.late,
                CASE WHEN e.advance_id IS NULL THEN 'APPROVED' WHEN e.completed_on IS NOT NULL THEN 'COMPLETED'
                     WHEN e.paperwork_due_on < $2::date THEN 'OVERDUE' ELSE 'PAID' END AS status
           FROM ${this.s}.approved_advances a LEFT JOIN ${this.s}.emergency_advances e ON e.advance_id = a.advance_id
          WHERE a.jurisdiction LIKE $1 || '%'`;
    const params: unknown[] = [jurisdiction, today];
    const where: string[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.caseNumber) {
      params.push(filter.caseNumber);
      where.push(`"caseNumber" = $${params.length}`);
    }
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ rows }, count] = await Promise.all([
      this.pool.query(`SELECT * FROM (${base}) l ${cond} ORDER BY approved_on DESC, "advanceId" LIMIT ${limit} OFFSET ${offset}`, params),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${base}) l ${cond}`, params),
    ]);
    return {
      items: await Promise.all(
        rows.map(async ({ approved_on: _on, recipientSealed, ...r }) => {
          // the payee is sealed in the row (issue 18): opened here for the name and the masked account
          const payee = await openColumn<{ name?: string; bankAccountMasked?: string } | null>('approved_advances.recipient', recipientSealed, r.caseId);
          return {
            ...r,
            recipientName: payee?.name ?? null,
            bankAccountMasked: payee?.bankAccountMasked ?? null,
            amountFen: Number(r.amountFen),
            advanceLimitFen: Number(r.advanceLimitFen),
            late: r.late ?? null,
          } as AdvanceListItem;
        }),
      ),
      total: count.rows[0]?.n ?? 0,
      limit,
      offset,
    };
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

  @Get()
  @Roles('disbursement_officer', 'street_officer', 'county_approver', 'auditor')
  @ApiOperation({ summary: '先行救助 list: approved advances of a jurisdiction (default: the caller’s), newest first, paged, each traced to its approval decision' })
  @ApiQuery({ name: 'jurisdiction', required: false, example: '330106' })
  @ApiQuery({ name: 'status', required: false, enum: ADVANCE_STATUSES })
  @ApiQuery({ name: 'caseNumber', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  list(
    @CurrentActor() actor: Actor,
    @Query('jurisdiction') jurisdiction?: string,
    @Query('status') status?: string,
    @Query('caseNumber') caseNumber?: string,
    @Query('limit') limitText?: string,
    @Query('offset') offsetText?: string,
  ) {
    const { limit, offset } = paging(limitText, offsetText);
    const scope = jurisdiction === undefined || jurisdiction === '' ? actor.jurisdiction : jurisdiction;
    const errors: { field: string; message: string }[] = [];
    if (!/^\d{6}(\d{3}){0,2}$/.test(scope)) errors.push({ field: 'jurisdiction', message: 'jurisdiction must be a division code of 6, 9 or 12 digits' });
    if (status !== undefined && status !== '' && !(ADVANCE_STATUSES as readonly string[]).includes(status)) errors.push({ field: 'status', message: `status must be one of ${ADVANCE_STATUSES.join(', ')}` });
    if (errors.length) throw new ValidationProblemException(errors);
    assertJurisdiction(actor, scope, 'jurisdiction');
    return this.advances.list(scope, { status: (status || undefined) as AdvanceStatus | undefined, caseNumber: caseNumber?.trim() || undefined }, limit, offset);
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
