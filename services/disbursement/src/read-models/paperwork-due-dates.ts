/**
 * The paperwork due date of an emergency advance (先行救助补办手续): `paperworkWorkingDays` working days
 * after the day paid, on the national calendar. Past the known years it is not guessed: the date stays
 * open and names the missing year (`dueDateOrOpen`). The read model dates the open ones as soon as the
 * calendar knows their year (`dateOpenPaperwork`, run before each list is read): the stored event keeps
 * its open date, the completion counts it again (CompleteAdvancePaperwork.paperworkDueOn).
 */
import { quoteIdent } from '@sa/database';
import { dueDateOrOpen, type DueDate, type WorkingDays } from '@sa/time';
import type { Pool } from 'pg';

export function paperworkDueDate(calendar: WorkingDays, paidOn: string, workingDays: number): DueDate {
  return dueDateOrOpen(calendar, paidOn, workingDays);
}

/** Dates the open paperwork due dates the calendar can count now; returns how many were dated. */
export async function dateOpenPaperwork(pool: Pool, schema: string, calendar: WorkingDays): Promise<number> {
  const s = quoteIdent(schema);
  const { rows } = await pool.query<{ advance_id: string; paid_on: string; days: number }>(
    `SELECT e.advance_id, to_char(e.paid_on, 'YYYY-MM-DD') AS paid_on, a.paperwork_working_days AS days
       FROM ${s}.emergency_advances e JOIN ${s}.approved_advances a ON a.advance_id = e.advance_id
      WHERE e.paperwork_due_on IS NULL`,
  );
  let dated = 0;
  for (const r of rows) {
    const due = paperworkDueDate(calendar, r.paid_on, r.days);
    if (due.dueOn === null) continue;
    const res = await pool.query(
      `UPDATE ${s}.emergency_advances SET paperwork_due_on = $2, paperwork_calendar_missing = NULL WHERE advance_id = $1 AND paperwork_due_on IS NULL`,
      [r.advance_id, due.dueOn],
    );
    dated += res.rowCount ?? 0;
  }
  return dated;
}
