import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import { openMemberName } from './member-names';
import { openReport, openValue } from './sealed-figures';
import { VERIFICATION_MIGRATED, VERIFICATION_SCHEMA } from './verification-database';

export interface VerificationHeader {
  verificationId: string;
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  status: string;
  currentRound: number | null;
  currentPurpose: string | null;
  currentReportVersion: number | null;
  openedAt: string;
  updatedAt: string;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const day = (d: Date | string | null | undefined): string | null => {
  if (!d) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  // a DATE column arrives as local midnight; format it back in the process time zone
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Read side: the verification schema's read models, as the officer endpoints show them. */
@Injectable()
export class VerificationQueries {
  private readonly s: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(VERIFICATION_SCHEMA) schema: string,
    @Inject(VERIFICATION_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(schema);
  }

  private header(row: Record<string, unknown>): VerificationHeader {
    return {
      verificationId: row.verification_id as string,
      caseId: row.case_id as string,
      caseNumber: row.case_number as string,
      jurisdiction: row.jurisdiction as string,
      status: row.status as string,
      currentRound: (row.current_round as number | null) ?? null,
      currentPurpose: (row.current_purpose as string | null) ?? null,
      currentReportVersion: (row.current_report_version as number | null) ?? null,
      openedAt: iso(row.opened_at as Date)!,
      updatedAt: iso(row.updated_at as Date)!,
    };
  }

  async byId(verificationId: string): Promise<VerificationHeader | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.s}.verifications WHERE verification_id = $1`, [verificationId]);
    return rows[0] ? this.header(rows[0]) : undefined;
  }

  async byCase(caseId: string): Promise<VerificationHeader | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.s}.verifications WHERE case_id = $1`, [caseId]);
    return rows[0] ? this.header(rows[0]) : undefined;
  }

  /** The verification of the case with this 案件编号 (as on every notice), if any. */
  async byCaseNumber(caseNumber: string): Promise<VerificationHeader | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.s}.verifications WHERE case_number = $1 ORDER BY opened_at LIMIT 1`, [caseNumber]);
    return rows[0] ? this.header(rows[0]) : undefined;
  }

  /** The verification with its current round: every query's state, what is outstanding, who was not queried. */
  async view(verificationId: string) {
    const header = await this.byId(verificationId);
    if (!header) return undefined;
    const [members, rounds, requests, tasks, reports, objections] = await Promise.all([
      this.pool.query(`SELECT member_id, name, resident_id_masked, in_household FROM ${this.s}.verification_members WHERE verification_id = $1 ORDER BY member_id`, [verificationId]),
      this.pool.query(`SELECT * FROM ${this.s}.verification_rounds WHERE verification_id = $1 ORDER BY round`, [verificationId]),
      this.pool.query(`SELECT * FROM ${this.s}.verification_requests WHERE verification_id = $1 AND round = $2 ORDER BY member_id, source`, [verificationId, header.currentRound ?? 0]),
      this.pool.query(`SELECT * FROM ${this.s}.manual_tasks WHERE verification_id = $1 ORDER BY opened_at`, [verificationId]),
      this.pool.query(`SELECT report_version, purpose, completed_at, objection_id, reverification_request_id FROM ${this.s}.reports WHERE verification_id = $1 ORDER BY report_version`, [verificationId]),
      this.pool.query(`SELECT * FROM ${this.s}.objections WHERE verification_id = $1 ORDER BY raised_on, objection_id`, [verificationId]),
    ]);
    // Names are sealed in the table: opened here, and ordered here (a ciphertext has no useful order).
    for (const m of members.rows) m.name = await openMemberName(m.name as string);
    const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    members.rows.sort((a, b) => byCodePoint(String(a.name), String(b.name)) || byCodePoint(String(a.member_id), String(b.member_id)));
    const names = new Map(members.rows.map((m) => [m.member_id as string, m.name as string]));
    const round = rounds.rows.find((r) => r.round === header.currentRound);
    const query = (r: Record<string, unknown>) => ({
      requestId: r.request_id,
      memberId: r.member_id,
      memberName: names.get(r.member_id as string) ?? null,
      source: r.source,
      purpose: r.purpose,
      consentId: r.consent_id,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: iso(r.next_attempt_at as Date | null),
      submittedAt: iso(r.submitted_at as Date | null),
      answerDueAt: iso(r.answer_due_at as Date | null),
      answersReceived: r.answers_received,
      recordsReceived: r.records_received,
      lastFailure: r.last_failure ? { failure: r.last_failure, detail: r.last_failure_detail } : null,
      settledAt: iso(r.settled_at as Date | null),
    });
    const task = (t: Record<string, unknown>) => ({
      taskId: t.task_id,
      requestId: t.request_id,
      round: t.round,
      memberId: t.member_id,
      memberName: names.get(t.member_id as string) ?? null,
      source: t.source,
      purpose: t.purpose,
      reason: t.reason,
      detail: t.detail,
      status: t.status,
      openedAt: iso(t.opened_at as Date),
      dueOn: day(t.due_on as Date),
      // A Monday–Friday estimate through a year whose holiday schedule is not published (暂按周一至周五推算).
      dueOnProvisional: t.due_on_provisional === true,
      closedAt: iso(t.closed_at as Date | null),
      outcome: t.outcome ?? null,
      documentRef: t.document_ref ?? null,
    });
    const all = requests.rows.map(query);
    return {
      ...header,
      members: members.rows.map((m) => ({ memberId: m.member_id, name: m.name, residentIdMasked: m.resident_id_masked, inHousehold: m.in_household })),
      currentRound: round
        ? {
            round: round.round,
            purpose: round.purpose,
            status: round.status,
            referencePeriod: { from: round.reference_from, to: round.reference_to },
            sources: round.sources,
            startedAt: iso(round.started_at),
            dueOn: day(round.due_on),
            reverificationRequestId: round.reverification_request_id,
            objectionId: round.objection_id,
            reportVersion: round.report_version,
            notQueried: round.not_queried,
          }
        : null,
      outstanding: {
        awaitingPlatform: all.filter((q) => ['PENDING', 'SUBMITTED', 'PARTIAL'].includes(q.status as string)),
        awaitingOfficer: tasks.rows.filter((t) => t.status === 'OPEN').map(task),
      },
      queries: all,
      manualTasks: tasks.rows.map(task),
      reports: reports.rows.map((r) => ({
        reportVersion: r.report_version,
        purpose: r.purpose,
        completedAt: iso(r.completed_at),
        objectionId: r.objection_id,
        reverificationRequestId: r.reverification_request_id,
        current: r.report_version === header.currentReportVersion,
      })),
      objections: await Promise.all(objections.rows.map(async (o) => ({
        objectionId: o.objection_id,
        reportVersion: o.report_version,
        status: o.status,
        reason: await openValue('objections.reason', o.reason, o.objection_id as string),
        evidenceRefs: o.evidence_refs,
        items: await openValue('objections.items', o.items, o.objection_id as string),
        raisedOn: day(o.raised_on),
        outcome: o.outcome,
        findings: o.findings === null ? null : await openValue('objections.findings', o.findings, o.objection_id as string),
        resolvedOn: day(o.resolved_on),
        correctedReportVersion: o.corrected_report_version,
        correctedItems: await openValue('objections.corrected_items', o.corrected_items, o.objection_id as string),
      }))),
    };
  }

  async report(verificationId: string, version: number) {
    const { rows } = await this.pool.query(
      `SELECT r.*, v.current_report_version FROM ${this.s}.reports r JOIN ${this.s}.verifications v USING (verification_id)
        WHERE r.verification_id = $1 AND r.report_version = $2`,
      [verificationId, version],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      verificationId,
      caseId: r.case_id as string,
      reportVersion: r.report_version as number,
      current: r.report_version === r.current_report_version,
      purpose: r.purpose as string,
      completedAt: iso(r.completed_at)!,
      objectionId: (r.objection_id as string | null) ?? null,
      reverificationRequestId: (r.reverification_request_id as string | null) ?? null,
      report: await openReport(r.report as Record<string, unknown>, r.case_id as string),
    };
  }

  /** Manual tasks (信函索证) within a jurisdiction, oldest due first. */
  async tasks(jurisdiction: string, status: string | undefined, limit: number, offset: number) {
    const params: unknown[] = [`${jurisdiction}%`, limit, offset];
    let filter = '';
    if (status) {
      params.push(status);
      filter = `AND t.status = $4`;
    }
    const { rows } = await this.pool.query(
      `SELECT t.*, m.name AS member_name, m.resident_id_masked
         FROM ${this.s}.manual_tasks t
         LEFT JOIN ${this.s}.verification_members m ON m.verification_id = t.verification_id AND m.member_id = t.member_id
        WHERE t.jurisdiction LIKE $1 ${filter}
        ORDER BY t.due_on, t.opened_at, t.task_id LIMIT $2 OFFSET $3`,
      params,
    );
    for (const t of rows) t.member_name = await openMemberName(t.member_name as string | null);
    return rows.map((t) => ({
      verificationId: t.verification_id,
      taskId: t.task_id,
      caseId: t.case_id,
      caseNumber: t.case_number,
      jurisdiction: t.jurisdiction,
      memberId: t.member_id,
      memberName: t.member_name ?? null,
      residentIdMasked: t.resident_id_masked ?? null,
      source: t.source,
      purpose: t.purpose,
      reason: t.reason,
      detail: t.detail,
      status: t.status,
      openedAt: iso(t.opened_at),
      dueOn: day(t.due_on),
      dueOnProvisional: t.due_on_provisional === true,
      closedAt: iso(t.closed_at),
      outcome: t.outcome ?? null,
      documentRef: t.document_ref ?? null,
    }));
  }
}
