import type {
  AppendOptions,
  AppendResult,
  BatchAppendItem,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
} from '@sa/eventstore';
import { subjectOfCaseLine, type FieldEncryptor } from './field-encryption';

/** Which data key an event's personal fields are encrypted under. */
export type SubjectOf = (event: NewEvent, streamId: string) => string;

/** Default: the case (metadata.correlationId): every event of one case shares one key and is shredded with it. */
export const subjectIsCase: SubjectOf = (event) => event.metadata.correlationId;

/**
 * A decorator around any EventStore adapter: personal fields of `data` are encrypted before append
 * (so the store persists and hash-chains the ciphertext) and decrypted on every read and
 * subscription. After a key is shredded the fields read as `已销毁` and the chain still verifies,
 * because what was hashed is what is stored. Verify chains against `raw` (the undecorated store):
 * the hashes of decrypted events are those of their stored form.
 */
export class EncryptingEventStore implements EventStore {
  constructor(
    readonly raw: EventStore,
    private readonly fields: FieldEncryptor,
    private readonly subjectOf: SubjectOf = subjectIsCase,
  ) {
    const inTx = raw.appendInTransaction?.bind(raw);
    if (inTx) this.appendInTransaction = async (tx, streamId, events, options) => inTx(tx, streamId, this.encryptAllCached(streamId, events) ?? (await this.encryptAll(streamId, events)), options);
  }

  /** The field encryptor (the relay seals integration events with it). */
  get encryptor(): FieldEncryptor {
    return this.fields;
  }

  get adapter(): EventStore['adapter'] {
    return this.raw.adapter;
  }

  async appendToStream(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    // Keys in the cache (every append of a case but its first, within the keys' TTL): sealed and handed to the adapter
    // in this same turn, no await before it — the append joins the adapter's group commit as early as a clear one.
    const sealed = this.encryptAllCached(streamId, events);
    return this.raw.appendToStream(streamId, sealed ?? (await this.encryptAll(streamId, events)), options);
  }

  /** Present when the adapter has it (PostgreSQL): the personal fields encrypted, then the adapter's append in the caller's transaction. */
  readonly appendInTransaction?: EventStore['appendInTransaction'];

  /** Each item's personal fields encrypted as in `appendToStream`, then one `appendBatch` of the adapter. */
  async appendBatch(items: BatchAppendItem[]): Promise<AppendResult[]> {
    if (!Array.isArray(items)) return this.raw.appendBatch(items); // the adapter reports it
    const encrypted: BatchAppendItem[] = [];
    for (const item of items) {
      encrypted.push(
        item && typeof item === 'object' && Array.isArray(item.events)
          ? { ...item, events: await this.encryptAll(item.streamId, item.events) }
          : item,
      );
    }
    return this.raw.appendBatch(encrypted);
  }

  /** `encryptAll` without waiting: the sealed events when every key they need is in the cache, else undefined (nothing is lost: `encryptAll` starts over). */
  private encryptAllCached(streamId: string, events: NewEvent[]): NewEvent[] | undefined {
    if (!Array.isArray(events)) return events; // the adapter reports it
    const encrypted: NewEvent[] = [];
    for (const e of events) {
      if (!e || typeof e !== 'object' || !e.metadata || typeof e.eventId !== 'string') {
        encrypted.push(e); // the adapter reports the malformed event
        continue;
      }
      const subject = this.subjectOf(e, streamId);
      const context = e.eventId.toLowerCase();
      const data = this.fields.encryptCached(e.data, subject, context, subjectOfCaseLine, typeof e.type === 'string' ? e.type : undefined);
      if (data === undefined) return undefined;
      const metadata = this.fields.sealMetadataCached(e.metadata, subject, context);
      if (metadata === undefined) return undefined;
      encrypted.push(data === e.data && metadata === e.metadata ? e : { ...e, data, metadata });
    }
    return encrypted;
  }

  private async encryptAll(streamId: string, events: NewEvent[]): Promise<NewEvent[]> {
    if (!Array.isArray(events)) return events; // the adapter reports it
    const encrypted: NewEvent[] = [];
    for (const e of events) {
      if (!e || typeof e !== 'object' || !e.metadata || typeof e.eventId !== 'string') {
        encrypted.push(e); // the adapter reports the malformed event
        continue;
      }
      const subject = this.subjectOf(e, streamId);
      const context = e.eventId.toLowerCase();
      // the event type names its own free-text top-level fields (@sa/contracts PERSONAL_EVENT_FIELDS)
      const data = await this.fields.encrypt(e.data, subject, context, subjectOfCaseLine, typeof e.type === 'string' ? e.type : undefined);
      // an officer's words in the envelope's reason are sealed too (codes stay in clear)
      const metadata = await this.fields.sealMetadata(e.metadata, subject, context);
      encrypted.push(data === e.data && metadata === e.metadata ? e : { ...e, data, metadata });
    }
    return encrypted;
  }

  private async open(e: RecordedEvent): Promise<RecordedEvent> {
    const { value } = await this.fields.decrypt(e.data, e.eventId);
    const metadata = await this.fields.openMetadata(e.metadata, e.eventId.toLowerCase());
    return value === e.data && metadata === e.metadata ? e : { ...e, data: value, metadata };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.raw.readStream(streamId, options);
    return Promise.all(events.map((e) => this.open(e)));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await this.raw.readAll(options);
    return Promise.all(events.map((e) => this.open(e)));
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    const inner = this.raw.subscribeToAll(options);
    const open = (e: RecordedEvent) => this.open(e);
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const e of inner) yield await open(e);
      },
    };
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return this.raw.setStreamMetadata(streamId, metadata);
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return this.raw.getStreamMetadata(streamId);
  }

  close(): Promise<void> {
    return this.raw.close();
  }
}
