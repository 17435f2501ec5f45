/**
 * Commands of the verification aggregate and the pure `decide`: the rules of 核对 in one place.
 * Time is data (every command says when it happens); nothing here reads a clock or does I/O.
 */
import type { LocalDate, MonthRange, UnansweredSource, VerificationSource } from '@sa/contracts';
import { addDays, addMilliseconds, isInstant, isLocalDate, isMonthRange, monthInRange, monthsIn, referencePeriodBefore, shanghaiDate } from './calendar';
import { spread } from './money';
import { aggregateFacts } from './aggregation';
import { planQueries, type ConsentRecord, type MemberRecord } from './consent';
import { conflict, notFound, rule } from './errors';
import { assertRecords, compact, type SourceItem, type SourceRecord } from './records';
import { DEFAULT_SOURCES, isSource, sourceOrder } from './sources';
import {
  currentReport,
  evolve,
  openRound,
  RETRYABLE_FAILURES,
  roundRequests,
  SETTLED,
  type Actor,
  type CorrectedItem,
  type ManualOutcome,
  type ManualReasonCode,
  type MemberSource,
  type ObjectedItem,
  type QueryFailure,
  type ReportedNotQueried,
  type RequestState,
  type RoundSpec,
  type RoundState,
  type VerificationEvent,
  type VerificationState,
} from './verification';

/** How hard to try a platform before handing a query to an officer (operations settings, not policy). */
export interface RetryBudget {
  /** Submissions per query, the first included (≥ 1). */
  maxAttempts: number;
  /** Back-off before the 2nd submission; doubled for each further one. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/** Working-day arithmetic (the `WorkingDayCalendar` of @sa/time fits). */
export interface WorkingDays {
  addWorkingDays(date: LocalDate, workingDays: number): LocalDate;
}

export interface ManualTaskSettings {
  /** Working days an officer has for a manual task (信函索证). */
  manualTaskDueDays: number;
  /** The working-day calendar the due date is counted on; without one, calendar days are counted. */
  workingDays?: WorkingDays;
}

export interface HouseholdInput {
  members: MemberRecord[];
  consents: ConsentRecord[];
}

export type VerificationCommand =
  | {
      type: 'OpenVerification';
      data: HouseholdInput & {
        verificationId: string;
        caseId: string;
        caseNumber: string;
        jurisdiction: string;
        acceptedOn: LocalDate;
        sources?: VerificationSource[];
        openedAt: string;
      };
    }
  | {
      type: 'RequestReverification';
      data: HouseholdInput & {
        verificationId: string;
        reverificationRequestId: string;
        caseId: string;
        caseNumber: string;
        jurisdiction: string;
        referencePeriod: MonthRange;
        sources?: VerificationSource[];
        dueOn?: LocalDate;
        requestedAt: string;
      };
    }
  | { type: 'RecordSubmission'; data: { requestId: string; attempt: number; submissionId: string; submittedAt: string; answerDueAt: string } }
  | {
      type: 'RecordQueryFailure';
      data: {
        requestId: string;
        attempt: number;
        failure: QueryFailure;
        detail?: string;
        failedAt: string;
        retry: RetryBudget;
        tasks: ManualTaskSettings;
      };
    }
  | {
      type: 'RecordSourceResult';
      data: {
        requestId: string;
        /** The platform's id of this answer (callback id): the same id twice changes nothing. */
        resultId: string;
        submissionId?: string;
        /** False for a partial answer: more records will follow. */
        complete: boolean;
        records: SourceRecord[];
        receivedAt: string;
        via: 'CALLBACK' | 'POLLING' | 'SUBMISSION';
      };
    }
  | {
      type: 'CompleteManualTask';
      data: {
        taskId: string;
        outcome: ManualOutcome;
        records: SourceRecord[];
        documentRef: string;
        note?: string;
        completedBy: Actor;
        completedAt: string;
      };
    }
  | {
      type: 'FileObjection';
      data: {
        objectionId: string;
        reportVersion: number;
        items: ObjectedItem[];
        reason: string;
        evidenceRefs: string[];
        raisedOn: LocalDate;
        filedAt: string;
        filedBy: Actor;
        tasks: ManualTaskSettings;
      };
    }
  | { type: 'CancelVerification'; data: { reason: string; cancelledAt: string } };

export type VerificationCommandType = VerificationCommand['type'];

// ---------------------------------------------------------------------------------------------
// Helpers

function requireText(value: unknown, field: string, max = 4000): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw rule('invalid_input', `${field} is required (1–${max} characters)`, field);
}

function requireInstant(value: unknown, field: string): void {
  if (!isInstant(value)) throw rule('invalid_input', `${field} must be an ISO-8601 instant with an offset`, field);
}

function requireDate(value: unknown, field: string): void {
  if (!isLocalDate(value)) throw rule('invalid_input', `${field} must be a date YYYY-MM-DD`, field);
}

function checkHousehold(input: HouseholdInput, sources: readonly VerificationSource[] | undefined): void {
  if (!Array.isArray(input.members) || input.members.length === 0) throw rule('invalid_input', 'members must list the household', 'members');
  const ids = new Set<string>();
  input.members.forEach((m, i) => {
    requireText(m.memberId, `members[${i}].memberId`, 64);
    if (ids.has(m.memberId)) throw rule('invalid_input', `members[${i}].memberId is listed twice`, `members[${i}].memberId`);
    ids.add(m.memberId);
  });
  input.consents.forEach((c, i) => {
    if (!ids.has(c.memberId)) throw rule('invalid_input', `consents[${i}].memberId is not a listed member`, `consents[${i}].memberId`);
    requireText(c.documentRef, `consents[${i}].documentRef`, 256);
  });
  if (sources !== undefined) {
    if (sources.length === 0) throw rule('invalid_input', 'sources must not be empty (omit it for every source)', 'sources');
    sources.forEach((s, i) => {
      if (!isSource(s)) throw rule('invalid_input', `sources[${i}] is not a verification source`, `sources[${i}]`);
    });
  }
}

/** `R<round>-<source>-<memberId>`: one query per member × source × round. */
export function requestIdFor(round: number, source: VerificationSource, memberId: string): string {
  return `R${round}-${source}-${memberId}`;
}

export function backoffMs(retry: RetryBudget, failedAttempt: number): number {
  return Math.min(retry.maxBackoffMs, retry.initialBackoffMs * 2 ** Math.max(0, failedAttempt - 1));
}

const MANUAL_REASON: Record<QueryFailure, ManualReasonCode> = {
  PLATFORM_ERROR: 'PLATFORM_UNAVAILABLE',
  TIMEOUT: 'PLATFORM_TIMEOUT',
  SOURCE_NOT_COVERED: 'SOURCE_NOT_COVERED',
  MEMBER_NOT_FOUND: 'MEMBER_NOT_FOUND',
  REJECTED: 'OTHER',
};

const FAILURE_WORDS: Record<QueryFailure, string> = {
  PLATFORM_ERROR: '核对平台不可用',
  TIMEOUT: '核对平台逾期未反馈',
  SOURCE_NOT_COVERED: '核对平台未接入该数据来源',
  MEMBER_NOT_FOUND: '数据来源中查无此人',
  REJECTED: '核对平台拒绝了查询',
};

function manualTaskDueOn(state: VerificationState, round: RoundState, at: string, settings: ManualTaskSettings): LocalDate {
  const today = shanghaiDate(at);
  const days = Math.max(0, settings.manualTaskDueDays);
  const due = settings.workingDays ? settings.workingDays.addWorkingDays(today, days) : addDays(today, days);
  return round.dueOn && round.dueOn < due ? round.dueOn : due;
}

/** Opens the manual task of a query; `outstanding` lists every query of the round then waiting for an officer. */
function openTask(
  state: VerificationState,
  request: RequestState,
  reason: ManualReasonCode,
  detail: string,
  at: string,
  settings: ManualTaskSettings,
): VerificationEvent {
  const round = state.rounds[request.round - 1]!;
  const waiting = roundRequests(state, request.round)
    .filter((r) => r.status === 'MANUAL' || r.requestId === request.requestId)
    .map((r) => ({ memberId: r.memberId, source: r.source }));
  return {
    type: 'ManualVerificationTaskOpened',
    data: {
      taskId: `${request.requestId}-M${request.taskIds.length + 1}`,
      requestId: request.requestId,
      round: request.round,
      memberId: request.memberId,
      source: request.source,
      reason,
      detail,
      openedAt: at,
      dueOn: manualTaskDueOn(state, round, at, settings),
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      purpose: round.purpose,
      outstanding: waiting,
    },
  };
}

/** The events of starting a round: the round, who is not queried and why, one query per member × source. */
function startRound(
  state: VerificationState,
  spec: RoundSpec,
  options: { only?: MemberSource[]; tasks?: ManualTaskSettings } = {},
): VerificationEvent[] {
  const events: VerificationEvent[] = [{ type: 'VerificationRoundStarted', data: spec }];
  const onDate = shanghaiDate(spec.startedAt);
  if (options.only) {
    // OBJECTION: re-check exactly the objected member × source pairs, each under the member's consent
    // if it covers the re-check; otherwise the re-check is done by hand from the household's evidence.
    let next = evolve(state, events[0]!);
    for (const pair of options.only) {
      const plan = planQueries(
        spec.members.filter((m) => m.memberId === pair.memberId),
        spec.consents,
        [pair.source],
        spec.purpose,
        onDate,
      );
      const planned = plan.queries[0];
      const fallback = spec.consents
        .filter((c) => c.memberId === pair.memberId && c.sources.includes(pair.source))
        .sort((a, b) => b.signedOn.localeCompare(a.signedOn))[0];
      const consent = planned?.consent ?? fallback;
      if (!consent) continue; // not queried before either; FileObjection refuses such pairs
      const requested: VerificationEvent = {
        type: 'SourceQueryRequested',
        data: {
          requestId: requestIdFor(spec.round, pair.source, pair.memberId),
          round: spec.round,
          memberId: pair.memberId,
          source: pair.source,
          purpose: spec.purpose,
          consentId: consent.consentId,
          consentDocumentRef: consent.documentRef,
          requestedAt: spec.startedAt,
        },
      };
      events.push(requested);
      next = evolve(next, requested);
      if (!planned) {
        const task = openTask(
          next,
          next.requests[requested.data.requestId]!,
          'OTHER',
          '核对授权不含异议复核用途，请依据申请人提交的证明材料人工复核（信函索证）',
          spec.startedAt,
          options.tasks ?? { manualTaskDueDays: 10 },
        );
        events.push(task);
        next = evolve(next, task);
      }
    }
    return events;
  }
  const plan = planQueries(spec.members, spec.consents, spec.sources, spec.purpose, onDate);
  for (const n of plan.notQueried) {
    events.push({ type: 'MemberNotQueried', data: { round: spec.round, memberId: n.memberId, reason: n.reason, sources: n.sources } });
  }
  for (const q of plan.queries) {
    events.push({
      type: 'SourceQueryRequested',
      data: {
        requestId: requestIdFor(spec.round, q.source, q.memberId),
        round: spec.round,
        memberId: q.memberId,
        source: q.source,
        purpose: spec.purpose,
        consentId: q.consent.consentId,
        consentDocumentRef: q.consent.documentRef,
        requestedAt: spec.startedAt,
      },
    });
  }
  return events;
}

const CATEGORY_ORDER = ['INCOME', 'ASSET', 'STATUS', 'EXPENDITURE'];

function sortItems(items: SourceItem[], memberOrder: readonly string[]): SourceItem[] {
  const rank = (m: string) => {
    const i = memberOrder.indexOf(m);
    return i < 0 ? memberOrder.length : i;
  };
  return [...items].sort(
    (a, b) =>
      rank(a.memberId) - rank(b.memberId) ||
      a.memberId.localeCompare(b.memberId) ||
      sourceOrder(a.source) - sourceOrder(b.source) ||
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
      a.kind.localeCompare(b.kind) ||
      (a.period?.from ?? '').localeCompare(b.period?.from ?? '') ||
      (a.asOf ?? '').localeCompare(b.asOf ?? '') ||
      (a.sourceRecordRef ?? '').localeCompare(b.sourceRecordRef ?? ''),
  );
}

const UNANSWERED_REASON: Partial<Record<ManualReasonCode, UnansweredSource['reason']>> = {
  PLATFORM_UNAVAILABLE: 'PLATFORM_UNAVAILABLE',
  PLATFORM_TIMEOUT: 'TIMEOUT',
};

/** Queries an officer closed as "not obtainable": they are listed as unanswered sources. */
function unanswered(state: VerificationState, requests: RequestState[]): UnansweredSource[] {
  return requests
    .filter((r) => r.status === 'COMPLETED_MANUALLY' && r.manualOutcome === 'NOT_OBTAINABLE')
    .map((r) => {
      const task = state.tasks[r.taskIds[r.taskIds.length - 1]!];
      return { memberId: r.memberId, source: r.source, reason: (task && UNANSWERED_REASON[task.reason]) ?? 'NOT_SHARED_BY_REGISTRY' };
    });
}

function pairKey(p: MemberSource): string {
  return `${p.memberId}|${p.source}`;
}

/** The part of an item's value that falls in the reference period (flows), or its value (stocks). */
function valueInPeriod(item: SourceItem, period: MonthRange): number | undefined {
  if (item.valueFen === undefined) return undefined;
  if (!item.period) return item.valueFen;
  const months = monthsIn(item.period);
  const shares = spread(item.valueFen, months.length);
  return months.reduce((total, m, i) => (monthInRange(m, period) ? total + shares[i]! : total), 0);
}

/** Per member × source × kind: the items' signature and total over the period, to tell what a re-check changed. */
function lines(items: readonly SourceItem[], period: MonthRange): Map<string, { pair: MemberSource; kind: string; total?: number; signature: string }> {
  const out = new Map<string, { pair: MemberSource; kind: string; total?: number; signatures: string[] }>();
  for (const item of items) {
    const key = `${pairKey(item)}|${item.kind}`;
    const line = out.get(key) ?? { pair: { memberId: item.memberId, source: item.source }, kind: item.kind, signatures: [] };
    const value = valueInPeriod(item, period);
    if (value !== undefined) line.total = (line.total ?? 0) + value;
    const { retrievedAt: _r, origin: _o, evidenceRef: _e, consentId: _c, ...essence } = item;
    line.signatures.push(JSON.stringify(essence, Object.keys(essence).sort()));
    out.set(key, line);
  }
  return new Map([...out].map(([k, v]) => [k, { pair: v.pair, kind: v.kind, total: v.total, signature: v.signatures.sort().join('\n') }]));
}

function correctedItems(before: readonly SourceItem[], after: readonly SourceItem[], period: MonthRange): CorrectedItem[] {
  const old = lines(before, period);
  const now = lines(after, period);
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  const out: CorrectedItem[] = [];
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    if (a && b && a.signature === b.signature) continue;
    const pair = (a ?? b)!.pair;
    const kind = (a ?? b)!.kind;
    const moneyChanged = a?.total !== b?.total;
    out.push(
      compact({
        memberId: pair.memberId,
        source: pair.source,
        kind,
        previousValueFen: a?.total,
        correctedValueFen: b?.total,
        note: !b ? '复核后该项不存在' : !a ? '复核后新增该项' : moneyChanged ? undefined : '非金额信息已更正',
      }),
    );
  }
  return out;
}

/**
 * When the open round has nothing left to wait for: its report (a new version), or for an objection
 * the resolution (with a corrected version unless rejected); then the next queued re-verification.
 */
function settle(state: VerificationState, at: string, tasks: ManualTaskSettings): VerificationEvent[] {
  const round = openRound(state);
  if (!round) return [];
  const requests = roundRequests(state, round.round);
  if (requests.some((r) => !SETTLED.includes(r.status))) return [];
  const memberOrder = round.members.map((m) => m.memberId);
  const version = state.reports.length + 1;
  const events: VerificationEvent[] = [];

  if (round.purpose !== 'OBJECTION') {
    const items = sortItems(
      requests.flatMap((r) => r.items),
      memberOrder,
    );
    const membersNotQueried: ReportedNotQueried[] = round.notQueried
      .filter((n): n is ReportedNotQueried => n.reason !== 'NOT_IN_HOUSEHOLD')
      .map((n) => ({ memberId: n.memberId, reason: n.reason, sources: n.sources }));
    events.push({
      type: 'VerificationReportCompleted',
      data: compact({
        verificationId: state.verificationId,
        caseId: state.caseId,
        caseNumber: state.caseNumber,
        reportVersion: version,
        round: round.round,
        purpose: round.purpose,
        completedAt: at,
        referencePeriod: round.referencePeriod,
        reverificationRequestId: round.reverificationRequestId,
        items,
        membersNotQueried,
        unansweredSources: unanswered(state, requests),
        facts: aggregateFacts(items, round.referencePeriod, memberOrder),
      }),
    });
  } else {
    const objection = state.objections[round.objectionId!]!;
    const base = state.reports[objection.reportVersion - 1]!;
    const rechecked = new Set(requests.map(pairKey));
    const before = base.items.filter((i) => rechecked.has(pairKey(i)));
    const after = requests.flatMap((r) => r.items);
    const corrected = correctedItems(before, after, base.referencePeriod);
    const changedPairs = new Set(corrected.map(pairKey));
    const outcome = changedPairs.size === 0 ? 'REJECTED' : changedPairs.size === rechecked.size ? 'UPHELD' : 'PARTIALLY_UPHELD';
    if (outcome !== 'REJECTED') {
      const items = sortItems([...base.items.filter((i) => !rechecked.has(pairKey(i))), ...after], memberOrder);
      events.push({
        type: 'VerificationReportCompleted',
        data: compact({
          verificationId: state.verificationId,
          caseId: state.caseId,
          caseNumber: state.caseNumber,
          reportVersion: version,
          round: round.round,
          purpose: 'OBJECTION' as const,
          completedAt: at,
          referencePeriod: base.referencePeriod,
          reverificationRequestId: base.reverificationRequestId,
          objectionId: objection.objectionId,
          items,
          membersNotQueried: base.membersNotQueried,
          unansweredSources: [...base.unansweredSources.filter((u) => !rechecked.has(pairKey(u))), ...unanswered(state, requests)],
          facts: aggregateFacts(items, base.referencePeriod, memberOrder),
        }),
      });
    }
    const findings =
      outcome === 'REJECTED'
        ? '经复核，原核对数据无误，异议不成立'
        : `经复核，异议${outcome === 'UPHELD' ? '成立' : '部分成立'}：${corrected.length} 项核对数据已更正（核对报告第 ${version} 版）`;
    events.push({
      type: 'VerificationObjectionResolved',
      data: compact({
        objectionId: objection.objectionId,
        verificationId: state.verificationId,
        caseId: state.caseId,
        caseNumber: state.caseNumber,
        outcome,
        findings,
        correctedReportVersion: outcome === 'REJECTED' ? undefined : version,
        correctedItems: outcome === 'REJECTED' ? [] : corrected,
        raisedOn: objection.raisedOn,
        resolvedOn: shanghaiDate(at) < objection.raisedOn ? objection.raisedOn : shanghaiDate(at),
        resolvedAt: at,
      }),
    });
  }

  // The next queued re-verification starts as soon as this round is done.
  let next = events.reduce(evolve, state);
  const queued = next.queue[0];
  if (queued) {
    const spec: RoundSpec = compact({
      round: next.rounds.length + 1,
      purpose: 'RECERTIFICATION' as const,
      referencePeriod: queued.referencePeriod,
      sources: queued.sources,
      startedAt: at,
      dueOn: queued.dueOn,
      reverificationRequestId: queued.reverificationRequestId,
      members: queued.members,
      consents: queued.consents,
    });
    const started = startRound(next, spec);
    events.push(...started);
    next = started.reduce(evolve, next);
    events.push(...settle(next, at, tasks));
  }
  return events;
}

/** decide, then settle on the state the decided events lead to. */
function andSettle(state: VerificationState, events: VerificationEvent[], at: string, tasks: ManualTaskSettings): VerificationEvent[] {
  if (events.length === 0) return events;
  return [...events, ...settle(events.reduce(evolve, state), at, tasks)];
}

const NO_TASK_SETTINGS: ManualTaskSettings = { manualTaskDueDays: 10 };

function toItems(request: RequestState, records: SourceRecord[], at: string, origin: 'PLATFORM' | 'MANUAL', evidenceRef?: string): SourceItem[] {
  return records.map((r) =>
    compact({
      ...r,
      memberId: request.memberId,
      source: request.source,
      consentId: request.consentId,
      retrievedAt: at,
      origin,
      evidenceRef,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// decide

export function decide(command: VerificationCommand, state: VerificationState): VerificationEvent[] {
  switch (command.type) {
    case 'OpenVerification': {
      const d = command.data;
      requireText(d.verificationId, 'verificationId', 64);
      requireText(d.caseId, 'caseId', 64);
      requireText(d.caseNumber, 'caseNumber', 64);
      requireText(d.jurisdiction, 'jurisdiction', 12);
      requireDate(d.acceptedOn, 'acceptedOn');
      requireInstant(d.openedAt, 'openedAt');
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
          data: { verificationId: d.verificationId, caseId: d.caseId, caseNumber: d.caseNumber, jurisdiction: d.jurisdiction, openedAt: d.openedAt },
        });
      }
      const spec: RoundSpec = {
        round: state.rounds.length + 1,
        purpose: 'INITIAL',
        referencePeriod: referencePeriodBefore(d.acceptedOn),
        sources: [...(d.sources ?? DEFAULT_SOURCES)],
        startedAt: d.openedAt,
        members: d.members,
        consents: d.consents,
      };
      const opened = events.reduce(evolve, state);
      events.push(...startRound(opened, spec));
      return andSettle(state, events, d.openedAt, NO_TASK_SETTINGS);
    }

    case 'RequestReverification': {
      const d = command.data;
      requireText(d.verificationId, 'verificationId', 64);
      requireText(d.reverificationRequestId, 'reverificationRequestId', 64);
      requireText(d.caseId, 'caseId', 64);
      requireText(d.caseNumber, 'caseNumber', 64);
      requireText(d.jurisdiction, 'jurisdiction', 12);
      requireInstant(d.requestedAt, 'requestedAt');
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
          data: { verificationId: d.verificationId, caseId: d.caseId, caseNumber: d.caseNumber, jurisdiction: d.jurisdiction, openedAt: d.requestedAt },
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
            queuedAt: d.requestedAt,
          }),
        });
        return events;
      }
      const spec: RoundSpec = compact({
        round: state.rounds.length + 1,
        purpose: 'RECERTIFICATION' as const,
        referencePeriod: d.referencePeriod,
        sources,
        startedAt: d.requestedAt,
        dueOn: d.dueOn,
        reverificationRequestId: d.reverificationRequestId,
        members: d.members,
        consents: d.consents,
      });
      const opened = events.reduce(evolve, state);
      events.push(...startRound(opened, spec));
      return andSettle(state, events, d.requestedAt, NO_TASK_SETTINGS);
    }

    case 'RecordSubmission': {
      const d = command.data;
      const request = state.requests[d.requestId];
      if (!request) throw notFound('request_not_found', `no query ${d.requestId}`, 'requestId');
      requireText(d.submissionId, 'submissionId', 128);
      requireInstant(d.submittedAt, 'submittedAt');
      requireInstant(d.answerDueAt, 'answerDueAt');
      if (request.submissions.some((s) => s.submissionId === d.submissionId)) return [];
      if (request.status !== 'PENDING' || state.rounds[request.round - 1]?.status !== 'OPEN') {
        throw conflict('request_not_awaiting_submission', `query ${d.requestId} is ${request.status}, not waiting to be submitted`, 'requestId');
      }
      if (d.attempt !== request.attempts + 1) {
        throw conflict('wrong_attempt', `query ${d.requestId} is at attempt ${request.attempts}; the next is ${request.attempts + 1}`, 'attempt');
      }
      return [{ type: 'SourceQuerySubmitted', data: { ...d } }];
    }

    case 'RecordQueryFailure': {
      const d = command.data;
      const request = state.requests[d.requestId];
      if (!request) throw notFound('request_not_found', `no query ${d.requestId}`, 'requestId');
      requireInstant(d.failedAt, 'failedAt');
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
              failedAt: d.failedAt,
              retryAt: addMilliseconds(d.failedAt, backoffMs(d.retry, d.attempt)),
            }),
          },
        ];
      }
      const failed: VerificationEvent = {
        type: 'SourceQueryFailed',
        data: compact({ requestId: d.requestId, attempt: d.attempt, failure: d.failure, detail: d.detail, failedAt: d.failedAt }),
      };
      const after = evolve(state, failed);
      const tried = retryable ? `（已尝试 ${request.attempts} 次）` : '';
      return [failed, openTask(after, after.requests[d.requestId]!, MANUAL_REASON[d.failure], `${FAILURE_WORDS[d.failure]}${tried}，请以信函索证等方式人工核实`, d.failedAt, d.tasks)];
    }

    case 'RecordSourceResult': {
      const d = command.data;
      const request = state.requests[d.requestId];
      if (!request) throw notFound('request_not_found', `no query ${d.requestId}`, 'requestId');
      requireText(d.resultId, 'resultId', 128);
      requireInstant(d.receivedAt, 'receivedAt');
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
            items: toItems(request, d.records, d.receivedAt, 'PLATFORM'),
            receivedAt: d.receivedAt,
            via: d.via,
          }),
        },
      ];
      if (d.complete && request.status === 'MANUAL') {
        for (const taskId of request.taskIds) {
          if (state.tasks[taskId]?.status === 'OPEN') {
            events.push({ type: 'ManualVerificationTaskCancelled', data: { taskId, requestId: d.requestId, reason: 'ANSWERED_BY_PLATFORM', cancelledAt: d.receivedAt } });
          }
        }
      }
      return andSettle(state, events, d.receivedAt, NO_TASK_SETTINGS);
    }

    case 'CompleteManualTask': {
      const d = command.data;
      const task = state.tasks[d.taskId];
      if (!task) throw notFound('task_not_found', `no manual task ${d.taskId}`, 'taskId');
      if (task.status === 'COMPLETED') {
        if (task.documentRef === d.documentRef && task.outcome === d.outcome) return [];
        throw conflict('task_already_completed', `manual task ${d.taskId} is already completed`, 'taskId');
      }
      if (task.status === 'CANCELLED') throw conflict('task_cancelled', `manual task ${d.taskId} was cancelled (the platform answered, or the case was withdrawn)`, 'taskId');
      requireText(d.documentRef, 'documentRef', 256);
      requireInstant(d.completedAt, 'completedAt');
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
            items: toItems(request, d.records, d.completedAt, 'MANUAL', d.documentRef),
            documentRef: d.documentRef,
            note: d.note,
            completedBy: { id: d.completedBy.id, role: d.completedBy.role },
            completedAt: d.completedAt,
          }),
        },
      ];
      return andSettle(state, events, d.completedAt, NO_TASK_SETTINGS);
    }

    case 'FileObjection': {
      const d = command.data;
      requireText(d.objectionId, 'objectionId', 64);
      requireInstant(d.filedAt, 'filedAt');
      requireDate(d.raisedOn, 'raisedOn');
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
          raisedOn: d.raisedOn,
          filedAt: d.filedAt,
          filedBy: { id: d.filedBy.id, role: d.filedBy.role },
        },
      };
      const spec: RoundSpec = compact({
        round: nextRound,
        purpose: 'OBJECTION' as const,
        referencePeriod: report.referencePeriod,
        sources: [...new Set(pairs.map((p) => p.source))].sort((a, b) => sourceOrder(a) - sourceOrder(b)),
        startedAt: d.filedAt,
        dueOn: undefined,
        objectionId: d.objectionId,
        members: round.members,
        consents: round.consents,
      });
      const afterFiled = evolve(state, filed);
      return [filed, ...startRound(afterFiled, spec, { only: pairs, tasks: d.tasks })];
    }

    case 'CancelVerification': {
      const d = command.data;
      requireInstant(d.cancelledAt, 'cancelledAt');
      if (!state.exists || state.cancelled) return [];
      const round = openRound(state);
      if (!round && state.queue.length === 0) return [];
      const events: VerificationEvent[] = [];
      for (const task of Object.values(state.tasks)) {
        if (task.status === 'OPEN') {
          events.push({ type: 'ManualVerificationTaskCancelled', data: { taskId: task.taskId, requestId: task.requestId, reason: 'VERIFICATION_CANCELLED', cancelledAt: d.cancelledAt } });
        }
      }
      events.push({ type: 'VerificationCancelled', data: { reason: d.reason, cancelledAt: d.cancelledAt } });
      return events;
    }

    default: {
      const never: never = command;
      throw rule('unknown_command', `unknown command ${(never as { type: string }).type}`);
    }
  }
}
