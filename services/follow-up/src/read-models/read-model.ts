import type { PoolClient } from 'pg';
import { quoteIdent } from '@sa/database';
import type { RecordedEvent } from '@sa/eventstore';
import { reviewDeadline, reviewDueOn, type ComplaintEvent, type FollowUpEvent } from '../domain';

/** Tables the projection owns (emptied by a rebuild, covered by its digest). */
export const READ_MODEL_TABLES = ['cases', 'complaints'] as const;

/** A row of `follow_up.cases` (column names; dates `YYYY-MM-DD`). */
export interface CaseRow {
  case_id: string;
  case_number: string;
  jurisdiction: string;
  program: string;
  status: string;
  review_class: string | null;
  review_interval_months: number;
  next_review_due_month: string | null;
  next_review_due_on: string | null;
  next_review_deadline: string | null;
  open_review_id: string | null;
  open_review_type: string | null;
  open_review_opened_on: string | null;
  awaiting_verification: boolean;
  monthly_amount_fen: number;
  taper_last_month: string | null;
  welfare_vulnerabilities: string[] | null;
  welfare_interval_days: number | null;
  welfare_first_due_on: string | null;
  last_welfare_visit_on: string | null;
  closed_on: string | null;
  close_reason: string | null;
  last_revision: number;
  /** When the store recorded the last event applied (never now(): a rebuild gives the same rows). */
  updated_at: string;
}

/** A row of `follow_up.complaints`. The complainant's identity is never copied here. */
export interface ComplaintRow {
  complaint_id: string;
  about: string;
  case_id: string | null;
  community: string;
  status: string;
  channel: string;
  subject: string;
  anonymous: boolean;
  investigator_id: string | null;
  received_on: string;
  resolved_on: string | null;
  outcome: string | null;
  last_revision: number;
  updated_at: string;
}

const withDueDates = (row: CaseRow): CaseRow => {
  const month = row.next_review_due_month;
  const schedule = month ? { nextReviewDueMonth: month, reviewIntervalMonths: row.review_interval_months } : undefined;
  return { ...row, next_review_due_on: schedule ? reviewDueOn(schedule) : null, next_review_deadline: schedule ? reviewDeadline(schedule) : null };
};

const noOpenReview = { open_review_id: null, open_review_type: null, open_review_opened_on: null, awaiting_verification: false } as const;

/**
 * How one event of a `followUp-<caseId>` stream changes the case's row (pure: the row before, the
 * event, its revision and recorded time → the row after). The same columns the fold of the stream
 * gives (`evolveFollowUp`), taken incrementally, so the processor never re-reads a stream.
 */
export function projectCase(row: CaseRow | null, event: FollowUpEvent, revision: number, at: string): CaseRow | null {
  if (event.type === 'FollowUpOpened') {
    const d = event.data;
    return withDueDates({
      case_id: d.caseId,
      case_number: d.caseNumber,
      jurisdiction: d.jurisdiction,
      program: d.program,
      status: 'ACTIVE',
      review_class: d.reviewClass,
      review_interval_months: d.reviewIntervalMonths,
      next_review_due_month: d.nextReviewDueMonth,
      next_review_due_on: null,
      next_review_deadline: null,
      ...noOpenReview,
      monthly_amount_fen: d.monthlyAmountFen,
      taper_last_month: null,
      welfare_vulnerabilities: row?.welfare_vulnerabilities ?? null,
      welfare_interval_days: row?.welfare_interval_days ?? null,
      welfare_first_due_on: row?.welfare_first_due_on ?? null,
      last_welfare_visit_on: row?.last_welfare_visit_on ?? null,
      closed_on: null,
      close_reason: null,
      last_revision: revision,
      updated_at: at,
    });
  }
  if (!row) return null; // nothing is shown before the case is opened
  const next: CaseRow = { ...row, last_revision: revision, updated_at: at };
  switch (event.type) {
    case 'ReviewOpened':
      return { ...next, open_review_id: event.data.reviewId, open_review_type: event.data.reviewType, open_review_opened_on: event.data.openedOn, awaiting_verification: false };
    case 'ReverificationRequested':
      return row.open_review_id ? { ...next, awaiting_verification: true } : next;
    case 'VerificationResultReceived':
      return row.open_review_id ? { ...next, awaiting_verification: false } : next;
    case 'ReviewConcluded':
      return withDueDates({ ...next, ...noOpenReview, next_review_due_month: event.data.nextReviewDueMonth });
    case 'BenefitChangeApplied': {
      const d = event.data;
      const status = d.changeType === 'SUSPENSION' ? 'SUSPENDED' : d.changeType === 'TAPER' ? 'TAPERING' : d.changeType === 'TERMINATION' ? row.status : 'ACTIVE';
      const amount =
        d.changeType === 'SUSPENSION' || d.changeType === 'TERMINATION' ? 0 : (d.monthlyAmountFen ?? d.taperSchedule?.[0]?.amountFen ?? row.monthly_amount_fen);
      const taper = d.changeType === 'TAPER' && d.taperSchedule ? d.taperSchedule : undefined;
      return withDueDates({
        ...next,
        status,
        monthly_amount_fen: amount,
        ...(d.reviewClass ? { review_class: d.reviewClass } : {}),
        ...(d.reviewIntervalMonths ? { review_interval_months: d.reviewIntervalMonths } : {}),
        taper_last_month: taper ? taper[taper.length - 1]!.month : null,
      });
    }
    case 'FollowUpClosed':
      return { ...next, ...noOpenReview, status: 'CLOSED', closed_on: event.data.closedOn, close_reason: event.data.reason };
    case 'WelfareVisitsPlanned':
      return {
        ...next,
        welfare_vulnerabilities: [...event.data.vulnerabilities],
        welfare_interval_days: event.data.intervalDays,
        welfare_first_due_on: event.data.firstDueOn,
      };
    case 'WelfareVisitRecorded': {
      const last = row.last_welfare_visit_on;
      return { ...next, last_welfare_visit_on: last === null || event.data.visitedOn > last ? event.data.visitedOn : last };
    }
    case 'ReviewVisitRecorded':
    case 'ChangeProposed':
    case 'ChangeReported':
    case 'DataAlertRaised':
    case 'AgeOutFlagged':
    case 'PaymentRecorded':
      return next; // no column of the list changes; the revision moves
  }
}

/** How one event of a `complaint-<complaintId>` stream changes the complaint's row (pure). */
export function projectComplaint(row: ComplaintRow | null, event: ComplaintEvent, revision: number, at: string): ComplaintRow | null {
  if (event.type === 'ComplaintFiled') {
    const f = event.data;
    return {
      complaint_id: f.complaintId,
      about: f.about,
      case_id: f.caseId ?? null,
      community: f.community,
      status: 'RECEIVED',
      channel: f.channel,
      subject: f.subject,
      anonymous: f.anonymous,
      investigator_id: null,
      received_on: f.receivedOn,
      resolved_on: null,
      outcome: null,
      last_revision: revision,
      updated_at: at,
    };
  }
  if (!row) return null;
  switch (event.type) {
    case 'ComplaintAssigned':
      return { ...row, status: 'UNDER_INVESTIGATION', investigator_id: event.data.investigator.id, last_revision: revision, updated_at: at };
    case 'ComplaintResolved':
      return { ...row, status: 'RESOLVED', resolved_on: event.data.resolvedOn, outcome: event.data.outcome, last_revision: revision, updated_at: at };
  }
}

const CASE_COLUMNS: readonly (keyof CaseRow)[] = [
  'case_id',
  'case_number',
  'jurisdiction',
  'program',
  'status',
  'review_class',
  'review_interval_months',
  'next_review_due_month',
  'next_review_due_on',
  'next_review_deadline',
  'open_review_id',
  'open_review_type',
  'open_review_opened_on',
  'awaiting_verification',
  'monthly_amount_fen',
  'taper_last_month',
  'welfare_vulnerabilities',
  'welfare_interval_days',
  'welfare_first_due_on',
  'last_welfare_visit_on',
  'closed_on',
  'close_reason',
  'last_revision',
  'updated_at',
];

const COMPLAINT_COLUMNS: readonly (keyof ComplaintRow)[] = [
  'complaint_id',
  'about',
  'case_id',
  'community',
  'status',
  'channel',
  'subject',
  'anonymous',
  'investigator_id',
  'received_on',
  'resolved_on',
  'outcome',
  'last_revision',
  'updated_at',
];

/** The id of a stream `<category>-<id>`. */
export const idOfStream = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);

/**
 * One table's rows kept by a pure row function: per batch, the rows concerned are read once (locked),
 * each event folded in (events at or below a row's `last_revision` are skipped: re-delivery is
 * harmless), and the changed rows written back — in the processor's transaction with its checkpoint.
 */
export class RowTable<R extends { last_revision: number }, E> {
  private readonly table: string;
  private readonly upsert: string;

  constructor(
    schema: string,
    table: string,
    private readonly key: keyof R & string,
    private readonly columns: readonly (keyof R & string)[],
    private readonly project: (row: R | null, event: E, revision: number, at: string) => R | null,
    /** Columns cast on the way in (e.g. `jsonb`). */
    private readonly casts: Partial<Record<keyof R & string, string>> = {},
  ) {
    this.table = `${quoteIdent(schema)}.${quoteIdent(table)}`;
    const names = columns.map((c) => quoteIdent(c));
    this.upsert = `INSERT INTO ${this.table} (${names.join(', ')})
      VALUES (${columns.map((c, i) => `$${i + 1}${casts[c] ? `::${casts[c]}` : ''}`).join(', ')})
      ON CONFLICT (${quoteIdent(key)}) DO UPDATE SET ${names.filter((n) => n !== quoteIdent(key)).map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`;
  }

  async apply(tx: PoolClient, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const ids = [...new Set(events.map((e) => idOfStream(e.streamId)))];
    const { rows: found } = await tx.query<{ row: R }>(
      `SELECT to_jsonb(t) AS row FROM ${this.table} t WHERE ${quoteIdent(this.key)} = ANY($1::uuid[]) ORDER BY ${quoteIdent(this.key)} FOR UPDATE`,
      [ids],
    );
    const rows = new Map<string, R | null>(found.map(({ row }) => [String(row[this.key]), { ...row, last_revision: Number(row.last_revision) }]));
    const changed = new Set<string>();
    for (const event of events) {
      const id = idOfStream(event.streamId);
      const current = rows.get(id) ?? null;
      if (current && current.last_revision >= event.revision) continue; // already applied
      const next = this.project(current, { type: event.type, data: event.data } as E, event.revision, event.recordedAt.toISOString());
      if (next === null) continue;
      rows.set(id, next);
      changed.add(id);
    }
    for (const id of [...changed].sort()) {
      const row = rows.get(id)!;
      await tx.query(
        this.upsert,
        this.columns.map((c) => {
          const v = row[c as keyof R];
          return this.casts[c] === 'jsonb' && v !== null && v !== undefined ? JSON.stringify(v) : (v ?? null);
        }),
      );
    }
  }
}

/** The follow-up read models: `cases` (one row per followed-up case) and `complaints`. */
export class FollowUpReadModel {
  readonly cases: RowTable<CaseRow, FollowUpEvent>;
  readonly complaints: RowTable<ComplaintRow, ComplaintEvent>;

  constructor(schema: string) {
    this.cases = new RowTable<CaseRow, FollowUpEvent>(schema, 'cases', 'case_id', CASE_COLUMNS, projectCase, { welfare_vulnerabilities: 'jsonb' });
    this.complaints = new RowTable<ComplaintRow, ComplaintEvent>(schema, 'complaints', 'complaint_id', COMPLAINT_COLUMNS, projectComplaint);
  }
}
