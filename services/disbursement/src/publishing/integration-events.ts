import { createIntegrationEvent, type IntegrationEvent, type IntegrationEventMetadata } from '@sa/contracts';
import { eventIdFor, type RecordedEvent } from '@sa/eventstore';
import { EMERGENCY_ADVANCE_CATEGORY, issuedPayments, PAYMENT_RUN_CATEGORY, type EmergencyAdvanceEvent, type PaymentLine, type PaymentRunEvent } from '../domain';

/**
 * Disbursement's public language (topic `sa.disbursement.events`):
 *
 *   PaymentBatchIssued (a batch)  → one PaymentIssued per payment, kind REGULAR (key and correlation =
 *                                   its case; id = eventIdFor(batch event id, line index))
 *   PaymentIssued (older runs)    → PaymentIssued, kind REGULAR (key = case id)
 *   PaymentReissued               → PaymentIssued, kind REISSUE, with reissueOfPaymentId
 *   PaymentReturned               → PaymentReturned
 *   PaymentRunCompleted           → PaymentRunCompleted (key = run id)
 *   EmergencyAdvancePaid          → PaymentIssued v2, kind EMERGENCY_ADVANCE (no run, no decision, no entitlement: advanceId)
 *   everything else (batch summaries, bank file, confirmation, entitlements) → internal
 *
 * The integration event id is the domain event id; every event is validated against its schema.
 */
export function toIntegrationEvent(recorded: RecordedEvent): IntegrationEvent | IntegrationEvent[] | null {
  const category = recorded.streamId.slice(0, recorded.streamId.indexOf('-'));
  if (category !== PAYMENT_RUN_CATEGORY && category !== EMERGENCY_ADVANCE_CATEGORY) return null;
  const m = recorded.metadata;
  const metadata: IntegrationEventMetadata = {
    correlationId: m.correlationId,
    causationId: m.causationId,
    actor: { id: m.actor.id, role: m.actor.role, jurisdiction: m.actor.jurisdiction },
  };
  const options = { id: recorded.eventId, time: m.occurredAt, metadata };
  if (category === EMERGENCY_ADVANCE_CATEGORY) {
    const a = { type: recorded.type, data: recorded.data } as EmergencyAdvanceEvent;
    if (a.type !== 'EmergencyAdvancePaid') return null;
    const d = a.data;
    return createIntegrationEvent(
      'PaymentIssued',
      {
        caseId: d.caseId,
        caseNumber: d.caseNumber,
        paymentId: d.paymentId,
        // v2: an advance is paid before any entitlement exists; it names the advance instead.
        advanceId: d.advanceId,
        program: 'TEMPORARY_ASSISTANCE',
        kind: 'EMERGENCY_ADVANCE',
        paymentMonth: d.paidOn.slice(0, 7),
        amountFen: d.amountFen,
        recipient: d.recipient,
        issuedOn: d.paidOn,
        jurisdiction: d.jurisdiction,
      },
      options,
    );
  }
  const e = { type: recorded.type, data: recorded.data } as PaymentRunEvent;
  switch (e.type) {
    case 'PaymentBatchIssued':
      return issuedPayments(e).map((d, i) =>
        createIntegrationEvent(
          'PaymentIssued',
          paymentIssuedData(d),
          { ...options, id: eventIdFor(recorded.eventId, i), metadata: { ...metadata, correlationId: d.caseId } },
        ),
      );
    case 'PaymentIssued':
    case 'PaymentReissued': {
      const d = e.data;
      return createIntegrationEvent(
        'PaymentIssued',
        {
          ...paymentIssuedData(d),
          ...(e.type === 'PaymentReissued' ? { reissueOfPaymentId: e.data.reissueOfPaymentId, bankFileRef: e.data.bankFileRef } : {}),
        },
        options,
      );
    }
    case 'PaymentReturned': {
      const p = e.data.payment;
      return createIntegrationEvent(
        'PaymentReturned',
        {
          caseId: p.caseId,
          caseNumber: p.caseNumber,
          paymentId: p.paymentId,
          runId: e.data.runId,
          program: p.program,
          paymentMonth: p.period,
          amountFen: p.amountFen,
          returnedOn: e.data.returnedOn,
          reason: e.data.reason,
          jurisdiction: p.jurisdiction,
        },
        options,
      );
    }
    case 'PaymentRunCompleted': {
      const d = e.data;
      return createIntegrationEvent(
        'PaymentRunCompleted',
        {
          runId: d.runId,
          paymentMonth: d.period,
          jurisdiction: d.district,
          completedAt: d.completedAt,
          paymentCount: d.paymentCount,
          totalAmountFen: d.totalAmountFen,
          heldCount: d.heldCount,
          byProgram: d.byProgram,
          bankFileRefs: d.bankFileRefs,
        },
        options,
      );
    }
    default:
      return null;
  }
}

/** The public `PaymentIssued` data of one payment (a batch line, a payment of an older run, a reissue). */
function paymentIssuedData(d: PaymentLine & { runId: string; period: string; kind: 'REGULAR' | 'REISSUE'; issuedOn: string }) {
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    paymentId: d.paymentId,
    entitlementId: d.entitlementId,
    runId: d.runId,
    decisionId: d.decisionId,
    program: d.program,
    kind: d.kind,
    paymentMonth: d.period,
    amountFen: d.amountFen,
    recipient: d.recipient,
    issuedOn: d.issuedOn,
    jurisdiction: d.jurisdiction,
  };
}
