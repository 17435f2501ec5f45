/**
 * The whole system for the cross-service journey: a dedicated Kafka broker (own ports, own data dir),
 * fresh PostgreSQL schemas, the verification-platform simulator and the six services, each a separate
 * `node dist/...` process sharing one SA_CLOCK_FILE. Processes can be SIGKILLed and restarted with the
 * same environment (same schemas, same consumer groups, same port).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createKafka, ensureTopics } from '@sa/messaging';

export const REPO = path.resolve(__dirname, '../../..');
const LOG_DIR = path.join(REPO, '.cache', 'e2e-logs');
const run = promisify(execFile);

export const KAFKA_PORT = Number(process.env.E2E_KAFKA_PORT ?? 29092);
export const KAFKA_CONTROLLER_PORT = Number(process.env.E2E_KAFKA_CONTROLLER_PORT ?? 29093);
const KAFKA_DATA_DIR = path.join(REPO, '.cache', 'kafka-e2e');
const KAFKA_ENV = { ...process.env, KAFKA_PORT: String(KAFKA_PORT), KAFKA_CONTROLLER_PORT: String(KAFKA_CONTROLLER_PORT), KAFKA_DATA_DIR };

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';
export const JWT_SECRET = 'journey-e2e-secret-not-for-production-0123456789';
export const HMAC_SECRET = 'journey-e2e-platform-hmac-secret-0123456789abcdef';
/** Bearer token of the simulator's /admin/* (passed to it as SIMULATOR_ADMIN_TOKEN). */
export const SIMULATOR_ADMIN_TOKEN = 'journey-e2e-simulator-admin-token-0123456789';

export type ServiceName = 'intake' | 'verification' | 'eligibility' | 'disbursement' | 'follow-up' | 'audit';
export const SERVICES: ServiceName[] = ['intake', 'verification', 'eligibility', 'disbursement', 'follow-up', 'audit'];
const ENTRY: Record<ServiceName | 'simulator', string> = {
  intake: 'dist/services/intake/src/main.js',
  verification: 'dist/services/verification/src/main.js',
  eligibility: 'dist/services/eligibility/src/main.js',
  disbursement: 'dist/services/disbursement/src/main.js',
  'follow-up': 'dist/services/follow-up/src/main.js',
  audit: 'dist/services/audit/src/main.js',
  simulator: 'dist/test/simulator/main.js',
};

/** Fails with a clear message when the build is missing (the test command builds first). */
export function assertBuilt(): void {
  const missing = Object.values(ENTRY).filter((js) => !existsSync(path.join(REPO, js)));
  if (missing.length) throw new Error(`dist/ is missing ${missing.join(', ')} — run \`npm run build\` before the e2e journey`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export class Proc {
  child: ChildProcess | undefined;
  restarts = 0;
  constructor(
    readonly name: string,
    readonly entry: string,
    readonly env: Record<string, string>,
    readonly port: number,
    readonly logFile: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    log.write(`\n==== start #${this.restarts} ${new Date().toISOString()} ====\n`);
    const child = spawn(process.execPath, [path.join(REPO, this.entry)], {
      cwd: REPO,
      env: { ...process.env, ...this.env, HTTP_PORT: String(this.port), HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with code ${child.exitCode}; see ${this.logFile}`);
      try {
        const res = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not yet
      }
      await sleep(250);
    }
    throw new Error(`${this.name} not ready within ${timeoutMs} ms; see ${this.logFile}`);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.kill();
    this.restarts++;
    await this.start();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 300): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await sleep(intervalMs);
  }
}

export class System {
  readonly suffix = randomBytes(4).toString('hex');
  readonly esSchema = `es_${this.suffix}`;

  /** Environment for the audit CLI run against this system's event store. */
  auditCliEnv(): Record<string, string> {
    return { NODE_ENV: 'test', DATABASE_URL: TEST_DATABASE_URL, EVENT_STORE: 'postgresql', EVENTSTORE_SCHEMA: this.esSchema };
  }
  readonly schemas: Record<ServiceName, string>;
  readonly clockDir = mkdtempSync(path.join(tmpdir(), 'sa-journey-'));
  readonly clockFile = path.join(this.clockDir, 'clock');
  readonly bankDir = path.join(this.clockDir, 'bank-files');
  readonly procs = new Map<ServiceName | 'simulator', Proc>();
  private clockOffsetMs = 0;
  private kafkaStarted = false;

  constructor(readonly label = 'journey') {
    this.schemas = {
      intake: `intake_${this.suffix}`,
      verification: `verification_${this.suffix}`,
      eligibility: `eligibility_${this.suffix}`,
      disbursement: `disbursement_${this.suffix}`,
      'follow-up': `follow_up_${this.suffix}`,
      audit: `audit_${this.suffix}`,
    };
    writeFileSync(this.clockFile, '0');
  }

  proc(name: ServiceName | 'simulator'): Proc {
    const p = this.procs.get(name);
    if (!p) throw new Error(`no process ${name}`);
    return p;
  }

  url(name: ServiceName | 'simulator'): string {
    return this.proc(name).baseUrl;
  }

  /** Moves every process's clock: now = real time + offset. */
  async setClockOffset(ms: number): Promise<void> {
    this.clockOffsetMs = ms;
    writeFileSync(this.clockFile, String(Math.round(ms)));
    await sleep(600); // CLOCK_FILE_REFRESH_MS is 200
  }

  /** The system's "now" (real time + offset). */
  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /** Moves the clock so that "now" is the given instant. */
  async setNow(instant: string | Date): Promise<void> {
    await this.setClockOffset(new Date(instant).getTime() - Date.now());
  }

  static async kafka(cmd: 'up' | 'reset'): Promise<void> {
    await run('bash', [path.join(REPO, 'deploy/kafka/kafka.sh'), cmd], { env: KAFKA_ENV, cwd: REPO, timeout: 180_000 });
    if (cmd === 'up') {
      // Created once, up front, as a deployment would: services racing to create the same topics on a
      // fresh broker crash at start-up (see the report: InboxConsumer.start → ensureTopics).
      const kafka = createKafka({ clientId: 'sa-journey-e2e-admin', brokers: [`127.0.0.1:${KAFKA_PORT}`] });
      const topics = ['sa.intake.events', 'sa.verification.events', 'sa.eligibility.events', 'sa.disbursement.events', 'sa.follow-up.events'];
      await ensureTopics(kafka, [...topics, ...topics.map((t) => `${t}.dlq`)]);
    }
  }

  async start(): Promise<void> {
    assertBuilt();
    mkdirSync(LOG_DIR, { recursive: true });
    await System.kafka('up');
    this.kafkaStarted = true;
    const ports: Record<string, number> = {};
    for (const n of [...SERVICES, 'simulator'] as const) ports[n] = await freePort();
    const common: Record<string, string> = {
      NODE_ENV: 'test',
      TZ: 'Asia/Shanghai',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
      DATABASE_URL: TEST_DATABASE_URL,
      EVENT_STORE: 'postgresql',
      EVENTSTORE_SCHEMA: this.esSchema,
      KAFKA_BROKERS: `127.0.0.1:${KAFKA_PORT}`,
      JWT_SECRET,
      SA_CLOCK_FILE: this.clockFile,
      VERIFICATION_PLATFORM_HMAC_SECRET: HMAC_SECRET,
    };
    const logFile = (n: string) => path.join(LOG_DIR, `${this.label}-${this.suffix}-${n}.log`);
    this.procs.set('simulator', new Proc('simulator', ENTRY.simulator, { ...common, SIMULATOR_HMAC_SECRET: HMAC_SECRET, SIMULATOR_ADMIN_TOKEN, SIMULATOR_BEHAVIOUR: JSON.stringify({ default: { latencyMs: 50 } }) }, ports.simulator!, logFile('simulator')));
    const specific: Record<ServiceName, Record<string, string>> = {
      intake: {},
      verification: {
        VERIFICATION_PLATFORM_URL: `http://127.0.0.1:${ports.simulator}`,
        VERIFICATION_CALLBACK_URL: `http://127.0.0.1:${ports.verification}/platform/callbacks`,
        VERIFICATION_CONSUMER_GROUP: `sa-verification-${this.suffix}`,
        VERIFICATION_CONSUMER_FROM_BEGINNING: 'true',
        VERIFICATION_DISPATCH_INTERVAL_MS: '200',
        VERIFICATION_POLL_INTERVAL_MS: '1000',
      },
      eligibility: { ELIGIBILITY_CONSUMER_GROUP: `sa-eligibility-${this.suffix}` },
      disbursement: { DISBURSEMENT_BANK_FILE_DIR: this.bankDir },
      'follow-up': { FOLLOW_UP_CONSUMER_FROM_BEGINNING: 'true', FOLLOW_UP_SCHEDULER_INTERVAL_MS: '1000' },
      audit: {},
    };
    for (const n of SERVICES) {
      this.procs.set(
        n,
        new Proc(n, ENTRY[n], { ...common, ...specific[n], DATABASE_SCHEMA: this.schemas[n], KAFKA_CLIENT_ID: `sa-${n}-${this.suffix}` }, ports[n]!, logFile(n)),
      );
    }
    await this.proc('simulator').start();
    // Intake first: it migrates the shared event-store schema; then the others in parallel.
    await this.proc('intake').start();
    await Promise.all(SERVICES.filter((n) => n !== 'intake').map((n) => this.proc(n).start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.procs.values()].map((p) => p.stop().catch(() => undefined)));
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    try {
      await client.connect();
      for (const s of [...Object.values(this.schemas), this.esSchema]) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    } catch {
      // database unreachable: nothing to drop
    } finally {
      await client.end().catch(() => undefined);
    }
    rmSync(this.clockDir, { recursive: true, force: true });
  }

  static async stopKafka(): Promise<void> {
    await System.kafka('reset').catch(() => undefined);
  }

  get kafkaWasStarted(): boolean {
    return this.kafkaStarted;
  }
}
