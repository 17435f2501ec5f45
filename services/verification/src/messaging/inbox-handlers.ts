import { Injectable, Logger } from '@nestjs/common';
import type { ApplicationAcceptedV1, ApplicationWithdrawnV1, IntegrationEvent, ReverificationRequestedV1, VerificationConsent } from '@sa/contracts';
import type { ConsentRecord, MemberRecord, VerificationCommandBody } from '../domain';
import { systemActor, VerificationPipeline } from '../commands/verification-pipeline';
import { verificationIdForCase } from '../commands/ids';

/** Integration events verification acts on: a verification opens on acceptance and on re-verification requests, and stops on withdrawal. */
export const CONSUMED_TYPES = ['ApplicationAccepted', 'ApplicationWithdrawn', 'ReverificationRequested'] as const;

function consent(c: VerificationConsent): ConsentRecord {
  return {
    consentId: c.consentId,
    memberId: c.memberId,
    signedOn: c.signedOn,
    signedBy: c.signedBy,
    sources: [...c.scope.sources],
    purposes: [...c.scope.purposes],
    documentRef: c.documentRef,
    ...(c.validUntil ? { validUntil: c.validUntil } : {}),
  };
}

/** The command an incoming integration event asks for, or null when verification has nothing to do with it. */
export function commandFor(event: IntegrationEvent): { verificationId: string; caseId: string; jurisdiction: string; command: VerificationCommandBody } | null {
  switch (event.type) {
    case 'ApplicationAccepted': {
      const d = event.data as ApplicationAcceptedV1;
      const verificationId = verificationIdForCase(d.caseId);
      const members: MemberRecord[] = d.household.members.map((m) => ({
        memberId: m.memberId,
        name: m.name,
        residentId: m.residentId,
        inHousehold: m.included,
        ...(m.exclusionReason ? { exclusionReason: m.exclusionReason } : {}),
      }));
      return {
        verificationId,
        caseId: d.caseId,
        jurisdiction: d.jurisdiction,
        command: {
          type: 'OpenVerification',
          data: {
            verificationId,
            caseId: d.caseId,
            caseNumber: d.caseNumber,
            jurisdiction: d.jurisdiction,
            acceptedOn: d.acceptedOn,
            members,
            consents: d.consents.map(consent),
          },
        },
      };
    }
    case 'ReverificationRequested': {
      const d = event.data as ReverificationRequestedV1;
      const verificationId = verificationIdForCase(d.caseId);
      return {
        verificationId,
        caseId: d.caseId,
        jurisdiction: d.jurisdiction,
        command: {
          type: 'RequestReverification',
          data: {
            verificationId,
            reverificationRequestId: d.requestId,
            caseId: d.caseId,
            caseNumber: d.caseNumber,
            jurisdiction: d.jurisdiction,
            members: d.members.map((m) => ({ memberId: m.memberId, name: m.name, residentId: m.residentId, inHousehold: true })),
            consents: d.consents.map(consent),
            ...(d.sources ? { sources: [...d.sources] } : {}),
            referencePeriod: d.referencePeriod,
            dueOn: d.dueOn,
          },
        },
      };
    }
    case 'ApplicationWithdrawn': {
      const d = event.data as ApplicationWithdrawnV1;
      return {
        verificationId: verificationIdForCase(d.caseId),
        caseId: d.caseId,
        jurisdiction: event.metadata.actor.jurisdiction,
        command: { type: 'CancelVerification', data: { reason: `APPLICATION_WITHDRAWN:${d.reason}` } },
      };
    }
    default:
      return null;
  }
}

/**
 * Handles the consumed integration events (through the inbox: each event once). The effect is an
 * append to the verification stream whose event ids derive from the integration event id, so a
 * redelivery after a crash between the append and the inbox commit appends nothing.
 */
@Injectable()
export class IncomingEventsHandler {
  private readonly logger = new Logger('IncomingEvents');

  constructor(readonly pipeline: VerificationPipeline) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const what = commandFor(event);
    if (!what) return;
    const result = await this.pipeline.inBackground(what.verificationId, what.command, {
      commandId: `integration:${event.id}`,
      caseId: what.caseId,
      actor: systemActor(what.jurisdiction),
      causationId: event.id,
    });
    this.logger.log(
      { eventType: event.type, eventId: event.id, verificationId: what.verificationId, events: result.events.length, alreadyHandled: result.alreadyHandled },
      `${event.type} handled`,
    );
  }
}
