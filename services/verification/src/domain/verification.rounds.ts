/**
 * The machinery every verification command shares: query rounds (requests, retries, manual tasks) and settling a
 * round into a report (the input checks: verification.checks.ts). Pure: time is data.
 */
import type { LocalDate, MonthRange, UnansweredSource, VerificationSource } from '@sa/contracts';
import { monthInRange, monthsIn, shanghaiDate } from './calendar';
import { spread } from './money';
import { aggregateFacts } from './aggregation';
import { planQueries } from './consent';
import { compact, type SourceItem, type SourceRecord } from './records';
import { sourceOrder } from './sources';
import { evolve, openRound, roundRequests, SETTLED, type CorrectedItem, type ManualReasonCode, type MemberSource, type QueryFailure, type ReportedNotQueried, type RequestState, type RoundSpec, type RoundState, type VerificationEvent, type VerificationState } from './verification';
import type { RetryBudget } from './verification.commands';

/** `R<round>-<source>-<memberId>`: one query per member × source × round. */
export function requestIdFor(round: number, source: VerificationSource, memberId: string): string {
  return `R${round}-${source}-${memberId}`;
}

export function backoffMs(retry: RetryBudget, failedAttempt: number): number {
  return Math.min(retry.maxBackoffMs, retry.initialBackoffMs * 2 ** Math.max(0, failedAttempt - 1));
}

export const MANUAL_REASON: Record<QueryFailure, ManualReasonCode> = {
  PLATFORM_ERROR: 'PLATFORM_UNAVAILABLE',
  TIMEOUT: 'PLATFORM_TIMEOUT',
  SOURCE_NOT_COVERED: 'SOURCE_NOT_COVERED',
  MEMBER_NOT_FOUND: 'MEMBER_NOT_FOUND',
  REJECTED: 'OTHER',
};

export const FAILURE_WORDS: Record<QueryFailure, string> = {
  PLATFORM_ERROR: '核对平台不可用',
  TIMEOUT: '核对平台逾期未反馈',
  SOURCE_NOT_COVERED: '核对平台未接入该数据来源',
  MEMBER_NOT_FOUND: '数据来源中查无此人',
  REJECTED: '核对平台拒绝了查询',
};

/** A manual task's due date counted Monday–Friday through `calendarMissing`, a year nobody published (`workingDays` from the opening day). */
export interface ManualTaskDueProvisional {
  calendarMissing: number;
  workingDays: number;
}

/** A manual task is due on the date the caller counted (working days), or the round's own due date if earlier. */
export function manualTaskDueOn(round: RoundState, dueOn: LocalDate): LocalDate {
  return round.dueOn && round.dueOn < dueOn ? round.dueOn : dueOn;
}

/** Opens the manual task of a query; `outstanding` lists every query of the round then waiting for an officer. */
export function openTask(
  state: VerificationState,
  request: RequestState,
  reason: ManualReasonCode,
  detail: string,
  at: string,
  dueOn: LocalDate,
  provisional?: ManualTaskDueProvisional,
): VerificationEvent {
  const round = state.rounds[request.round - 1]!;
  const due = manualTaskDueOn(round, dueOn);
  // Provisional only when the counted date stands (the round's own earlier due date is not an estimate).
  const estimate = provisional && due === dueOn ? { dueOnProvisional: true as const, dueOnCalendarMissing: provisional.calendarMissing, dueWorkingDays: provisional.workingDays } : {};
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
      dueOn: due,
      ...estimate,
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      purpose: round.purpose,
      outstanding: waiting,
    },
  };
}

/** The events of starting a round: the round, who is not queried and why, one query per member × source. */
export function startRound(
  state: VerificationState,
  spec: RoundSpec,
  options: { only?: MemberSource[]; manualTaskDueOn?: LocalDate; manualTaskDueOnProvisional?: ManualTaskDueProvisional } = {},
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
          options.manualTaskDueOn ?? onDate,
          options.manualTaskDueOn ? options.manualTaskDueOnProvisional : undefined,
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

export const CATEGORY_ORDER = ['INCOME', 'ASSET', 'STATUS', 'EXPENDITURE'];

export function sortItems(items: SourceItem[], memberOrder: readonly string[]): SourceItem[] {
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

export const UNANSWERED_REASON: Partial<Record<ManualReasonCode, UnansweredSource['reason']>> = {
  PLATFORM_UNAVAILABLE: 'PLATFORM_UNAVAILABLE',
  PLATFORM_TIMEOUT: 'TIMEOUT',
};

/** Queries an officer closed as "not obtainable": they are listed as unanswered sources. */
export function unanswered(state: VerificationState, requests: RequestState[]): UnansweredSource[] {
  return requests
    .filter((r) => r.status === 'COMPLETED_MANUALLY' && r.manualOutcome === 'NOT_OBTAINABLE')
    .map((r) => {
      const task = state.tasks[r.taskIds[r.taskIds.length - 1]!];
      return { memberId: r.memberId, source: r.source, reason: (task && UNANSWERED_REASON[task.reason]) ?? 'NOT_SHARED_BY_REGISTRY' };
    });
}

export function pairKey(p: MemberSource): string {
  return `${p.memberId}|${p.source}`;
}

/** The part of an item's value that falls in the reference period (flows), or its value (stocks). */
export function valueInPeriod(item: SourceItem, period: MonthRange): number | undefined {
  if (item.valueFen === undefined) return undefined;
  if (!item.period) return item.valueFen;
  const months = monthsIn(item.period);
  const shares = spread(item.valueFen, months.length);
  return months.reduce((total, m, i) => (monthInRange(m, period) ? total + shares[i]! : total), 0);
}

/** Per member × source × kind: the items' signature and total over the period, to tell what a re-check changed. */
export function lines(items: readonly SourceItem[], period: MonthRange): Map<string, { pair: MemberSource; kind: string; total?: number; signature: string }> {
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

export function correctedItems(before: readonly SourceItem[], after: readonly SourceItem[], period: MonthRange): CorrectedItem[] {
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
export function settle(state: VerificationState, at: string): VerificationEvent[] {
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
    events.push(...settle(next, at));
  }
  return events;
}

/** decide, then settle on the state the decided events lead to. */
export function andSettle(state: VerificationState, events: VerificationEvent[], at: string): VerificationEvent[] {
  if (events.length === 0) return events;
  return [...events, ...settle(events.reduce(evolve, state), at)];
}

export function toItems(request: RequestState, records: SourceRecord[], at: string, origin: 'PLATFORM' | 'MANUAL', evidenceRef?: string): SourceItem[] {
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
