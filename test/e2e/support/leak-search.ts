/**
 * The "0 occurrences in clear" search of issue 18: given known personal values (members' names,
 * resident IDs, phone numbers, bank accounts), looks for them — and for their obvious encodings — in a full `pg_dump` of
 * the system's schemas, in every message of every Kafka topic (raw bytes of key, value and headers,
 * read with kafkajs from the beginning) and in every log file the system wrote.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createKafka } from '@sa/messaging';

const run = promisify(execFile);

export interface Needle {
  /** What is looked for, e.g. `residentId 330106…` (never printed in full). */
  label: string;
  bytes: Buffer;
}

export interface Finding {
  place: string;
  needle: string;
  /** A short excerpt around the hit, the needle itself masked. */
  excerpt: string;
}

/** How a value is hidden in the report (the test output is a log too). */
export function masked(value: string): string {
  return value.length <= 6 ? '***' : `${value.slice(0, 3)}…${value.slice(-2)}`;
}

/**
 * The value and its obvious encodings: the value itself (UTF-8: a Chinese name as its UTF-8 bytes), its digits alone (a resident ID
 * without its check letter, an account number without spaces), base64 and base64url at each of
 * the three alignments a value can have inside a longer base64 text, and hex.
 */
export function needlesFor(kind: string, value: string): Needle[] {
  const label = `${kind} ${masked(value)}`;
  const forms = new Map<string, string>();
  forms.set('clear', value);
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 8 && digits !== value) forms.set('digits', digits);
  const raw = Buffer.from(value, 'utf8');
  for (let k = 0; k < 3; k++) {
    const text = Buffer.concat([Buffer.alloc(k), raw]);
    const whole = Math.floor(text.length / 3) * 4; // characters of complete 3-byte groups
    const skip = k === 0 ? 0 : 4; // the first group holds prefix bytes
    for (const enc of ['base64', 'base64url'] as const) {
      const s = text.toString(enc).slice(skip, whole);
      if (s.length >= 8) forms.set(`${enc}@${k}`, s);
    }
  }
  forms.set('hex', raw.toString('hex'));
  return [...forms].map(([form, text]) => ({ label: `${label} (${form})`, bytes: Buffer.from(text, 'utf8') }));
}

/**
 * A money figure (integer fen) as it appears when it leaks: a JSON value — compact (Kafka, logs), with a space
 * (PostgreSQL's jsonb text in a pg_dump), or as a string (the rule engine's exact figures) — followed by the end
 * of the value. Anchored on purpose: a bare 6-digit number also turns up by chance inside ids, positions and
 * timestamps (microseconds), which would make the search flaky; a value after `":` cannot.
 */
export function figureNeedles(kind: string, fen: number): Needle[] {
  if (!Number.isSafeInteger(fen) || Math.abs(fen) < 100_000) throw new Error(`a figure to look for must be at least 6 digits, to be unique enough: ${fen}`);
  const v = String(fen);
  const forms = [`":${v},`, `":${v}}`, `":${v}]`, `": ${v},`, `": ${v}}`, `": ${v}]`, `"${v}"`];
  return forms.map((f) => ({ label: `${kind} ${masked(v)} (json ${f.replace(v, '…')})`, bytes: Buffer.from(f, 'utf8') }));
}

/**
 * A money figure (integer fen) as printed in 元 — in an explanation line, a notice, a document or a log: `8,620.11`
 * and `8620.11` (two decimals always: a bare integer of 元 would match counts and ids by chance).
 */
export function yuanNeedles(kind: string, fen: number): Needle[] {
  if (!Number.isSafeInteger(fen) || Math.abs(fen) < 100_000) throw new Error(`a figure to look for must be at least ¥1,000.00, to be unique enough: ${fen}`);
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100));
  const cents = String(abs % 100).padStart(2, '0');
  const forms = [`${yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`, `${yuan}.${cents}`];
  return [...new Set(forms)].map((f) => ({ label: `${kind} ${masked(String(fen))} (元 ${f.includes(',') ? 'grouped' : 'plain'})`, bytes: Buffer.from(f, 'utf8') }));
}

export function search(place: string, haystack: Buffer, needles: Needle[]): Finding[] {
  const out: Finding[] = [];
  for (const n of needles) {
    let at = haystack.indexOf(n.bytes);
    while (at >= 0) {
      const from = Math.max(0, at - 60);
      const excerpt = `${haystack.subarray(from, at).toString('utf8')}<${n.label}>${haystack.subarray(at + n.bytes.length, at + n.bytes.length + 60).toString('utf8')}`;
      out.push({ place, needle: n.label, excerpt: excerpt.replace(/\s+/g, ' ') });
      if (out.length > 50) return out;
      at = haystack.indexOf(n.bytes, at + 1);
    }
  }
  return out;
}

/** `pg_dump` (plain SQL, data and schema) of the given schemas. */
export async function pgDump(databaseUrl: string, schemas: string[]): Promise<Buffer> {
  const args = ['--no-owner', '--no-privileges', ...schemas.flatMap((s) => ['-n', s]), databaseUrl];
  const { stdout } = await run('pg_dump', args, { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

/**
 * Every message of every topic on the broker (internal topics included), from the beginning up
 * to the high-water mark at the time of the call: key, value and header bytes concatenated.
 */
export interface DumpedMessage {
  topic: string;
  key: string;
  /** CloudEvents binary mode: the event id is the `ce_id` header. */
  id: string;
  value: Buffer;
}

export async function kafkaDump(brokers: string[]): Promise<{ topics: string[]; messages: number; bytes: Buffer; list: DumpedMessage[] }> {
  const kafka = createKafka({ clientId: `sa-leak-search-${process.pid}`, brokers });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).sort();
  const ends = new Map<string, number>(); // `${topic}/${partition}` → high-water mark
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) if (Number(p.high) > Number(p.low)) ends.set(`${topic}/${p.partition}`, Number(p.high));
  }
  await admin.disconnect();
  const chunks: Buffer[] = [];
  const list: DumpedMessage[] = [];
  let messages = 0;
  if (ends.size > 0) {
    const consumer = kafka.consumer({ groupId: `sa-leak-search-${process.pid}-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set([...ends.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))))], fromBeginning: true });
    const remaining = new Set(ends.keys());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Kafka dump incomplete after 120 s: ${[...remaining].join(', ')}`)), 120_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            messages++;
            if (message.key) chunks.push(message.key);
            if (message.value) chunks.push(message.value);
            for (const [k, v] of Object.entries(message.headers ?? {})) {
              chunks.push(Buffer.from(k));
              for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined) chunks.push(Buffer.isBuffer(item) ? item : Buffer.from(String(item)));
            }
            chunks.push(Buffer.from('\n'));
            const ceId = message.headers?.ce_id;
            list.push({ topic, key: message.key?.toString('utf8') ?? '', id: ceId === undefined ? '' : String(Array.isArray(ceId) ? ceId[0] : ceId), value: message.value ?? Buffer.alloc(0) });
            const id = `${topic}/${partition}`;
            if (Number(message.offset) + 1 >= (ends.get(id) ?? 0)) remaining.delete(id);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
  }
  return { topics, messages, bytes: Buffer.concat(chunks), list };
}

export function readFiles(files: string[]): { file: string; bytes: Buffer }[] {
  return files.map((file) => ({ file, bytes: readFileSync(file) }));
}
