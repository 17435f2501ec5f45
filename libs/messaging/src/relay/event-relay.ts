import type { Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import {
  START,
  formatPosition,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '@sa/eventstore';
import type { FieldEncryptor } from '@sa/crypto';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import { relayFieldEncryptor, sealIntegrationEvent } from '../field-sealing';
import type { IntegrationCodec, OutgoingMessage } from '../codec';
import { ensureTopics } from '../kafka';
import { errorInfo, stderrLogger, type MessagingLogger } from '../logger';
import { PgRelayCheckpointStore } from './checkpoint-store';

/** Kafka headers the relay adds to every message: where the event came from in the event store. */
export const SOURCE_HEADERS = {
  streamId: 'x-sa-stream-id',
  streamRevision: 'x-sa-stream-revision',
  globalPosition: 'x-sa-global-position',
  sourceEventId: 'x-sa-source-event-id',
} as const;

/**
 * Maps one of the service's own domain events to its public integration event, or null/undefined
 * when the event is internal (the relay skips it but still advances its checkpoint), or to several
 * (an array: e.g. one batch event of a payment run → one `PaymentIssued` per payment, in order).
 * Make the integration event id deterministic (e.g. the domain event id): a relay restart
 * re-publishes, and consumers de-duplicate on that id.
 */
export type IntegrationEventMapper<E> = (event: RecordedEvent) => E | E[] | null | undefined | Promise<E | E[] | null | undefined>;

/** At most this many messages per produce request (a fanned-out batch event stays under the broker's request and batch limits). */
const MAX_MESSAGES_PER_SEND = 500;

export interface EventRelayOptions<E> {
  /** Checkpoint key in `<schema>.relay_checkpoints`, e.g. `intake`. */
  name: string;
  store: EventStore;
  /** Pool for the checkpoint table (the service's database). */
  pool: Pool;
  /** Schema holding `relay_checkpoints` (the service's own schema). */
  schema: string;
  /** The service's own stream categories, e.g. `['application', 'lead']`. */
  streamCategories: string[];
  /** Target topic, e.g. `TOPICS.intake`. */
  topic: string;
  map: IntegrationEventMapper<E>;
  kafka: Kafka;
  /** Encoding of integration events to Kafka messages (default: `@sa/contracts`). */
  codec: IntegrationCodec<E>;
  /** Max events per produce request (default 100). */
  maxBatchSize?: number;
  /** How long to wait for more events after the first one of a batch (default 50 ms). */
  lingerMs?: number;
  /** Back-off for producer / checkpoint / subscription failures (default 100 ms → 10 s). */
  retryBackoff?: BackoffOptions;
  /** stop(): how long the in-flight batch may keep retrying before being abandoned (default 15 s). */
  stopTimeoutMs?: number;
  /**
   * Create the topic (3 partitions) if it does not exist, before the first publication (default
   * true; set false where topics are provisioned by deployment only).
   */
  ensureTopic?: boolean;
  /**
   * Hold a PostgreSQL advisory lock so only one instance of this relay publishes at a time; other
   * instances wait as hot standbys (default true): the topic is ensured and the idempotent producer
   * connected before the lock is waited for, so that a take-over costs the lock poll and the store
   * subscription, not a broker round of connects.
   */
  singleActive?: boolean;
  /** How often a standby polls for the relay's lock (ms, default 500). */
  lockPollMs?: number;
  logger?: MessagingLogger;
  /**
   * Encrypts the personal fields of each integration event before it is produced. Default: the
   * encryptor of the store when it is an `EncryptingEventStore` (FIELD_ENCRYPTION on); null: never.
   */
  fields?: FieldEncryptor | null;
  /** Called after each acknowledged batch (metrics, tests). */
  onBatchPublished?: (info: { events: RecordedEvent[]; published: number; checkpoint: GlobalPosition }) => void;
}

export interface EventRelayMetrics {
  /** Messages acknowledged by the broker. */
  published: number;
  /** Events read but not public (mapper returned null). */
  skipped: number;
  /** Produce requests acknowledged. */
  batches: number;
  /** Failed attempts (produce, checkpoint, subscription, mapping), each followed by a retry. */
  errors: number;
  /** Events read from the store and not yet acknowledged + checkpointed. */
  inFlight: number;
  /** Current checkpoint, `commit/prepare`, or null before the first one. */
  checkpoint: string | null;
  /**
   * Age of the oldest event not yet published (ms since it was recorded); 0 when nothing is in
   * flight. A growing value means the relay is stuck (broker down, mapper failing...).
   */
  lagMs: number;
  /** Recorded-to-acknowledged latency of the last published batch's last event (ms). */
  lastPublishLatencyMs: number | null;
  active: boolean;
}

const STOP = Symbol('stop');
const TIMEOUT = Symbol('timeout');

/**
 * The transactional-outbox relay: the event store is the outbox. Follows the store's global log
 * from a stored checkpoint, maps the service's events to integration events and produces them with
 * an idempotent producer (acks=all, one request in flight, key = case id); advances the checkpoint
 * only after the broker acknowledged. At-least-once, in store order, hence per-case order.
 */
export class EventRelay<E> {
  private readonly checkpoints: PgRelayCheckpointStore;
  private readonly logger: MessagingLogger;
  private readonly maxBatchSize: number;
  private readonly lingerMs: number;
  private readonly backoff: BackoffOptions;
  private readonly stopTimeoutMs: number;
  private readonly fields: FieldEncryptor | undefined;

  private producer: Producer | undefined;
  private subscription: Subscription | undefined;
  private lockClient: { client: PoolClient; onError: (err: Error) => void } | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  /** Set when stop() gave up waiting: the in-flight batch stops retrying (it is not checkpointed). */
  private abandoned = false;
  private readonly stopController = new AbortController();

  private checkpoint: GlobalPosition | undefined;
  private counters = { published: 0, skipped: 0, batches: 0, errors: 0 };
  private inFlight: RecordedEvent[] = [];
  private lastPublishLatencyMs: number | null = null;
  private active = false;
  private topicEnsured = false;

  constructor(private readonly options: EventRelayOptions<E>) {
    if (options.streamCategories.length === 0) throw new Error('EventRelay: streamCategories must not be empty');
    this.checkpoints = new PgRelayCheckpointStore(options.pool, options.schema);
    this.logger = options.logger ?? stderrLogger;
    this.maxBatchSize = options.maxBatchSize ?? 100;
    this.lingerMs = options.lingerMs ?? 50;
    this.backoff = options.retryBackoff ?? { initialMs: 100, maxMs: 10_000 };
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
    this.fields = relayFieldEncryptor(options.store, options.fields);
  }

  get name(): string {
    return this.options.name;
  }

  /** Creates the checkpoint table; idempotent. start() runs it too. */
  async migrate(): Promise<void> {
    await this.checkpoints.migrate();
  }

  /** Starts publishing in the background; resolves once the table exists. */
  async start(): Promise<void> {
    if (this.loop) throw new Error(`EventRelay ${this.name} already started`);
    await this.migrate();
    this.loop = this.run().catch((err) => {
      this.logger.error({ relay: this.name, ...errorInfo(err) }, 'relay loop crashed');
    });
  }

  /**
   * Graceful stop: no new batch is started, the in-flight batch is finished (acknowledged and
   * checkpointed, or abandoned after stopTimeoutMs — it will be re-published on the next start),
   * then the subscription, producer and lock are released.
   */
  async stop(): Promise<void> {
    if (this.stopping) return this.loop;
    this.stopping = true;
    this.stopController.abort();
    const closing = this.subscription?.close().catch(() => undefined);
    if (this.loop) {
      const timer = setTimeout(() => (this.abandoned = true), this.stopTimeoutMs);
      try {
        await this.loop;
      } finally {
        clearTimeout(timer);
      }
    }
    await closing;
    await this.teardownSession();
  }

  metrics(): EventRelayMetrics {
    const oldest = this.inFlight[0];
    return {
      ...this.counters,
      inFlight: this.inFlight.length,
      checkpoint: this.checkpoint ? formatPosition(this.checkpoint) : null,
      lagMs: oldest ? Math.max(0, Date.now() - oldest.recordedAt.getTime()) : 0,
      lastPublishLatencyMs: this.lastPublishLatencyMs,
      active: this.active,
    };
  }

  /** Events of the relay's categories after the checkpoint, counted up to `limit` (a store read). */
  async backlog(limit = 10_000): Promise<number> {
    const after = (await this.checkpoints.load(this.name)) ?? START;
    const events = await this.options.store.readAll({
      after,
      maxCount: limit,
      filter: { streamCategories: this.options.streamCategories },
    });
    return events.length;
  }

  // ---------------------------------------------------------------------------------------------

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        if (this.options.singleActive ?? true) {
          await this.warmUp();
          const waitedFrom = Date.now();
          const acquired = await this.acquireLock();
          if (!acquired) break;
          this.logger.info({ relay: this.name, lockWaitMs: Date.now() - waitedFrom }, 'relay holds the lock');
        }
        this.active = true;
        await this.runSession();
        failures = 0;
      } catch (err) {
        if (this.stopping) break;
        failures++;
        this.counters.errors++;
        this.logger.warn({ relay: this.name, attempt: failures, ...errorInfo(err) }, 'relay session failed, restarting');
        await this.teardownSession();
        await sleep(backoffDelay(failures, this.backoff), this.stopController.signal);
      }
    }
    this.active = false;
  }

  /** A standby gets ready to publish before it waits for the lock: topic ensured, producer connected. */
  private async warmUp(): Promise<void> {
    await this.ensureTopic();
    await this.getProducer();
  }

  private async ensureTopic(): Promise<void> {
    if ((this.options.ensureTopic ?? true) && !this.topicEnsured) {
      await ensureTopics(this.options.kafka, [this.options.topic]);
      this.topicEnsured = true;
    }
  }

  /** Waits (polling) for the advisory lock; false if stopped meanwhile. */
  private async acquireLock(): Promise<boolean> {
    if (this.lockClient) return true;
    const key = `sa.messaging.relay:${this.options.schema}:${this.name}`;
    let waiting = false;
    while (!this.stopping) {
      const client = await this.options.pool.connect();
      const onError = (err: Error) => {
        // Lock connection lost: the lock is gone with it. End this session; run() re-acquires.
        this.logger.warn({ relay: this.name, ...errorInfo(err) }, 'relay lock connection lost');
        if (this.lockClient?.client === client) this.lockClient = undefined;
        void this.subscription?.close().catch(() => undefined);
      };
      client.on('error', onError);
      let ok = false;
      try {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
        ok = rows[0]?.ok === true;
      } finally {
        if (!ok) {
          client.off('error', onError);
          client.release();
        }
      }
      if (ok) {
        this.lockClient = { client, onError };
        if (waiting) this.logger.info({ relay: this.name }, 'relay lock acquired, now active');
        return true;
      }
      if (!waiting) this.logger.info({ relay: this.name }, 'another instance of this relay is active; standing by');
      waiting = true;
      await sleep(this.options.lockPollMs ?? 500, this.stopController.signal);
    }
    return false;
  }

  private async teardownSession(): Promise<void> {
    const sub = this.subscription;
    this.subscription = undefined;
    await sub?.close().catch(() => undefined);
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
    const lock = this.lockClient;
    this.lockClient = undefined;
    if (lock) {
      const failed = await lock.client.query('SELECT pg_advisory_unlock_all()').then(
        () => false,
        () => true,
      );
      lock.client.off('error', lock.onError);
      lock.client.release(failed); // a broken connection is destroyed, not returned to the pool
    }
    this.inFlight = [];
    this.active = false;
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      retry: { retries: 5, initialRetryTime: 100 },
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async runSession(): Promise<void> {
    await this.ensureTopic();
    this.checkpoint = await this.checkpoints.load(this.name);
    const subscription = this.options.store.subscribeToAll({
      after: this.checkpoint ?? START,
      filter: { streamCategories: this.options.streamCategories },
      signal: this.stopController.signal,
    });
    this.subscription = subscription;
    this.logger.info(
      { relay: this.name, checkpoint: this.checkpoint ? formatPosition(this.checkpoint) : 'start' },
      'relay subscribed',
    );
    const it = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    const next = (): Promise<IteratorResult<RecordedEvent>> => {
      if (pending) return pending;
      const p = it.next();
      p.catch(() => undefined); // observed later; avoid an unhandled rejection if abandoned
      pending = p;
      return p;
    };

    let ended = false;
    while (!this.stopping && !ended) {
      const first = await this.waitFor(next());
      if (first === STOP || first === TIMEOUT) break;
      pending = undefined;
      if (first.done) {
        ended = true;
        break;
      }
      const batch: RecordedEvent[] = [first.value];
      this.inFlight = batch;
      const deadline = Date.now() + this.lingerMs;
      while (batch.length < this.maxBatchSize && !this.stopping) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        const r = await this.waitFor(next(), remaining);
        if (r === TIMEOUT || r === STOP) break;
        pending = undefined;
        if (r.done) {
          ended = true;
          break;
        }
        batch.push(r.value);
      }
      await this.publishBatch(batch);
      this.inFlight = [];
    }
    if (ended && !this.stopping) throw new Error('event store subscription ended');
  }

  /** Resolves with the promise's value, or STOP when stop() is called, or TIMEOUT after timeoutMs. */
  private waitFor<T>(p: Promise<T>, timeoutMs?: number): Promise<T | typeof STOP | typeof TIMEOUT> {
    return new Promise((resolve, reject) => {
      const signal = this.stopController.signal;
      if (signal.aborted) return resolve(STOP);
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        resolve(STOP);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          done();
          resolve(TIMEOUT);
        }, timeoutMs);
      }
      p.then(
        (v) => {
          done();
          resolve(v);
        },
        (err: unknown) => {
          done();
          reject(err);
        },
      );
    });
  }

  /** Publishes one batch and checkpoints it; retries (with a fresh producer) until it succeeds. */
  private async publishBatch(batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1]!;
    let attempt = 0;
    let messages: OutgoingMessage[] | undefined;
    let acked = false;
    let sent = 0; // messages acked so far (a retry resumes after them, in order)
    for (;;) {
      if (this.abandoned) throw new Error('stop timeout: in-flight batch abandoned (will be re-published)');
      try {
        messages ??= await this.toMessages(batch);
        while (!acked && sent < messages.length) {
          const producer = await this.getProducer();
          const chunk = messages.slice(sent, sent + MAX_MESSAGES_PER_SEND);
          await producer.send({ topic: this.options.topic, messages: chunk, acks: -1 });
          sent += chunk.length;
        }
        acked = true;
        await this.checkpoints.save(this.name, last.position);
        break;
      } catch (err) {
        attempt++;
        this.counters.errors++;
        // Warn first; after 5 failed attempts in a row (≈ 3 s) it is an outage or a bug: error.
        (attempt >= 5 ? this.logger.error : this.logger.warn).call(
          this.logger,
          {
            relay: this.name,
            attempt,
            events: batch.length,
            stage: messages === undefined ? 'map' : acked ? 'checkpoint' : 'publish',
            ...errorInfo(err),
          },
          'relay batch failed, retrying (nothing is skipped: the relay waits)',
        );
        if (!acked) {
          // A fresh idempotent producer (new producer id) after a failure: kafkajs' sequence
          // numbers may be out of step with the broker after a partially failed request.
          const producer = this.producer;
          this.producer = undefined;
          await producer?.disconnect().catch(() => undefined);
        }
        // Back-off; stop() does not cut it short (the in-flight batch is finished if possible).
        await sleep(backoffDelay(attempt, this.backoff));
      }
    }
    this.checkpoint = last.position;
    const published = messages.length;
    this.counters.published += published;
    this.counters.skipped += Math.max(0, batch.length - published);
    if (published > 0) this.counters.batches++;
    this.lastPublishLatencyMs = Date.now() - last.recordedAt.getTime();
    this.options.onBatchPublished?.({ events: batch, published, checkpoint: last.position });
  }

  private async toMessages(batch: RecordedEvent[]): Promise<OutgoingMessage[]> {
    const messages: OutgoingMessage[] = [];
    for (const recorded of batch) {
      const result = await this.options.map(recorded);
      if (result === null || result === undefined) continue;
      for (const mapped of Array.isArray(result) ? result : [result]) {
        const event = this.fields ? await sealIntegrationEvent(mapped, this.fields) : mapped;
        const encoded = this.options.codec.encode(event);
        messages.push({
          ...encoded,
          // The partition key is the case id (the codec's key = CloudEvents subject; else the
          // correlation id): every event of a case lands in one partition, in store order.
          key: encoded.key ?? recorded.metadata.correlationId ?? recorded.streamId,
          headers: {
            ...encoded.headers,
            [SOURCE_HEADERS.streamId]: recorded.streamId,
            [SOURCE_HEADERS.streamRevision]: String(recorded.revision),
            [SOURCE_HEADERS.globalPosition]: formatPosition(recorded.position),
            [SOURCE_HEADERS.sourceEventId]: recorded.eventId,
          },
        });
      }
    }
    return messages;
  }
}
