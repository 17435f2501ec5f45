import { quoteIdent } from '@sa/database';
import { projection, type ProjectionDefinition, type RecordedEvent } from '@sa/eventstore';
import type { PoolClient } from 'pg';
import { VERIFICATION_CATEGORY, VERIFICATION_EVENT_TYPES, type EventData, type VerificationEvent } from '../domain';
import { sealMemberName } from './member-names';
import { sealReport, sealValue } from './sealed-figures';
import { READ_MODEL_TABLES } from './migrations';
import { toHouseholdVerifiedData } from '../messaging/integration-events';
import { maskResidentId } from '../commands/ids';

export const PROJECTION_NAME = 'verification-read-models';

/**
 * Domain event types the read models do not need. Every type of `VERIFICATION_EVENT_TYPES` is either
 * projected or named here (test/unit/projected-event-types.unit.spec.ts); `ReverificationQueued` is
 * projected only to move the verification's revision.
 */
export const IGNORED_EVENT_TYPES: readonly VerificationEvent['type'][] = [];

/** Event types that change the read models: the domain's list less the ignored ones. */
export const PROJECTED_EVENT_TYPES: readonly VerificationEvent['type'][] = VERIFICATION_EVENT_TYPES.filter((t) => !IGNORED_EVENT_TYPES.includes(t));

/**
 * The read models of the verification schema, from the `verification-*` streams: verifications,
 * their rounds, members (names, masked resident IDs), queries, submissions (to route callbacks),
 * manual tasks, every report version (as published) and objections. Run by the service's
 * `ProjectionProcessor` (@sa/eventstore): each batch in one transaction with the checkpoint.
 */
export function verificationProjection(schema: string): ProjectionDefinition {
  const readModel = new VerificationReadModel(schema);
  return projection({
    name: PROJECTION_NAME,
    canHandle: PROJECTED_EVENT_TYPES,
    streamCategories: [VERIFICATION_CATEGORY],
    tables: READ_MODEL_TABLES,
    async handle(events, tx) {
      for (const event of events) await readModel.apply(tx, event);
    },
  });
}

/** Every projection of the verification service (`npm run projections -- rebuild verification`). */
export const verificationProjections = (schema: string): ProjectionDefinition[] => [verificationProjection(schema)];

/** How each event changes the rows (SQL, inside the processor's transaction). */
class VerificationReadModel {
  private readonly s: string;

  constructor(schema: string) {
    this.s = quoteIdent(schema);
  }

  async apply(db: PoolClient, recorded: RecordedEvent): Promise<void> {
    const verificationId = recorded.streamId.slice(VERIFICATION_CATEGORY.length + 1);
    const event = { type: recorded.type, data: recorded.data } as VerificationEvent;
    const at = recorded.metadata.occurredAt;
    const q = (sql: string, params: unknown[]) => db.query(sql, params);
    const touch = () => q(`UPDATE ${this.s}.verifications SET updated_at = $2, last_revision = $3 WHERE verification_id = $1`, [verificationId, at, recorded.revision]);
    const s = this.s;

    switch (event.type) {
      case 'VerificationOpened': {
        const d = event.data;
        await q(
          `INSERT INTO ${s}.verifications (verification_id, case_id, case_number, jurisdiction, status, opened_at, updated_at, last_revision)
           VALUES ($1, $2, $3, $4, 'OPEN', $5, $5, $6) ON CONFLICT (verification_id) DO NOTHING`,
          [verificationId, d.caseId, d.caseNumber, d.jurisdiction, d.openedAt, recorded.revision],
        );
        return;
      }
      case 'VerificationRoundStarted': {
        const d = event.data;
        await q(
          `INSERT INTO ${s}.verification_rounds (verification_id, round, purpose, status, reference_from, reference_to, sources, started_at, due_on, reverification_request_id, objection_id)
           VALUES ($1, $2, $3, 'OPEN', $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
          [verificationId, d.round, d.purpose, d.referencePeriod.from, d.referencePeriod.to, JSON.stringify(d.sources), d.startedAt, d.dueOn ?? null, d.reverificationRequestId ?? null, d.objectionId ?? null],
        );
        for (const m of d.members) {
          await q(
            `INSERT INTO ${s}.verification_members (verification_id, member_id, name, resident_id_masked, in_household) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (verification_id, member_id) DO UPDATE SET name = EXCLUDED.name, resident_id_masked = EXCLUDED.resident_id_masked, in_household = EXCLUDED.in_household`,
            [verificationId, m.memberId, await sealMemberName(m.name, recorded.metadata.correlationId), maskResidentId(m.residentId), m.inHousehold],
          );
        }
        await q(`UPDATE ${s}.verifications SET status = 'OPEN', current_round = $2, current_purpose = $3 WHERE verification_id = $1`, [verificationId, d.round, d.purpose]);
        break;
      }
      case 'SourceQueryRequested': {
        const d = event.data;
        await q(
          `INSERT INTO ${s}.verification_requests (verification_id, request_id, round, member_id, source, purpose, consent_id, status, next_attempt_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $8) ON CONFLICT DO NOTHING`,
          [verificationId, d.requestId, d.round, d.memberId, d.source, d.purpose, d.consentId, d.requestedAt],
        );
        break;
      }
      case 'MemberNotQueried': {
        const d = event.data;
        await q(`UPDATE ${s}.verification_rounds SET not_queried = not_queried || $3::jsonb WHERE verification_id = $1 AND round = $2`, [
          verificationId,
          d.round,
          JSON.stringify([{ memberId: d.memberId, reason: d.reason, sources: d.sources }]),
        ]);
        break;
      }
      case 'SourceQuerySubmitted': {
        const d = event.data;
        await q(
          `UPDATE ${s}.verification_requests SET status = 'SUBMITTED', attempts = $3, current_submission_id = $4, submitted_at = $5, answer_due_at = $6,
                  next_attempt_at = NULL, updated_at = $5 WHERE verification_id = $1 AND request_id = $2`,
          [verificationId, d.requestId, d.attempt, d.submissionId, d.submittedAt, d.answerDueAt],
        );
        await q(
          `INSERT INTO ${s}.platform_submissions (submission_id, verification_id, request_id, attempt, source, submitted_at)
           SELECT $1, $2, $3, $4, source, $5 FROM ${s}.verification_requests WHERE verification_id = $2 AND request_id = $3
           ON CONFLICT (submission_id) DO NOTHING`,
          [d.submissionId, verificationId, d.requestId, d.attempt, d.submittedAt],
        );
        break;
      }
      case 'SourceQueryFailed': {
        const d = event.data;
        await q(
          `UPDATE ${s}.verification_requests SET last_failure = $3, last_failure_detail = $4, updated_at = $5,
                  status = CASE WHEN $6::timestamptz IS NOT NULL THEN 'PENDING' ELSE status END,
                  next_attempt_at = $6::timestamptz, answer_due_at = NULL
            WHERE verification_id = $1 AND request_id = $2`,
          [verificationId, d.requestId, d.failure, d.detail ?? null, d.failedAt, d.retryAt ?? null],
        );
        break;
      }
      case 'SourceResultReceived': {
        const d = event.data;
        await q(
          `UPDATE ${s}.verification_requests SET answers_received = answers_received + 1, records_received = records_received + $3, updated_at = $4,
                  status = CASE WHEN $5 THEN 'ANSWERED' WHEN status = 'SUBMITTED' THEN 'PARTIAL' ELSE status END,
                  settled_at = CASE WHEN $5 THEN $4::timestamptz ELSE settled_at END,
                  next_attempt_at = CASE WHEN $5 THEN NULL ELSE next_attempt_at END,
                  answer_due_at = CASE WHEN $5 THEN NULL ELSE answer_due_at END
            WHERE verification_id = $1 AND request_id = $2`,
          [verificationId, d.requestId, d.items.length, d.receivedAt, d.complete],
        );
        break;
      }
      case 'ManualVerificationTaskOpened': {
        const d = event.data;
        await q(
          `INSERT INTO ${s}.manual_tasks (verification_id, task_id, request_id, round, case_id, case_number, jurisdiction, member_id, source, purpose, reason, detail, status, opened_at, due_on, due_on_provisional)
           SELECT $1, $2, $3, $4, v.case_id, v.case_number, v.jurisdiction, $5, $6, $7, $8, $9, 'OPEN', $10, $11, $12 FROM ${s}.verifications v WHERE v.verification_id = $1
           ON CONFLICT DO NOTHING`,
          [verificationId, d.taskId, d.requestId, d.round, d.memberId, d.source, d.purpose, d.reason, d.detail, d.openedAt, d.dueOn, d.dueOnProvisional === true],
        );
        await q(
          `UPDATE ${s}.verification_requests SET status = 'MANUAL', next_attempt_at = NULL, answer_due_at = NULL, updated_at = $3 WHERE verification_id = $1 AND request_id = $2`,
          [verificationId, d.requestId, d.openedAt],
        );
        break;
      }
      case 'ManualVerificationTaskCompleted': {
        const d = event.data;
        await q(
          `UPDATE ${s}.manual_tasks SET status = 'COMPLETED', closed_at = $3, completed_by = $4, outcome = $5, document_ref = $6 WHERE verification_id = $1 AND task_id = $2`,
          [verificationId, d.taskId, d.completedAt, d.completedBy.id, d.outcome, d.documentRef],
        );
        await q(
          `UPDATE ${s}.verification_requests SET status = 'COMPLETED_MANUALLY', records_received = records_received + $3, settled_at = $4, updated_at = $4
            WHERE verification_id = $1 AND request_id = $2`,
          [verificationId, d.requestId, d.items.length, d.completedAt],
        );
        break;
      }
      case 'ManualVerificationTaskCancelled': {
        const d = event.data;
        await q(`UPDATE ${s}.manual_tasks SET status = 'CANCELLED', closed_at = $3, outcome = $4 WHERE verification_id = $1 AND task_id = $2`, [
          verificationId,
          d.taskId,
          d.cancelledAt,
          d.reason,
        ]);
        break;
      }
      case 'ManualTaskDueDateRedated': {
        const d = event.data;
        await q(`UPDATE ${s}.manual_tasks SET due_on = $3, due_on_provisional = $4 WHERE verification_id = $1 AND task_id = $2`, [verificationId, d.taskId, d.dueOn, d.dueOnProvisional]);
        break;
      }
      case 'VerificationReportCompleted': {
        const d = event.data;
        await q(
          `INSERT INTO ${s}.reports (verification_id, report_version, case_id, round, purpose, completed_at, objection_id, reverification_request_id, report)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [
            verificationId,
            d.reportVersion,
            d.caseId,
            d.round,
            d.purpose,
            d.completedAt,
            d.objectionId ?? null,
            d.reverificationRequestId ?? null,
            JSON.stringify(await sealReport(toHouseholdVerifiedData(verificationId, d), d.caseId)),
          ],
        );
        await q(`UPDATE ${s}.verification_rounds SET status = 'REPORTED', report_version = $3 WHERE verification_id = $1 AND round = $2`, [verificationId, d.round, d.reportVersion]);
        await q(`UPDATE ${s}.verifications SET status = 'REPORTED', current_report_version = $2 WHERE verification_id = $1`, [verificationId, d.reportVersion]);
        break;
      }
      case 'VerificationObjectionFiled': {
        const d = event.data;
        await q(
          `INSERT INTO ${s}.objections (objection_id, verification_id, report_version, round, status, reason, evidence_refs, items, raised_on, filed_by)
           VALUES ($1, $2, $3, $4, 'OPEN', $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [
            d.objectionId,
            verificationId,
            d.reportVersion,
            d.round,
            await sealValue('objections.reason', d.reason, recorded.metadata.correlationId, d.objectionId),
            JSON.stringify(d.evidenceRefs),
            JSON.stringify(await sealValue('objections.items', d.items, recorded.metadata.correlationId, d.objectionId)),
            d.raisedOn,
            d.filedBy.id,
          ],
        );
        break;
      }
      case 'VerificationObjectionResolved': {
        const d = event.data;
        await q(
          `UPDATE ${s}.objections SET status = 'RESOLVED', outcome = $2, findings = $3, resolved_on = $4, corrected_report_version = $5, corrected_items = $6 WHERE objection_id = $1`,
          [
            d.objectionId,
            d.outcome,
            await sealValue('objections.findings', d.findings, d.caseId, d.objectionId),
            d.resolvedOn,
            d.correctedReportVersion ?? null,
            JSON.stringify(await sealValue('objections.corrected_items', d.correctedItems, d.caseId, d.objectionId)),
          ],
        );
        if (d.outcome === 'REJECTED') {
          await q(
            `UPDATE ${s}.verification_rounds SET status = 'CLOSED' WHERE verification_id = $1 AND objection_id = $2`,
            [verificationId, d.objectionId],
          );
          await q(`UPDATE ${s}.verifications SET status = 'REPORTED' WHERE verification_id = $1`, [verificationId]);
        }
        break;
      }
      case 'ReverificationQueued':
        break;
      case 'VerificationCancelled': {
        const d = event.data;
        await q(`UPDATE ${s}.verification_rounds SET status = 'CANCELLED' WHERE verification_id = $1 AND status = 'OPEN'`, [verificationId]);
        await q(
          `UPDATE ${s}.verification_requests SET status = 'CANCELLED', next_attempt_at = NULL, answer_due_at = NULL, settled_at = $2, updated_at = $2
            WHERE verification_id = $1 AND status NOT IN ('ANSWERED', 'COMPLETED_MANUALLY', 'CANCELLED')`,
          [verificationId, d.cancelledAt],
        );
        await q(`UPDATE ${s}.objections SET status = 'CANCELLED' WHERE verification_id = $1 AND status = 'OPEN'`, [verificationId]);
        await q(`UPDATE ${s}.verifications SET status = 'CANCELLED' WHERE verification_id = $1`, [verificationId]);
        break;
      }
      default: {
        const unknown: never = event;
        void unknown; // the processor hands only PROJECTED_EVENT_TYPES
        return;
      }
    }
    await touch();
  }
}

export type ReportCompletedData = EventData<'VerificationReportCompleted'>;
