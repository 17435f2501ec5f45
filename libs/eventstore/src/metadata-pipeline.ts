import type { DomainEvent } from '@sa/decider';
import type { AggregateStreamResult } from './command-handler';
import {
  CommandPipeline,
  currentCommandScope,
  type CommandMetadata,
  type CommandOutcome,
  type CommandPipelineOptions,
  type HandleOptions,
} from './command-pipeline';
import type { ActorRef, EventMetadata } from './port';

/** A command body as its issuer builds it (`{ type, data }`) given its `metadata: { actor, now }`. */
export type WithCommandMetadata<B> = B & { readonly metadata: CommandMetadata };

/** `handle`'s options: the pipeline's, and `now` when the caller already read the clock for values in `data`. */
export type MetadataHandleOptions = HandleOptions & {
  /** The instant the command is decided at (ISO, +08:00); default: the injected clock now. */
  now?: string;
};

/**
 * A `CommandPipeline` whose callers build commands without metadata (`{ type, data }`, the body) and
 * which gives each its `metadata: { actor, now }` — the actor of the options or of the HTTP command scope,
 * the time from the injected clock — in one place (`command()`), before deciding and appending.
 * Everything else (If-Match, 409, event metadata, idempotency by command id) is the inner pipeline's.
 */
export class MetadataCommandPipeline<B extends { type: string }, E extends DomainEvent, S> {
  readonly inner: CommandPipeline<WithCommandMetadata<B>, E, S>;

  constructor(options: CommandPipelineOptions<WithCommandMetadata<B>, E, S>) {
    this.inner = new CommandPipeline(options);
  }

  get decider() {
    return this.inner.decider;
  }

  /** The one place a command gets its `metadata`. */
  command(body: B, actor: ActorRef, now: string = this.inner.options.now()): WithCommandMetadata<B> {
    return { ...body, metadata: { actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, now } };
  }

  /** The current instant of the pipeline's clock (ISO, +08:00): read once when `data` carries values computed from it. */
  now(): string {
    return this.inner.options.now();
  }

  /** Decide and append (`options.actor`, else the HTTP scope's actor); consumers pass `commandId` and `retryOnConflict`. */
  async handle(id: string, body: B, options: MetadataHandleOptions = {}): Promise<CommandOutcome<E, S>> {
    const { now, ...rest } = options;
    const actor = rest.actor ?? currentCommandScope()?.actor;
    if (!actor) throw new TypeError('A command needs an actor (none given and no HTTP command scope)');
    return this.inner.handle(id, this.command(body, actor, now), { ...rest, actor });
  }

  /** The aggregate's current state; `exists: false` (and the initial state) when it has no stream. */
  aggregate(id: string): Promise<AggregateStreamResult<E, S>> {
    return this.inner.aggregate(id);
  }

  /** The metadata of the events a command produces (the inner pipeline's). */
  metadata(id: string, commandId: string, o: HandleOptions = {}): EventMetadata {
    return this.inner.metadata(id, commandId, o);
  }
}
