import type { Decider, DomainEvent } from '@sa/decider';
import type { AggregateStreamResult } from './command-handler';
import { currentCommandScope, type CommandMetadata, type CommandOutcome, type CommandPipeline, type HandleOptions } from './command-pipeline';
import type { ActorRef, EventMetadata } from './port';

/** `handle`'s options: the pipeline's, and `now` when the caller already read the clock for values in `data`. */
export type MetadataHandleOptions = HandleOptions & {
  /** The instant the command is decided at (ISO, +08:00); default: the injected clock now. */
  now?: string;
};

/**
 * A decider's `CommandPipeline` taking the command as its issuer builds it (`{ type, data }`) and giving
 * it its `metadata: { actor, now }` — the actor of the options or of the HTTP command scope, the time from
 * the injected clock — before it decides and appends: the one place a command gets its metadata
 * (docs/CONVENTIONS.md "Commands"). `recordCommandType` adds the command type to every event's metadata.
 */
export class CommandMetadataPipeline<B extends { type: string }, C extends B & { readonly metadata: CommandMetadata }, E extends DomainEvent, S> {
  constructor(
    readonly inner: CommandPipeline<C, E, S>,
    private readonly now: () => string,
    private readonly options: { recordCommandType?: boolean } = {},
  ) {}

  get decider(): Decider<C, E, S> {
    return this.inner.decider;
  }

  /** The command with its `metadata` (`now` default: the injected clock now). */
  command(body: B, actor: ActorRef, now: string = this.now()): C {
    return { ...body, metadata: { actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, now } } as C;
  }

  /** Decide and append (`options.actor`, else the HTTP scope's actor); consumers pass `commandId` and `retryOnConflict`. */
  async handle(id: string, body: B, options: MetadataHandleOptions = {}): Promise<CommandOutcome<E, S>> {
    const { now, ...rest } = options;
    const actor = rest.actor ?? currentCommandScope()?.actor;
    if (!actor) throw new TypeError('A command needs an actor (none given and no HTTP command scope)');
    const extra = this.options.recordCommandType ? { extra: { ...rest.extra, commandType: body.type } } : {};
    return this.inner.handle(id, this.command(body, actor, now), { ...rest, actor, ...extra });
  }

  /** The aggregate's current state; `exists: false` (and the initial state) when it has no stream. */
  aggregate(id: string): Promise<AggregateStreamResult<E, S>> {
    return this.inner.aggregate(id);
  }

  /** The event metadata the pipeline records (for batch paths that append themselves). */
  metadata(id: string, commandId: string, o: HandleOptions = {}): EventMetadata {
    return this.inner.metadata(id, commandId, o);
  }
}
