import { Inject, Injectable } from '@nestjs/common';
import { currentCommandScope, EVENT_STORE, MetadataCommandPipeline, type CommandOutcome, type EventStore, type HandleOptions } from '@sa/eventstore';
import { CLOCK, shanghaiInstant, type Clock } from '@sa/time';
import { verificationDecider, verificationStreamId, type VerificationCommandBody, type VerificationEvent, type VerificationState } from '../domain';

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

/** A command of a consumer, the dispatcher or a platform answer: no HTTP request behind it. */
export interface BackgroundCommandOptions {
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
  /** The command's time when the caller already read the clock (e.g. to count a due date from it); default: the clock now. */
  now?: string;
}

/** How often a background command re-reads and re-decides after a concurrent append (a burst of platform answers for one case). */
const BACKGROUND_RETRIES = 8;

export type VerificationOutcome = CommandOutcome<VerificationEvent, VerificationState>;

/**
 * The verification decider on the platform's command pipeline (@sa/eventstore `CommandPipeline`;
 * docs/CONVENTIONS.md "Commands"). Officers' HTTP commands go through `handle` inside the request's
 * command scope (`@CommandRoute`): If-Match honoured, a concurrent append is a 409, never retried.
 * Consumers, the dispatcher and the platform's answers (callbacks, polling) use `inBackground`: they
 * give actor and command id themselves and re-decide on a concurrent append (`retryOnConflict`).
 * The one place a command gets its `metadata: { actor, now }` is the shared `MetadataCommandPipeline.command`
 * (@sa/eventstore); every event records the command type in its metadata (`commandType`, `recordCommandType`).
 */
@Injectable()
export class VerificationPipeline {
  readonly verification: MetadataCommandPipeline<VerificationCommandBody, VerificationEvent, VerificationState>;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) private readonly clock: Clock) {
    this.verification = new MetadataCommandPipeline({
      store,
      decider: verificationDecider,
      streamId: verificationStreamId,
      now: () => shanghaiInstant(clock.now()),
      recordCommandType: true,
    });
  }

  /** The injected clock's time as a command's `metadata.now` (ISO-8601 with +08:00). */
  now(): string {
    return shanghaiInstant(this.clock.now());
  }

  /** An officer's command over HTTP (in the `@CommandRoute` scope): no retry, a conflict is a 409. */
  handle(
    verificationId: string,
    body: VerificationCommandBody,
    caseId: string,
    options: Omit<HandleOptions, 'retryOnConflict' | 'maxRetries' | 'correlationId'> & { now?: string } = {},
  ): Promise<VerificationOutcome> {
    const actor = options.actor ?? currentCommandScope()?.actor;
    if (!actor) throw new TypeError('An officer command needs an actor (none given and no HTTP command scope)');
    return this.verification.handle(verificationId, body, { ...options, actor, correlationId: caseId });
  }

  /** A command with no HTTP request behind it: re-read and re-decide on a concurrent append. */
  inBackground(verificationId: string, body: VerificationCommandBody, options: BackgroundCommandOptions): Promise<VerificationOutcome> {
    return this.verification.handle(verificationId, body, {
      ...(options.now ? { now: options.now } : {}),
      commandId: options.commandId,
      correlationId: options.caseId,
      ...(options.causationId ? { causationId: options.causationId } : {}),
      actor: { id: options.actor.id, role: options.actor.role, jurisdiction: options.actor.jurisdiction },
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.evidenceRefs ? { evidenceRefs: options.evidenceRefs } : {}),
      ...(options.consentRefs ? { consentRefs: options.consentRefs } : {}),
      retryOnConflict: true,
      maxRetries: BACKGROUND_RETRIES,
    });
  }
}
