import { createIntegrationEvent, type IntegrationEvent, type IntegrationEventMetadata } from '@sa/contracts';
import { eventIdFor, type RecordedEvent } from '@sa/eventstore';
import {
  EMERGENCY_ADVANCE_CATEGORY,
  ENTITLEMENT_CATEGORY,
  issuedPayments,
  PAYMENT_RUN_CATEGORY,
  type EmergencyAdvanceEvent,
  type EntitlementEvent,
  type PaymentLine,
  type PaymentRunEvent,
} from '../domain';

/**
 * Disbursement's public language (topic `sa.disbursement.events`):
 *
 *   PaymentBatchIssued (a batch)  → one PaymentIssued per payment, kind REGULAR, then ARREARS for its arrears
 *                                   lines (key and correlation = its case; id = eventIdFor(batch event id, line index));
 *                                   one ArrearsPaid per arrears settled (id: eventIdFor(<batch event id>/arrears, i))
 *                                   and one OverpaymentRecovered (OFFSET) per offset (…/offsets, i)
 *   RepaymentPlanRecorded (entitlement) → RepaymentPlanRecorded
 *   OverpaymentRepaid (entitlement)     → one OverpaymentRecovered (REPAYMENT) per overpayment it repays
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
  if (category !== PAYMENT_RUN_CATEGORY && category !== EMERGENCY_ADVANCE_CATEGORY && category !== ENTITLEMENT_CATEGORY) return null;
  const m = recorded.metadata;
  const metadata: IntegrationEventMetadata = {
    correlationId: m.correlationId,
    causationId: m.causationId,
    actor: { id: m.actor.id, role: m.actor.role, jurisdiction: m.actor.jurisdiction },
  };
  const options = { id: recorded.eventId, time: m.occurredAt, metadata };
  if (category === ENTITLEMENT_CATEGORY) return recoveryStep({ type: recorded.type, data: recorded.data } as EntitlementEvent, options);
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
    case 'PaymentBatchIssued': {
      const ofCase = (caseId: string, id: string) => ({ ...options, id, metadata: { ...metadata, correlationId: caseId } });
      const { runId, period, issuedOn } = e.data;
      return [
        ...issuedPayments(e).map((d, i) => createIntegrationEvent('PaymentIssued', paymentIssuedData(d), ofCase(d.caseId, eventIdFor(recorded.eventId, i)))),
        ...(e.data.arrears ?? []).map((a, i) =>
          createIntegrationEvent(
            'ArrearsPaid',
            {
              caseId: a.caseId,
              caseNumber: a.caseNumber,
              entitlementId: a.entitlementId,
              runId,
              decisionId: a.decisionId,
              program: a.program,
              months: a.months,
              determinedFen: a.determinedFen,
              nettedFen: a.nettedFen,
              amountFen: a.amountFen,
              ...(a.amountFen > 0 ? { paymentId: a.paymentId } : {}),
              paymentMonth: period,
              issuedOn,
              jurisdiction: a.jurisdiction,
            },
            ofCase(a.caseId, eventIdFor(`${recorded.eventId}/arrears`, i)),
          ),
        ),
        ...(e.data.offsets ?? []).map((o, i) =>
          createIntegrationEvent(
            'OverpaymentRecovered',
            {
              caseId: o.caseId,
              caseNumber: o.caseNumber,
              entitlementId: o.entitlementId,
              overpaymentDecisionId: o.overpaymentDecisionId,
              method: 'OFFSET',
              amountFen: o.amountFen,
              outstandingFen: o.outstandingAfterFen,
              recoveredOn: issuedOn,
              reason: o.against === 'REGULAR' ? `多发待遇从${period}月待遇中扣减追回（不超过当月待遇的${o.capPercent ?? 0}%）` : '多发待遇与应补发金额相抵',
              runId,
              paymentMonth: period,
              against: o.against,
              againstPaymentId: o.againstPaymentId,
              ...(o.capPercent !== undefined ? { capPercent: o.capPercent } : {}),
              jurisdiction: o.jurisdiction,
            },
            ofCase(o.caseId, eventIdFor(`${recorded.eventId}/offsets`, i)),
          ),
        ),
      ];
    }
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

/** A repayment plan and the repayments under it (entitlement stream): 退款计划 and 追回 by repayment. */
function recoveryStep(e: EntitlementEvent, options: { id: string; time: string; metadata: IntegrationEventMetadata }): IntegrationEvent | IntegrationEvent[] | null {
  switch (e.type) {
    case 'RepaymentPlanRecorded': {
      const d = e.data;
      return createIntegrationEvent(
        'RepaymentPlanRecorded',
        {
          caseId: d.caseId,
          caseNumber: d.caseNumber,
          entitlementId: d.entitlementId,
          planId: d.planId,
          overpaymentDecisionIds: d.overpaymentDecisionIds,
          totalFen: d.totalFen,
          instalments: d.instalments,
          reason: d.reason,
          recordedBy: d.recordedBy,
          recordedOn: d.recordedOn,
          jurisdiction: d.jurisdiction,
        },
        options,
      );
    }
    case 'OverpaymentRepaid': {
      const d = e.data;
      return d.allocation.map((part, i) =>
        createIntegrationEvent(
          'OverpaymentRecovered',
          {
            caseId: d.caseId,
            caseNumber: d.caseNumber,
            entitlementId: d.entitlementId,
            overpaymentDecisionId: part.overpaymentDecisionId,
            method: 'REPAYMENT',
            amountFen: part.amountFen,
            outstandingFen: part.outstandingAfterFen,
            recoveredOn: d.receivedOn,
            reason: d.reason,
            planId: d.planId,
            repaymentId: d.repaymentId,
            evidenceRef: d.evidenceRef,
            recordedBy: d.recordedBy,
            jurisdiction: d.jurisdiction,
          },
          { ...options, id: eventIdFor(options.id, i) },
        ),
      );
    }
    default:
      return null;
  }
}

/** The public `PaymentIssued` data of one payment (a batch line, a payment of an older run, a reissue). */
function paymentIssuedData(d: PaymentLine & { runId: string; period: string; kind: 'REGULAR' | 'ARREARS' | 'REISSUE'; issuedOn: string }) {
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
