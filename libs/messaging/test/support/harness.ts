import { ensureDatabase } from '@sa/database';
/**
 * Shared set-up of the messaging integration tests: a fresh schema per test file on the test
 * database, unique topic names, a quiet kafkajs client, and a topic reader.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { logLevel, type IHeaders, type Kafka } from 'kafkajs';
import { assertKafkaReachable, createKafka, ensureTopics, headerString, silentLogger, type MessagingLogger } from '../../src';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';

/** Set MESSAGING_TEST_LOG=1 to see the library's warnings and errors. */
export const testLogger: MessagingLogger =
  process.env.MESSAGING_TEST_LOG === '1'
    ? {
        debug: () => undefined,
        info: () => undefined,
        warn: (o, m) => process.stderr.write(`WARN ${m ?? ''} ${JSON.stringify(o)}\n`),
        error: (o, m) => process.stderr.write(`ERROR ${m ?? ''} ${JSON.stringify(o)}\n`),
      }
    : silentLogger;

export function suffix(): string {
  return randomBytes(5).toString('hex');
}

/** Creates the test database if it does not exist yet. */
export const ensureTestDatabase = (url = TEST_DATABASE_URL): Promise<void> => ensureDatabase(url);

export interface TestDb {
  pool: Pool;
  schema: string;
  drop(): Promise<void>;
}

/** A fresh schema `<prefix>_<random>` on the test database; drop() removes it and ends the pool. */
export async function createTestDb(prefix: string): Promise<TestDb> {
  await ensureTestDatabase();
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 10 });
  const schema = `${prefix}_${suffix()}`;
  await pool.query(`CREATE SCHEMA "${schema}"`);
  return {
    pool,
    schema,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((err) => {
        process.stderr.write(`could not drop schema ${schema}: ${String(err)}\n`);
      });
      await pool.end();
    },
  };
}

/** Fails loudly (never skips) when the broker is down. */
export async function requireKafka(): Promise<void> {
  await assertKafkaReachable(undefined, 15_000);
}

export function testKafka(clientId: string): Kafka {
  return createKafka({ clientId, logger: testLogger, logLevel: logLevel.ERROR });
}

export async function createTopic(kafka: Kafka, topic: string, numPartitions = 3): Promise<void> {
  await ensureTopics(kafka, [topic], { numPartitions });
}

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: IHeaders;
}

export function header(m: ReadMessage, name: string): string | undefined {
  return headerString(m.headers, name);
}

/**
 * Reads `topic` from the beginning (fresh group) until `done(messages)` holds; rejects after
 * `timeoutMs` with what was read so far.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  done: (messages: ReadMessage[]) => boolean,
  timeoutMs = 60_000,
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${suffix()}`, allowAutoTopicCreation: false });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`readTopic(${topic}): condition not met after ${timeoutMs} ms (${messages.length} read)`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ topic: t, partition, message }) => {
            messages.push({
              topic: t,
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: message.value?.toString('utf8') ?? null,
              headers: message.headers ?? {},
            });
            if (done(messages)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export async function waitFor<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

// ---- child processes ------------------------------------------------------------------------


const REPO_ROOT = path.resolve(__dirname, '../../../..');

export interface TsProcess {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  stderr: string[];
  /** Resolves with the first stdout line (from now on or already seen) matching `re`. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

/** SIGKILLs every child process still running (call in afterAll). */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** Runs a TypeScript file of this folder as a separate Node process (ts-node, swc transpiler). */
export function spawnTs(script: string, env: Record<string, string>): TsProcess {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', path.join(__dirname, script)],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, TS_NODE_SWC: 'true', TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stderr,
    exited,
    waitForLine(re, timeoutMs = 30_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`${script}: no line matching ${re} within ${timeoutMs} ms; stderr: ${stderr.join('').slice(-2000)}`));
        }, timeoutMs);
        const waiter = {
          re,
          resolve: (l: string) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        waiters.push(waiter);
        void exited.then(({ code, signal }) => {
          if (waiters.includes(waiter)) {
            clearTimeout(timer);
            reject(new Error(`${script} exited (code ${code}, signal ${signal}) before printing ${re}; stderr: ${stderr.join('').slice(-2000)}`));
          }
        });
      });
    },
  };
}
