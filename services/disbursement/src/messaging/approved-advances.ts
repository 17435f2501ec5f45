import type { EmergencyAdvanceApprovedV1, IntegrationEvent } from '@sa/contracts';
import { quoteIdent } from '@sa/database';
import type { Pool, PoolClient } from 'pg';
import { sealColumn, sealText } from '../read-models/sealed-columns';

/**
 * Inbox handler: EmergencyAdvanceApproved (eligibility's decision) → the advance disbursement may pay
 * (`approved_advances`, the payee sealed); in the consumer's transaction, a redelivery changes nothing.
 */
export async function recordApprovedAdvance(db: Pool | PoolClient, schema: string, event: IntegrationEvent<EmergencyAdvanceApprovedV1>): Promise<void> {
  const d = event.data;
  await db.query(
    `INSERT INTO ${quoteIdent(schema)}.approved_advances
       (advance_id, approval_event_id, case_id, case_number, jurisdiction, amount_fen, advance_limit_fen, policy_version, paperwork_working_days, recipient, reason, approved_by, approved_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (advance_id) DO NOTHING`,
    [d.advanceId, event.id, d.caseId, d.caseNumber, d.jurisdiction, d.amountFen, d.advanceLimitFen, d.policyVersion, d.paperworkWorkingDays, JSON.stringify(await sealColumn('approved_advances.recipient', d.recipient, d.caseId)), await sealText('approved_advances.reason', d.reason, d.caseId), JSON.stringify(d.approvedBy), d.approvedOn],
  );
}
