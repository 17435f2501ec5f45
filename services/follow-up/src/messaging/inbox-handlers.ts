import type {
  AnyIntegrationEvent,
  AssistanceGrantedV1,
  EventDataOfAnyVersion,
  PaymentReturnedV1,
} from '@sa/contracts';
import { quoteIdent } from '@sa/database';
import type { PoolClient } from 'pg';
import type { FollowUpCommandBody } from '../domain';
import { SYSTEM_ACTOR, type FollowUpPipelines } from '../commands/follow-up-pipelines';
import { sealHousehold } from '../read-models/households';

/**
 * What follow-up does with the events it consumes. Each inbound event becomes one command on the
 * case's follow-up stream whose command id is the inbound event id, so a redelivered message (or a
 * crash between the append and the inbox commit) never decides twice.
 *
 *   sa.eligibility.events    AssistanceGranted (recurring programs) → OpenFollowUp
 *                            BenefitChanged                         → ApplyBenefitChange
 *   sa.verification.events   HouseholdVerified (RECERTIFICATION)    → ReceiveVerificationResult
 *   sa.disbursement.events   PaymentIssued / PaymentReturned        → RecordPayment (cases followed up only)
 *   sa.intake.events         ApplicationAccepted                    → case_households (members, birth dates and
 *                            consents, for re-verification requests and 特困 age-out), in the inbox transaction
 */
export class InboundEvents {
  constructor(
    private readonly commands: FollowUpPipelines,
    private readonly schema: string,
  ) {}

  async handle(event: AnyIntegrationEvent, tx: PoolClient): Promise<void> {
    const { now, today } = this.commands.time();
    switch (event.type) {
      case 'AssistanceGranted': {
        const d = event.data as AssistanceGrantedV1;
        if (d.program === 'TEMPORARY_ASSISTANCE') return; // one-off help: nothing to follow up
        await this.onCase(event.id, d.caseId, d.jurisdiction, {
          type: 'OpenFollowUp',
          data: {
            caseId: d.caseId,
            caseNumber: d.caseNumber,
            decisionId: d.decisionId,
            program: d.program,
            jurisdiction: d.jurisdiction,
            reviewClass: d.reviewClass,
            reviewIntervalMonths: d.reviewIntervalMonths,
            startMonth: d.startMonth,
            monthlyAmountFen: d.monthlyAmountFen,
            membersCovered: d.membersCovered,
          },
        }, now);
        return;
      }
      case 'BenefitChanged': {
        const d = event.data as EventDataOfAnyVersion<'BenefitChanged'>; // v1, v2 (open notice date) or v3 (+ proposedBy)
        await this.onCase(event.id, d.caseId, d.jurisdiction, {
          type: 'ApplyBenefitChange',
          data: {
            decisionId: d.decisionId,
            changeType: d.changeType,
            effectiveMonth: d.effectiveMonth,
            ...(d.monthlyAmountFen !== undefined ? { monthlyAmountFen: d.monthlyAmountFen } : {}),
            ...(d.taperSchedule ? { taperSchedule: d.taperSchedule } : {}),
            ...(d.reviewClass ? { reviewClass: d.reviewClass } : {}),
            ...(d.reviewIntervalMonths ? { reviewIntervalMonths: d.reviewIntervalMonths } : {}),
            reason: d.reason.description,
            decidedOn: d.decidedOn,
          },
        }, now);
        return;
      }
      case 'HouseholdVerified': {
        const d = event.data as EventDataOfAnyVersion<'HouseholdVerified'>;
        if (d.purpose !== 'RECERTIFICATION') return;
        const jurisdiction = await this.followedIn(d.caseId);
        if (jurisdiction === undefined) return;
        await this.onCase(event.id, d.caseId, jurisdiction, {
          type: 'ReceiveVerificationResult',
          data: { ...(d.requestId ? { requestId: d.requestId } : {}), verificationId: d.verificationId, reportVersion: d.reportVersion },
        }, now);
        return;
      }
      case 'PaymentIssued':
      case 'PaymentReturned': {
        const d = event.data as EventDataOfAnyVersion<'PaymentIssued'> | PaymentReturnedV1; // v2: no entitlementId for an advance (not read here)
        const jurisdiction = await this.followedIn(d.caseId);
        if (jurisdiction === undefined) return;
        const returned = event.type === 'PaymentReturned';
        await this.onCase(event.id, d.caseId, jurisdiction, {
          type: 'RecordPayment',
          data: {
            paymentId: d.paymentId,
            paymentMonth: d.paymentMonth,
            amountFen: d.amountFen,
            status: returned ? 'RETURNED' : 'ISSUED',
            on: returned ? (d as PaymentReturnedV1).returnedOn : today,
          },
        }, now);
        return;
      }
      case 'ApplicationAccepted': {
        const d = event.data as EventDataOfAnyVersion<'ApplicationAccepted'>; // v2's payee account is not kept here
        const members = d.household.members.map((m) => ({ memberId: m.memberId, name: m.name, residentId: m.residentId, birthDate: m.birthDate }));
        await tx.query(
          `INSERT INTO ${quoteIdent(this.schema)}.case_households (case_id, members, consents, source_event_id, updated_at)
           VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (case_id) DO UPDATE SET members = EXCLUDED.members, consents = EXCLUDED.consents,
             source_event_id = EXCLUDED.source_event_id, updated_at = now()`,
          [d.caseId, JSON.stringify(await sealHousehold(members, d.caseId)), JSON.stringify(d.consents), event.id],
        );
        return;
      }
      default:
        return;
    }
  }

  /** The jurisdiction of a case this service follows up, undefined for any other case. */
  private async followedIn(caseId: string): Promise<string | undefined> {
    const { exists, state } = await this.commands.followUp.aggregate(caseId);
    return !exists || state.status === 'NONE' ? undefined : state.jurisdiction;
  }

  private async onCase(eventId: string, caseId: string, jurisdiction: string, command: FollowUpCommandBody, now: string): Promise<void> {
    await this.commands.followUp.handle(caseId, command, { commandId: eventId, causationId: eventId, actor: SYSTEM_ACTOR(jurisdiction), now });
  }
}
