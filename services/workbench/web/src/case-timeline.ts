/**
 * 办理记录 on the case page: audit's `GET /audit/cases/:caseId/timeline` (the case's steps across the five
 * contexts, newest first, routine system events folded into their step) as the rows the page shows —
 * when (Asia/Shanghai), which context, what, who (name and role from the officer directory), why, under
 * which policy version, and what the system recorded by itself in that step.
 */
import { shanghaiDateTime } from './format';
import { actorLabel, type ActorRef, type DirectoryOfficer } from './officers';
import { reasonLabel } from './reason-labels';

/** One entry as the audit service answers it (services/audit/src/domain/case-timeline.ts). */
export interface TimelineEntry {
  at: string;
  context: string;
  contextLabel: string;
  eventId: string;
  type: string;
  label: string;
  actor: ActorRef & { roleLabel?: string };
  reason: string | null;
  policyVersion: string | null;
  step?: { folded: { label: string; count: number }[]; until: string | null };
}

export interface TimelineRow {
  key: string;
  when: string;
  context: string;
  what: string;
  who: string;
  reason: string;
  policyVersion: string;
  /** "含系统自动记录:数据源查询请求 ×10、…" or ''. */
  folded: string;
}

/** Rows shown before 显示全部. */
export const TIMELINE_FIRST = 6;

/** The roles that work on a case and read its 办理记录 (audit's timeline route allows these). */
export const TIMELINE_ROLES: readonly string[] = ['community_officer', 'street_officer', 'street_reviewer', 'county_approver', 'disbursement_officer', 'auditor'];

export function timelineRows(entries: readonly TimelineEntry[], officers: ReadonlyMap<string, DirectoryOfficer>): TimelineRow[] {
  return entries.map((e) => {
    const folded = e.step?.folded ?? [];
    return {
      key: e.eventId,
      when: shanghaiDateTime(e.at),
      context: e.contextLabel,
      what: e.label,
      who: actorLabel(e.actor, officers),
      reason: reasonLabel(e.reason),
      policyVersion: e.policyVersion ?? '',
      folded: folded.length ? `含系统自动记录:${folded.map((f) => `${f.label} ×${f.count}`).join('、')}` : '',
    };
  });
}

/** The first rows (newest first), or every row once 显示全部 was chosen. */
export function visibleRows<T>(rows: readonly T[], showAll: boolean): T[] {
  return showAll ? [...rows] : rows.slice(0, TIMELINE_FIRST);
}
