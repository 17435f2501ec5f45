/**
 * Relay benchmark (issue 20): our EventRelay (event store → Kafka, idempotent producer, acks=all, checkpoint
 * per batch) against Kafka's own `org.apache.kafka.tools.ProducerPerformance` from the same kafka-tools jar,
 * same broker, same record size (~1 KB value), acks=all, enable.idempotence=true, 3-partition topics.
 * Prints ONE JSON object on stdout (progress on stderr).
 *
 *   npm run --silent bench:relay      (needs the broker: bash deploy/kafka/kafka.sh up)
 *
 * The relay drains a backlog of BENCH_RELAY_EVENTS events (appended before the clock starts, one case per
 * 10 events) from a fresh checkpoint until the broker acknowledged the last one and its checkpoint is
 * stored: the figure includes reading the global log, mapping, the CloudEvents encoding and the checkpoint
 * writes. ProducerPerformance sends the same number of 1 KB records (its own figure: records/s from its first
 * send to its last ack, JVM start excluded). The two run interleaved in BENCH_ROUNDS rounds.
 *
 * Env: TEST_DATABASE_URL, KAFKA_BROKERS, BENCH_RELAY_EVENTS (20000), BENCH_EVENT_BYTES (1024), BENCH_ROUNDS (3),
 *      KAFKA_CACHE_DIR (.cache/kafka: the jars are in its libs/).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase } from '@sa/database';
import { Pool } from 'pg';
import { logLevel } from 'kafkajs';
import { createIntegrationEvent, type IntegrationEvent } from '@sa/contracts';
import { PostgresEventStore, type NewEvent, type RecordedEvent } from '@sa/eventstore';
import { contractsCodec, createKafka, ensureTopics, EventRelay, kafkaBrokers, silentLogger } from '@sa/messaging';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 20_000);
const EVENT_BYTES = Number(process.env.BENCH_EVENT_BYTES ?? 1024);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const EVENTS_PER_CASE = 10;
const REPO = path.resolve(__dirname, '..');
const KAFKA_LIBS = path.join(process.env.KAFKA_CACHE_DIR ?? path.join(REPO, '.cache/kafka'), 'libs');
const CATEGORY = 'benchcase';

const log = (msg: string): void => {
  process.stderr.write(`[bench:relay] ${msg}\n`);
};
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const ACTOR = { id: 'officer-42', role: 'street_officer', jurisdiction: '330106001' };

function newEvent(caseId: string, seq: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'BenchWithdrawn',
    schemaVersion: 1,
    data: { caseId, seq },
    metadata: { correlationId: caseId, causationId: randomUUID(), actor: ACTOR, occurredAt: '2026-03-01T09:30:00+08:00' },
  };
}

/** The mapper: the real `ApplicationWithdrawn` contract, its note padded so that the Kafka value is ~EVENT_BYTES. */
let padding = '';
function mapper(recorded: RecordedEvent): IntegrationEvent {
  const { caseId, seq } = recorded.data as { caseId: string; seq: number };
  return createIntegrationEvent(
    'ApplicationWithdrawn',
    { caseId, caseNumber: `DB-330106001-2026-${String(seq).padStart(6, '0')}`, withdrawnOn: '2026-03-01', reason: 'OTHER', note: padding },
    {
      id: recorded.eventId,
      time: recorded.metadata.occurredAt,
      metadata: { correlationId: recorded.metadata.correlationId, causationId: recorded.metadata.causationId, actor: recorded.metadata.actor },
    },
  );
}

function calibratePadding(): number {
  const probe = (): number => {
    const m = contractsCodec.encode(mapper({ data: { caseId: randomUUID(), seq: 1 }, eventId: randomUUID(), metadata: newEvent(randomUUID(), 1).metadata } as unknown as RecordedEvent));
    return Buffer.byteLength(m.value as string | Buffer);
  };
  padding = 'x';
  padding = 'x'.repeat(Math.max(1, 1 + EVENT_BYTES - probe()));
  return probe();
}

interface PerfResult {
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  p99Ms: number;
}

/** Runs ProducerPerformance and parses its final summary line. */
function producerPerformance(topic: string, records: number): Promise<PerfResult> {
  const args = [
    '-Xmx256m',
    `-Dlog4j.configuration=file:${path.join(REPO, '.cache/kafka/run/tools-log4j.properties')}`,
    '-cp',
    `${KAFKA_LIBS}/*`,
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(EVENT_BYTES),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${kafkaBrokers().join(',')}`,
    'acks=all',
    'enable.idempotence=true',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : 'java', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // "100000 records sent, 2222.2 records/sec (2.17 MB/sec), 9735.27 ms avg latency, ..., 14734 ms 99th, ..."
      const m = /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency.*?([\d.]+) ms 99th/.exec(
        out.trim().split('\n').pop() ?? '',
      );
      if (code !== 0 || !m || Number(m[1]) !== records) {
        reject(new Error(`ProducerPerformance failed (exit ${code}):\n${out.slice(-2000)}\n${err.slice(-2000)}`));
        return;
      }
      resolve({ recordsPerSec: Number(m[2]), mbPerSec: Number(m[3]), avgLatencyMs: Number(m[4]), p99Ms: Number(m[5]) });
    });
  });
}

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  const pool = new Pool({ connectionString: DB_URL, max: 10 });
  const schema = `bench_relay_${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ clientId: 'sa-bench-relay', logger: silentLogger, logLevel: logLevel.ERROR });
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  try {
    await PostgresEventStore.migrate(pool, schema);
    const store = new PostgresEventStore({ pool, schema });
    const valueBytes = calibratePadding();

    log(`appending ${EVENTS} events (${EVENTS / EVENTS_PER_CASE} cases) to ${schema}`);
    let nextCase = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (nextCase < EVENTS / EVENTS_PER_CASE) {
          nextCase++;
          const caseId = randomUUID();
          await store.appendToStream(
            `${CATEGORY}-${caseId}`,
            Array.from({ length: EVENTS_PER_CASE }, (_, i) => newEvent(caseId, i)),
          );
        }
      }),
    );

    const relayRuns: Array<{ eventsPerSec: number; seconds: number; batches: number }> = [];
    const perfRuns: PerfResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const suffix = `${r}.${randomUUID().slice(0, 8)}`;
      const perfTopic = `bench.pp.${suffix}`;
      const relayTopic = `bench.relay.${suffix}`;
      await ensureTopics(kafka, [perfTopic, relayTopic], { numPartitions: 3 });

      const perf = await producerPerformance(perfTopic, EVENTS);
      perfRuns.push(perf);
      log(`round ${r + 1}: ProducerPerformance ${round(perf.recordsPerSec)} records/s`);

      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      let published = 0;
      const relay = new EventRelay<IntegrationEvent>({
        name: `bench-${suffix}`,
        store,
        pool,
        schema,
        streamCategories: [CATEGORY],
        topic: relayTopic,
        map: mapper,
        kafka,
        codec: contractsCodec,
        ensureTopic: false,
        fields: null,
        logger: silentLogger,
        onBatchPublished: (info) => {
          published += info.published;
          if (published >= EVENTS) done();
        },
      });
      const t0 = process.hrtime.bigint();
      await relay.start();
      await finished;
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const { batches } = relay.metrics();
      await relay.stop();
      relayRuns.push({ eventsPerSec: EVENTS / seconds, seconds, batches });
      log(`round ${r + 1}: relay ${round(EVENTS / seconds)} events/s (${batches} produce requests)`);
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [perfTopic, relayTopic] }).catch(() => undefined);
      await admin.disconnect();
    }

    const relayRate = median(relayRuns.map((x) => x.eventsPerSec));
    const perfRate = median(perfRuns.map((x) => x.recordsPerSec));
    const result = {
      bench: 'relay',
      events: EVENTS,
      valueBytes,
      rounds: ROUNDS,
      relay: { eventsPerSec: round(relayRate), runs: relayRuns.map((x) => ({ ...x, eventsPerSec: round(x.eventsPerSec), seconds: round(x.seconds, 2) })) },
      producerPerformance: {
        recordsPerSec: round(perfRate),
        settings: 'acks=all enable.idempotence=true, otherwise the producer defaults',
        runs: perfRuns,
      },
      ratios: { relayVsProducerPerformance: round(relayRate / perfRate, 2) },
      target: { relayVsProducerPerformance: 0.5 },
      loadavg: { start: loadAtStart, end: os.loadavg().map((x) => round(x, 2)) },
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    await store.close();
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
