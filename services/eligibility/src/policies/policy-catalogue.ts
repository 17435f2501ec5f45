import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@sa/decider';
import { EVENT_STORE, START, StreamNotFoundError, type EventStore, type GlobalPosition, type RecordedEvent } from '@sa/eventstore';
import {
  EligibilityError,
  findPublishedVersion,
  policyLineDecider,
  policyStreamId,
  resolveFromLines,
  type PolicyActor,
  type PolicyCommandBody,
  type PolicyEvent,
  type PolicyLineState,
  type PolicyVersion,
  type PublishedPolicyVersion,
  toEligibilityError,
} from '../domain';
import { EligibilityPipelines } from '../commands/eligibility-pipelines';

export interface PolicyLine {
  streamId: string;
  revision: number;
  state: PolicyLineState;
}

const PAGE = 500;

/**
 * The policy catalogue, read from the policy streams of the event store (the streams are the
 * source of truth; there are few of them and the category is indexed). Publishing and correcting
 * go through the policy decider on the command pipeline (`EligibilityPipelines.policy`).
 */
@Injectable()
export class PolicyCatalogue {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly pipelines: EligibilityPipelines,
  ) {}

  /** Policy streams this process appended to: read back at once, whatever the global log shows yet. */
  private readonly written = new Set<string>();

  /**
   * Every policy line, folded from its events. The global log finds the policy streams; each is then read as a
   * stream. The global log (PostgreSQL) is read only below the xmin of the reader's snapshot, which is cluster-wide:
   * while any older transaction is open on the server, a version just published — by this very process — is not
   * in it yet (the dry-run after a publication saw the previous version, the policy list right after the seed was
   * empty: eligibility's review-flow test under load). A stream read has no such lag.
   */
  async lines(): Promise<PolicyLine[]> {
    const streamIds = new Set<string>(); // in the order of the global log, then the ones it does not show yet
    let after: GlobalPosition = START;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE, filter: { streamCategories: ['policy'] } });
      for (const event of page) streamIds.add(event.streamId);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.position;
    }
    for (const id of this.written) streamIds.add(id);
    const byStream = new Map<string, RecordedEvent[]>();
    await Promise.all(
      [...streamIds].map(async (streamId) => {
        try {
          const events = await this.store.readStream(streamId);
          if (events.length > 0) byStream.set(streamId, events);
        } catch (e) {
          if (!(e instanceof StreamNotFoundError)) throw e;
        }
      }),
    );
    return [...streamIds].filter((id) => byStream.has(id)).map((streamId) => {
      const events = byStream.get(streamId)!;
      events.sort((a, b) => a.revision - b.revision);
      return {
        streamId,
        revision: events[events.length - 1]!.revision,
        state: fold(policyLineDecider, events.map((e) => ({ type: e.type, data: e.data }) as PolicyEvent)),
      };
    });
  }

  /** The version in force for the jurisdiction on the date (district before city before province). */
  async resolve(jurisdiction: string, onDate: string): Promise<PolicyVersion> {
    const lines = await this.lines();
    try {
      return resolveFromLines(
        lines.map((l) => l.state),
        jurisdiction,
        onDate,
      );
    } catch (e) {
      throw toEligibilityError(e);
    }
  }

  /** A version by label, active or superseded (decisions are replayed against the version they recorded). */
  async find(label: string): Promise<PublishedPolicyVersion | undefined> {
    return findPublishedVersion(
      (await this.lines()).map((l) => l.state),
      label,
    );
  }

  /**
   * Publishes (or corrects) a version on the policy line's stream. Inside an HTTP command the
   * command id and actor come from the request (`@CommandRoute`); other callers (the seed) give
   * `commandId` and may retry a conflicting append.
   */
  async publish(args: {
    policyId: string;
    version: PolicyVersion;
    actor: PolicyActor;
    reason?: string;
    corrects?: string;
    commandId?: string;
    retryOnConflict?: boolean;
  }) {
    const label = args.version?.version;
    if (typeof label === 'string') {
      // Version labels are recorded on decisions: unique across every policy line.
      const existing = (await this.lines()).find((l) => l.state.policyId !== args.policyId && l.state.versions.some((v) => v.version.version === label));
      if (existing) {
        throw new EligibilityError('policy_version_exists', `Version ${label} is already published in policy ${existing.state.policyId}`, {
          kind: 'conflict',
        });
      }
    }
    // Who publishes and when are the command's metadata (the pipeline adds `{ actor, now }` from args.actor and the clock).
    const command: PolicyCommandBody = args.corrects
      ? { type: 'CorrectPolicyVersion', data: { corrects: args.corrects, version: args.version, reason: args.reason ?? '' } }
      : { type: 'PublishPolicyVersion', data: { version: args.version, ...(args.reason ? { reason: args.reason } : {}) } };
    if (args.version && args.version.policyId !== args.policyId) {
      throw new EligibilityError('policy_id_mismatch', `The body's policyId ${String(args.version.policyId)} is not ${args.policyId}`, {
        field: 'policyId',
        status: 400,
      });
    }
    this.written.add(policyStreamId(args.policyId));
    return this.pipelines.policy.handle(args.policyId, command, {
      actor: args.actor,
      correlationId: policyStreamId(args.policyId),
      ...(args.commandId ? { commandId: args.commandId } : {}),
      ...(label !== undefined ? { policyVersion: label } : {}),
      ...(args.reason ? { reason: args.reason } : {}),
      ...(args.retryOnConflict ? { retryOnConflict: true } : {}),
    });
  }
}
