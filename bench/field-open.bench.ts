/**
 * Field-encryption open (read-path) CPU benchmark (issue 18): CPU µs per event to seal an application-sized
 * event (FieldEncryptor.encrypt, format 3) and to open it again (FieldEncryptor.decrypt, what the audit trail,
 * the projections and the subscriptions do with every sealed event they read), for events sealed in each
 * format still read (1: one ciphertext per field, 2: one group + references with key ids, 3: compact).
 * Keys are held in memory (a DataKeys stand-in: no database, no key unwrapping), so the figures are the
 * walk, copy and cipher work alone. CPU time of this process (user + system), not wall time, so other
 * processes' load counts little; median of BENCH_ROUNDS rounds of BENCH_EVENTS events. Checks that every
 * opened event equals its clear original. Prints ONE JSON object on stdout.
 *
 *   npm run --silent bench:field-open
 *
 * Env: BENCH_EVENTS (500), BENCH_ROUNDS (7), BENCH_SUITE (s4 | a2, default s4).
 */
import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { encryptString, FieldEncryptor, groupReference, isCiphertext, type DataKeys, type SuiteId } from '@sa/crypto';
import { applicationDraftData as eventData, memoryKeys } from './support/field-events';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 500);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 7));
const SUITE = (process.env.BENCH_SUITE ?? 's4') as SuiteId;

/** The paths (segments) of the sealed values of a document. */
function sealedPaths(doc: unknown, segs: string[] = [], out: string[][] = []): string[][] {
  if (isCiphertext(doc)) out.push([...segs]);
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) sealedPaths(v, [...segs, k], out);
  return out;
}

function at(doc: unknown, segs: readonly string[]): unknown {
  return segs.reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], doc);
}

function withValues(doc: unknown, values: { segs: string[]; value: unknown }[]): unknown {
  const copy = structuredClone(doc);
  for (const { segs, value } of values) (at(copy, segs.slice(0, -1)) as Record<string, unknown>)[segs[segs.length - 1]!] = value;
  return copy;
}

/** The same fields sealed as formats 1 and 2 wrote them (events stored before the compact format still open). */
async function olderFormats(keys: DataKeys, clear: unknown, sealed3: unknown, subject: string, context: string): Promise<{ f1: unknown; f2: unknown }> {
  const { keyId, key } = await keys.keyFor(subject);
  const paths = sealedPaths(sealed3);
  const f1 = withValues(
    clear,
    paths.map((segs) => ({ segs, value: encryptString(JSON.stringify(at(clear, segs)), key, keyId, SUITE, `${context}|${segs.join('.')}`) })),
  );
  const group = encryptString(JSON.stringify(Object.fromEntries(paths.map((segs) => [segs.join('.'), at(clear, segs)]))), key, keyId, SUITE, `${context}|*`, 'sa2');
  const f2 = withValues(
    clear,
    paths.map((segs, i) => ({ segs, value: i === 0 ? group : groupReference(group) })),
  );
  return { f1, f2 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
}

async function cpuPerEvent(run: (i: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < EVENTS; i++) await run(i);
    const used = process.cpuUsage(t0);
    samples.push((used.user + used.system) / EVENTS);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg().map((l) => Math.round(l * 10) / 10);
  const keys = memoryKeys();
  const fields = new FieldEncryptor(keys, { suite: SUITE });
  const cases = Array.from({ length: 50 }, () => randomUUID());
  const events = Array.from({ length: EVENTS }, (_, i) => ({ caseId: cases[i % cases.length]!, id: randomUUID(), data: eventData(cases[i % cases.length]!, i) }));
  const f3: unknown[] = [];
  const f1: unknown[] = [];
  const f2: unknown[] = [];
  for (const e of events) {
    const sealed = await fields.encrypt(e.data, e.caseId, e.id);
    const older = await olderFormats(keys, e.data, sealed, e.caseId, e.id);
    f3.push(sealed);
    f1.push(older.f1);
    f2.push(older.f2);
  }
  // Every format opens to the clear event (and a wrong context reads nothing in clear).
  for (const [name, docs] of [['1', f1], ['2', f2], ['3', f3]] as const) {
    for (let i = 0; i < EVENTS; i++) {
      const opened = await fields.decrypt(docs[i], events[i]!.id);
      if (!isDeepStrictEqual(opened.value, events[i]!.data) || opened.shredded || opened.unreadable) throw new Error(`format ${name}: event ${i} does not open to its clear original`);
    }
  }
  const wrong = await fields.decrypt(f3[0], 'another-event');
  if (!wrong.unreadable) throw new Error('format 3 opened under another context');
  const seal = await cpuPerEvent((i) => fields.encrypt(events[i]!.data, events[i]!.caseId, events[i]!.id));
  const open: Record<string, number> = {};
  for (const [name, docs] of [['format 3 (compact, written now)', f3], ['format 2 (group)', f2], ['format 1 (per field)', f1]] as const) {
    open[name] = await cpuPerEvent((i) => fields.decrypt(docs[i], events[i]!.id));
  }
  const result = {
    bench: 'field-open',
    suite: SUITE,
    eventsPerRound: EVENTS,
    rounds: ROUNDS,
    sealedFieldsPerEvent: sealedPaths(f3[0]).length,
    sealMicrosPerEvent: seal,
    openMicrosPerEvent: open,
    openOverSeal: Object.fromEntries(Object.entries(open).map(([k, v]) => [k, Math.round((v / seal) * 100) / 100])),
    machine: { cpus: os.cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 10) / 10) },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
