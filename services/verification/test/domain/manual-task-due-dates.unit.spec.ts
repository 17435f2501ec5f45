/**
 * A manual task's due date past the published calendar (暂按周一至周五推算): opened with the Monday–Friday
 * estimate marked provisional (the shell counts it, `manualTaskDue`), re-dated once the year is published
 * (RedateManualTasks → ManualTaskDueDateRedated), given/when/then.
 */
import { fold, given, type Decider } from '@sa/decider';
import { ManagedWorkingDayCalendar } from '@sa/time';
import { manualTaskDue } from '../../src/commands/settings';
import type { VerificationConfig } from '../../src/config';
import {
  recordQueryFailure,
  redateManualTasks,
  verificationDecider,
  type VerificationCommand,
  type VerificationCommandOf,
  type VerificationEvent,
  type VerificationState,
} from '../../src/domain';
import { at, meta, PLATFORM, RETRY, rid, CONSENTS, MEMBERS, openCommand } from '../support/household';
import { history, ofType, stateOf } from '../support/history';

const TAX = rid('TAX');
const small = (): VerificationCommandOf<'OpenVerification'> => openCommand({ members: [MEMBERS[0]!], consents: [CONSENTS[0]!], sources: ['TAX'] });
const submission: VerificationCommandOf<'RecordSubmission'> = {
  type: 'RecordSubmission',
  data: { requestId: TAX, attempt: 1, submissionId: `sub-${TAX}`, answerDueAt: at(61) },
  metadata: meta(at(1)),
};
const timeout = (manualTaskDueOn: string, provisional?: { calendarMissing: number; workingDays: number }): VerificationCommandOf<'RecordQueryFailure'> => ({
  type: 'RecordQueryFailure',
  data: { requestId: TAX, attempt: 1, failure: 'TIMEOUT', retry: { ...RETRY, maxAttempts: 1 }, manualTaskDueOn, ...(provisional ? { manualTaskDueOnProvisional: provisional } : {}) },
  metadata: meta(at(61)),
});
const redate = (taskId: string, dueOn: string, dueOnCalendarMissing: number | null = null): VerificationCommandOf<'RedateManualTasks'> => ({
  type: 'RedateManualTasks',
  data: { calendarYear: 2025, calendarVersion: 1, tasks: [{ taskId, dueOn, dueOnCalendarMissing }] },
  metadata: meta(at(120), PLATFORM),
});
const alone = <T extends VerificationCommand['type']>(fn: (c: VerificationCommandOf<T>, s: VerificationState) => VerificationEvent[]): Decider<VerificationCommand, VerificationEvent, VerificationState> => ({
  ...verificationDecider,
  decide: (c, s) => fn(c as VerificationCommandOf<T>, s),
});

describe('the shell counts a manual task due date (manualTaskDue)', () => {
  const config = { VERIFICATION_MANUAL_TASK_DUE_DAYS: 5 } as VerificationConfig;
  it('through a year nobody published: the Monday–Friday estimate, marked provisional with the year and working days', () => {
    const calendar = new ManagedWorkingDayCalendar(undefined, 'weekdays');
    expect(manualTaskDue(config, '2026-12-29T10:00:00+08:00', calendar)).toEqual({ manualTaskDueOn: '2027-01-05', manualTaskDueOnProvisional: { calendarMissing: 2027, workingDays: 5 } });
    expect(manualTaskDue(config, '2026-12-14T10:00:00+08:00', calendar)).toEqual({ manualTaskDueOn: '2026-12-21' });
    calendar.apply({ year: 2027, version: 1, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkdays: [] });
    expect(manualTaskDue(config, '2026-12-29T10:00:00+08:00', calendar)).toEqual({ manualTaskDueOn: '2027-01-06' });
  });
});

describe('a provisional manual-task due date', () => {
  const past = () => history(small(), submission);
  it('given the estimate is provisional, when the task opens, then ManualVerificationTaskOpened keeps it in dueOn, marked', () => {
    const events = alone(recordQueryFailure).decide(timeout('2025-03-12', { calendarMissing: 2025, workingDays: 5 }), stateOf(past()));
    const [opened] = ofType(events, 'ManualVerificationTaskOpened');
    expect(opened!.data).toMatchObject({ dueOn: '2025-03-12', dueOnProvisional: true, dueOnCalendarMissing: 2025, dueWorkingDays: 5 });
    const state = fold(verificationDecider, events, stateOf(past()));
    expect(state.tasks[opened!.data.taskId]).toMatchObject({ dueOn: '2025-03-12', dueOnProvisional: true });
  });

  it('given a date on a known calendar, then the task is not marked', () => {
    const [opened] = ofType(alone(recordQueryFailure).decide(timeout('2025-03-12'), stateOf(past())), 'ManualVerificationTaskOpened');
    expect(opened!.data).not.toHaveProperty('dueOnProvisional');
  });

  it('given a provisional open task, when the year is published, then it is re-dated to the real working day, no longer provisional', () => {
    const opened = history(small(), submission, timeout('2025-03-12', { calendarMissing: 2025, workingDays: 5 }));
    const taskId = ofType(opened, 'ManualVerificationTaskOpened')[0]!.data.taskId;
    given(alone(redateManualTasks), opened)
      .when(redate(taskId, '2025-03-13'))
      .then([
        {
          type: 'ManualTaskDueDateRedated',
          data: { taskId, previousDueOn: '2025-03-12', dueOn: '2025-03-13', dueOnProvisional: false, dueOnCalendarMissing: null, calendarYear: 2025, calendarVersion: 1 },
        },
      ]);
    const after = history(small(), submission, timeout('2025-03-12', { calendarMissing: 2025, workingDays: 5 }), redate(taskId, '2025-03-13'));
    expect(stateOf(after).tasks[taskId]).toMatchObject({ dueOn: '2025-03-13', dueOnProvisional: false, dueOnCalendarMissing: null });
    // The same dating again (a redelivered calendar) records nothing.
    given(alone(redateManualTasks), after).when(redate(taskId, '2025-03-13')).thenNothing();
  });

  it('re-dates nothing not provisional or the same estimate again; refuses a date before the task opened, naming it', () => {
    const plain = history(small(), submission, timeout('2025-03-12'));
    const plainTask = ofType(plain, 'ManualVerificationTaskOpened')[0]!.data.taskId;
    given(alone(redateManualTasks), plain).when(redate(plainTask, '2025-03-13')).thenNothing();
    const provisional = history(small(), submission, timeout('2025-03-12', { calendarMissing: 2025, workingDays: 5 }));
    const taskId = ofType(provisional, 'ManualVerificationTaskOpened')[0]!.data.taskId;
    given(alone(redateManualTasks), provisional).when(redate(taskId, '2025-03-12', 2025)).thenNothing();
    const error = given(alone(redateManualTasks), provisional).when(redate(taskId, '2024-01-01')).thenThrows<Error & { field?: string }>('invalid_input');
    expect(error.field).toBe('tasks[0].dueOn');
  });
});
