/**
 * A manual task's due date is an officer's reminder (no legal effect on the household): never left open, counted
 * Monday–Friday through a year nobody published and marked provisional (`dueOnProvisional`, shown 暂按周一至周五推算).
 * Once that year is published (HolidayCalendarPublished, applied to the national calendar), every open provisional
 * task is counted again from its opening day — capped by its round's due date as when it opened — and re-dated
 * (RedateManualTasks → ManualTaskDueDateRedated). Idempotent: the command id names the verification and the schedule.
 */
import { uuidV5 } from '@sa/eventstore';
import { quoteIdent } from '@sa/database';
import { reminderDueDate, type WorkingDays } from '@sa/time';
import type { Pool } from 'pg';
import { systemActor, type VerificationPipeline } from '../commands/verification-pipeline';
import { shanghaiDate } from '../domain';
import { manualTaskDueOn } from '../domain/verification.rounds';

const NAMESPACE = '2f0a9c1e-7b3d-4e5f-8a6b-9c0d1e2f3a4b';

export async function redateProvisionalManualTasks(
  deps: { pool: Pool; schema: string; pipeline: VerificationPipeline; calendar: WorkingDays & { knows?: (year: number) => boolean } },
  published: { year: number; version: number | null },
): Promise<number> {
  const { rows } = await deps.pool.query<{ verification_id: string }>(
    `SELECT DISTINCT verification_id::text AS verification_id FROM ${quoteIdent(deps.schema)}.manual_tasks
      WHERE due_on_provisional AND status = 'OPEN' ORDER BY 1`,
  );
  let redated = 0;
  for (const { verification_id: verificationId } of rows) {
    const { state } = await deps.pipeline.verification.aggregate(verificationId);
    const tasks = Object.values(state.tasks)
      .filter((t) => t.status === 'OPEN' && t.dueOnProvisional && t.dueWorkingDays !== undefined)
      .map((t) => {
        const due = reminderDueDate(deps.calendar, shanghaiDate(t.openedAt), t.dueWorkingDays!);
        const round = state.rounds[t.round - 1];
        const dueOn = round ? manualTaskDueOn(round, due.dueOn) : due.dueOn;
        return { taskId: t.taskId, dueOn, dueOnCalendarMissing: dueOn === due.dueOn ? due.provisionalYear : null };
      })
      .filter((t) => !(t.dueOnCalendarMissing !== null && t.dueOn === state.tasks[t.taskId]!.dueOn));
    if (tasks.length === 0) continue;
    const outcome = await deps.pipeline.inBackground(
      verificationId,
      { type: 'RedateManualTasks', data: { calendarYear: published.year, calendarVersion: published.version, tasks } },
      {
        commandId: uuidV5(`${verificationId}/redate/${published.year}/${published.version ?? 0}`, NAMESPACE),
        caseId: state.caseId,
        actor: systemActor(state.jurisdiction),
        reason: `${published.year}年节假日安排已发布，按工作日重新推算人工核实期限`,
      },
    );
    redated += outcome.events.length;
  }
  return redated;
}
