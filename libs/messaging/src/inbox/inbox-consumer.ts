import { dlqTopic } from '@sa/contracts';
import type { FieldEncryptor } from '@sa/crypto';
import { consumerFieldEncryptor, openIntegrationEvent } from '../field-sealing';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import type { DeadLetterReason, IncomingMessage, IntegrationCodec } from '../codec';
import { headerString } from '../codec';
import { toDeadLetterMessage } from '../dlq';
import { ensureTopics } from '../kafka';
import { errorInfo, stderrLogger, type MessagingLogger } from '../logger';
import { SOURCE_HEADERS } from '../relay/event-relay';
import { quoteIdent } from '../sql';
import { migrateInbox } from './inbox-schema';

/** The row of `inbox_case_positions` for (group, case, topic) before the current message. */
export interface CasePosition {
  caseId: string;
  topic: string;
  lastEventId: string;
  lastEventType: string;
  lastEventTime: Date | null;
  lastSourceStream: string | null;
  lastSourceRevision: number | null;
  /** Event-store global position `commit/prepare` of the last applied event, if known. */
  lastSourcePosition: string | null;
  lastPartition: number;
  lastOffset: string;
  appliedCount: number;
}

export interface InboxMessageContext {
  topic: string;
  partition: number;
  offset: string;
  headers: IncomingMessage['headers'];
  consumerGroup: string;
  caseId: string | null;
  /** 1 for the first try; grows with each retry after a handler failure. */
  attempt: number;
  /** Where this case stood for this consumer group on this topic before the message (null: first). */
  previous: CasePosition | null;
  /** Source of this message in the producer's event store (relay headers), if present. */
  source: { streamId: string | null; revision: number | null; position: string | null };
}

/** Applies one event's effect using `tx`; it commits together with the inbox row. Throw to fail. */
export type InboxHandler<E> = (event: E, tx: PoolClient, ctx: InboxMessageContext) => Promise<void>;

export interface InboxRetryOptions {
  /** Handler attempts before the message goes to the DLQ (default 5). */
  attempts?: number;
  /** First back-off in ms (default 200), doubled per attempt. */
  baseMs?: number;
  /** Cap of one back-off (default 5000 ms). */
  maxMs?: number;
}

export interface InboxConsumerOptions<E> {
  kafka: Kafka;
  /** Consumer group id, e.g. `sa-eligibility.verification-events`. */
  groupId: string;
  topics: string[];
  pool: Pool;
  /** The service's schema holding `inbox` and `inbox_case_positions`. */
  schema: string;
  codec: IntegrationCodec<E>;
  handler: InboxHandler<E>;
  retry?: InboxRetryOptions;
  /** Dead-letter topic name for a topic (default `<topic>.dlq`, i.e. `dlqTopic()` of @sa/contracts). */
  dlqTopic?: (topic: string) => string;
  /** Create the consumed topics and their DLQ topics at start if missing (default true). */
  ensureTopics?: boolean;
  /** A new group starts at the earliest offset (default true). */
  fromBeginning?: boolean;
  /** Commit offsets after every N processed messages (default 1; always at the end of a batch). */
  commitEveryMessages?: number;
  /** Partitions processed concurrently (default 1). Order within a partition is always kept. */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  logger?: MessagingLogger;
  /**
   * Decrypts the personal fields of each event before the handler sees it (once, for every
   * service). Default: the process's key store (FIELD_ENCRYPTION on); null: the handler gets the
   * ciphertext form (a consumer that needs no personal data, e.g. statistics).
   */
  fields?: FieldEncryptor | null;
  /**
   * Test hook: SIGKILL this process right after the N-th effect's DB commit (before its offset
   * commit). Defaults to env `SA_MESSAGING_KILL_AFTER_DB_COMMIT`; never set it in production.
   */
  killAfterDbCommit?: number;
}

export interface InboxConsumerMetrics {
  received: number;
  applied: number;
  duplicates: number;
  retries: number;
  deadLettered: Record<DeadLetterReason, number>;
}

/** Marks an error raised by the handler (or by its effect at COMMIT), as opposed to infrastructure. */
class HandlerFailure extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'HandlerFailure';
  }
}

type Outcome = 'applied' | 'duplicate' | 'dead-lettered' | 'aborted';

interface PositionRow {
  case_id: string;
  topic: string;
  last_event_id: string;
  last_event_type: string;
  last_event_time: Date | null;
  last_source_stream: string | null;
  last_source_revision: string | null;
  last_source_commit: string | null;
  last_source_prepare: string | null;
  last_partition: number;
  last_offset: string;
  applied_count: string;
}

/**
 * A kafkajs consumer-group wrapper with an inbox: each event's effect is applied exactly once
 * (inbox row + effect in one PostgreSQL transaction), offsets are committed only after that
 * transaction, invalid messages and messages whose handler keeps failing go to `<topic>.dlq`.
 */
export class InboxConsumer<E> {
  private readonly logger: MessagingLogger;
  private readonly attempts: number;
  private readonly handlerBackoff: BackoffOptions;
  private readonly infraBackoff: BackoffOptions = { initialMs: 200, maxMs: 10_000 };
  private readonly dlqTopicOf: (topic: string) => string;
  private readonly killAfter: number | undefined;
  private readonly inbox: string;
  private readonly positions: string;
  private consumer: Consumer | undefined;
  private dlqProducer: Producer | undefined;
  private stopping = false;
  private readonly stopController = new AbortController();
  private commitsSinceStart = 0;
  private readonly counters: InboxConsumerMetrics = {
    received: 0,
    applied: 0,
    duplicates: 0,
    retries: 0,
    deadLettered: { malformed: 0, 'unknown-type': 0, 'schema-violation': 0, 'handler-failed': 0 },
  };

  constructor(private readonly options: InboxConsumerOptions<E>) {
    if (options.topics.length === 0) throw new Error('InboxConsumer: topics must not be empty');
    this.logger = options.logger ?? stderrLogger;
    this.attempts = Math.max(1, options.retry?.attempts ?? 5);
    this.handlerBackoff = { initialMs: options.retry?.baseMs ?? 200, maxMs: options.retry?.maxMs ?? 5000, jitter: 0.1 };
    this.dlqTopicOf = options.dlqTopic ?? dlqTopic;
    const envKill = process.env.SA_MESSAGING_KILL_AFTER_DB_COMMIT;
    this.killAfter = options.killAfterDbCommit ?? (envKill ? Number(envKill) : undefined);
    this.inbox = `${quoteIdent(options.schema)}.inbox`;
    this.positions = `${quoteIdent(options.schema)}.inbox_case_positions`;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  metrics(): InboxConsumerMetrics {
    return { ...this.counters, deadLettered: { ...this.counters.deadLettered } };
  }

  /** Creates the inbox tables (idempotent). start() runs it too. */
  async migrate(): Promise<void> {
    await migrateInbox(this.options.pool, this.options.schema);
  }

  /** Migrates, connects, joins the group and starts consuming (in the background). */
  async start(): Promise<void> {
    if (this.consumer) throw new Error(`InboxConsumer ${this.groupId} already started`);
    await this.migrate();
    const { kafka } = this.options;
    if (this.options.ensureTopics ?? true) {
      await ensureTopics(kafka, [...this.options.topics, ...this.options.topics.map(this.dlqTopicOf)]);
    }
    this.dlqProducer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.dlqProducer.connect();
    const consumer = kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 3_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      // With autoCommit off these only drive commitOffsetsIfNecessary(), called after each commit.
      autoCommitThreshold: Math.max(1, this.options.commitEveryMessages ?? 1),
      autoCommitInterval: null,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Leaves the group after the message in progress; unprocessed messages stay uncommitted. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.stopController.abort();
    await this.consumer?.disconnect().catch((err) => this.logger.warn(errorInfo(err), 'consumer disconnect failed'));
    await this.dlqProducer?.disconnect().catch(() => undefined);
  }

  // ---------------------------------------------------------------------------------------------

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets, isRunning, isStale } =
      payload;
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.stopping) break;
      const outcome = await this.process(batch.topic, batch.partition, message, heartbeat);
      if (outcome === 'aborted') break;
      // Only now (effect committed, or message dead-lettered) may the offset move past it.
      resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
    const pending = uncommittedOffsets();
    if (pending.topics.length > 0) await commitOffsetsIfNecessary(pending);
  }

  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome> {
    this.counters.received++;
    const incoming: IncomingMessage = { key: message.key, value: message.value, headers: message.headers };
    const decoded = this.options.codec.decode(incoming);
    if (!decoded.ok) {
      return this.deadLetter(topic, partition, message, decoded.reason, decoded.error, 0, heartbeat);
    }
    let event: E | undefined;
    let handlerAttempt = 0;
    let infraAttempt = 0;
    for (;;) {
      if (this.stopping) return 'aborted';
      try {
        // Key look-ups read the key store: a failure there is infrastructure (retried below).
        if (event === undefined) {
          const fields = consumerFieldEncryptor(this.options.fields);
          event = fields ? await openIntegrationEvent(decoded.event, fields) : decoded.event;
        }
        const result = await this.applyOnce(topic, partition, message, event, handlerAttempt + 1);
        if (result === 'applied') {
          this.counters.applied++;
          this.afterDbCommit();
        } else {
          this.counters.duplicates++;
          // Rare (a rebalance, a relay take-over, a DLQ replay) and worth counting from the logs.
          this.logger.info({ group: this.groupId, topic, partition, offset: message.offset }, 'redelivery dropped by the inbox');
        }
        return result;
      } catch (err) {
        if (err instanceof HandlerFailure) {
          handlerAttempt++;
          const log = { group: this.groupId, topic, partition, offset: message.offset, attempt: handlerAttempt };
          if (handlerAttempt >= this.attempts) {
            this.logger.error({ ...log, ...errorInfo(err.cause) }, 'handler failed, giving up: dead-lettering');
            return this.deadLetter(topic, partition, message, 'handler-failed', describe(err.cause), handlerAttempt, heartbeat);
          }
          this.counters.retries++;
          this.logger.warn({ ...log, ...errorInfo(err.cause) }, 'handler failed, retrying');
          await this.pause(backoffDelay(handlerAttempt, this.handlerBackoff), heartbeat);
        } else {
          // Database unreachable and the like: not the message's fault. Retry without limit
          // (the partition waits); never dead-letter for it.
          infraAttempt++;
          this.logger.warn(
            { group: this.groupId, topic, partition, offset: message.offset, attempt: infraAttempt, ...errorInfo(err) },
            'inbox transaction failed (infrastructure), retrying',
          );
          await this.pause(backoffDelay(infraAttempt, this.infraBackoff), heartbeat);
        }
      }
    }
  }

  /** One transaction: inbox row, handler effect, case position. Throws HandlerFailure for handler faults. */
  private async applyOnce(
    topic: string,
    partition: number,
    message: KafkaMessage,
    event: E,
    attempt: number,
  ): Promise<'applied' | 'duplicate'> {
    const { codec, pool, handler } = this.options;
    const eventId = codec.eventId(event);
    const caseId = codec.caseId(event) ?? message.key?.toString('utf8') ?? null;
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const inserted = await client.query(
        `INSERT INTO ${this.inbox} (consumer_group, event_id, event_type, case_id, topic, partition, "offset")
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (consumer_group, event_id) DO NOTHING`,
        [this.groupId, eventId, codec.eventType(event), caseId, topic, partition, message.offset],
      );
      if (inserted.rowCount === 0) {
        await client.query('ROLLBACK');
        return 'duplicate';
      }
      const source = sourceOf(message);
      const previous = caseId ? await this.lockPosition(client, caseId, topic) : null;
      const ctx: InboxMessageContext = {
        topic,
        partition,
        offset: message.offset,
        headers: message.headers,
        consumerGroup: this.groupId,
        caseId,
        attempt,
        previous,
        source,
      };
      try {
        await handler(event, client, ctx);
      } catch (err) {
        throw new HandlerFailure(err);
      }
      if (caseId) await this.savePosition(client, event, caseId, ctx);
      try {
        await client.query('COMMIT');
      } catch (err) {
        // A constraint checked at commit (deferred) or a serialization failure is the effect's
        // fault: retry / dead-letter. A lost connection is not.
        if (hasSqlState(err)) throw new HandlerFailure(err);
        throw err;
      }
      return 'applied';
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private async lockPosition(client: PoolClient, caseId: string, topic: string): Promise<CasePosition | null> {
    const { rows } = await client.query<PositionRow>(
      `SELECT case_id, topic, last_event_id, last_event_type, last_event_time, last_source_stream,
              last_source_revision, last_source_commit, last_source_prepare, last_partition,
              last_offset, applied_count
         FROM ${this.positions}
        WHERE consumer_group = $1 AND case_id = $2 AND topic = $3
        FOR UPDATE`,
      [this.groupId, caseId, topic],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      caseId: r.case_id,
      topic: r.topic,
      lastEventId: r.last_event_id,
      lastEventType: r.last_event_type,
      lastEventTime: r.last_event_time,
      lastSourceStream: r.last_source_stream,
      lastSourceRevision: r.last_source_revision === null ? null : Number(r.last_source_revision),
      lastSourcePosition:
        r.last_source_commit === null || r.last_source_prepare === null
          ? null
          : `${r.last_source_commit}/${r.last_source_prepare}`,
      lastPartition: r.last_partition,
      lastOffset: r.last_offset,
      appliedCount: Number(r.applied_count),
    };
  }

  private async savePosition(client: PoolClient, event: E, caseId: string, ctx: InboxMessageContext): Promise<void> {
    const { codec } = this.options;
    const [commit, prepare] = ctx.source.position?.split('/') ?? [null, null];
    const newer = isNewer(ctx);
    const values = [
      this.groupId,
      caseId,
      ctx.topic,
      codec.eventId(event),
      codec.eventType(event),
      codec.eventTime(event),
      ctx.source.streamId,
      ctx.source.revision,
      commit ?? null,
      prepare ?? null,
      ctx.partition,
      ctx.offset,
    ];
    if (!ctx.previous) {
      await client.query(
        `INSERT INTO ${this.positions} (consumer_group, case_id, topic, last_event_id, last_event_type, last_event_time,
           last_source_stream, last_source_revision, last_source_commit, last_source_prepare, last_partition, last_offset,
           applied_count, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, now())`,
        values,
      );
    } else if (newer) {
      await client.query(
        `UPDATE ${this.positions}
            SET last_event_id = $4, last_event_type = $5, last_event_time = $6, last_source_stream = $7,
                last_source_revision = $8, last_source_commit = $9, last_source_prepare = $10,
                last_partition = $11, last_offset = $12, applied_count = applied_count + 1, updated_at = now()
          WHERE consumer_group = $1 AND case_id = $2 AND topic = $3`,
        values,
      );
    } else {
      await client.query(
        `UPDATE ${this.positions} SET applied_count = applied_count + 1, updated_at = now()
          WHERE consumer_group = $1 AND case_id = $2 AND topic = $3`,
        values.slice(0, 3),
      );
    }
  }

  private afterDbCommit(): void {
    this.commitsSinceStart++;
    if (this.killAfter !== undefined && this.commitsSinceStart === this.killAfter) {
      this.logger.warn({ group: this.groupId, commits: this.commitsSinceStart }, 'test hook: SIGKILL after DB commit');
      process.kill(process.pid, 'SIGKILL');
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome> {
    const dlq = this.dlqTopicOf(topic);
    const out = toDeadLetterMessage(
      { key: message.key, value: message.value, headers: message.headers },
      {
        reason,
        error,
        originalTopic: topic,
        originalPartition: partition,
        originalOffset: message.offset,
        originalTimestamp: message.timestamp,
        consumerGroup: this.groupId,
        attempts,
        failedAt: new Date().toISOString(),
      },
    );
    let attempt = 0;
    for (;;) {
      if (this.stopping) return 'aborted';
      try {
        await this.dlqProducer!.send({ topic: dlq, messages: [out], acks: -1 });
        break;
      } catch (err) {
        attempt++;
        this.logger.warn({ group: this.groupId, dlq, attempt, ...errorInfo(err) }, 'DLQ produce failed, retrying');
        await this.pause(backoffDelay(attempt, this.infraBackoff), heartbeat);
      }
    }
    this.counters.deadLettered[reason]++;
    this.logger.warn(
      { group: this.groupId, topic, partition, offset: message.offset, dlq, reason, error },
      'message dead-lettered',
    );
    return 'dead-lettered';
  }

  /** Back-off that keeps the group membership alive (heartbeats) and ends early on stop(). */
  private async pause(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (!this.stopping) {
      const left = until - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(left, 1000), this.stopController.signal);
      await heartbeat().catch(() => undefined);
    }
  }
}

function sourceOf(message: KafkaMessage): InboxMessageContext['source'] {
  const revision = headerString(message.headers, SOURCE_HEADERS.streamRevision);
  const position = headerString(message.headers, SOURCE_HEADERS.globalPosition);
  return {
    streamId: headerString(message.headers, SOURCE_HEADERS.streamId) ?? null,
    revision: revision !== undefined && /^\d+$/.test(revision) ? Number(revision) : null,
    position: position !== undefined && /^-?\d+\/-?\d+$/.test(position) ? position : null,
  };
}

/** Is this message newer than the case's recorded position (by source position, else offset)? */
function isNewer(ctx: InboxMessageContext): boolean {
  const prev = ctx.previous;
  if (!prev) return true;
  if (ctx.source.position && prev.lastSourcePosition) {
    const [c1, p1] = ctx.source.position.split('/').map(BigInt) as [bigint, bigint];
    const [c0, p0] = prev.lastSourcePosition.split('/').map(BigInt) as [bigint, bigint];
    return c1 > c0 || (c1 === c0 && p1 > p0);
  }
  if (prev.lastPartition === ctx.partition) return BigInt(ctx.offset) > BigInt(prev.lastOffset);
  return true;
}

function hasSqlState(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && /^[0-9A-Z]{5}$/.test((err as { code: string }).code);
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
