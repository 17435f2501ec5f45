/**
 * The verification aggregate (家庭经济状况核对), stream `verification-<verificationId>`, one per case.
 *
 * A verification runs in rounds: the INITIAL round after acceptance, a RECERTIFICATION round per
 * re-verification request, an OBJECTION round per objection. A round asks one query per member ×
 * source (only under a consent covering source and purpose), follows each query through submissions,
 * failures with retries, partial and late answers, and manual tasks (信函索证) when the platform
 * cannot answer; when every query is settled the round yields report version N. Every version is
 * kept; the last one is current.
 *
 * This file: the state and `evolve` (the value types and events: verification.events.ts, re-exported here).
 * Commands and `decide`: verification.commands.ts, verification.decide.ts.
 */
import type { LocalDate, VerificationPurpose, VerificationSource } from '@sa/contracts';
import type { NotQueriedReason } from './consent';
import { mergeItems, type SourceItem } from './records';
import type {
  EventData,
  ManualOutcome,
  ManualReasonCode,
  ObjectedItem,
  ObjectionOutcome,
  QueryFailure,
  RoundSpec,
  VerificationEvent,
} from './verification.events';

export * from './verification.events';

// ---------------------------------------------------------------------------------------------
// State

export type RequestStatus =
  /** Waiting to be (re)submitted at `nextAttemptAt`. */
  | 'PENDING'
  | 'SUBMITTED'
  /** Some records arrived; more are expected. */
  | 'PARTIAL'
  | 'ANSWERED'
  /** An officer must establish the facts (a manual task is open). */
  | 'MANUAL'
  | 'COMPLETED_MANUALLY'
  | 'CANCELLED';

export interface RequestState {
  requestId: string;
  round: number;
  memberId: string;
  source: VerificationSource;
  purpose: VerificationPurpose;
  consentId: string;
  consentDocumentRef: string;
  status: RequestStatus;
  /** Submissions made so far (the current attempt's number). */
  attempts: number;
  submissions: { submissionId: string; attempt: number; submittedAt: string }[];
  nextAttemptAt?: string;
  answerDueAt?: string;
  lastFailure?: { attempt: number; failure: QueryFailure; detail?: string; at: string };
  items: SourceItem[];
  resultIds: string[];
  taskIds: string[];
  manualOutcome?: ManualOutcome;
  requestedAt: string;
}

export interface TaskState {
  taskId: string;
  requestId: string;
  round: number;
  memberId: string;
  source: VerificationSource;
  reason: ManualReasonCode;
  detail: string;
  status: 'OPEN' | 'COMPLETED' | 'CANCELLED';
  openedAt: string;
  dueOn: LocalDate;
  /** `dueOn` is a Monday–Friday estimate through `dueOnCalendarMissing`, a year nobody published (re-dated once it is). */
  dueOnProvisional?: boolean;
  dueOnCalendarMissing?: number | null;
  dueWorkingDays?: number;
  documentRef?: string;
  outcome?: ManualOutcome;
}

export interface RoundState extends RoundSpec {
  /** OPEN → REPORTED (a report version) | CLOSED (objection rejected) | CANCELLED. */
  status: 'OPEN' | 'REPORTED' | 'CLOSED' | 'CANCELLED';
  requestIds: string[];
  notQueried: { memberId: string; reason: NotQueriedReason; sources: VerificationSource[] }[];
  reportVersion?: number;
}

export type ReportState = EventData<'VerificationReportCompleted'>;

export interface ObjectionState {
  objectionId: string;
  round: number;
  reportVersion: number;
  items: ObjectedItem[];
  reason: string;
  evidenceRefs: string[];
  raisedOn: LocalDate;
  status: 'OPEN' | 'RESOLVED' | 'CANCELLED';
  outcome?: ObjectionOutcome;
  correctedReportVersion?: number;
}

export type QueuedReverification = EventData<'ReverificationQueued'>;

export interface VerificationState {
  exists: boolean;
  verificationId: string;
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  cancelled: boolean;
  rounds: RoundState[];
  requests: Record<string, RequestState>;
  tasks: Record<string, TaskState>;
  /** Index = version − 1. */
  reports: ReportState[];
  objections: Record<string, ObjectionState>;
  queue: QueuedReverification[];
  /** Every ReverificationRequested.requestId seen (started or queued): a redelivery changes nothing. */
  reverificationRequestIds: string[];
}

export const initialVerificationState: VerificationState = {
  exists: false,
  verificationId: '',
  caseId: '',
  caseNumber: '',
  jurisdiction: '',
  cancelled: false,
  rounds: [],
  requests: {},
  tasks: {},
  reports: [],
  objections: {},
  queue: [],
  reverificationRequestIds: [],
};

// ---------------------------------------------------------------------------------------------
// Reading the state

export function openRound(state: VerificationState): RoundState | undefined {
  return state.rounds.find((r) => r.status === 'OPEN');
}

export function currentReport(state: VerificationState): ReportState | undefined {
  return state.reports[state.reports.length - 1];
}

export function roundRequests(state: VerificationState, round: number): RequestState[] {
  return (state.rounds[round - 1]?.requestIds ?? []).map((id) => state.requests[id]!).filter(Boolean);
}

export const SETTLED: readonly RequestStatus[] = ['ANSWERED', 'COMPLETED_MANUALLY', 'CANCELLED'];

/** What a round still waits for: queries not yet answered, and manual tasks open. */
export function outstanding(state: VerificationState, round: number): { awaitingPlatform: RequestState[]; awaitingOfficer: RequestState[] } {
  const open = roundRequests(state, round).filter((r) => !SETTLED.includes(r.status));
  return { awaitingPlatform: open.filter((r) => r.status !== 'MANUAL'), awaitingOfficer: open.filter((r) => r.status === 'MANUAL') };
}

// ---------------------------------------------------------------------------------------------
// evolve

function withRequest(state: VerificationState, requestId: string, change: (r: RequestState) => RequestState): VerificationState {
  const r = state.requests[requestId];
  if (!r) return state;
  return { ...state, requests: { ...state.requests, [requestId]: change(r) } };
}

function withTask(state: VerificationState, taskId: string, change: (t: TaskState) => TaskState): VerificationState {
  const t = state.tasks[taskId];
  if (!t) return state;
  return { ...state, tasks: { ...state.tasks, [taskId]: change(t) } };
}

function withRound(state: VerificationState, round: number, change: (r: RoundState) => RoundState): VerificationState {
  const r = state.rounds[round - 1];
  if (!r) return state;
  const rounds = [...state.rounds];
  rounds[round - 1] = change(r);
  return { ...state, rounds };
}

export function evolve(state: VerificationState, event: VerificationEvent): VerificationState {
  switch (event.type) {
    case 'VerificationOpened': {
      const d = event.data;
      return { ...state, exists: true, verificationId: d.verificationId, caseId: d.caseId, caseNumber: d.caseNumber, jurisdiction: d.jurisdiction };
    }
    case 'VerificationRoundStarted': {
      const d = event.data;
      const round: RoundState = { ...d, status: 'OPEN', requestIds: [], notQueried: [] };
      const rounds = [...state.rounds];
      rounds[d.round - 1] = round;
      const queue = d.reverificationRequestId ? state.queue.filter((q) => q.reverificationRequestId !== d.reverificationRequestId) : state.queue;
      const seen =
        d.reverificationRequestId && !state.reverificationRequestIds.includes(d.reverificationRequestId)
          ? [...state.reverificationRequestIds, d.reverificationRequestId]
          : state.reverificationRequestIds;
      return { ...state, cancelled: false, rounds, queue, reverificationRequestIds: seen };
    }
    case 'SourceQueryRequested': {
      const d = event.data;
      const request: RequestState = {
        requestId: d.requestId,
        round: d.round,
        memberId: d.memberId,
        source: d.source,
        purpose: d.purpose,
        consentId: d.consentId,
        consentDocumentRef: d.consentDocumentRef,
        status: 'PENDING',
        attempts: 0,
        submissions: [],
        nextAttemptAt: d.requestedAt,
        items: [],
        resultIds: [],
        taskIds: [],
        requestedAt: d.requestedAt,
      };
      const next = { ...state, requests: { ...state.requests, [d.requestId]: request } };
      return withRound(next, d.round, (r) => ({ ...r, requestIds: [...r.requestIds, d.requestId] }));
    }
    case 'MemberNotQueried': {
      const d = event.data;
      return withRound(state, d.round, (r) => ({ ...r, notQueried: [...r.notQueried, { memberId: d.memberId, reason: d.reason, sources: d.sources }] }));
    }
    case 'SourceQuerySubmitted': {
      const d = event.data;
      return withRequest(state, d.requestId, (r) => ({
        ...r,
        status: 'SUBMITTED',
        attempts: d.attempt,
        submissions: [...r.submissions, { submissionId: d.submissionId, attempt: d.attempt, submittedAt: d.submittedAt }],
        nextAttemptAt: undefined,
        answerDueAt: d.answerDueAt,
      }));
    }
    case 'SourceQueryFailed': {
      const d = event.data;
      return withRequest(state, d.requestId, (r) => ({
        ...r,
        status: d.retryAt !== undefined ? 'PENDING' : r.status,
        nextAttemptAt: d.retryAt,
        answerDueAt: undefined,
        lastFailure: { attempt: d.attempt, failure: d.failure, ...(d.detail !== undefined ? { detail: d.detail } : {}), at: d.failedAt },
      }));
    }
    case 'SourceResultReceived': {
      const d = event.data;
      return withRequest(state, d.requestId, (r) => {
        const items = mergeItems(r.items, d.items);
        const resultIds = [...r.resultIds, d.resultId];
        if (d.complete) return { ...r, items, resultIds, status: 'ANSWERED', nextAttemptAt: undefined, answerDueAt: undefined };
        const status: RequestStatus = r.status === 'SUBMITTED' ? 'PARTIAL' : r.status;
        return { ...r, items, resultIds, status };
      });
    }
    case 'ManualVerificationTaskOpened': {
      const d = event.data;
      const task: TaskState = {
        taskId: d.taskId,
        requestId: d.requestId,
        round: d.round,
        memberId: d.memberId,
        source: d.source,
        reason: d.reason,
        detail: d.detail,
        status: 'OPEN',
        openedAt: d.openedAt,
        dueOn: d.dueOn,
        ...(d.dueOnProvisional ? { dueOnProvisional: true, dueOnCalendarMissing: d.dueOnCalendarMissing ?? null, dueWorkingDays: d.dueWorkingDays } : {}),
      };
      const next = { ...state, tasks: { ...state.tasks, [d.taskId]: task } };
      return withRequest(next, d.requestId, (r) => ({
        ...r,
        status: 'MANUAL',
        nextAttemptAt: undefined,
        answerDueAt: undefined,
        taskIds: [...r.taskIds, d.taskId],
      }));
    }
    case 'ManualVerificationTaskCompleted': {
      const d = event.data;
      const next = withTask(state, d.taskId, (t) => ({ ...t, status: 'COMPLETED', documentRef: d.documentRef, outcome: d.outcome }));
      return withRequest(next, d.requestId, (r) => ({
        ...r,
        status: 'COMPLETED_MANUALLY',
        manualOutcome: d.outcome,
        items: mergeItems(r.items, d.items),
      }));
    }
    case 'ManualVerificationTaskCancelled':
      return withTask(state, event.data.taskId, (t) => ({ ...t, status: 'CANCELLED' }));
    case 'ManualTaskDueDateRedated': {
      const d = event.data;
      return withTask(state, d.taskId, (t) => ({ ...t, dueOn: d.dueOn, dueOnProvisional: d.dueOnProvisional, dueOnCalendarMissing: d.dueOnCalendarMissing }));
    }
    case 'VerificationReportCompleted': {
      const d = event.data;
      const reports = [...state.reports];
      reports[d.reportVersion - 1] = d;
      let next = withRound({ ...state, reports }, d.round, (r) => ({ ...r, status: 'REPORTED', reportVersion: d.reportVersion }));
      if (d.objectionId) {
        const o = next.objections[d.objectionId];
        if (o) next = { ...next, objections: { ...next.objections, [o.objectionId]: { ...o, correctedReportVersion: d.reportVersion } } };
      }
      return next;
    }
    case 'VerificationObjectionFiled': {
      const d = event.data;
      const objection: ObjectionState = {
        objectionId: d.objectionId,
        round: d.round,
        reportVersion: d.reportVersion,
        items: d.items,
        reason: d.reason,
        evidenceRefs: d.evidenceRefs,
        raisedOn: d.raisedOn,
        status: 'OPEN',
      };
      return { ...state, objections: { ...state.objections, [d.objectionId]: objection } };
    }
    case 'VerificationObjectionResolved': {
      const d = event.data;
      const o = state.objections[d.objectionId];
      if (!o) return state;
      const next = { ...state, objections: { ...state.objections, [d.objectionId]: { ...o, status: 'RESOLVED' as const, outcome: d.outcome } } };
      return d.outcome === 'REJECTED' ? withRound(next, o.round, (r) => ({ ...r, status: 'CLOSED' })) : next;
    }
    case 'ReverificationQueued': {
      const d = event.data;
      return { ...state, queue: [...state.queue, d], reverificationRequestIds: [...state.reverificationRequestIds, d.reverificationRequestId] };
    }
    case 'VerificationCancelled': {
      const rounds = state.rounds.map((r) => (r.status === 'OPEN' ? { ...r, status: 'CANCELLED' as const } : r));
      const cancelledRounds = new Set(rounds.filter((r) => r.status === 'CANCELLED').map((r) => r.round));
      const requests = Object.fromEntries(
        Object.entries(state.requests).map(([id, r]) =>
          cancelledRounds.has(r.round) && !SETTLED.includes(r.status) ? [id, { ...r, status: 'CANCELLED' as const, nextAttemptAt: undefined, answerDueAt: undefined }] : [id, r],
        ),
      );
      const objections = Object.fromEntries(
        Object.entries(state.objections).map(([id, o]) => (o.status === 'OPEN' ? [id, { ...o, status: 'CANCELLED' as const }] : [id, o])),
      );
      return { ...state, cancelled: true, rounds, requests, objections, queue: [] };
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}
