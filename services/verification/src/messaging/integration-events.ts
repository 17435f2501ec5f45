import {
  createIntegrationEvent,
  type HouseholdVerifiedV2,
  type IntegrationEvent,
  type IntegrationEventMetadata,
  type ManualVerificationRequiredV1,
  type VerificationItem,
  type VerificationObjectionResolvedV1,
} from '@sa/contracts';
import type { RecordedEvent } from '@sa/eventstore';
import { VERIFICATION_CATEGORY, type EventData, type SourceItem } from '../domain';

/**
 * Verification's public language: which domain events leave the service, and how.
 *
 *   VerificationReportCompleted     → HouseholdVerified v2 (every report version; purpose OBJECTION for a corrected one)
 *   ManualVerificationTaskOpened    → ManualVerificationRequired (reason, and every member × source waiting for an officer)
 *   VerificationObjectionResolved   → VerificationObjectionResolved
 *   everything else                 → nothing (internal)
 *
 * The integration event id is the domain event id (a relay restart re-publishes the same id).
 * Every event is validated against its JSON Schema before it is produced.
 */
export function toIntegrationEvent(recorded: RecordedEvent): IntegrationEvent | null {
  if (!recorded.streamId.startsWith(`${VERIFICATION_CATEGORY}-`)) return null;
  const verificationId = recorded.streamId.slice(VERIFICATION_CATEGORY.length + 1);
  const options = { id: recorded.eventId, time: recorded.metadata.occurredAt, metadata: metadataOf(recorded) };
  switch (recorded.type) {
    case 'VerificationReportCompleted':
      return createIntegrationEvent('HouseholdVerified', toHouseholdVerifiedData(verificationId, recorded.data as EventData<'VerificationReportCompleted'>), options);
    case 'ManualVerificationTaskOpened':
      return createIntegrationEvent('ManualVerificationRequired', toManualVerificationRequiredData(verificationId, recorded.data as EventData<'ManualVerificationTaskOpened'>), options);
    case 'VerificationObjectionResolved':
      return createIntegrationEvent(
        'VerificationObjectionResolved',
        toObjectionResolvedData(recorded.data as EventData<'VerificationObjectionResolved'>),
        options,
      );
    default:
      return null;
  }
}

function metadataOf(recorded: RecordedEvent): IntegrationEventMetadata {
  const m = recorded.metadata;
  return {
    correlationId: m.correlationId,
    causationId: recorded.eventId,
    actor: { id: m.actor.id, role: m.actor.role, jurisdiction: m.actor.jurisdiction },
    ...(m.evidenceRefs && m.evidenceRefs.length > 0 ? { evidenceRefs: m.evidenceRefs } : {}),
  };
}

/** The report's reference: this service assembles it from per-source answers, so the reference is ours. */
export function reportRef(verificationId: string, version: number): string {
  return `HD-${verificationId}-v${version}`;
}

/** One report line as published: details (vehicle, business, home) go to the facts, not the items. */
export function toPublishedItem(item: SourceItem): VerificationItem {
  const manual = item.origin === 'MANUAL';
  const description = manual ? (item.description ? `${item.description}（人工核实）` : '人工核实（信函索证）') : item.description;
  const ref = item.sourceRecordRef ?? (manual ? item.evidenceRef : undefined);
  return {
    memberId: item.memberId,
    source: item.source,
    category: item.category,
    kind: item.kind,
    ...(description ? { description: description.slice(0, 500) } : {}),
    ...(item.valueFen !== undefined ? { valueFen: item.valueFen } : {}),
    ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
    ...(item.period ? { period: item.period } : {}),
    ...(item.asOf ? { asOf: item.asOf } : {}),
    retrievedAt: item.retrievedAt,
    consentId: item.consentId,
    ...(ref ? { sourceRecordRef: ref.slice(0, 256) } : {}),
  } as VerificationItem;
}

/** Months of a `YYYY-MM` range, both ends included. */
function monthsOf(range: { from: string; to: string }): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return index(range.to) - index(range.from) + 1;
}

/**
 * HouseholdVerified v2: v1 plus `facts.householdIncome`, the household's income over the reference
 * period unrounded (the exact sum of the member totals) and the months to divide it by.
 */
export function toHouseholdVerifiedData(verificationId: string, d: EventData<'VerificationReportCompleted'>): HouseholdVerifiedV2 {
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    verificationId,
    reportVersion: d.reportVersion,
    purpose: d.purpose,
    ...(d.reverificationRequestId ? { requestId: d.reverificationRequestId } : {}),
    platformReportRef: reportRef(verificationId, d.reportVersion),
    completedAt: d.completedAt,
    items: d.items.map(toPublishedItem),
    membersNotQueried: d.membersNotQueried.map((m) => ({ memberId: m.memberId, reason: m.reason, sources: m.sources })),
    unansweredSources: d.unansweredSources,
    facts: {
      ...d.facts,
      householdIncome: { totalFen: d.facts.monthlyIncome.reduce((sum, i) => sum + i.totalFen, 0), months: monthsOf(d.facts.referencePeriod) },
    },
  };
}

export function toManualVerificationRequiredData(verificationId: string, d: EventData<'ManualVerificationTaskOpened'>): ManualVerificationRequiredV1 {
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    verificationId,
    purpose: d.purpose,
    reasons: [{ code: d.reason, memberId: d.memberId, source: d.source, detail: d.detail.slice(0, 4000) }],
    outstanding: d.outstanding,
    dueOn: d.dueOn,
  };
}

export function toObjectionResolvedData(d: EventData<'VerificationObjectionResolved'>): VerificationObjectionResolvedV1 {
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    verificationId: d.verificationId,
    objectionId: d.objectionId,
    raisedOn: d.raisedOn,
    resolvedOn: d.resolvedOn,
    outcome: d.outcome,
    findings: d.findings,
    ...(d.correctedReportVersion !== undefined ? { correctedReportVersion: d.correctedReportVersion } : {}),
    correctedItems: d.correctedItems.map((c) => ({
      memberId: c.memberId,
      source: c.source,
      kind: c.kind,
      ...(c.previousValueFen !== undefined ? { previousValueFen: c.previousValueFen } : {}),
      ...(c.correctedValueFen !== undefined ? { correctedValueFen: c.correctedValueFen } : {}),
      ...(c.note ? { note: c.note } : {}),
    })),
  };
}
