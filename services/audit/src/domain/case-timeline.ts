/**
 * The case timeline (办理记录) as the workbench's case page shows it to every officer who works on the
 * case: one entry per step across the five contexts — who (id, role, jurisdiction), when, what (the
 * Chinese label of the event type, as the printable report), why (the reason recorded) and under which
 * policy version — with the routine system events (data-source queries, batch bookkeeping) folded
 * into the step they belong to, exactly as the printable case report folds them (`foldRoutine`).
 * Newest first. Pure: no framework, no I/O.
 */
import type { AuditActor, AuditContext } from './audit-event';
import { foldRoutine, roleLabel } from './case-report';
import type { HistoryEntry } from './history';

export interface TimelineEntry {
  /** Business time of the step (metadata.occurredAt), ISO. */
  at: string;
  context: AuditContext;
  /** The context in Chinese (受理, 核对, 审核确认, 发放, 动态管理). */
  contextLabel: string;
  eventId: string;
  type: string;
  /** The event type in Chinese (the audit's EVENT_LABELS). */
  label: string;
  actor: AuditActor & { roleLabel: string };
  reason: string | null;
  policyVersion: string | null;
  evidenceRefs: string[];
  /** The routine system events folded into this step: Chinese label × count, and the last one's time. */
  step: { folded: { label: string; count: number }[]; until: string | null };
}

/** Latest first: business time, then the record order the history came in (later recorded first). */
export function caseTimeline(history: readonly HistoryEntry[]): TimelineEntry[] {
  const entries = foldRoutine(history).map((s, i) => ({ i, s }));
  entries.sort((a, b) => {
    const t = Date.parse(b.s.entry.occurredAt) - Date.parse(a.s.entry.occurredAt);
    return t !== 0 && !Number.isNaN(t) ? t : b.i - a.i;
  });
  return entries.map(({ s }) => {
    const e = s.entry;
    return {
      at: e.occurredAt,
      context: e.context,
      contextLabel: e.contextLabel,
      eventId: e.eventId,
      type: e.type,
      label: e.label,
      actor: { ...e.actor, roleLabel: roleLabel(e.actor.role) },
      reason: e.reason,
      policyVersion: e.policyVersion,
      evidenceRefs: e.evidenceRefs,
      step: { folded: s.folded, until: s.foldedUntil ?? null },
    };
  });
}
