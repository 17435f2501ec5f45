/**
 * The pure `decide` of the verification aggregate: the rules of 核对 in one place, one exported function per
 * command and a short switch. The commands are in verification.commands.ts, the round machinery they share in
 * verification.rounds.ts. Time and actor come from the command's `metadata` (`now` from the injected clock, given by
 * the pipeline); a manual task's due date comes counted in `data`. Nothing here reads a clock, a calendar or does I/O.
 */
import { addMilliseconds, isMonthRange, referencePeriodBefore, shanghaiDate } from './calendar';
import { conflict, notFound, rule } from './errors';
import { assertRecords, compact } from './records';
import { DEFAULT_SOURCES, isSource, sourceOrder } from './sources';
import { currentReport, evolve, openRound, RETRYABLE_FAILURES, roundRequests, type MemberSource, type RoundSpec, type VerificationEvent, type VerificationState } from './verification';
import { VerificationCommand, VerificationCommandOf } from './verification.commands';
import { checkHousehold, requireDate, requireInstant, requireText } from './verification.checks';
import { backoffMs, MANUAL_REASON, FAILURE_WORDS, openTask, startRound, pairKey, andSettle, toItems } from './verification.rounds';

export * from './verification.commands';

/** The command's time (`metadata.now`, from the injected clock), checked once. */
function timeOf(command: VerificationCommand): string {
  requireInstant(command.metadata?.now, 'metadata.now');
  return command.metadata.now;
}
export { backoffMs, requestIdFor } from './verification.rounds';

export function openVerification(command: VerificationCommandOf<'OpenVerification'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  const now = timeOf(command);
  requireText(d.verificationId, 'verificationId', 64);
  requireText(d.caseId, 'caseId', 64);
  requireText(d.caseNumber, 'caseNumber', 64);
  requireText(d.jurisdiction, 'jurisdiction', 12);
  requireDate(d.acceptedOn, 'acceptedOn');
  checkHousehold(d, d.sources);
  if (state.exists && state.caseId !== d.caseId) {
    throw conflict('verification_belongs_to_another_case', `verification ${d.verificationId} belongs to another case`, 'verificationId');
  }
  if (state.rounds.some((r) => r.purpose === 'INITIAL')) return []; // a redelivered acceptance
  if (openRound(state)) throw conflict('round_in_progress', 'a verification round is still in progress', 'caseId');
  const events: VerificationEvent[] = [];
  if (!state.exists) {
    events.push({
      type: 'VerificationOpened',
      data: { verificationId: d.verificationId, caseId: d.caseId, caseNumber: d.caseNumber, jurisdiction: d.jurisdiction, openedAt: now },
    });
  }
  const spec: RoundSpec = {
    round: state.rounds.length + 1,
    purpose: 'INITIAL',
    referencePeriod: referencePeriodBefore(d.acceptedOn),
    sources: [...(d.sources ?? DEFAULT_SOURCES)],
    startedAt: now,
    members: d.members,
    consents: d.consents,
  };
  const opened = events.reduce(evolve, state);
  events.push(...startRound(opened, spec));
  return andSettle(state, events, now);
}

export function requestReverification(command: VerificationCommandOf<'RequestReverification'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  const now = timeOf(command);
  requireText(d.verificationId, 'verificationId', 64);
  requireText(d.reverificationRequestId, 'reverificationRequestId', 64);
  requireText(d.caseId, 'caseId', 64);
  requireText(d.caseNumber, 'caseNumber', 64);
  requireText(d.jurisdiction, 'jurisdiction', 12);
  if (!isMonthRange(d.referencePeriod)) throw rule('invalid_input', 'referencePeriod must be a month range with from ≤ to', 'referencePeriod');
  if (d.dueOn !== undefined) requireDate(d.dueOn, 'dueOn');
  checkHousehold(d, d.sources);
  if (state.exists && state.caseId !== d.caseId) {
    throw conflict('verification_belongs_to_another_case', `verification ${d.verificationId} belongs to another case`, 'verificationId');
  }
  if (state.reverificationRequestIds.includes(d.reverificationRequestId)) return [];
  const sources = [...(d.sources ?? DEFAULT_SOURCES)];
  const events: VerificationEvent[] = [];
  if (!state.exists) {
    events.push({
      type: 'VerificationOpened',
      data: { verificationId: d.verificationId, caseId: d.caseId, caseNumber: d.caseNumber, jurisdiction: d.jurisdiction, openedAt: now },
    });
  }
  if (openRound(state)) {
    events.push({
      type: 'ReverificationQueued',
      data: compact({
        reverificationRequestId: d.reverificationRequestId,
        referencePeriod: d.referencePeriod,
        sources,
        dueOn: d.dueOn,
        members: d.members,
        consents: d.consents,
        queuedAt: now,
      }),
    });
    return events;
  }
  const spec: RoundSpec = compact({
    round: state.rounds.length + 1,
    purpose: 'RECERTIFICATION' as const,
    referencePeriod: d.referencePeriod,
    sources,
    startedAt: now,
    dueOn: d.dueOn,
    reverificationRequestId: d.reverificationRequestId,
    members: d.members,
    consents: d.consents,
  });
  const opened = events.reduce(evolve, state);
  events.push(...startRound(opened, spec));
  return andSettle(state, events, now);
}

export function recordSubmission(command: VerificationCommandOf<'RecordSubmission'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  const request = state.requests[d.requestId];
  if (!request) throw notFound('request_not_found', `no query ${d.requestId}`, 'requestId');
  const now = timeOf(command);
  requireText(d.submissionId, 'submissionId', 128);
  requireInstant(d.answerDueAt, 'answerDueAt');
  if (request.submissions.some((s) => s.submissionId === d.submissionId)) return [];
  if (request.status !== 'PENDING' || state.rounds[request.round - 1]?.status !== 'OPEN') {
    throw conflict('request_not_awaiting_submission', `query ${d.requestId} is ${request.status}, not waiting to be submitted`, 'requestId');
  }
  if (d.attempt !== request.attempts + 1) {
    throw conflict('wrong_attempt', `query ${d.requestId} is at attempt ${request.attempts}; the next is ${request.attempts + 1}`, 'attempt');
  }
  return [{ type: 'SourceQuerySubmitted', data: { requestId: d.requestId, attempt: d.attempt, submissionId: d.submissionId, submittedAt: now, answerDueAt: d.answerDueAt } }];
}

export function recordQueryFailure(command: VerificationCommandOf<'RecordQueryFailure'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  const request = state.requests[d.requestId];
  if (!request) throw notFound('request_not_found', `no query ${d.requestId}`, 'requestId');
  const now = timeOf(command);
  requireDate(d.manualTaskDueOn, 'manualTaskDueOn');
  if (!Number.isSafeInteger(d.retry.maxAttempts) || d.retry.maxAttempts < 1) throw rule('invalid_input', 'retry.maxAttempts must be ≥ 1', 'retry.maxAttempts');
  // A failure of an attempt that is no longer the current one, or of a query already answered
  // or handed to an officer, changes nothing. A query of a source the platform is known not to
  // cover fails before any submission.
  const neverSubmittable = request.status === 'PENDING' && d.failure === 'SOURCE_NOT_COVERED';
  if (!neverSubmittable && request.status !== 'SUBMITTED' && request.status !== 'PARTIAL') return [];
  if (d.attempt !== request.attempts) return [];
  if (state.rounds[request.round - 1]?.status !== 'OPEN') return [];
  const retryable = RETRYABLE_FAILURES.includes(d.failure);
  if (retryable && request.attempts < d.retry.maxAttempts) {
    return [
      {
        type: 'SourceQueryFailed',
        data: compact({
          requestId: d.requestId,
          attempt: d.attempt,
          failure: d.failure,
          detail: d.detail,
          failedAt: now,
          retryAt: addMilliseconds(now, backoffMs(d.retry, d.attempt)),
        }),
      },
    ];
  }
  const failed: VerificationEvent = {
    type: 'SourceQueryFailed',
    data: compact({ requestId: d.requestId, attempt: d.attempt, failure: d.failure, detail: d.detail, failedAt: now }),
  };
  const after = evolve(state, failed);
  const tried = retryable ? `（已尝试 ${request.attempts} 次）` : '';
  return [
    failed,
    openTask(after, after.requests[d.requestId]!, MANUAL_REASON[d.failure], `${FAILURE_WORDS[d.failure]}${tried}，请以信函索证等方式人工核实`, now, d.manualTaskDueOn, d.manualTaskDueOnProvisional),
  ];
}

export function recordSourceResult(command: VerificationCommandOf<'RecordSourceResult'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  const request = state.requests[d.requestId];
  if (!request) throw notFound('request_not_found', `no query ${d.requestId}`, 'requestId');
  const now = timeOf(command);
  requireText(d.resultId, 'resultId', 128);
  if (d.submissionId !== undefined && !request.submissions.some((s) => s.submissionId === d.submissionId)) {
    throw notFound('submission_not_found', `submission ${d.submissionId} is not one of query ${d.requestId}`, 'submissionId');
  }
  if (request.resultIds.includes(d.resultId)) return []; // a replayed answer
  if (state.rounds[request.round - 1]?.status !== 'OPEN') return []; // too late: the round is over
  if (request.status === 'ANSWERED' || request.status === 'COMPLETED_MANUALLY' || request.status === 'CANCELLED') return [];
  assertRecords(d.records);
  const events: VerificationEvent[] = [
    {
      type: 'SourceResultReceived',
      data: compact({
        requestId: d.requestId,
        resultId: d.resultId,
        submissionId: d.submissionId,
        complete: d.complete,
        items: toItems(request, d.records, now, 'PLATFORM'),
        receivedAt: now,
        via: d.via,
      }),
    },
  ];
  if (d.complete && request.status === 'MANUAL') {
    for (const taskId of request.taskIds) {
      if (state.tasks[taskId]?.status === 'OPEN') {
        events.push({ type: 'ManualVerificationTaskCancelled', data: { taskId, requestId: d.requestId, reason: 'ANSWERED_BY_PLATFORM', cancelledAt: now } });
      }
    }
  }
  return andSettle(state, events, now);
}

export function completeManualTask(command: VerificationCommandOf<'CompleteManualTask'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  const task = state.tasks[d.taskId];
  if (!task) throw notFound('task_not_found', `no manual task ${d.taskId}`, 'taskId');
  if (task.status === 'COMPLETED') {
    if (task.documentRef === d.documentRef && task.outcome === d.outcome) return [];
    throw conflict('task_already_completed', `manual task ${d.taskId} is already completed`, 'taskId');
  }
  if (task.status === 'CANCELLED') throw conflict('task_cancelled', `manual task ${d.taskId} was cancelled (the platform answered, or the case was withdrawn)`, 'taskId');
  const now = timeOf(command);
  const { actor } = command.metadata;
  requireText(d.documentRef, 'documentRef', 256);
  if (d.note !== undefined) requireText(d.note, 'note', 2000);
  if (d.outcome !== 'FIGURES_ENTERED' && d.outcome !== 'NOT_OBTAINABLE') throw rule('invalid_input', 'outcome must be FIGURES_ENTERED or NOT_OBTAINABLE', 'outcome');
  if (d.outcome === 'NOT_OBTAINABLE' && d.records.length > 0) throw rule('invalid_input', 'records must be empty when the facts could not be obtained', 'records');
  if (d.outcome === 'NOT_OBTAINABLE' && d.note === undefined) throw rule('invalid_input', 'note must say why the facts could not be obtained', 'note');
  assertRecords(d.records);
  const request = state.requests[task.requestId]!;
  const events: VerificationEvent[] = [
    {
      type: 'ManualVerificationTaskCompleted',
      data: compact({
        taskId: d.taskId,
        requestId: task.requestId,
        outcome: d.outcome,
        items: toItems(request, d.records, now, 'MANUAL', d.documentRef),
        documentRef: d.documentRef,
        note: d.note,
        completedBy: { id: actor.id, role: actor.role },
        completedAt: now,
      }),
    },
  ];
  return andSettle(state, events, now);
}

export function fileObjection(command: VerificationCommandOf<'FileObjection'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  const now = timeOf(command);
  const { actor } = command.metadata;
  requireText(d.objectionId, 'objectionId', 64);
  // The day the household raised it (given by the officer), else the day of metadata.now.
  const raisedOn = d.raisedOn ?? shanghaiDate(now);
  requireDate(raisedOn, 'raisedOn');
  requireDate(d.manualTaskDueOn, 'manualTaskDueOn');
  if (state.objections[d.objectionId]) return [];
  if (!state.exists) throw notFound('verification_not_found', 'no such verification', 'verificationId');
  const report = currentReport(state);
  if (!report) throw conflict('no_report_yet', 'there is no verification report to object to yet', 'reportVersion');
  if (d.reportVersion !== report.reportVersion) {
    throw conflict('report_not_current', `report version ${d.reportVersion} is not the current one (${report.reportVersion})`, 'reportVersion');
  }
  if (openRound(state)) throw conflict('round_in_progress', 'a verification round is in progress; object once it is done', 'reportVersion');
  requireText(d.reason, 'reason', 2000);
  if (!Array.isArray(d.evidenceRefs) || d.evidenceRefs.length === 0) throw rule('objection_needs_evidence', 'an objection needs the household’s evidence (evidenceRefs)', 'evidenceRefs');
  d.evidenceRefs.forEach((e, i) => requireText(e, `evidenceRefs[${i}]`, 256));
  if (!Array.isArray(d.items) || d.items.length === 0) throw rule('invalid_input', 'items must name what is objected to', 'items');
  const round = state.rounds[report.round - 1]!;
  const queried = new Set(roundRequests(state, report.round).map(pairKey));
  // Pairs re-checked in earlier objection rounds count as queried too.
  for (const r of Object.values(state.requests)) if (state.rounds[r.round - 1]?.purpose === 'OBJECTION') queried.add(pairKey(r));
  for (const i of report.items) queried.add(pairKey(i));
  const pairs: MemberSource[] = [];
  d.items.forEach((item, i) => {
    if (!isSource(item.source)) throw rule('invalid_input', `items[${i}].source is not a verification source`, `items[${i}].source`);
    if (!queried.has(pairKey(item))) {
      throw rule('item_not_in_report', `items[${i}]: ${item.source} of member ${item.memberId} is not in report ${report.reportVersion}`, `items[${i}]`);
    }
    if (!pairs.some((p) => pairKey(p) === pairKey(item))) pairs.push({ memberId: item.memberId, source: item.source });
  });
  const nextRound = state.rounds.length + 1;
  const filed: VerificationEvent = {
    type: 'VerificationObjectionFiled',
    data: {
      objectionId: d.objectionId,
      round: nextRound,
      reportVersion: d.reportVersion,
      items: d.items.map((i) => compact({ memberId: i.memberId, source: i.source, kind: i.kind, note: i.note })),
      reason: d.reason,
      evidenceRefs: [...d.evidenceRefs],
      raisedOn,
      filedAt: now,
      filedBy: { id: actor.id, role: actor.role },
    },
  };
  const spec: RoundSpec = compact({
    round: nextRound,
    purpose: 'OBJECTION' as const,
    referencePeriod: report.referencePeriod,
    sources: [...new Set(pairs.map((p) => p.source))].sort((a, b) => sourceOrder(a) - sourceOrder(b)),
    startedAt: now,
    dueOn: undefined,
    objectionId: d.objectionId,
    members: round.members,
    consents: round.consents,
  });
  const afterFiled = evolve(state, filed);
  return [filed, ...startRound(afterFiled, spec, { only: pairs, manualTaskDueOn: d.manualTaskDueOn })];
}

export function cancelVerification(command: VerificationCommandOf<'CancelVerification'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  const now = timeOf(command);
  if (!state.exists || state.cancelled) return [];
  const round = openRound(state);
  if (!round && state.queue.length === 0) return [];
  const events: VerificationEvent[] = [];
  for (const task of Object.values(state.tasks)) {
    if (task.status === 'OPEN') {
      events.push({ type: 'ManualVerificationTaskCancelled', data: { taskId: task.taskId, requestId: task.requestId, reason: 'VERIFICATION_CANCELLED', cancelledAt: now } });
    }
  }
  events.push({ type: 'VerificationCancelled', data: { reason: d.reason, cancelledAt: now } });
  return events;
}

/**
 * The missing year was published: each open task whose due date was a Monday–Friday estimate takes the date the
 * caller counted again (ManualTaskDueDateRedated). A task completed, cancelled or not provisional, and the same
 * dating again, change nothing (a redelivered calendar records nothing).
 */
export function redateManualTasks(command: VerificationCommandOf<'RedateManualTasks'>, state: VerificationState): VerificationEvent[] {
  const d = command.data;
  if (!state.exists) throw notFound('verification_not_found', 'no such verification', 'verificationId');
  const events: VerificationEvent[] = [];
  d.tasks.forEach((t, i) => {
    requireDate(t.dueOn, `tasks[${i}].dueOn`);
    const task = state.tasks[t.taskId];
    if (!task || task.status !== 'OPEN' || !task.dueOnProvisional) return;
    if (t.dueOn < shanghaiDate(task.openedAt)) throw rule('invalid_input', `tasks[${i}].dueOn must not be before the task was opened`, `tasks[${i}].dueOn`);
    if (t.dueOnCalendarMissing !== null && t.dueOn === task.dueOn && t.dueOnCalendarMissing === task.dueOnCalendarMissing) return;
    events.push({
      type: 'ManualTaskDueDateRedated',
      data: {
        taskId: t.taskId,
        previousDueOn: task.dueOn,
        dueOn: t.dueOn,
        dueOnProvisional: t.dueOnCalendarMissing !== null,
        dueOnCalendarMissing: t.dueOnCalendarMissing,
        calendarYear: d.calendarYear,
        calendarVersion: d.calendarVersion,
      },
    });
  });
  return events;
}

export function decide(command: VerificationCommand, state: VerificationState): VerificationEvent[] {
  switch (command.type) {
    case 'OpenVerification':
      return openVerification(command, state);
    case 'RequestReverification':
      return requestReverification(command, state);
    case 'RecordSubmission':
      return recordSubmission(command, state);
    case 'RecordQueryFailure':
      return recordQueryFailure(command, state);
    case 'RecordSourceResult':
      return recordSourceResult(command, state);
    case 'CompleteManualTask':
      return completeManualTask(command, state);
    case 'FileObjection':
      return fileObjection(command, state);
    case 'CancelVerification':
      return cancelVerification(command, state);
    case 'RedateManualTasks':
      return redateManualTasks(command, state);
    default: {
      const never: never = command;
      throw rule('unknown_command', `unknown command ${(never as { type: string }).type}`);
    }
  }
}
