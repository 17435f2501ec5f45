import type { PoolClient } from 'pg';
import { quoteIdent } from '@sa/database';
import type { RecordedEvent } from '@sa/eventstore';
import {
  type ApplicationEvent,
  applicantOf,
  type ApplicationForm,
  type LeadEvent,
  maskResidentId,
  type OfficerRelativesEvent,
} from '../domain';
import type { ResidentIdHasher } from '../identity/resident-id-hasher';

export type IntakeEvent = ApplicationEvent | LeadEvent | OfficerRelativesEvent;

/** Tables the projection owns (emptied by a rebuild). */
export const READ_MODEL_TABLES = ['application_people', 'applications', 'leads', 'declared_relatives'] as const;

/**
 * How each event changes the read-model rows. Pure SQL per event, run in the projection's
 * transaction together with the checkpoint. Timestamps come from the event, never from now(), so
 * a rebuild yields the same rows. Updates of a stream's row only apply events newer than the row
 * (`last_revision`), so re-delivery is harmless.
 */
export class IntakeReadModel {
  private readonly s: string;

  constructor(
    schema: string,
    private readonly hasher: ResidentIdHasher,
  ) {
    this.s = quoteIdent(schema);
  }

  async apply(db: PoolClient, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as IntakeEvent;
    const rev = recorded.revision;
    const at = recorded.recordedAt;
    // Personal columns are sealed under the key of the event's case (its correlation id).
    const subject = recorded.metadata.correlationId;
    switch (event.type) {
      case 'ApplicationDrafted': {
        const d = event.data;
        await db.query(
          `INSERT INTO ${this.s}.applications (case_id, case_number, jurisdiction, status, program, channel, applicant_name,
             applicant_resident_id_masked, applicant_resident_id_hash, applicant_name_index, household_size, drafted_on, lead_id, last_revision,
             updated_at, earlier_case_id, earlier_case_outcome)
           VALUES ($1, $2, $3, 'DRAFT', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
           ON CONFLICT (case_id) DO NOTHING`,
          [
            d.caseId,
            d.caseNumber,
            d.jurisdiction,
            d.form.program,
            d.form.channel,
            ...(await this.applicant(d.form, subject)),
            d.form.household.members.length,
            d.draftedOn,
            d.form.leadId ?? null,
            rev,
            at,
            d.earlierCase?.caseId ?? null,
            d.earlierCase?.outcome ?? null,
          ],
        );
        await this.replacePeople(db, d.caseId, d.form, subject);
        return;
      }
      case 'ApplicationDraftRevised': {
        const d = event.data;
        const [name, masked, hash, nameIndex] = await this.applicant(d.form, subject);
        const n = await this.update(db, d.caseId, rev, at, {
          program: d.form.program,
          channel: d.form.channel,
          applicant_name: name,
          applicant_resident_id_masked: masked,
          applicant_resident_id_hash: hash,
          applicant_name_index: nameIndex,
          household_size: d.form.household.members.length,
        });
        if (n > 0) await this.replacePeople(db, d.caseId, d.form, subject);
        return;
      }
      case 'ApplicationSubmitted':
        await this.update(db, event.data.caseId, rev, at, {
          status: 'SUBMITTED',
          submitted_on: event.data.applicationDate,
          household_size: event.data.household.members.filter((m) => m.membership.counts).length,
        });
        return;
      case 'ConflictOfInterestFlagged':
        await this.update(db, event.data.caseId, rev, at, { conflict_of_interest: true });
        return;
      case 'MaterialsRequested':
        await this.update(db, event.data.caseId, rev, at, {
          status: 'AWAITING_MATERIALS',
          notice_date: event.data.noticeDate,
          outstanding_items: JSON.stringify(event.data.items),
        });
        return;
      case 'MaterialsSupplied':
        await this.update(db, event.data.caseId, rev, at, {
          status: event.data.outstandingItems.length === 0 ? 'MATERIALS_SUPPLIED' : 'AWAITING_MATERIALS',
          outstanding_items: JSON.stringify(event.data.outstandingItems),
        });
        return;
      case 'ApplicationAccepted':
        await this.update(db, event.data.caseId, rev, at, { status: 'ACCEPTED', accepted_on: event.data.acceptedOn, outstanding_items: '[]' });
        return;
      case 'ApplicationRejectedAtIntake':
        await this.update(db, event.data.caseId, rev, at, { status: 'REJECTED', closed_on: event.data.rejectedOn });
        await this.releaseReservations(db, event.data.caseId);
        return;
      case 'ApplicationWithdrawn':
        await this.update(db, event.data.caseId, rev, at, { status: 'WITHDRAWN', closed_on: event.data.withdrawnOn });
        await this.releaseReservations(db, event.data.caseId);
        return;
      case 'ApplicationClosedAfterDecision':
        await this.update(db, event.data.caseId, rev, at, {
          status: 'CLOSED',
          closed_on: event.data.closedOn,
          closed_outcome: event.data.outcome,
          closed_decision_id: event.data.decisionId,
          closed_decided_on: event.data.decidedOn,
          // the closure's reason quotes the decision's written reasons (free text, issue 18): sealed like the names
          closed_reason: await this.hasher.seal(event.data.reason, subject, 'applications.closed_reason'),
        });
        await this.releaseReservations(db, event.data.caseId);
        return;
      case 'ApplicationReopenedOnAppeal': {
        // Open again: the closure is cleared (the stream keeps it) and the household's members are
        // held again, so none of them can start another application while this case runs. A member
        // another open application took meanwhile stays with it (not taken away from that case).
        const d = event.data;
        const n = await this.update(db, d.caseId, rev, at, {
          status: 'ACCEPTED',
          closed_on: null,
          closed_outcome: null,
          closed_decision_id: null,
          closed_decided_on: null,
          closed_reason: null,
          reopened_appeal_id: d.appeal.appealId,
          reopened_appeal_document: d.appeal.documentRef,
          reopened_on: d.reopenedOn,
        });
        if (n > 0) {
          await db.query(
            `INSERT INTO ${this.s}.resident_reservations (resident_id_hash, case_id)
             SELECT DISTINCT resident_id_hash, case_id FROM ${this.s}.application_people WHERE case_id = $1
             ON CONFLICT (resident_id_hash) DO NOTHING`,
            [d.caseId],
          );
        }
        return;
      }

      case 'LeadReported': {
        const d = event.data;
        await db.query(
          `INSERT INTO ${this.s}.leads (lead_id, case_id, jurisdiction, source, status, urgency, subject_name, hardships,
             reported_on, due_on, due_on_provisional, last_revision, updated_at)
           VALUES ($1, $2, $3, $4, 'REPORTED', $5, $6, $7, $8, $9, $12, $10, $11) ON CONFLICT (lead_id) DO NOTHING`,
          [d.leadId, d.caseId, d.jurisdiction, d.source, d.urgency, await this.hasher.seal(d.subject.name, subject, 'leads.subject_name'), JSON.stringify(d.hardships), d.reportedOn, d.dueOn, rev, at, d.dueOnProvisional === true],
        );
        return;
      }
      case 'LeadContacted':
        await this.updateLead(db, event.data.leadId, rev, at, { status: 'CONTACTED', last_outcome_on: event.data.contactedOn });
        return;
      case 'LeadConvertedToApplication':
        await this.updateLead(db, event.data.leadId, rev, at, {
          status: 'CONVERTED',
          last_outcome_on: event.data.convertedOn,
          converted_case_number: event.data.caseNumber,
        });
        return;
      case 'LeadClosed':
        await this.updateLead(db, event.data.leadId, rev, at, { status: 'CLOSED', last_outcome_on: event.data.closedOn });
        return;
      case 'LeadDueDateRedated':
        await this.updateLead(db, event.data.leadId, rev, at, { due_on: event.data.dueOn, due_on_provisional: event.data.dueOnProvisional });
        return;

      case 'CloseRelativeDeclared': {
        const d = event.data;
        await db.query(
          `INSERT INTO ${this.s}.declared_relatives (resident_id_hash, officer_id, officer_name, official_role, officer_jurisdiction, relation)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (resident_id_hash, officer_id) DO UPDATE SET officer_name = EXCLUDED.officer_name,
             official_role = EXCLUDED.official_role, officer_jurisdiction = EXCLUDED.officer_jurisdiction, relation = EXCLUDED.relation`,
          [this.hasher.hash(d.relativeResidentId), d.officerId, d.officerName, d.officialRole, d.officerJurisdiction, d.relation],
        );
        return;
      }
      case 'CloseRelativeDeclarationWithdrawn':
        await db.query(`DELETE FROM ${this.s}.declared_relatives WHERE resident_id_hash = $1 AND officer_id = $2`, [
          this.hasher.hash(event.data.relativeResidentId),
          event.data.officerId,
        ]);
        return;
      default:
        return; // an event type this projection does not know (a newer version of the service wrote it)
    }
  }

  /** [name (sealed), masked resident ID, resident-ID blind index, name blind index] of the applicant. */
  private async applicant(form: ApplicationForm, subject: string): Promise<[string, string, string, string]> {
    const a = applicantOf(form.household) ?? form.household.members[0]!;
    return [await this.hasher.seal(a.name, subject, 'applications.applicant_name'), maskResidentId(a.residentId), this.hasher.hash(a.residentId), this.hasher.nameIndex(a.name)];
  }

  private async replacePeople(db: PoolClient, caseId: string, form: ApplicationForm, subject: string): Promise<void> {
    await db.query(`DELETE FROM ${this.s}.application_people WHERE case_id = $1`, [caseId]);
    for (const m of form.household.members) {
      await db.query(
        `INSERT INTO ${this.s}.application_people (case_id, resident_id_hash, resident_id_masked, name, relation)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [caseId, this.hasher.hash(m.residentId), maskResidentId(m.residentId), await this.hasher.seal(m.name, subject, 'application_people.name'), m.relation],
      );
    }
  }

  private async update(db: PoolClient, caseId: string, revision: number, at: Date, set: Record<string, unknown>): Promise<number> {
    return this.updateRow(db, 'applications', 'case_id', caseId, revision, at, set);
  }

  private async updateLead(db: PoolClient, leadId: string, revision: number, at: Date, set: Record<string, unknown>): Promise<number> {
    return this.updateRow(db, 'leads', 'lead_id', leadId, revision, at, set);
  }

  private async updateRow(
    db: PoolClient,
    table: string,
    key: string,
    id: string,
    revision: number,
    at: Date,
    set: Record<string, unknown>,
  ): Promise<number> {
    const columns = Object.keys(set);
    const assignments = columns.map((c, i) => `${quoteIdent(c)} = $${i + 4}`).join(', ');
    const res = await db.query(
      `UPDATE ${this.s}.${quoteIdent(table)} SET ${assignments}, last_revision = $2, updated_at = $3
        WHERE ${quoteIdent(key)} = $1 AND last_revision < $2`,
      [id, revision, at, ...columns.map((c) => set[c])],
    );
    return res.rowCount ?? 0;
  }

  private async releaseReservations(db: PoolClient, caseId: string): Promise<void> {
    await db.query(`DELETE FROM ${this.s}.resident_reservations WHERE case_id = $1`, [caseId]);
  }
}
