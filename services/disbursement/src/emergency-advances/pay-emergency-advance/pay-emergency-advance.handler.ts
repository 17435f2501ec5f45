import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, assertJurisdiction } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError } from '@sa/decider';
import { uuidV5 } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import { shanghaiDate, WORKING_DAY_CALENDAR, type WorkingDays } from '@sa/time';
import type { Pool } from 'pg';
import { BANK_FILE_WRITER, type BankFileWriter } from '../../bank/bank-file';
import { DisbursementPipelines } from '../../commands/disbursement-pipelines';
import { DISBURSEMENT_ID_NAMESPACE, entitlementIdFor } from '../../commands/ids';
import type { DisbursementConfig } from '../../config';
import { EMERGENCY_ADVANCE_ERRORS, type Recipient } from '../../domain';
import { paperworkDueDate } from '../../read-models/paperwork-due-dates';
import { openColumn, openText, sealColumn, sealText } from '../../read-models/sealed-columns';
import { DISBURSEMENT_MIGRATED } from '../../read-models/tokens';

/** 先行救助: pay the advance eligibility approved (`advanceId`), as `actor`. */
export class PayEmergencyAdvanceCommand {
  constructor(
    readonly advanceId: string,
    readonly actor: Actor,
  ) {}
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

/**
 * 先行救助: pay at once what eligibility approved (amount, limit, policy, payee and reason from that decision),
 * the paperwork due after the policy's working days on the national calendar; the event first, then the
 * one-line bank file and the ledger rows.
 */
@CommandHandler(PayEmergencyAdvanceCommand)
export class PayEmergencyAdvanceHandler implements ICommandHandler<PayEmergencyAdvanceCommand> {
  private readonly s: string;
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly pipelines: DisbursementPipelines,
    @Inject(APP_CONFIG) config: DisbursementConfig,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDays,
    @Inject(BANK_FILE_WRITER) private readonly bankFiles: BankFileWriter,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  async execute({ advanceId, actor }: PayEmergencyAdvanceCommand) {
    const dto = { advanceId };
    const { rows } = await this.pool.query<ApprovedAdvanceRow>(`SELECT * FROM ${this.s}.approved_advances WHERE advance_id = $1`, [dto.advanceId]);
    const approved = rows[0];
    if (!approved) {
      throw new DomainError(EMERGENCY_ADVANCE_ERRORS.notApproved, `No emergency advance ${dto.advanceId} was approved by eligibility`, { kind: 'not_found', field: 'advanceId' });
    }
    assertJurisdiction(actor, approved.jurisdiction, 'advanceId');
    // paid today (the command's metadata.now); the paperwork due date counted from that same day on the calendar
    const now = this.pipelines.emergencyAdvance.now();
    const paidOn = shanghaiDate(now);
    // Open (null, naming the year) when the days reach a year whose 节假日安排 is not published: never guessed.
    const due = paperworkDueDate(this.calendar, paidOn, approved.paperwork_working_days);
    const paymentId = uuidV5(`payment:EMERGENCY_ADVANCE:${dto.advanceId}`, DISBURSEMENT_ID_NAMESPACE);
    const recipient = await openColumn('approved_advances.recipient', approved.recipient, approved.case_id);
    const reason = await openText('approved_advances.reason', approved.reason, approved.case_id);
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
      reason,
      approvalEventId: approved.approval_event_id,
      recipient,
      paperworkDueOn: due.dueOn,
      ...(due.calendarMissing !== null ? { paperworkCalendarMissing: due.calendarMissing } : {}),
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
        reason,
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
      `INSERT INTO ${this.s}.emergency_advances (advance_id, payment_id, case_id, case_number, jurisdiction, amount_fen, advance_limit_fen, reason, paid_on, paperwork_due_on, paperwork_calendar_missing, approval_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
      [dto.advanceId, paymentId, approved.case_id, approved.case_number, approved.jurisdiction, amountFen, approved.advance_limit_fen, await sealText('emergency_advances.reason', reason, approved.case_id), stored.paidOn, stored.paperworkDueOn, stored.paperworkDueOn === null ? (stored.paperworkCalendarMissing ?? null) : null, approved.approval_event_id],
    );
    return { advanceId: dto.advanceId, paymentId, caseId: approved.case_id, amountFen, policyVersion: approved.policy_version, paidOn: stored.paidOn, paperworkDueOn: stored.paperworkDueOn, ...(stored.paperworkDueOn === null ? { calendarMissing: stored.paperworkCalendarMissing } : {}), bankFileRef };
  }
}
