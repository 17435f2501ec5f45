import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import type { Page, PageRequest } from '@sa/platform';
import { FOLLOW_UP_SCHEMA } from './follow-up-database';

/** A case row as the review queue reads it. */
export interface QueueRow {
  case_id: string;
  case_number: string;
  jurisdiction: string;
  program: string;
  review_class: string | null;
  review_interval_months: number;
  next_review_due_month: string;
  open_review_id: string | null;
  awaiting_verification: boolean;
}

/** A case row with its welfare-visit plan. */
export interface WelfarePlanRow {
  case_id: string;
  case_number: string;
  jurisdiction: string;
  welfare_vulnerabilities: string[];
  welfare_interval_days: number;
  welfare_first_due_on: string;
  last_welfare_visit_on: string | null;
}

/** A row of the complaints list (the read model never holds the complainant). */
export interface ComplaintListItem {
  complaintId: string;
  about: string;
  caseId: string | null;
  community: string;
  status: string;
  channel: string;
  subject: string;
  anonymous: boolean;
  investigatorId: string | null;
  receivedOn: string;
  resolvedOn: string | null;
  outcome: string | null;
}

/**
 * The follow-up lists over the read models (`cases`, `complaints`): each filter in SQL, paged with
 * LIMIT/OFFSET, the total from the same WHERE. Dates `YYYY-MM-DD` (Asia/Shanghai, from the clock's today).
 */
@Injectable()
export class FollowUpQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(FOLLOW_UP_SCHEMA) private readonly schema: string,
  ) {}

  private async paged<R>(select: string, from: string, orderBy: string, params: unknown[], page: PageRequest): Promise<Page<R>> {
    const n = params.length;
    const [{ rows }, count] = await Promise.all([
      this.pool.query<R & object>(`SELECT ${select} FROM ${from} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        page.pageSize,
        (page.page - 1) * page.pageSize,
      ]),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params),
    ]);
    return { items: rows, total: count.rows[0]?.n ?? 0, page: page.page, pageSize: page.pageSize };
  }

  /**
   * Open cases of the jurisdiction whose periodic review is due soon or due (`DUE_SOON`: due date within
   * `dueSoonDays` of today, deadline not passed) or overdue (`OVERDUE`: deadline — the last day of the due
   * month — before today); earliest due first.
   */
  reviewQueue(code: string, queue: 'DUE_SOON' | 'OVERDUE', today: string, dueSoonOn: string, page: PageRequest): Promise<Page<QueueRow>> {
    const due = queue === 'OVERDUE' ? `next_review_deadline < $2::date` : `next_review_due_on <= $3::date AND next_review_deadline >= $2::date`;
    return this.paged<QueueRow>(
      `case_id, case_number, jurisdiction, program, review_class, review_interval_months, next_review_due_month, open_review_id, awaiting_verification`,
      `${quoteIdent(this.schema)}.cases WHERE jurisdiction LIKE $1 || '%' AND status <> 'CLOSED' AND ${due}`,
      'next_review_due_on, case_number, case_id',
      queue === 'OVERDUE' ? [code, today] : [code, today, dueSoonOn],
      page,
    );
  }

  /** Open cases of the jurisdiction with a welfare-visit plan whose next visit (last visit + interval, or the first due date) is before today. */
  missedWelfareVisits(code: string, today: string, page: PageRequest): Promise<Page<WelfarePlanRow>> {
    return this.paged<WelfarePlanRow>(
      `case_id, case_number, jurisdiction, welfare_vulnerabilities, welfare_interval_days,
       to_char(welfare_first_due_on, 'YYYY-MM-DD') AS welfare_first_due_on,
       to_char(last_welfare_visit_on, 'YYYY-MM-DD') AS last_welfare_visit_on`,
      `${quoteIdent(this.schema)}.cases
        WHERE jurisdiction LIKE $1 || '%' AND status <> 'CLOSED' AND welfare_interval_days IS NOT NULL
          AND COALESCE(last_welfare_visit_on + welfare_interval_days, welfare_first_due_on) < $2::date`,
      'case_number, case_id',
      [code, today],
      page,
    );
  }

  /** The complaints of communities within `jurisdiction` or investigated by `investigatorId`: open first, oldest first. */
  complaints(jurisdiction: string, investigatorId: string, status: string | undefined, page: PageRequest): Promise<Page<ComplaintListItem>> {
    const params: unknown[] = [jurisdiction, investigatorId];
    let where = `(community LIKE $1 || '%' OR investigator_id = $2)`;
    if (status) {
      params.push(status);
      where += ` AND status = $3`;
    }
    return this.paged<ComplaintListItem>(
      `complaint_id AS "complaintId", about, case_id AS "caseId", community, status, channel, subject, anonymous,
       investigator_id AS "investigatorId", to_char(received_on, 'YYYY-MM-DD') AS "receivedOn",
       to_char(resolved_on, 'YYYY-MM-DD') AS "resolvedOn", outcome`,
      `${quoteIdent(this.schema)}.complaints WHERE ${where}`,
      `(status = 'RESOLVED'), received_on, complaint_id`,
      params,
      page,
    );
  }
}
