import { Kafka, KafkaConfig, logCreator, logLevel, type Admin, type LogEntry } from 'kafkajs';
import { MessagingLogger, stderrLogger } from './logger';

/** `KAFKA_BROKERS` (comma-separated), default `127.0.0.1:9092`. */
export function kafkaBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/**
 * Routes kafkajs' own log lines into a MessagingLogger, dropping everything below `minLevel`
 * (default WARN): kafkajs is chatty at INFO (every join/rebalance/connection).
 */
export function kafkaLogCreator(logger: MessagingLogger = stderrLogger, minLevel: logLevel = logLevel.WARN): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      if (level > minLevel || level === logLevel.NOTHING) return;
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log as typeof log & { logger?: string };
      const obj = { component: `kafkajs.${namespace}`, ...extra };
      if (level === logLevel.ERROR) logger.error(obj, message);
      else if (level === logLevel.WARN) logger.warn(obj, message);
      else if (level === logLevel.INFO) logger.info(obj, message);
      else logger.debug(obj, message);
    };
}

export interface CreateKafkaOptions extends Partial<Omit<KafkaConfig, 'logCreator' | 'logLevel'>> {
  /** Kafka client id, `sa-<service>` by convention. */
  clientId: string;
  logger?: MessagingLogger;
  /** Lowest kafkajs level passed on to the logger (default WARN). */
  logLevel?: logLevel;
}

/** A kafkajs client with the project's defaults (brokers from `KAFKA_BROKERS`, quiet logging). */
export function createKafka(options: CreateKafkaOptions): Kafka {
  const { logger, logLevel: level, ...config } = options;
  const minLevel = level ?? logLevel.WARN;
  return new Kafka({
    brokers: kafkaBrokers(),
    connectionTimeout: 3000,
    retry: { initialRetryTime: 100, retries: 8 },
    ...config,
    logLevel: minLevel,
    logCreator: kafkaLogCreator(logger, minLevel),
  });
}

export interface EnsureTopicsOptions {
  numPartitions?: number;
  replicationFactor?: number;
}

/**
 * Creates the topics that do not exist yet and waits until every partition of every topic has a leader.
 * Safe when several services create the same topics at once on a fresh broker: "already exists" is
 * success, and metadata is re-read (bounded) until the leaders are known.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], options: EnsureTopicsOptions = {}): Promise<void> {
  const wanted = [...new Set(topics)];
  if (wanted.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Several services creating the same topics on a fresh broker race: kafkajs's own wait for the new
    // topics' metadata can give up with a retriable UNKNOWN_TOPIC_OR_PARTITION (seen under `npm start` on a
    // loaded machine: a service died at start-up). Such an error is retried (the topics are listed again).
    for (let attempt = 1; ; attempt++) {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((t) => !existing.has(t));
      if (missing.length === 0) break;
      try {
        await admin.createTopics({
          // leaders are awaited below, tolerating UNKNOWN_TOPIC_OR_PARTITION while the creation propagates
          waitForLeaders: false,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: options.numPartitions ?? 3,
            replicationFactor: options.replicationFactor ?? 1,
          })),
        });
        break;
      } catch (err) {
        if (isTopicAlreadyExists(err)) break;
        if (!isRetriable(err) || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
    await waitForLeaders(admin, wanted);
  } finally {
    await admin.disconnect();
  }
}

/** A kafkajs error marked retriable (also when wrapped: KafkaJSNumberOfRetriesExceeded keeps it as `cause`/`originalError`). */
export function isRetriable(err: unknown): boolean {
  for (let e = err as { retriable?: boolean; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.retriable === true) return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}

function isTopicAlreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: Array<{ type?: string }> };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS');
}

async function waitForLeaders(admin: Admin, topics: string[], attempts = 120, delayMs = 250): Promise<void> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const ready = meta.length === topics.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready) return;
    } catch (err) {
      lastError = err; // e.g. UNKNOWN_TOPIC_OR_PARTITION while another client's creation propagates
    }
    await new Promise((r) => setTimeout(r, delayMs));
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`Kafka topics without leaders after ${(attempts * delayMs) / 1000} s: ${topics.join(', ')}${reason}`);
}

/**
 * Fails with a clear message when no broker answers a metadata request within `timeoutMs`.
 * Tests call it first so that a missing broker is a loud failure, never a silent pass.
 */
export async function assertKafkaReachable(brokers: string[] = kafkaBrokers(), timeoutMs = 10_000): Promise<void> {
  const kafka = new Kafka({
    clientId: 'sa-messaging-probe',
    brokers,
    connectionTimeout: Math.min(timeoutMs, 3000),
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      return;
    } catch (err) {
      lastError = err;
      await admin.disconnect().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `Kafka broker not reachable at ${brokers.join(',')} (${reason}). Start it with: bash deploy/kafka/kafka.sh up`,
  );
}

/**
 * Commits a consumer group's offsets at the current end of `topic`, so a new group reads only what is
 * produced after (kafkajs' `resetOffsets({ earliest: false })` commits -1, which a consumer reads as "no
 * offset" and then starts from its own `fromBeginning`). On a fresh broker the topic's partitions may have
 * no leader yet, or the group coordinator (`__consumer_offsets`) may not exist yet: asked again once a
 * second, `attempts` times.
 */
export async function startGroupAtEnd(admin: Admin, groupId: string, topic: string, attempts = 30): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })) });
      return;
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
