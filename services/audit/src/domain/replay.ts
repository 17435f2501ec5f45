import { AuditContext, AuditEvent, categoryOf, contextOf, occurredAtOf, parseMoment } from './audit-event';
import { REPLAYERS } from './replayers';

/**
 * - `true`:  what was true on D — events whose business time (metadata.occurredAt) is ≤ D;
 * - `known`: what the office knew on D — events the store had recorded (recordedAt) by D.
 */
export type AsOfMode = 'true' | 'known';

export interface StreamStateAsOf {
  streamId: string;
  context: AuditContext;
  /** Events folded (in revision order). */
  eventsApplied: number;
  /** Events of the stream left out because they were after the moment. */
  eventsExcluded: number;
  lastRevision: number | null;
  /** null when no decider of the audit knows the stream's category. */
  state: unknown;
  replayed: boolean;
}

export interface CaseStateAsOf {
  asOf: string;
  mode: AsOfMode;
  streams: StreamStateAsOf[];
}

/**
 * A complaint's state as replayed holds who complained (ComplaintFiled); nobody is shown that, not even
 * the auditor (issue 16): the replayed state keeps only that a named complainant exists.
 */
function withoutComplainant(streamId: string, state: unknown): unknown {
  if (categoryOf(streamId) !== 'complaint' || !state || typeof state !== 'object') return state;
  const filed = (state as { filed?: Record<string, unknown> }).filed;
  if (!filed || !('complainant' in filed)) return state;
  const { complainant: _hidden, ...rest } = filed;
  return { ...state, filed: { ...rest, identityHidden: true } };
}

/** Folds every stream of the case with its context's own `evolve`, up to the moment. */
export function caseStateAsOf(events: readonly AuditEvent[], asOf: string, mode: AsOfMode): CaseStateAsOf {
  const limit = parseMoment(asOf, 'end');
  const byStream = new Map<string, AuditEvent[]>();
  for (const e of events) {
    const list = byStream.get(e.streamId) ?? [];
    list.push(e);
    byStream.set(e.streamId, list);
  }
  const streams: StreamStateAsOf[] = [];
  for (const [streamId, list] of [...byStream.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ordered = [...list].sort((a, b) => a.revision - b.revision);
    const included = ordered.filter((e) => Date.parse(mode === 'true' ? occurredAtOf(e) : e.recordedAt) <= limit);
    const replayer = REPLAYERS[categoryOf(streamId)];
    let state: unknown = null;
    if (replayer) {
      state = replayer.initialState;
      for (const e of included) state = replayer.evolve(state, { type: e.type, data: e.data });
    }
    streams.push({
      streamId,
      context: contextOf(streamId),
      eventsApplied: included.length,
      eventsExcluded: ordered.length - included.length,
      lastRevision: included.length > 0 ? included[included.length - 1]!.revision : null,
      state: included.length > 0 ? withoutComplainant(streamId, state) : null,
      replayed: replayer !== undefined,
    });
  }
  return { asOf, mode, streams };
}
