import { addDays, daysBetween, type LocalDate } from './calendar';

/** Vulnerable recipients who get regular welfare visits (探访关爱). */
export const VULNERABILITIES = ['ELDERLY_LIVING_ALONE', 'SEVERE_DISABILITY', 'CHILD_IN_DIFFICULTY'] as const;
export type Vulnerability = (typeof VULNERABILITIES)[number];

export interface WelfareVisitPlan {
  vulnerabilities: Vulnerability[];
  /** Days between two visits (the policy frequency). */
  intervalDays: number;
  /** The first visit is due on this date. */
  firstDueOn: LocalDate;
}

export interface WelfareVisitStatus {
  nextDueOn: LocalDate;
  missed: boolean;
  /** Days past the due date (0 when not missed). */
  daysOverdue: number;
}

/**
 * The plan's frequency: the shortest interval among the recipient's vulnerabilities (policy
 * frequencies per vulnerability come from configuration).
 */
export function visitIntervalDays(vulnerabilities: readonly Vulnerability[], frequencies: Readonly<Record<Vulnerability, number>>): number {
  if (vulnerabilities.length === 0) throw new RangeError('no vulnerability');
  return Math.min(...vulnerabilities.map((v) => frequencies[v]));
}

/** Next visit due after the last visit (or the plan's first due date); missed once today is past it. */
export function welfareVisitStatus(plan: WelfareVisitPlan, lastVisitedOn: LocalDate | undefined, today: LocalDate): WelfareVisitStatus {
  const nextDueOn = lastVisitedOn === undefined ? plan.firstDueOn : addDays(lastVisitedOn, plan.intervalDays);
  const late = daysBetween(nextDueOn, today);
  return { nextDueOn, missed: late > 0, daysOverdue: Math.max(0, late) };
}
