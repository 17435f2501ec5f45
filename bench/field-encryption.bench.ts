/**
 * Field-encryption benchmark (issue 18): append throughput of the PostgreSQL event store without
 * and with `EncryptingEventStore` (SM4-CTR + HMAC-SM3, and AES-256-GCM), same database, same
 * events, same run; the variants run interleaved in rounds so that background load hits all alike.
 * Each event is an application-sized payload with personal fields (names, resident IDs, phone,
 * address, health, income), one data key per case (subject = correlation id), CASES cases.
 * Prints ONE JSON object on stdout (progress on stderr).
 *
 *   npm run --silent bench:field-encryption
 *
 * Env: TEST_DATABASE_URL, BENCH_APPENDS (4000 per variant and round), BENCH_WRITERS (8),
 *      BENCH_CASES (400), BENCH_ROUNDS (3), BENCH_VARIANTS (plain,sm4,aes; `profile` = plain,row-only,keys-only,sm4).
 *
 * The profile variants split the encrypted append's cost (issue 18: where does the time go):
 *   row-only   the plain store appends events sealed BEFORE the timing (same case keys): only the larger row
 *   keys-only  each append first asks DataKeys for its case's key (created on first use), then appends in clear:
 *              only the key look-ups / creations
 *   sm4        both, plus the encryption on the append path
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { DataKeys, EncryptingEventStore, FieldEncryptor, LocalKeyring, type SuiteId } from '@sa/crypto';
import { PostgresEventStore, type EventStore, type NewEvent } from '@sa/eventstore';
import { applicationDraftData } from './support/field-events';

const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
const APPENDS = Number(process.env.BENCH_APPENDS ?? 4000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const CASES = Number(process.env.BENCH_CASES ?? 400);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP ?? 400));
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'plain,sm4,aes').trim() === 'profile' ? ['plain', 'row-only', 'keys-only', 'sm4'] : (process.env.BENCH_VARIANTS ?? 'plain,sm4,aes').split(',').map((v) => v.trim());

const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

function event(caseId: string, seq: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ApplicationDraftRevised',
    schemaVersion: 1,
    data: applicationDraftData(caseId, seq),
    metadata: {
      correlationId: caseId,
      causationId: `cmd-${seq}`,
      actor: { id: 'officer-42', role: 'community_officer', jurisdiction: '330106001001' },
      occurredAt: '2026-03-02T09:30:00+08:00',
    },
  };
}

type MakeEvent = (caseId: string, seq: number) => NewEvent;

/**
 * Statements this process sent to PostgreSQL (every pg Client's query, the pool's included): per append, it says
 * whether the encrypted appends reach the group commit in fewer, larger groups or in more, smaller ones (each
 * statement costs driver CPU: building, writev, parsing the answer) and how many key statements they add.
 */
let statements = 0;
/** The same statements by kind: `write` (the event store's group-commit / append statement), `head` (its head read), `notify`, `key` (data keys), `other`. */
const statementsByKind: Record<string, number> = { write: 0, head: 0, notify: 0, key: 0, other: 0 };
function kindOf(arg: unknown): string {
  const text = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null ? String((arg as { text?: unknown }).text ?? '') : '';
  if (text.includes('data_keys')) return 'key';
  if (text.includes('pg_notify')) return 'notify';
  if (text.includes('jsonb_to_recordset')) return 'write';
  if (text.includes('LEFT JOIN') && text.includes('.streams h')) return 'head';
  return 'other';
}
const clientQuery = Client.prototype.query as (...args: unknown[]) => unknown;
(Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: Client, ...args: unknown[]) {
  statements++;
  statementsByKind[kindOf(args[0])]!++;
  return clientQuery.apply(this, args);
};

/**
 * CPU time (µs, user + system) of the PostgreSQL backends serving this bench's pool (found by application_name in
 * pg_stat_activity, read from /proc/<pid>/stat: the server must be local; undefined otherwise). Per append it is the
 * server's side of the cost — parsing and planning each statement, the inserts, jsonb, commits —, which the node
 * figure leaves out; not the WAL writer's or checkpointer's.
 */
const APP_NAME = `sa-bench-fe-${process.pid}`;
let backendPids: number[] = [];
function backendCpuMicros(): number | undefined {
  let total = 0;
  for (const pid of backendPids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * (1e6 / 100); // utime + stime, in clock ticks (USER_HZ 100)
    } catch {
      return undefined;
    }
  }
  return total;
}

interface RoundResult {
  seconds: number;
  cpuMicrosPerAppend: number;
  /** of which in the kernel (system time: the loopback TCP writes to PostgreSQL are most of it) */
  systemCpuMicrosPerAppend: number;
  statementsPerAppend: number;
  statementsPerAppendByKind: Record<string, number>;
  pgBackendCpuMicrosPerAppend: number | undefined;
}

async function appendAll(store: EventStore, cases: string[], prefix: string, make: MakeEvent = event, appends = APPENDS): Promise<RoundResult> {
  let next = 0;
  const statements0 = statements;
  const byKind0 = { ...statementsByKind };
  const pg0 = backendCpuMicros();
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (;;) {
        const seq = next++;
        if (seq >= appends) return;
        const caseId = cases[seq % cases.length]!;
        await store.appendToStream(`${prefix}-${caseId}`, [make(caseId, seq)]);
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const pg1 = backendCpuMicros();
  return {
    pgBackendCpuMicrosPerAppend: pg0 === undefined || pg1 === undefined ? undefined : (pg1 - pg0) / appends,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuMicrosPerAppend: (cpu.user + cpu.system) / appends,
    systemCpuMicrosPerAppend: cpu.system / appends,
    statementsPerAppend: (statements - statements0) / appends,
    statementsPerAppendByKind: Object.fromEntries(Object.keys(statementsByKind).map((k) => [k, Math.round(((statementsByKind[k]! - byKind0[k]!) / appends) * 1000) / 1000])),
  };
}

function roundSlowdowns(plain: number[], variant: number[]): number[] {
  return plain.map((p, i) => Math.round((1 - p / variant[i]!) * 1000) / 10);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function medianOrNull(xs: (number | undefined)[]): number | null {
  return xs.some((x) => x === undefined) ? null : Math.round(median(xs as number[]));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : Math.round(((sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2) * 10) / 10;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg().map((l) => Math.round(l * 10) / 10);
  const suffix = randomBytes(3).toString('hex');
  // connections kept open (idle ones are not closed): their backends' CPU is read before and after each round
  const pool = new Pool({ connectionString: DB_URL, max: WRITERS + 2, idleTimeoutMillis: 0, application_name: APP_NAME });
  const schema = `bench_fe_${suffix}`;
  const cryptoSchema = `bench_fe_keys_${suffix}`;
  try {
    await PostgresEventStore.migrate(pool, schema);
    const raw = new PostgresEventStore({ pool, schema });
    const keys = new DataKeys(pool, new LocalKeyring(join(mkdtempSync(join(os.tmpdir(), 'sa-bench-kr-')), 'keyring.json')), { schema: cryptoSchema });
    await keys.migrate();
    // keys-only: the key look-up (or creation) of each append's case, then the clear append.
    const keysOnly: EventStore = Object.create(raw) as EventStore;
    keysOnly.appendToStream = async (streamId, events, options) => {
      for (const e of events) await keys.keyFor(e.metadata.correlationId);
      return raw.appendToStream(streamId, events, options);
    };
    const all: { name: string; key: string; store: EventStore; suite?: SuiteId; presealed?: boolean }[] = [
      { name: 'plain', key: 'plain', store: raw },
      { name: 'row-only (sealed before timing)', key: 'row-only', store: raw, presealed: true },
      { name: 'keys-only (look-up, no encryption)', key: 'keys-only', store: keysOnly },
      { name: 'sm4-ctr+hmac-sm3', key: 'sm4', store: new EncryptingEventStore(raw, new FieldEncryptor(keys, { suite: 's4' })), suite: 's4' },
      { name: 'aes-256-gcm', key: 'aes', store: new EncryptingEventStore(raw, new FieldEncryptor(keys, { suite: 'a2' })), suite: 'a2' },
    ];
    const variants = all.filter((v) => VARIANTS.includes(v.key));
    if (!variants.some((v) => v.key === 'plain')) throw new Error('BENCH_VARIANTS must include plain (the baseline)');
    const sealer = new FieldEncryptor(keys, { suite: 's4' });
    const seconds: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    // CPU time of this process (the writers, the encryption, the pg driver; not PostgreSQL's) per append.
    const cpuPerAppend: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    const statementsPerAppend: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    const systemCpuPerAppend: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    const byKind: Record<string, Record<string, number>[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    // every connection of the pool opened now, and the PIDs of their backends noted
    const clients = await Promise.all(Array.from({ length: WRITERS + 2 }, () => pool.connect()));
    for (const c of clients) c.release();
    backendPids = (await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [APP_NAME])).rows.map((r) => r.pid);
    const pgCpuPerAppend: Record<string, (number | undefined)[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    // Warm-up, untimed: every variant once on WARMUP appends of its own fresh cases, so that the JIT's compilation
    // of the append path is not charged to whichever variant runs first.
    for (const v of variants) {
      const cases = Array.from({ length: Math.max(1, Math.round(CASES / 10)) }, () => randomUUID());
      await appendAll(v.store, cases, 'warmup', event, WARMUP);
    }
    // The 1-minute load average, sampled every second while the rounds run (the machine is shared: the figure
    // to read the slowdowns against), and its mean over each round.
    const loadSamples: number[] = [];
    const sampler = setInterval(() => loadSamples.push(os.loadavg()[0]!), 1000);
    const loadPerRound: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const from = loadSamples.length;
      // ABBA: the variants' order alternates from round to round, so that a load rising or falling during the run
      // does not always favour the same one.
      for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
        // fresh cases each round: the data keys are created (wrapped, stored) on first use, as in production
        const cases = Array.from({ length: CASES }, () => randomUUID());
        let make: MakeEvent = event;
        if (v.presealed) {
          // the same events, sealed under their cases' keys before the clock starts
          const sealed: NewEvent[] = [];
          for (let seq = 0; seq < APPENDS; seq++) {
            const caseId = cases[seq % cases.length]!;
            const e = event(caseId, seq);
            sealed.push({ ...e, data: await sealer.encrypt(e.data, caseId, e.eventId.toLowerCase()) });
          }
          make = (_caseId, seq) => sealed[seq]!;
        }
        if (process.env.BENCH_MARKS) log(`mark start ${v.key} ${process.hrtime.bigint() / 1000n}`);
        const r = await appendAll(v.store, cases, `application`, make);
        if (process.env.BENCH_MARKS) log(`mark end ${v.key} ${process.hrtime.bigint() / 1000n}`);
        seconds[v.name]![round] = r.seconds;
        cpuPerAppend[v.name]![round] = r.cpuMicrosPerAppend;
        systemCpuPerAppend[v.name]![round] = r.systemCpuMicrosPerAppend;
        statementsPerAppend[v.name]![round] = r.statementsPerAppend;
        byKind[v.name]![round] = r.statementsPerAppendByKind;
        pgCpuPerAppend[v.name]![round] = r.pgBackendCpuMicrosPerAppend;
        log(
          `round ${round + 1}/${ROUNDS} ${v.name}: ${APPENDS} appends in ${r.seconds.toFixed(2)} s (${Math.round(APPENDS / r.seconds)}/s), ` +
            `node CPU ${Math.round(r.cpuMicrosPerAppend)} µs/append (system ${Math.round(r.systemCpuMicrosPerAppend)}), PostgreSQL backends ${r.pgBackendCpuMicrosPerAppend === undefined ? '?' : Math.round(r.pgBackendCpuMicrosPerAppend)} µs/append, statements/append ${JSON.stringify(r.statementsPerAppendByKind)}, load ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
      const inRound = loadSamples.slice(from);
      loadPerRound.push(round1(inRound.length ? inRound.reduce((a, b) => a + b, 0) / inRound.length : os.loadavg()[0]!));
    }
    clearInterval(sampler);
    // CPU cost of the field encryption alone (keys cached, no database): CPU µs per event, median of 5.
    const cpu: Record<string, number> = {};
    for (const v of variants.filter((x) => x.suite)) {
      const enc = new FieldEncryptor(keys, { suite: v.suite });
      const caseId = randomUUID();
      await enc.encrypt(event(caseId, 0).data, caseId, 'warm-up');
      const samples: number[] = [];
      for (let r = 0; r < 5; r++) {
        const evs = Array.from({ length: 500 }, (_, i) => event(caseId, i));
        // CPU time of this process (user + system), not wall time: other processes' load does not count.
        const t0 = process.cpuUsage();
        for (const e of evs) await enc.encrypt(e.data, caseId, e.eventId);
        const used = process.cpuUsage(t0);
        samples.push((used.user + used.system) / evs.length);
      }
      cpu[v.name] = Math.round([...samples].sort((a, b) => a - b)[2]! * 10) / 10;
    }
    const perSecond = (name: string) => {
      const sorted = [...seconds[name]!].sort((a, b) => a - b);
      return Math.round(APPENDS / sorted[Math.floor(sorted.length / 2)]!);
    };
    const plain = perSecond('plain');
    // (node + backends of the variant) ÷ (node + backends of plain) − 1 per round, median; null without the backends' CPU
    const totalCpuOverheadPct = (name: string): number | null => {
      const pv = pgCpuPerAppend[name]!;
      const pp = pgCpuPerAppend.plain!;
      if ([...pv, ...pp].some((x) => x === undefined)) return null;
      return round1(median(cpuPerAppend[name]!.map((c, i) => ((c + pv[i]!) / (cpuPerAppend.plain![i]! + pp[i]!) - 1) * 100)));
    };
    const perRound = (name: string) => seconds[name]!.map((x) => Math.round(APPENDS / x));
    const loadMean = round1(loadSamples.reduce((a, b) => a + b, 0) / Math.max(1, loadSamples.length));
    const result = {
      bench: 'field-encryption',
      // The figures to quote, first: per encrypted variant, the median of the rounds' slowdowns against plain (each
      // round runs the variants back to back, in ABBA order) with every round's slowdown, throughput and load.
      summary: Object.fromEntries(
        variants
          .filter((v) => v.key !== 'plain')
          .map((v) => [
            v.name,
            {
              slowdownPctMedianOfRounds: median(roundSlowdowns(seconds.plain!, seconds[v.name]!)),
              slowdownPctPerRound: roundSlowdowns(seconds.plain!, seconds[v.name]!),
              appendsPerSecondPerRound: { plain: perRound('plain'), [v.key]: perRound(v.name) },
              nodeCpuMicrosPerAppendPerRound: { plain: cpuPerAppend.plain!.map(Math.round), [v.key]: cpuPerAppend[v.name]!.map(Math.round) },
              pgBackendCpuMicrosPerAppendPerRound: { plain: pgCpuPerAppend.plain!.map((x) => (x === undefined ? null : Math.round(x))), [v.key]: pgCpuPerAppend[v.name]!.map((x) => (x === undefined ? null : Math.round(x))) },
              // (node + backends of the variant) ÷ (node + backends of plain) − 1, median of rounds: the CPU the variant adds
              totalCpuOverheadPctMedianOfRounds: totalCpuOverheadPct(v.name),
              loadAveragePerRound: loadPerRound,
              loadAverageMean: loadMean,
            },
          ]),
      ),
      adapter: 'PostgresEventStore on PostgreSQL',
      appendsPerVariantAndRound: APPENDS,
      writers: WRITERS,
      cases: CASES,
      rounds: ROUNDS,
      eventBytesClear: Buffer.byteLength(JSON.stringify(event(randomUUID(), 1).data)),
      appendsPerSecond: Object.fromEntries(variants.map((v) => [v.name, perSecond(v.name)])),
      encryptMicrosPerEvent: cpu,
      // Load-independent: CPU µs of this process per append (median of rounds), and the encrypted variants' extra
      // CPU over plain in %. PostgreSQL's own CPU is not in it (same statements, ciphertext slightly longer).
      nodeCpuMicrosPerAppend: Object.fromEntries(variants.map((v) => [v.name, Math.round(median(cpuPerAppend[v.name]!))])),
      nodeCpuOverheadPct: Object.fromEntries(
        variants.filter((v) => v.key !== 'plain').map((v) => [v.name, round1((median(cpuPerAppend[v.name]!) / median(cpuPerAppend.plain!) - 1) * 100)]),
      ),
      // PostgreSQL statements this process sent per append (median of rounds; event-store groups and key statements)
      statementsPerAppend: Object.fromEntries(variants.map((v) => [v.name, Math.round(median(statementsPerAppend[v.name]!.map((x) => x * 1000))) / 1000])),
      // the same by kind (median of rounds each): write = the event store's group-commit statements, head = its head
      // reads, notify = its coalesced pg_notify, key = data-key statements (creations, revalidations)
      statementsPerAppendByKind: Object.fromEntries(
        variants.map((v) => [v.name, Object.fromEntries(Object.keys(statementsByKind).map((k) => [k, median(byKind[v.name]!.map((b) => b[k]!))]))]),
      ),
      // of nodeCpuMicrosPerAppend, the kernel's part (system time: the loopback TCP to PostgreSQL), median of rounds
      // CPU µs per append of the PostgreSQL backends serving the pool (median of rounds; null when not readable), and
      // node + backends: the whole CPU an append costs on one machine, the load-independent view of the slowdown
      pgBackendCpuMicrosPerAppend: Object.fromEntries(variants.map((v) => [v.name, medianOrNull(pgCpuPerAppend[v.name]!)])),
      totalCpuMicrosPerAppend: Object.fromEntries(
        variants.map((v) => [v.name, medianOrNull(cpuPerAppend[v.name]!.map((c, i) => (pgCpuPerAppend[v.name]![i] === undefined ? undefined : c + pgCpuPerAppend[v.name]![i]!)))]),
      ),
      nodeSystemCpuMicrosPerAppend: Object.fromEntries(variants.map((v) => [v.name, Math.round(median(systemCpuPerAppend[v.name]!))])),
      eventBytesSealed: Buffer.byteLength(JSON.stringify(await sealer.encrypt(event(randomUUID(), 1).data, randomUUID(), randomUUID()))),
      slowdownPct: Object.fromEntries(variants.filter((v) => v.key !== 'plain').map((v) => [v.name, Math.round((1 - perSecond(v.name) / plain) * 1000) / 10])),
      // Per round (the variants of one round ran back to back, so they saw about the same background load):
      // 1 − plain seconds / variant seconds, and its median, the figure to quote on a shared machine.
      slowdownPctPerRound: Object.fromEntries(variants.filter((v) => v.key !== 'plain').map((v) => [v.name, roundSlowdowns(seconds.plain!, seconds[v.name]!)])),
      slowdownPctMedianOfRounds: Object.fromEntries(
        variants.filter((v) => v.key !== 'plain').map((v) => [v.name, median(roundSlowdowns(seconds.plain!, seconds[v.name]!))]),
      ),
      machine: { cpus: os.cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 10) / 10) },
      // 1-minute load average during the rounds (sampled each second): min / mean / max, and the mean of each round.
      loadAverageDuringRun: {
        min: round1(Math.min(...loadSamples)),
        mean: loadMean,
        max: round1(Math.max(...loadSamples)),
        perRound: loadPerRound,
        samples: loadSamples.length,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${cryptoSchema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
