import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore, type HandleCommandResult } from '@sa/eventstore';
import {
  verificationDecider,
  verificationStreamId,
  type VerificationCommand,
  type VerificationEvent,
  type VerificationState,
} from '../domain';
import { CLOCK, type Clock } from '@sa/time';
import { nowInstant } from './clock';
import { KeyedLock } from './keyed-lock';

/** Who causes a command: an officer (verified identity), the platform, or this service itself. */
export interface CommandActor {
  id: string;
  role: string;
  jurisdiction: string;
}

export const SYSTEM_ACTOR_ID = 'sa-verification';

export function systemActor(jurisdiction: string): CommandActor {
  return { id: SYSTEM_ACTOR_ID, role: 'system', jurisdiction };
}

export function platformActor(jurisdiction: string): CommandActor {
  return { id: 'verification-platform', role: 'verification_platform', jurisdiction };
}

export interface RunOptions {
  /** Idempotency key: the events of a retried command get the same ids (and are not appended twice). */
  commandId: string;
  /** The case id: correlation id of every event. */
  caseId: string;
  actor: CommandActor;
  /** The id of the integration event, callback or command that caused this one (default: commandId). */
  causationId?: string;
  reason?: string;
  evidenceRefs?: string[];
  consentRefs?: string[];
}

/**
 * The application side of every verification command: load the stream, decide, append with the
 * expected revision (re-deciding on a concurrent write), with the event metadata filled in.
 * Commands on one verification are serialised within this process (a burst of callbacks for one
 * case does not fight over the stream); across instances the expected revision keeps them apart.
 */
@Injectable()
export class VerificationCommandRunner {
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  run(verificationId: string, command: VerificationCommand, options: RunOptions): Promise<HandleCommandResult<VerificationEvent, VerificationState>> {
    const metadata: EventMetadata = {
      correlationId: options.caseId,
      causationId: options.causationId ?? options.commandId,
      actor: { id: options.actor.id, role: options.actor.role, jurisdiction: options.actor.jurisdiction },
      occurredAt: nowInstant(this.clock),
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.evidenceRefs && options.evidenceRefs.length > 0 ? { evidenceRefs: options.evidenceRefs } : {}),
      ...(options.consentRefs && options.consentRefs.length > 0 ? { consentRefs: options.consentRefs } : {}),
      commandType: command.type,
    };
    return this.lock.run(verificationId, () =>
      handleCommand({
        store: this.store,
        streamId: verificationStreamId(verificationId),
        decider: verificationDecider,
        command,
        commandId: options.commandId,
        metadata,
        retryOnConflict: true,
        maxRetries: 8,
      }),
    );
  }
}
