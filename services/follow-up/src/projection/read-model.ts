import type { PoolClient } from 'pg';
import { quoteIdent } from '@sa/database';
import type { EventStore, RecordedEvent } from '@sa/eventstore';
import {
  COMPLAINT_CATEGORY,
  complaintDecider,
  FOLLOW_UP_CATEGORY,
  followUpDecider,
  reviewDeadline,
  reviewDueOn,
  type ComplaintEvent,
  type ComplaintState,
  type FollowUpEvent,
  type FollowUpState,
} from '../domain';
import { fold } from '@sa/decider';

export const READ_MODEL_TABLES = ['cases', 'complaints'] as const;

export const categoryOf = (streamId: string): string => streamId.slice(0, streamId.indexOf('-'));

/**
 * Rows of the read models. Each event re-folds its stream up to the event's revision with the pure
 * decider (streams are short) and writes the row: the same events always give the same rows.
 */
export class FollowUpReadModel {
  private readonly s: string;

  constructor(
    private readonly store: EventStore,
    schema: string,
  ) {
    this.s = quoteIdent(schema);
  }

  async apply(client: PoolClient, event: RecordedEvent): Promise<void> {
    const category = categoryOf(event.streamId);
    if (category !== FOLLOW_UP_CATEGORY && category !== COMPLAINT_CATEGORY) return;
    const history = await this.store.readStream(event.streamId, { fromRevision: 0, maxCount: event.revision + 1 });
    const events = history.map((r) => ({ type: r.type, data: r.data }));
    if (category === FOLLOW_UP_CATEGORY) await this.writeCase(client, fold(followUpDecider, events as FollowUpEvent[]), event.revision);
    else await this.writeComplaint(client, fold(complaintDecider, events as ComplaintEvent[]), event.revision);
  }

  private async writeCase(client: PoolClient, st: FollowUpState, revision: number): Promise<void> {
    if (st.status === 'NONE' || !st.caseId) return;
    const schedule = st.nextReviewDueMonth ? { nextReviewDueMonth: st.nextReviewDueMonth, reviewIntervalMonths: st.reviewIntervalMonths } : undefined;
    const r = st.openReview;
    const values = [
      st.caseId,
      st.caseNumber,
      st.jurisdiction,
      st.program,
      st.status,
      st.reviewClass ?? null,
      st.reviewIntervalMonths,
      st.nextReviewDueMonth ?? null,
      schedule ? reviewDueOn(schedule) : null,
      schedule ? reviewDeadline(schedule) : null,
      r?.reviewId ?? null,
      r?.reviewType ?? null,
      r?.openedOn ?? null,
      r?.reverification ? !r.reverification.answered : false,
      st.monthlyAmountFen,
      st.taperSchedule ? st.taperSchedule[st.taperSchedule.length - 1]!.month : null,
      st.welfarePlan ? JSON.stringify(st.welfarePlan.vulnerabilities) : null,
      st.welfarePlan?.intervalDays ?? null,
      st.welfarePlan?.firstDueOn ?? null,
      st.lastWelfareVisitOn ?? null,
      st.closed?.closedOn ?? null,
      st.closed?.reason ?? null,
      st.closed?.finalNote ?? null,
      revision,
    ];
    await client.query(
      `INSERT INTO ${this.s}.cases (case_id, case_number, jurisdiction, program, status, review_class, review_interval_months,
         next_review_due_month, next_review_due_on, next_review_deadline, open_review_id, open_review_type, open_review_opened_on,
         awaiting_verification, monthly_amount_fen, taper_last_month, welfare_vulnerabilities, welfare_interval_days,
         welfare_first_due_on, last_welfare_visit_on, closed_on, close_reason, final_note, last_revision, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24, now())
       ON CONFLICT (case_id) DO UPDATE SET case_number = EXCLUDED.case_number, jurisdiction = EXCLUDED.jurisdiction,
         program = EXCLUDED.program, status = EXCLUDED.status, review_class = EXCLUDED.review_class,
         review_interval_months = EXCLUDED.review_interval_months, next_review_due_month = EXCLUDED.next_review_due_month,
         next_review_due_on = EXCLUDED.next_review_due_on, next_review_deadline = EXCLUDED.next_review_deadline,
         open_review_id = EXCLUDED.open_review_id, open_review_type = EXCLUDED.open_review_type,
         open_review_opened_on = EXCLUDED.open_review_opened_on, awaiting_verification = EXCLUDED.awaiting_verification,
         monthly_amount_fen = EXCLUDED.monthly_amount_fen, taper_last_month = EXCLUDED.taper_last_month,
         welfare_vulnerabilities = EXCLUDED.welfare_vulnerabilities, welfare_interval_days = EXCLUDED.welfare_interval_days,
         welfare_first_due_on = EXCLUDED.welfare_first_due_on, last_welfare_visit_on = EXCLUDED.last_welfare_visit_on,
         closed_on = EXCLUDED.closed_on, close_reason = EXCLUDED.close_reason, final_note = EXCLUDED.final_note,
         last_revision = EXCLUDED.last_revision, updated_at = now()`,
      values,
    );
  }

  private async writeComplaint(client: PoolClient, st: ComplaintState, revision: number): Promise<void> {
    const f = st.filed;
    if (!f) return;
    await client.query(
      `INSERT INTO ${this.s}.complaints (complaint_id, about, case_id, community, status, channel, subject, anonymous,
         investigator_id, received_on, resolved_on, outcome, last_revision, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13, now())
       ON CONFLICT (complaint_id) DO UPDATE SET status = EXCLUDED.status, investigator_id = EXCLUDED.investigator_id,
         resolved_on = EXCLUDED.resolved_on, outcome = EXCLUDED.outcome, last_revision = EXCLUDED.last_revision, updated_at = now()`,
      [
        f.complaintId,
        f.about,
        f.caseId ?? null,
        f.community,
        st.status,
        f.channel,
        f.subject,
        f.anonymous,
        st.investigator?.id ?? null,
        f.receivedOn,
        st.resolution?.resolvedOn ?? null,
        st.resolution?.outcome ?? null,
        revision,
      ],
    );
  }
}
