import { memberAgeGroups, type StatisticsEvent } from './statistics';

/**
 * The slim fact the statistics read model keeps of one event: the fields `monthlyReport` reads and no
 * others (counts, codes, amounts, divisions, dates; member ids with their age groups — the months from which they count
 * as adult and as elderly — and whether disabled, as the group figures need — no names, no resident IDs, no birth dates,
 * no addresses, no disability grades). `null`: the fold never reads the event.
 * Pure: `monthlyReport(events)` equals `monthlyReport(events.map(statisticsFact))` (the unit test proves it).
 */
export const STATISTICS_STREAM_CATEGORIES = ['reviewCase', 'paymentRun', 'followUp', 'application'] as const;

export const STATISTICS_FACT_TYPES = [
  'ReviewCaseOpened',
  'CaseMigrated',
  'RedeterminationRequested',
  'CaseApproved',
  'CaseRefused',
  'InitialOpinionIssued',
  'BenefitChangeDecided',
  'PaymentIssued',
  'PaymentReissued',
  'PaymentBatchIssued',
  'PaymentReturned',
  'ApplicationDrafted',
  'FollowUpOpened',
  'ReviewConcluded',
  'FollowUpClosed',
] as const;

type Data = Record<string, unknown>;
const obj = (v: unknown): Data | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : undefined);
/** The named keys present in `d` (absent stays absent, so `Array.isArray` / truthiness checks read the same). */
function pick(d: Data | undefined, keys: readonly string[]): Data {
  const out: Data = {};
  if (!d) return out;
  for (const k of keys) if (k in d && d[k] !== undefined) out[k] = d[k];
  return out;
}
/**
 * A member's id and age groups (`adultFrom`, `elderlyFrom`: from the event's clear `ageGroups`, or from the member's
 * birth date where an event recorded before birth dates were sealed has it in clear; the birth date itself is not kept);
 * of the disability (a personal field, sealed in the store) only that there is one.
 */
const memberFacts = (list: unknown, ageGroups: unknown) =>
  Array.isArray(list)
    ? list.map((m) => {
        const d = obj(m);
        const groups = memberAgeGroups(d, ageGroups);
        return { ...pick(d, ['memberId']), ...(groups ?? {}), ...(d?.disability ? { disability: true } : {}) };
      })
    : list;
const memberIds = (list: unknown) => (Array.isArray(list) ? list.map((m) => pick(obj(m), ['memberId'])) : list);
const standard = (assessment: unknown) => {
  const a = obj(assessment);
  return a && 'subsistenceStandardFen' in a ? { subsistenceStandardFen: a.subsistenceStandardFen } : assessment === undefined ? undefined : {};
};
const LINE = ['caseId', 'program', 'jurisdiction', 'amountFen', 'period'] as const;

function slim(category: string, type: string, d: Data | undefined): Data | null {
  if (category === 'reviewCase') {
    switch (type) {
      case 'ReviewCaseOpened': {
        const household = obj(d?.household);
        return household ? { household: { members: memberFacts(household.members, d?.ageGroups) } } : {};
      }
      case 'CaseMigrated': {
        const household = obj(d?.household);
        return {
          ...pick(d, ['startMonth', 'subsistenceStandardFen', 'supplyMode']),
          ...(d && 'membersCovered' in d ? { membersCovered: memberIds(d.membersCovered) } : {}),
          ...(household ? { household: { members: memberFacts(household.members, d?.ageGroups) } } : {}),
        };
      }
      case 'RedeterminationRequested':
        return d && 'membersJoined' in d ? { membersJoined: memberFacts(d.membersJoined, d.ageGroups) } : {};
      case 'CaseApproved':
      case 'CaseRefused':
      case 'BenefitChangeDecided': {
        const trigger = obj(d?.trigger);
        const assessment = standard(d?.assessment);
        return {
          ...pick(d, ['startMonth', 'effectiveMonth', 'changeType', 'decidedOn', 'jurisdiction', 'overdue']),
          ...(d && 'membersCovered' in d ? { membersCovered: memberIds(d.membersCovered) } : {}),
          ...(assessment !== undefined ? { assessment } : {}),
          ...(trigger ? { trigger: pick(trigger, ['kind']) } : {}),
        };
      }
      case 'InitialOpinionIssued': {
        const opinion = obj(d?.opinion);
        if (!opinion) return {};
        const ep = obj(opinion.extremePoverty);
        return { opinion: { ...pick(opinion, ['proposedOn']), ...(ep ? { extremePoverty: pick(ep, ['supplyMode']) } : {}) } };
      }
      default:
        return null;
    }
  }
  if (category === 'paymentRun') {
    switch (type) {
      case 'PaymentIssued':
      case 'PaymentReissued':
        return pick(d, LINE);
      case 'PaymentBatchIssued':
        return { ...pick(d, ['period']), payments: Array.isArray(d?.payments) ? d.payments.map((p) => pick(obj(p), LINE)) : [] };
      case 'PaymentReturned':
        return { payment: pick(obj(d?.payment), LINE) };
      default:
        return null;
    }
  }
  if (category === 'application') return type === 'ApplicationDrafted' ? { ...pick(d, ['draftedOn', 'jurisdiction']), ...(d?.earlierCase ? { earlierCase: true } : {}) } : null;
  if (category === 'followUp') {
    switch (type) {
      case 'FollowUpOpened':
        return pick(d, ['openedOn', 'jurisdiction', 'nextReviewDueMonth']);
      case 'ReviewConcluded':
        return pick(d, ['completedOn', 'nextReviewDueMonth']);
      case 'FollowUpClosed':
        return pick(d, ['closedOn']);
      default:
        return null;
    }
  }
  return null;
}

/** The event's slim fact (same stream, type and recording instant), or null when the statistics never read it. */
export function statisticsFact(e: StatisticsEvent): StatisticsEvent | null {
  const category = e.streamId.slice(0, e.streamId.indexOf('-'));
  const data = slim(category, e.type, obj(e.data));
  if (data === null) return null;
  return { streamId: e.streamId, type: e.type, data, ...(e.recordedAt ? { recordedAt: e.recordedAt } : {}) };
}
