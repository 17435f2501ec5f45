/**
 * Explaining a decision: the inputs it rested on (gathered from the case's own history and the
 * policy stream) and a re-computation with today's rule engine, flagging any difference.
 */
import canonicalize from 'canonicalize';
import {
  applyCollectiveDecision,
  assessCase,
  type CaseAssessment,
  type CollectiveDecisionRecord,
  currentOpinion,
  DECISION_EVENT_TYPES,
  evolvePolicyLine,
  evolveReviewCase,
  findPublishedVersion,
  initialPolicyLineState,
  initialReviewCaseState,
  type InitialOpinion,
  latestVerification,
  monthOf,
  type PolicyEvent,
  type PolicyLineState,
  type PublishedPolicyVersion,
  type ReviewCaseEvent,
  type ReviewCaseState,
  type VerificationReport,
} from '../../../eligibility/src/domain';
import { AuditEvent, AuditInputError, categoryOf, correlationIdOf } from './audit-event';
import { HistoryEntry, historyEntryOf } from './history';

export interface Difference {
  field: string;
  recorded: unknown;
  recomputed: unknown;
}

export interface DecisionExplanation {
  decision: HistoryEntry & { data: unknown };
  outcome: string;
  recordedAmountFen: number | null;
  inputs: {
    verificationReport: (VerificationReport & { eventIds: string[] }) | null;
    verificationStreamEvents: { streamId: string; eventId: string; type: string; revision: number }[];
    homeVisits: ReviewCaseState['visits'];
    neighbourhoodInquiries: ReviewCaseState['inquiries'];
    evidenceLetters: ReviewCaseState['letters'];
    initialOpinion: InitialOpinion | null;
    publicNotices: ReviewCaseState['notices'];
    objections: ReviewCaseState['objections'];
    policy: (PublishedPolicyVersion & { streamId: string; eventId: string }) | null;
    /** The rule explanation stored in the decision. */
    recordedAssessment: CaseAssessment | null;
  };
  recomputation: {
    /**
     * `PERFORMED` (re-computed; `consistent` says whether it agrees), `NOT_PERFORMED` (nothing to
     * re-compute, `note` says why) or `INPUTS_DESTROYED`: the person's data key was shredded, the
     * inputs the rules need (birth dates, incomes, members) read `已销毁`, so the decision cannot be
     * re-computed; the recorded outcome, amount and assessment are still shown.
     */
    status: 'PERFORMED' | 'NOT_PERFORMED' | 'INPUTS_DESTROYED';
    performed: boolean;
    /** Why it could not be performed, or the rule engine's refusal. */
    note: string | null;
    assessment: CaseAssessment | null;
    differences: Difference[];
    /** True when re-computed and nothing differs. */
    consistent: boolean | null;
  };
}

/** What a shredded field reads (crypto-shredding, issue 18; the value `@sa/crypto`'s SHREDDED). */
export const SHREDDED_FIELD = '已销毁';

/** The paths (e.g. `household.members[0].birthDate`) under `value` that read 已销毁, at most `limit`. */
export function shreddedPaths(value: unknown, prefix = '', out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  if (value === SHREDDED_FIELD) out.push(prefix || '(value)');
  else if (Array.isArray(value)) value.forEach((v, i) => shreddedPaths(v, `${prefix}[${i}]`, out, limit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) shreddedPaths(v, prefix ? `${prefix}.${k}` : k, out, limit);
  }
  return out;
}

const asReviewCaseEvent = (e: AuditEvent) => ({ type: e.type, data: e.data }) as ReviewCaseEvent;

export function policyLinesOf(policyEvents: readonly AuditEvent[]): { lines: PolicyLineState[]; byLabel: Map<string, AuditEvent> } {
  const byStream = new Map<string, AuditEvent[]>();
  const byLabel = new Map<string, AuditEvent>();
  for (const e of policyEvents) {
    if (categoryOf(e.streamId) !== 'policy') continue;
    byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
    const version = (e.data as { version?: { version?: unknown } } | null)?.version;
    if (e.type === 'PolicyVersionPublished' && typeof version?.version === 'string') byLabel.set(version.version, e);
  }
  const lines = [...byStream.values()].map((list) =>
    [...list].sort((a, b) => a.revision - b.revision).reduce((s, e) => evolvePolicyLine(s, { type: e.type, data: e.data } as PolicyEvent), initialPolicyLineState),
  );
  return { lines, byLabel };
}

function compare(recorded: CaseAssessment | null, recomputed: CaseAssessment, event: AuditEvent): Difference[] {
  const diffs: Difference[] = [];
  const push = (field: string, a: unknown, b: unknown) => {
    if (canonicalize(a ?? null) !== canonicalize(b ?? null)) diffs.push({ field, recorded: a, recomputed: b });
  };
  const data = event.data as Record<string, unknown>;
  if (recorded) {
    push('assessment.eligible', recorded.eligible, recomputed.eligible);
    push('assessment.outcome', recorded.outcome, recomputed.outcome);
    push('assessment.monthlyAmountFen', recorded.monthlyAmountFen, recomputed.monthlyAmountFen);
    push('assessment.baseAmountFen', recorded.baseAmountFen, recomputed.baseAmountFen);
    push('assessment.supplements', recorded.supplements, recomputed.supplements);
    push('assessment.coveredMemberIds', recorded.coveredMemberIds, recomputed.coveredMemberIds);
    push('assessment.householdMonthlyIncomeFen', recorded.householdMonthlyIncomeFen, recomputed.householdMonthlyIncomeFen);
    push('assessment.perCapitaMonthlyIncomeFen', recorded.perCapitaMonthlyIncomeFen, recomputed.perCapitaMonthlyIncomeFen);
    push('assessment.subsistenceStandardFen', recorded.subsistenceStandardFen, recomputed.subsistenceStandardFen);
    push('assessment.reviewClass', recorded.reviewClass, recomputed.reviewClass);
    push('assessment.temporary', recorded.temporary, recomputed.temporary);
  }
  // The decision itself must agree with the rules: an approval needs an eligible household.
  if (event.type === 'CaseApproved' && !recomputed.eligible) diffs.push({ field: 'outcome', recorded: 'APPROVED', recomputed: 'NOT_ELIGIBLE' });
  if (event.type === 'BenefitChangeDecided' && typeof data.monthlyAmountFen === 'number') {
    const changeType = data.changeType;
    if (changeType === 'INCREASE' || changeType === 'DECREASE' || changeType === 'RESUMPTION') {
      push('monthlyAmountFen', data.monthlyAmountFen, recomputed.monthlyAmountFen);
    }
  }
  return diffs;
}

/**
 * Explains decision `eventId` of a case. `caseEvents` are every event of the case (all contexts),
 * `policyEvents` the events of the `policy-*` streams.
 */
export function explainDecision(caseEvents: readonly AuditEvent[], policyEvents: readonly AuditEvent[], eventId: string): DecisionExplanation {
  const id = eventId.toLowerCase();
  const event = caseEvents.find((e) => e.eventId.toLowerCase() === id);
  if (!event) throw new AuditInputError('event_not_found', `Event ${eventId} is not an event of this case`, 404);
  if (categoryOf(event.streamId) !== 'reviewCase' || !(DECISION_EVENT_TYPES as readonly string[]).includes(event.type)) {
    throw new AuditInputError('not_a_decision', `Event ${eventId} (${event.type}) is not an eligibility decision`, 422);
  }
  const data = event.data as Record<string, unknown> & { policyVersion?: string; assessment?: CaseAssessment | null };
  const earlier = caseEvents.filter((e) => e.streamId === event.streamId && e.revision < event.revision).sort((a, b) => a.revision - b.revision);
  // The inputs the rules read: the review case's own events before the decision (household, reports, opinions).
  const destroyed = earlier.flatMap((e) => shreddedPaths(e.data).map((p) => `${e.type}(${e.revision}).${p}`)).slice(0, 20);
  let before: ReviewCaseState;
  try {
    before = earlier.reduce((s, e) => evolveReviewCase(s, asReviewCaseEvent(e)), initialReviewCaseState);
  } catch (e) {
    // a fold over shredded values may meet a value it cannot read: the explanation still answers
    if (destroyed.length === 0) throw e;
    before = initialReviewCaseState;
  }

  const recorded = data.assessment ?? null;
  const usedRef = recorded?.verification ?? null;
  const latest = latestVerification(before);
  const report =
    (usedRef
      ? latest && latest.verificationId === usedRef.verificationId && latest.reportVersion === usedRef.reportVersion
        ? latest
        : before.verifications.find((v) => v.verificationId === usedRef.verificationId && v.reportVersion === usedRef.reportVersion)
      : latest) ?? null;
  const reportEventIds = report
    ? caseEvents
        .filter((e) => e.streamId === event.streamId && e.revision < event.revision && e.type === 'VerificationFactsReceived')
        .filter((e) => {
          const r = (e.data as { report?: VerificationReport }).report;
          return r?.verificationId === report.verificationId && r.reportVersion === report.reportVersion;
        })
        .map((e) => e.eventId)
    : [];
  const verificationStreamEvents = report
    ? caseEvents
        .filter((e) => e.streamId === `verification-${report.verificationId}`)
        .map((e) => ({ streamId: e.streamId, eventId: e.eventId, type: e.type, revision: e.revision }))
    : [];

  const isChange = event.type === 'BenefitChangeDecided' || event.type === 'RedeterminationClosed' || event.type === 'BenefitChangeRejected';
  const opinion = isChange ? ([...before.opinions].reverse().find((o) => o.proposal === 'APPROVE') ?? null) : currentOpinion(before);

  const label = data.policyVersion ?? null;
  const { lines, byLabel } = policyLinesOf(policyEvents);
  const published = label ? findPublishedVersion(lines, label) : undefined;
  const policyEvent = label ? byLabel.get(label) : undefined;

  const explanation: DecisionExplanation = {
    decision: { ...historyEntryOf(event), data: event.data },
    outcome: event.type,
    recordedAmountFen:
      typeof data.monthlyAmountFen === 'number' ? data.monthlyAmountFen : recorded ? recorded.monthlyAmountFen : event.type === 'CaseRefused' ? 0 : null,
    inputs: {
      verificationReport: report ? { ...report, eventIds: reportEventIds } : null,
      verificationStreamEvents,
      homeVisits: before.visits,
      neighbourhoodInquiries: before.inquiries,
      evidenceLetters: before.letters,
      initialOpinion: opinion,
      publicNotices: before.notices,
      objections: before.objections,
      policy: published && policyEvent ? { ...published, streamId: policyEvent.streamId, eventId: policyEvent.eventId } : null,
      recordedAssessment: recorded,
    },
    recomputation: { status: 'NOT_PERFORMED', performed: false, note: null, assessment: null, differences: [], consistent: null },
  };

  const skip = (note: string): DecisionExplanation => ({ ...explanation, recomputation: { ...explanation.recomputation, note } });
  if (!recorded && (data as { appeal?: unknown }).appeal) {
    return skip('The decision carries out the outcome of a 行政复议 / 行政诉讼 (撤销 / 变更): the amount is the review body’s or court’s, not the rule engine’s');
  }
  if (!recorded) return skip('The decision recorded no rule-engine assessment (e.g. suspension, termination on request, refusal before verification)');
  if (destroyed.length > 0) {
    return {
      ...explanation,
      recomputation: {
        ...explanation.recomputation,
        status: 'INPUTS_DESTROYED',
        note: `The decision cannot be re-computed: its inputs were destroyed (crypto-shredding at the end of the retention period) and read ${SHREDDED_FIELD}: ${destroyed.join(', ')}. The recorded outcome, amount and assessment are shown as recorded.`,
      },
    };
  }
  if (!published) return skip(`Policy version ${String(label)} is not in the policy streams`);
  if (!before.program || !before.household) return skip('The review case was not opened before the decision');

  const on = recorded.assessmentDate;
  const ta = before.temporaryAssistance;
  const reviewClass = isChange ? (before.benefit?.reviewClass === 'INTENSIVE' ? 'INTENSIVE' : null) : (opinion?.reviewClass ?? null);
  let assessment: CaseAssessment;
  try {
    assessment = assessCase({
      program: before.program,
      household: before.household,
      verification: report,
      policy: published.version,
      assessmentDate: on,
      extremePoverty: opinion?.extremePoverty ?? null,
      temporary:
        !isChange && ta && opinion?.temporary ? { assistanceType: ta.type, ...opinion.temporary, firstPaymentMonth: monthOf(on) } : null,
      reviewClass,
    });
  } catch (e) {
    return {
      ...explanation,
      recomputation: {
        status: 'PERFORMED',
        performed: true,
        note: `The rule engine refused to re-compute: ${(e as Error).message}`,
        assessment: null,
        differences: [{ field: 'assessment', recorded: 'computed', recomputed: 'refused' }],
        consistent: false,
      },
    };
  }
  // 一事一议: the rules' assessment raised to the amount decided collectively, checked again against that policy's limits.
  const collective = (data as { collectiveDecision?: CollectiveDecisionRecord }).collectiveDecision;
  if (event.type === 'CaseApproved' && collective) {
    try {
      assessment = applyCollectiveDecision(before, assessment, collective, published.version, collective.recordedBy, String(data.decidedOn ?? on)).assessment;
    } catch (e) {
      return {
        ...explanation,
        recomputation: {
          status: 'PERFORMED',
          performed: true,
          note: `The collective decision (一事一议) does not hold under the policy: ${(e as Error).message}`,
          assessment,
          differences: [{ field: 'collectiveDecision', recorded: collective.amountFen, recomputed: 'refused' }],
          consistent: false,
        },
      };
    }
  }
  const differences = compare(recorded, assessment, event);
  return {
    ...explanation,
    recomputation: { status: 'PERFORMED', performed: true, note: null, assessment, differences, consistent: differences.length === 0 },
  };
}

/** Decision events of a case (for listings). */
export function decisionEventsOf(caseEvents: readonly AuditEvent[], caseId?: string): AuditEvent[] {
  return caseEvents.filter(
    (e) =>
      categoryOf(e.streamId) === 'reviewCase' &&
      (DECISION_EVENT_TYPES as readonly string[]).includes(e.type) &&
      (caseId === undefined || correlationIdOf(e) === caseId),
  );
}
