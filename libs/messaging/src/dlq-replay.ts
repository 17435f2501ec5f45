import type { Kafka, KafkaMessage } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { readDeadLetterInfo, stripDeadLetterHeaders, type DeadLetterInfo } from './dlq';
import { errorInfo, stderrLogger, type MessagingLogger } from './logger';

export interface ReplayDeadLettersOptions {
  kafka: Kafka;
  /** e.g. `sa.verification.events.dlq`. */
  dlqTopic: string;
  /**
   * Consumer group of the replay. Reusing a group continues where the previous replay stopped;
   * a new group id replays the DLQ from its beginning.
   */
  groupId: string;
  /** Which dead letters to re-publish (default: all). The others are passed over. */
  filter?: (info: DeadLetterInfo, message: KafkaMessage) => boolean;
  /** Where to re-publish (default: the original topic from `x-dlq-original-topic`). */
  targetTopic?: (info: DeadLetterInfo) => string;
  /** Give up if the DLQ is not drained within this time (default 60 s). */
  timeoutMs?: number;
  logger?: MessagingLogger;
}

export interface ReplayDeadLettersResult {
  replayed: number;
  passedOver: number;
}

/**
 * Re-publishes dead letters to their original topic (same key, value and original headers; the
 * `x-dlq-*` headers are removed and `x-dlq-replayed-at` added), up to the DLQ's end as of the call,
 * then returns. The event id is unchanged, so consumers whose inbox already holds it skip it, and
 * the others apply it now. The replayed message lands behind newer events of the same case.
 */
export async function replayDeadLetters(options: ReplayDeadLettersOptions): Promise<ReplayDeadLettersResult> {
  const { kafka, dlqTopic } = options;
  const logger = options.logger ?? stderrLogger;
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  const remaining = new Set<number>();
  try {
    for (const p of await admin.fetchTopicOffsets(dlqTopic)) {
      ends.set(p.partition, BigInt(p.high));
      if (BigInt(p.high) > 0n) remaining.add(p.partition);
    }
    // Partitions this group has already replayed up to the end are done before any message arrives.
    for (const t of await admin.fetchOffsets({ groupId: options.groupId, topics: [dlqTopic] })) {
      for (const p of t.partitions) {
        const end = ends.get(p.partition);
        if (end !== undefined && p.offset !== '-1' && BigInt(p.offset) >= end) remaining.delete(p.partition);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const result: ReplayDeadLettersResult = { replayed: 0, passedOver: 0 };
  if (remaining.size === 0) return result;

  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId: options.groupId });
  await producer.connect();
  await consumer.connect();
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const timer = setTimeout(
    () => fail(new Error(`replayDeadLetters: ${dlqTopic} not drained within ${options.timeoutMs ?? 60_000} ms`)),
    options.timeoutMs ?? 60_000,
  );

  try {
    await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const end = ends.get(partition) ?? 0n;
        if (BigInt(message.offset) >= end) return; // arrived after the call: next replay
        const info = readDeadLetterInfo(message.headers);
        if (info && (options.filter?.(info, message) ?? true)) {
          const target = options.targetTopic?.(info) ?? info.originalTopic;
          await producer.send({
            topic: target,
            acks: -1,
            messages: [
              {
                key: message.key,
                value: message.value,
                headers: { ...stripDeadLetterHeaders(message.headers), 'x-dlq-replayed-at': new Date().toISOString() },
              },
            ],
          });
          result.replayed++;
        } else {
          result.passedOver++;
        }
        const next = (BigInt(message.offset) + 1n).toString();
        await consumer.commitOffsets([{ topic, partition, offset: next }]);
        if (BigInt(next) >= end) {
          remaining.delete(partition);
          if (remaining.size === 0) finish();
        }
      },
    });
    await done;
  } catch (err) {
    logger.error({ dlqTopic, ...errorInfo(err) }, 'DLQ replay failed');
    throw err;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
  }
  return result;
}
