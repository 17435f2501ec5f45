/**
 * Event-store benchmark: our PostgreSQL adapter vs @event-driven-io/emmett-postgresql vs raw SQL, same
 * database, same rows, same run. Prints ONE JSON object on stdout (progress goes to stderr).
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/eventstore.bench.ts
 *
 * Env: TEST_DATABASE_URL, BENCH_APPENDS (20000), BENCH_WRITERS (16), BENCH_EVENT_BYTES (1024),
 *      BENCH_STREAM_EVENTS (1000), BENCH_EVENTS_PER_STREAM (10), BENCH_READ_REPEAT (20), BENCH_PAGE (1000),
 *      BENCH_ROUNDS (4: the systems run interleaved in rounds so that background load hits all alike),
 *      BENCH_GROUP_COMMIT (ours's groupCommit, default the store's), BENCH_BATCH_EVENTS (1000), BENCH_BATCHES (5 per round).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { ensureDatabase } from '@sa/database';
import { Pool, types as pgTypes, type CustomTypesConfig } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PostgresEventStore, computeEventHash, type EventMetadata, type GlobalPosition, type NewEvent } from '@sa/eventstore';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const APPENDS = Number(process.env.BENCH_APPENDS ?? 20_000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
const EVENT_BYTES = Number(process.env.BENCH_EVENT_BYTES ?? 1024);
const STREAM_EVENTS = Number(process.env.BENCH_STREAM_EVENTS ?? 1000);
const EVENTS_PER_STREAM = Number(process.env.BENCH_EVENTS_PER_STREAM ?? 10);
const READ_REPEAT = Number(process.env.BENCH_READ_REPEAT ?? 20);
const PAGE = Number(process.env.BENCH_PAGE ?? 1000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
const WARMUP = Math.min(500, Math.floor(APPENDS / 10));
const GROUP_COMMIT = process.env.BENCH_GROUP_COMMIT === undefined ? undefined : Number(process.env.BENCH_GROUP_COMMIT);
const BATCH_EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 1000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 5);

const log = (msg: string): void => {
  process.stderr.write(`[bench] ${msg}\n`);
};

const META: EventMetadata = {
  correlationId: 'application-7d7a3c52-0d3e-4a55-9c55-2b8f0f0b7a10',
  causationId: 'cmd-bench',
  actor: { id: 'officer-42', role: 'street_officer', jurisdiction: '330106001' },
  occurredAt: '2026-03-01T09:30:00+08:00',
};

/** ~EVENT_BYTES of JSON data (a realistic-looking application payload padded with a note). */
function payload(seq: number): Record<string, unknown> {
  const base = {
    seq,
    applicant: { name: '张三', residentIdMasked: '330106********1234', phone: '138****5678' },
    household: [
      { relation: 'self', ageYears: 63, monthlyIncomeFen: 120000 },
      { relation: 'spouse', ageYears: 61, monthlyIncomeFen: 0 },
    ],
    address: '浙江省杭州市西湖区某街道某社区 12 幢 3 单元 401 室',
    requestedBenefit: 'minimum_living_allowance',
    note: '',
  };
  const size = Buffer.byteLength(JSON.stringify(base));
  base.note = 'x'.repeat(Math.max(0, EVENT_BYTES - size));
  return base;
}

const JSON_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 3802 || oid === 114
      ? (v: string) => JSON.parse(v) as unknown
      : oid === 20
        ? (v: string) => v
        : pgTypes.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

interface AppendRun {
  appends: number;
  seconds: number;
  latencies: number[];
}

interface AppendFigures {
  appends: number;
  seconds: number;
  appendsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

/**
 * N appends by W concurrent writers; each writer works on its own streams of EVENTS_PER_STREAM events,
 * one event per append, with an exact expected revision (what a command handler does).
 */
async function runAppends(
  n: number,
  appendOne: (stream: string, revision: number, seq: number) => Promise<void>,
): Promise<AppendRun> {
  let next = 0;
  const latencies: number[] = [];
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      let stream = '';
      let revision = EVENTS_PER_STREAM;
      for (;;) {
        const seq = next++;
        if (seq >= n) return;
        if (revision >= EVENTS_PER_STREAM) {
          stream = `benchCase-${randomUUID()}`;
          revision = 0;
        }
        const s = process.hrtime.bigint();
        await appendOne(stream, revision, seq);
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
        revision += 1;
      }
    }),
  );
  return { appends: n, seconds: Number(process.hrtime.bigint() - t0) / 1e9, latencies };
}

function appendFigures(runs: AppendRun[]): AppendFigures {
  const appends = runs.reduce((a, r) => a + r.appends, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    appends,
    seconds: round(seconds, 2),
    appendsPerSec: round(appends / seconds, 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs the systems' jobs interleaved, rotating who goes first, so background load hits all alike. */
async function interleaved<K extends string, T>(
  rounds: number,
  jobs: Record<K, () => Promise<T>>,
): Promise<Record<K, T[]>> {
  const keys = Object.keys(jobs) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[(r + i) % keys.length]!;
      out[k].push(await jobs[k]());
    }
  }
  return out;
}

async function timeMs(fn: () => Promise<number>): Promise<{ events: number; ms: number }> {
  const t = process.hrtime.bigint();
  const events = await fn();
  return { events, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

function readFigures(samples: Array<{ events: number; ms: number }>): { events: number; medianMs: number; eventsPerSec: number } {
  const ms = median(samples.map((x) => x.ms));
  const events = samples[0]!.events;
  return { events, medianMs: round(ms, 2), eventsPerSec: round((events / ms) * 1000, 0) };
}

function scanFigures(samples: Array<{ events: number; ms: number }>): { events: number; seconds: number; eventsPerSec: number } {
  const ms = median(samples.map((x) => x.ms));
  const events = samples[0]!.events;
  return { events, seconds: round(ms / 1000, 3), eventsPerSec: round((events / ms) * 1000, 0) };
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

interface EmmettStore {
  appendToStream(
    stream: string,
    events: Array<{ type: string; data: unknown; metadata?: unknown }>,
    options?: { expectedStreamVersion?: unknown },
  ): Promise<{ nextExpectedStreamVersion: bigint }>;
  readStream(stream: string): Promise<{ events: unknown[] }>;
  close(): Promise<void>;
}

async function loadEmmett(): Promise<{
  getPostgreSQLEventStore: (cs: string, o?: unknown) => EmmettStore;
  readMessagesBatch: (
    execute: unknown,
    o: { after: bigint; batchSize: number },
  ) => Promise<{ messages: Array<{ metadata: { globalPosition: bigint } }>; areMessagesLeft: boolean }>;
}> {
  try {
    // The package ships a CommonJS build (exports.require); emmett is a devDependency used here only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@event-driven-io/emmett-postgresql');
  } catch {
    // ESM-only builds: fall back to a real dynamic import (not rewritten to require by ts-node)
    const dynamicImport = new Function('s', 'return import(s)') as (s: string) => Promise<never>;
    return dynamicImport('@event-driven-io/emmett-postgresql');
  }
}

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  const suffix = randomBytes(4).toString('hex');
  const oursSchema = `bench_ours_${suffix}`;
  const oursColdSchema = `bench_ourscold_${suffix}`;
  const oursSoloSchema = `bench_ourssolo_${suffix}`;
  const emmettSchema = `bench_emmett_${suffix}`;
  const rawSchema = `bench_raw_${suffix}`;
  const admin = new Pool({ connectionString: DB_URL, max: 2 });
  const oursPool = new Pool({ connectionString: DB_URL, max: WRITERS });
  const rawPool = new Pool({ connectionString: DB_URL, max: WRITERS });
  const emmettUrl = withSearchPath(DB_URL, emmettSchema);
  const emmettPool = new Pool({ connectionString: emmettUrl, max: WRITERS });
  const result: Record<string, unknown> = {};
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  const { rows: pgv } = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);

  try {
    // ---------------------------------------------------------------- set-up
    await PostgresEventStore.migrate(oursPool, oursSchema);
    const ours = new PostgresEventStore({
      pool: oursPool,
      schema: oursSchema,
      ...(GROUP_COMMIT !== undefined ? { groupCommit: GROUP_COMMIT } : {}),
    });
    // Same store without group commit: every append its own statement and transaction.
    await PostgresEventStore.migrate(oursPool, oursSoloSchema);
    const oursSolo = new PostgresEventStore({ pool: oursPool, schema: oursSoloSchema, groupCommit: 0 });
    // Same store without the in-process head cache: an append with an exact revision reads the head first.
    // (its own schema, so that every variant's log holds the same number of rows)
    await PostgresEventStore.migrate(oursPool, oursColdSchema);
    const oursCold = new PostgresEventStore({ pool: oursPool, schema: oursColdSchema, headCacheSize: 0 });
    await admin.query(`CREATE SCHEMA "${emmettSchema}"`);
    await admin.query(`CREATE SCHEMA "${rawSchema}"`);
    await admin.query(`
      CREATE TABLE "${rawSchema}".events (
        position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL,
        type text NOT NULL, schema_version int NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
        prev_hash text, hash text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_id, revision))`);
    const emmettMod = await loadEmmett();
    const emmett = emmettMod.getPostgreSQLEventStore(emmettUrl, { connectionOptions: { pool: emmettPool } });

    const event = (seq: number): NewEvent => ({
      eventId: randomUUID(),
      type: 'intake.ApplicationSubmitted',
      schemaVersion: 1,
      data: payload(seq),
      metadata: META,
    });
    const rawInsert = async (stream: string, revision: number, seq: number): Promise<void> => {
      const e = event(seq);
      await rawPool.query({
        text: `INSERT INTO "${rawSchema}".events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        values: [stream, revision, e.eventId, e.type, 1, JSON.stringify(e.data), JSON.stringify(e.metadata), null, 'h'],
      });
    };
    const emmettVersions = new Map<string, bigint>();
    const emmettAppend = async (stream: string, revision: number, seq: number): Promise<void> => {
      const e = event(seq);
      const res = await emmett.appendToStream(stream, [{ type: e.type, data: e.data, metadata: e.metadata }], {
        expectedStreamVersion: revision === 0 ? 'STREAM_DOES_NOT_EXIST' : emmettVersions.get(stream),
      });
      emmettVersions.set(stream, res.nextExpectedStreamVersion);
    };
    const oursAppend = async (stream: string, revision: number, seq: number): Promise<void> => {
      await ours.appendToStream(stream, [event(seq)], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
    };
    const oursSoloAppend = async (stream: string, revision: number, seq: number): Promise<void> => {
      await oursSolo.appendToStream(stream, [event(seq)], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
    };
    const oursColdAppend = async (stream: string, revision: number, seq: number): Promise<void> => {
      await oursCold.appendToStream(stream, [event(seq)], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
    };
    log(`event data ≈ ${Buffer.byteLength(JSON.stringify(payload(0)))} bytes; ${APPENDS} appends per variant (ours, ours without group commit, ours without head cache, emmett, raw), ${WRITERS} writers, ${ROUNDS} interleaved rounds`);

    // ---------------------------------------------------------------- appends
    await runAppends(WARMUP, oursAppend);
    await runAppends(WARMUP, emmettAppend);
    await runAppends(WARMUP, rawInsert);
    await runAppends(WARMUP, oursColdAppend);
    await runAppends(WARMUP, oursSoloAppend);
    const perRound = Math.ceil(APPENDS / ROUNDS);
    const appendRuns = await interleaved(ROUNDS, {
      ours: () => runAppends(perRound, oursAppend),
      emmett: () => runAppends(perRound, emmettAppend),
      raw: () => runAppends(perRound, rawInsert),
      oursNoHeadCache: () => runAppends(perRound, oursColdAppend),
      oursNoGroupCommit: () => runAppends(perRound, oursSoloAppend),
    });
    const appendOurs = appendFigures(appendRuns.ours);
    const appendEmmett = appendFigures(appendRuns.emmett);
    const appendRaw = appendFigures(appendRuns.raw);
    const appendOursCold = appendFigures(appendRuns.oursNoHeadCache);
    const appendOursSolo = appendFigures(appendRuns.oursNoGroupCommit);
    log(
      `appends/s: ours ${appendOurs.appendsPerSec} (no head cache ${appendOursCold.appendsPerSec}, no group commit ${appendOursSolo.appendsPerSec}), ` +
        `emmett ${appendEmmett.appendsPerSec}, raw ${appendRaw.appendsPerSec}`,
    );

    // ---------------------------------------------------------------- batch append
    // BATCH_EVENTS events per call, one event per new stream (the payment run's shape: one payment stream
    // per entitlement), against raw multi-row INSERTs of the same rows into the raw table (no chain, no
    // heads, no idempotency): VALUES with parameters, and one jsonb parameter unpacked by jsonb_to_recordset.
    log(`batch append: ${BATCH_EVENTS} events per call, ${BATCHES} calls per round`);
    const batchOnce = async (): Promise<number> => {
      const items = Array.from({ length: BATCH_EVENTS }, (_, k) => ({
        streamId: `benchPay-${randomUUID()}`,
        expectedRevision: 'no_stream' as const,
        events: [event(k)],
      }));
      await ours.appendBatch(items);
      return BATCH_EVENTS;
    };
    const rawValuesOnce = async (): Promise<number> => {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let k = 0; k < BATCH_EVENTS; k++) {
        const e = event(k);
        const b = values.length;
        values.push(`benchPay-${randomUUID()}`, 0, e.eventId, e.type, 1, JSON.stringify(e.data), JSON.stringify(e.metadata), null, 'h');
        tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`);
      }
      await rawPool.query(
        `INSERT INTO "${rawSchema}".events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
         VALUES ${tuples.join(', ')}`,
        values,
      );
      return BATCH_EVENTS;
    };
    const rawJsonbOnce = async (): Promise<number> => {
      const rows = Array.from({ length: BATCH_EVENTS }, (_, k) => {
        const e = event(k);
        return { stream_id: `benchPay-${randomUUID()}`, revision: 0, event_id: e.eventId, type: e.type, data: e.data, metadata: e.metadata, prev_hash: null, hash: 'h' };
      });
      await rawPool.query(
        `INSERT INTO "${rawSchema}".events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
         SELECT r.stream_id, r.revision, r.event_id, r.type, 1, r.data, r.metadata, r.prev_hash, r.hash
           FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, revision bigint, event_id uuid, type text, data jsonb, metadata jsonb, prev_hash text, hash text)`,
        [JSON.stringify(rows)],
      );
      return BATCH_EVENTS;
    };
    const rawCopyOnce = async (): Promise<number> => {
      const esc = (t: string): string => (t.includes('\\') ? t.replace(/\\/g, '\\\\') : t);
      const lines: string[] = [];
      for (let k = 0; k < BATCH_EVENTS; k++) {
        const e = event(k);
        lines.push(`benchPay-${randomUUID()}\t0\t${e.eventId}\t${e.type}\t1\t${esc(JSON.stringify(e.data))}\t${esc(JSON.stringify(e.metadata))}\t\\N\th\n`);
      }
      const client = await rawPool.connect();
      try {
        const stream = client.query(
          copyFrom(`COPY "${rawSchema}".events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash) FROM STDIN`),
        );
        await new Promise<void>((resolve, reject) => {
          stream.on('error', reject);
          stream.on('finish', resolve);
          stream.end(lines.join(''));
        });
      } finally {
        client.release();
      }
      return BATCH_EVENTS;
    };
    const batchRounds = (once: () => Promise<number>) => async (): Promise<{ events: number; ms: number }> =>
      timeMs(async () => {
        let n = 0;
        for (let b = 0; b < BATCHES; b++) n += await once();
        return n;
      });
    await batchOnce();
    await rawValuesOnce();
    await rawJsonbOnce();
    await rawCopyOnce();
    const batches = await interleaved(ROUNDS, {
      ours: batchRounds(batchOnce),
      rawValues: batchRounds(rawValuesOnce),
      rawJsonb: batchRounds(rawJsonbOnce),
      rawCopy: batchRounds(rawCopyOnce),
    });
    const batchFigures = (samples: Array<{ events: number; ms: number }>) => {
      const events = samples.reduce((a, x) => a + x.events, 0);
      const ms = samples.reduce((a, x) => a + x.ms, 0);
      return { events, seconds: round(ms / 1000, 2), eventsPerSec: round((events / ms) * 1000, 0) };
    };
    const batchOurs = batchFigures(batches.ours);
    const batchRawValues = batchFigures(batches.rawValues);
    const batchRawJsonb = batchFigures(batches.rawJsonb);
    const batchRawCopy = batchFigures(batches.rawCopy);
    const batchRawBest = Math.max(batchRawValues.eventsPerSec, batchRawJsonb.eventsPerSec);
    log(`batch events/s: ours ${batchOurs.eventsPerSec}, raw VALUES ${batchRawValues.eventsPerSec}, raw jsonb ${batchRawJsonb.eventsPerSec}, raw COPY ${batchRawCopy.eventsPerSec}`);

    // ---------------------------------------------------------------- one long stream
    const longOurs = `benchLong-${randomUUID()}`;
    const longEmmett = `benchLong-${randomUUID()}`;
    const longRaw = `benchLong-${randomUUID()}`;
    for (let i = 0; i < STREAM_EVENTS; i += 100) {
      const batch = Array.from({ length: Math.min(100, STREAM_EVENTS - i) }, (_, k) => event(i + k));
      await ours.appendToStream(longOurs, batch, { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
      await emmett.appendToStream(
        longEmmett,
        batch.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
      );
    }
    {
      let prev: string | null = null;
      const rows = Array.from({ length: STREAM_EVENTS }, (_, revision) => {
        const e = event(revision);
        const hash = computeEventHash({ prevHash: prev, streamId: longRaw, revision, eventId: e.eventId, type: e.type, schemaVersion: 1, data: e.data, metadata: e.metadata });
        const row = { stream_id: longRaw, revision, event_id: e.eventId, type: e.type, data: e.data, metadata: e.metadata, prev_hash: prev, hash };
        prev = hash;
        return row;
      });
      await rawPool.query(
        `INSERT INTO "${rawSchema}".events (stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash)
         SELECT r.stream_id, r.revision, r.event_id, r.type, 1, r.data, r.metadata, r.prev_hash, r.hash
           FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, revision bigint, event_id uuid, type text, data jsonb, metadata jsonb, prev_hash text, hash text)`,
        [JSON.stringify(rows)],
      );
    }
    log('readStream');
    const readRawOnce = async (): Promise<number> => {
      const { rows } = await rawPool.query({
        text: `SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash, recorded_at
                 FROM "${rawSchema}".events WHERE stream_id = $1 ORDER BY revision`,
        values: [longRaw],
        types: JSON_TYPES,
      });
      return rows.length;
    };
    const reads = await interleaved(READ_REPEAT + 1, {
      ours: () => timeMs(async () => (await ours.readStream(longOurs)).length),
      emmett: () => timeMs(async () => (await emmett.readStream(longEmmett)).events.length),
      raw: () => timeMs(readRawOnce),
    });
    const readOurs = readFigures(reads.ours.slice(1)); // first round = warm-up
    const readEmmett = readFigures(reads.emmett.slice(1));
    const readRaw = readFigures(reads.raw.slice(1));

    // ---------------------------------------------------------------- full scan of the global log
    log('readAll scan');
    const scanOursOnce = async (): Promise<number> => {
      let after: GlobalPosition | undefined;
      let n = 0;
      for (;;) {
        const page = await ours.readAll({ after, maxCount: PAGE });
        n += page.length;
        if (page.length < PAGE) return n;
        after = page[page.length - 1]!.position;
      }
    };
    const scanRawOnce = async (): Promise<number> => {
      let after = '0';
      let n = 0;
      for (;;) {
        const { rows } = await rawPool.query<{ position: string }>({
          text: `SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata, prev_hash, hash, recorded_at
                   FROM "${rawSchema}".events WHERE position > $1 ORDER BY position LIMIT $2`,
          values: [after, PAGE],
          types: JSON_TYPES,
        });
        n += rows.length;
        if (rows.length < PAGE) return n;
        after = rows[rows.length - 1]!.position;
      }
    };
    let scanEmmettOnce: (() => Promise<number>) | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { dumbo } = require('@event-driven-io/dumbo') as { dumbo: (o: unknown) => { execute: unknown } };
      const db = dumbo({ connectionString: emmettUrl, pool: emmettPool });
      scanEmmettOnce = async () => {
        let after = 0n;
        let n = 0;
        for (;;) {
          const batch = await emmettMod.readMessagesBatch(db.execute, { after, batchSize: PAGE });
          n += batch.messages.length;
          if (batch.messages.length < PAGE) return n;
          after = batch.messages[batch.messages.length - 1]!.metadata.globalPosition;
        }
      };
    } catch (err) {
      log(`emmett scan skipped: ${(err as Error).message}`);
    }
    const scanRounds = Math.max(3, ROUNDS);
    const scans = await interleaved(scanRounds, {
      ours: () => timeMs(scanOursOnce),
      raw: () => timeMs(scanRawOnce),
      emmett: () => (scanEmmettOnce ? timeMs(scanEmmettOnce) : Promise.resolve({ events: 0, ms: 0 })),
    });
    const scanOurs = scanFigures(scans.ours);
    const scanRaw = scanFigures(scans.raw);
    const scanEmmett = scanEmmettOnce ? scanFigures(scans.emmett) : null;

    const ratio = (a: number, b: number | undefined): number | null => (b ? round(a / b, 2) : null);
    Object.assign(result, {
      benchmark: 'eventstore',
      adapter: 'postgresql',
      config: {
        appends: APPENDS,
        writers: WRITERS,
        eventDataBytes: Buffer.byteLength(JSON.stringify(payload(0))),
        eventsPerStream: EVENTS_PER_STREAM,
        streamEvents: STREAM_EVENTS,
        readRepeat: READ_REPEAT,
        page: PAGE,
        cpus: os.cpus().length,
        node: process.version,
        postgres: pgv[0]!.v,
        rounds: ROUNDS,
        groupCommit: GROUP_COMMIT ?? 'default',
        batchEvents: BATCH_EVENTS,
        batchesPerRound: BATCHES,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
      },
      append: { ours: appendOurs, oursNoGroupCommit: appendOursSolo, oursNoHeadCache: appendOursCold, emmett: appendEmmett, raw: appendRaw },
      batchAppend: { ours: batchOurs, rawValues: batchRawValues, rawJsonb: batchRawJsonb, rawCopy: batchRawCopy },
      readStream: { ours: readOurs, emmett: readEmmett, raw: readRaw },
      readAll: { ours: scanOurs, emmett: scanEmmett, raw: scanRaw },
      ratios: {
        note: 'throughput ratios: > 1 means ours is faster',
        appendOursVsEmmett: ratio(appendOurs.appendsPerSec, appendEmmett.appendsPerSec),
        appendOursVsRaw: ratio(appendOurs.appendsPerSec, appendRaw.appendsPerSec),
        appendOursNoHeadCacheVsEmmett: ratio(appendOursCold.appendsPerSec, appendEmmett.appendsPerSec),
        appendOursNoGroupCommitVsEmmett: ratio(appendOursSolo.appendsPerSec, appendEmmett.appendsPerSec),
        appendOursNoGroupCommitVsRaw: ratio(appendOursSolo.appendsPerSec, appendRaw.appendsPerSec),
        batchOursVsRaw: ratio(batchOurs.eventsPerSec, batchRawBest),
        batchOursVsRawValues: ratio(batchOurs.eventsPerSec, batchRawValues.eventsPerSec),
        batchOursVsRawJsonb: ratio(batchOurs.eventsPerSec, batchRawJsonb.eventsPerSec),
        batchOursVsRawCopy: ratio(batchOurs.eventsPerSec, batchRawCopy.eventsPerSec),
        readStreamOursVsEmmett: ratio(readOurs.eventsPerSec, readEmmett.eventsPerSec),
        readStreamOursVsRaw: ratio(readOurs.eventsPerSec, readRaw.eventsPerSec),
        readAllOursVsEmmett: scanEmmett ? ratio(scanOurs.eventsPerSec, scanEmmett.eventsPerSec) : null,
        readAllOursVsRaw: ratio(scanOurs.eventsPerSec, scanRaw.eventsPerSec),
      },
    });
    await ours.close();
    await oursCold.close();
    await oursSolo.close();
    await emmett.close().catch(() => undefined);
  } finally {
    for (const s of [oursSchema, oursColdSchema, oursSoloSchema, emmettSchema, rawSchema]) {
      await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    }
    await Promise.all([oursPool, rawPool, emmettPool, admin].map((p) => p.end().catch(() => undefined)));
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
