/**
 * A lead's due date is an officer's reminder with no legal effect on the household: it is never left open
 * (an open date would drop the lead from the overdue list). Counted on the national calendar; through a year
 * whose holiday schedule nobody has published it is counted Monday–Friday and marked provisional
 * (`dueOnProvisional`, shown 暂按周一至周五推算), then re-dated once that year is published
 * (HolidayCalendarPublished → `redateProvisionalLeads`: LeadDueDateRedated, the real working day).
 */
import { uuidV5 } from '@sa/eventstore';
import { quoteIdent } from '@sa/database';
import { reminderDueDate, type WorkingDays } from '@sa/time';
import type { Pool } from 'pg';
import type { IntakePipelines } from '../../commands/intake-pipelines';
import type { ReportLead } from '../../domain';
import { INTAKE_ID_NAMESPACE } from '../../http/to-application-form';
import { INBOX_ACTOR } from '../../messaging/eligibility-outcomes';

type DueCalendar = WorkingDays & { knows?: (year: number) => boolean };

/** The due date of a lead reported `today`, with the provisional mark when it crosses a missing year. */
export function leadDueOn(calendar: DueCalendar, today: string, workingDays: number): Pick<ReportLead['data'], 'dueOn' | 'dueOnProvisional'> {
  const due = reminderDueDate(calendar, today, workingDays);
  return { dueOn: due.dueOn, ...(due.provisionalYear !== null ? { dueOnProvisional: { calendarMissing: due.provisionalYear, workingDays } } : {}) };
}

/**
 * Re-dates every open lead whose due date is provisional, on the calendar now in force (after a published
 * schedule was applied). Idempotent: the command id names the lead and the schedule, and a date no longer
 * provisional is not re-dated again. Returns how many leads were re-dated.
 */
export async function redateProvisionalLeads(
  deps: { pool: Pool; schema: string; pipelines: IntakePipelines; calendar: DueCalendar },
  published: { year: number; version: number | null },
): Promise<number> {
  const { rows } = await deps.pool.query<{ lead_id: string }>(
    `SELECT lead_id::text AS lead_id FROM ${quoteIdent(deps.schema)}.leads
      WHERE due_on_provisional AND status IN ('REPORTED', 'CONTACTED') ORDER BY lead_id`,
  );
  let redated = 0;
  for (const { lead_id: leadId } of rows) {
    const { state } = await deps.pipelines.lead.aggregate(leadId);
    if (!state.dueOnProvisional || !state.reportedOn || !state.jurisdiction || state.dueWorkingDays === undefined) continue;
    const due = reminderDueDate(deps.calendar, state.reportedOn, state.dueWorkingDays);
    // Still through a missing year and the same date: nothing to record.
    if (due.provisionalYear !== null && due.dueOn === state.dueOn) continue;
    const time = deps.pipelines.time();
    const outcome = await deps.pipelines.lead.handle(
      leadId,
      { type: 'RedateLeadDueDate', data: { dueOn: due.dueOn, dueOnCalendarMissing: due.provisionalYear, calendarYear: published.year, calendarVersion: published.version } },
      {
        commandId: uuidV5(`${leadId}/redate/${published.year}/${published.version ?? 0}`, INTAKE_ID_NAMESPACE),
        correlationId: state.caseId ?? leadId,
        actor: INBOX_ACTOR(state.jurisdiction),
        now: time.now,
        reason: `${published.year}年节假日安排已发布，按工作日重新推算线索处理期限`,
        retryOnConflict: true,
      },
    );
    redated += outcome.events.length > 0 ? 1 : 0;
  }
  return redated;
}
