/**
 * The whole system for the cross-service journey: a dedicated Kafka broker (own ports, own data dir),
 * fresh PostgreSQL schemas, the verification-platform simulator and the six services, each a separate
 * `node dist/...` process sharing one SA_CLOCK_FILE, run by the same supervisor as `npm start`
 * (deploy/supervisor): a process that dies is restarted with the same environment (same schemas,
 * same consumer groups, same port), bounded and with backoff.
 *
 * `instances` > 1 runs that many processes of every service (not the simulator), as a deployment past one
 * machine would: the same database schema, event-store schema and Kafka client id / consumer groups, each on its
 * own HTTP port (`<name>`, `<name>-2`, …). Their inbox consumers share the partitions; their relays share one
 * advisory lock (one publishes, the others stand by). `url(name)` goes round-robin over the live instances, and a
 * call that meets a dead instance is retried on a live one (api.ts `addReroute`).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createKafka, ensureTopics } from '@sa/messaging';
import { Supervisor } from '../../../deploy/supervisor/supervisor';
import { freePort } from '../../support/free-port';
import { addReroute } from './api';

export { freePort };

export const REPO = path.resolve(__dirname, '../../..');
const LOG_DIR = path.join(REPO, '.cache', 'e2e-logs');
const run = promisify(execFile);

export const KAFKA_PORT = Number(process.env.E2E_KAFKA_PORT ?? 29092);
export const KAFKA_CONTROLLER_PORT = Number(process.env.E2E_KAFKA_CONTROLLER_PORT ?? 29093);
/** The e2e broker's data (E2E_KAFKA_DATA_DIR: a second e2e lane beside the first needs its own, with its own ports). */
const KAFKA_DATA_DIR = process.env.E2E_KAFKA_DATA_DIR ?? path.join(REPO, '.cache', 'kafka-e2e');
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



/** One supervised process (its own supervisor unless one is given, e.g. the System's). */
export class Proc {
  readonly supervisor: Supervisor;
  private added = false;
  constructor(
    readonly name: string,
    readonly entry: string,
    readonly env: Record<string, string>,
    readonly port: number,
    readonly logFile: string,
    supervisor?: Supervisor,
  ) {
    this.supervisor = supervisor ?? new Supervisor({ readyTimeoutMs: 120_000, stopTimeoutMs: 8000 }, (line) => appendFileSync(logFile, `[supervisor] ${line}\n`));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.added && this.supervisor.pid(this.name) !== undefined;
  }

  /** Restarts done by the supervisor. */
  get restarts(): number {
    return this.added ? this.supervisor.restarts(this.name) : 0;
  }

  /** Starts the process (supervised: restarted if it dies) and waits until /health/ready answers. */
  async start(): Promise<void> {
    if (!this.added) {
      this.supervisor.add({
        name: this.name,
        args: [path.join(REPO, this.entry)],
        cwd: REPO,
        env: { ...this.env, HTTP_PORT: String(this.port), HTTP_HOST: '127.0.0.1' },
        logFile: this.logFile,
        readyUrl: `${this.baseUrl}/health/ready`,
      });
      this.added = true;
    }
    await this.supervisor.start(this.name);
  }

  /** Stops the process for good (no restart). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.added) await this.supervisor.stop(this.name, signal);
  }

  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** A crash: SIGKILL, and the supervisor (not the test) restarts it; resolves once it is ready again. */
  async crash(): Promise<void> {
    const before = this.supervisor.restarts(this.name);
    this.supervisor.signal(this.name, 'SIGKILL');
    await this.supervisor.whenReady(this.name, before + 1);
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

export interface SystemOptions {
  /** Processes per service (default 1; the simulator always runs once). */
  instances?: number;
  /** Services to start (default all of SERVICES). */
  services?: ServiceName[];
  /** More environment for every service process (e.g. a smaller DATABASE_POOL_MAX for many instances). */
  env?: Record<string, string>;
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
  /** The first (or only) instance of each service, and the simulator. */
  readonly procs = new Map<ServiceName | 'simulator', Proc>();
  /** Every instance of each service, the first one first. */
  readonly replicas = new Map<ServiceName, Proc[]>();
  readonly instanceCount: number;
  readonly services: ServiceName[];
  private readonly extraEnv: Record<string, string>;
  private roundRobin = 0;
  private removeReroute?: () => void;
  /** What the supervisor said (exits, restarts, give-ups), also in <label>-<suffix>-supervisor.log. */
  readonly supervisorLog: string[] = [];
  readonly supervisor: Supervisor;
  private clockOffsetMs = 0;
  private kafkaStarted = false;

  constructor(
    readonly label = 'journey',
    options: SystemOptions = {},
  ) {
    this.instanceCount = Math.max(1, options.instances ?? 1);
    this.services = options.services ?? SERVICES;
    this.extraEnv = options.env ?? {};
    this.schemas = {
      intake: `intake_${this.suffix}`,
      verification: `verification_${this.suffix}`,
      eligibility: `eligibility_${this.suffix}`,
      disbursement: `disbursement_${this.suffix}`,
      'follow-up': `follow_up_${this.suffix}`,
      audit: `audit_${this.suffix}`,
    };
    writeFileSync(this.clockFile, '0');
    mkdirSync(LOG_DIR, { recursive: true });
    const supervisorLogFile = path.join(LOG_DIR, `${label}-${this.suffix}-supervisor.log`);
    this.supervisor = new Supervisor({ readyTimeoutMs: 120_000, stopTimeoutMs: 8000 }, (line) => {
      this.supervisorLog.push(line);
      appendFileSync(supervisorLogFile, `${new Date().toISOString()} ${line}\n`);
    });
  }

  /** Every log file this system wrote (services, simulator, supervisor), by process name. */
  logFiles(): { name: string; file: string }[] {
    const prefix = `${this.label}-${this.suffix}-`;
    return readdirSync(LOG_DIR)
      .filter((f) => f.startsWith(prefix) && f.endsWith('.log'))
      .map((f) => ({ name: f.slice(prefix.length, -'.log'.length), file: path.join(LOG_DIR, f) }));
  }

  proc(name: ServiceName | 'simulator'): Proc {
    const p = this.procs.get(name);
    if (!p) throw new Error(`no process ${name}`);
    return p;
  }

  /** Every instance of a service (the simulator: its one process). */
  instances(name: ServiceName | 'simulator'): Proc[] {
    return name === 'simulator' ? [this.proc(name)] : (this.replicas.get(name) ?? [this.proc(name)]);
  }

  /** A live instance's base URL, round-robin over the live instances (all of them if none is alive). */
  url(name: ServiceName | 'simulator'): string {
    const all = this.instances(name);
    if (all.length === 1) return all[0]!.baseUrl;
    const live = all.filter((p) => p.alive);
    const pick = live.length ? live : all;
    return pick[this.roundRobin++ % pick.length]!.baseUrl;
  }

  /** For a URL of an instance that is not alive, the same path on a live instance of the service. */
  private reroute(url: string): string | undefined {
    for (const procs of this.replicas.values()) {
      if (procs.length < 2) continue;
      const dead = procs.find((p) => url.startsWith(`${p.baseUrl}/`) || url === p.baseUrl);
      if (!dead) continue;
      if (dead.alive) return undefined;
      const live = procs.filter((p) => p.alive);
      if (!live.length) return undefined;
      return `${live[this.roundRobin++ % live.length]!.baseUrl}${url.slice(dead.baseUrl.length)}`;
    }
    return undefined;
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

  static async kafka(cmd: 'up' | 'down' | 'reset'): Promise<void> {
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
    for (const n of [...this.services, 'simulator'] as const) ports[n] = await freePort();
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
      ...this.extraEnv,
    };
    const logFile = (n: string) => path.join(LOG_DIR, `${this.label}-${this.suffix}-${n}.log`);
    this.procs.set('simulator', new Proc('simulator', ENTRY.simulator, { ...common, SIMULATOR_HMAC_SECRET: HMAC_SECRET, SIMULATOR_ADMIN_TOKEN, SIMULATOR_BEHAVIOUR: JSON.stringify({ default: { latencyMs: 50 } }) }, ports.simulator!, logFile('simulator'), this.supervisor));
    const specific = (): Record<ServiceName, Record<string, string>> => ({
      intake: {},
      verification: {
        VERIFICATION_PLATFORM_URL: `http://127.0.0.1:${ports.simulator}`,
        // One address for the platform's callbacks whatever the instance, as behind a load balancer: the query sent
        // to the platform carries it, and two instances submitting the same due query (request id) with different
        // callback URLs would be refused (409 "requestId already used for another query").
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
    });
    for (const n of this.services) {
      const procs: Proc[] = [];
      for (let i = 1; i <= this.instanceCount; i++) {
        const name = i === 1 ? n : `${n}-${i}`;
        const port = i === 1 ? ports[n]! : await freePort();
        const env = { ...common, ...specific()[n], DATABASE_SCHEMA: this.schemas[n], KAFKA_CLIENT_ID: `sa-${n}-${this.suffix}` };
        procs.push(new Proc(name, ENTRY[n], env, port, logFile(name), this.supervisor));
      }
      this.procs.set(n, procs[0]!);
      this.replicas.set(n, procs);
    }
    if (this.instanceCount > 1) this.removeReroute = addReroute((url) => this.reroute(url));
    await this.proc('simulator').start();
    // Intake first: it migrates the shared event-store schema; then the others in parallel; then the other
    // instances (each service's schema migrated by its first).
    await this.proc('intake').start();
    await Promise.all(this.services.filter((n) => n !== 'intake').map((n) => this.proc(n).start()));
    await Promise.all(this.services.flatMap((n) => this.instances(n).slice(1)).map((p) => p.start()));
  }

  async stop(): Promise<void> {
    this.removeReroute?.();
    await this.supervisor.stopAll().catch(() => undefined);
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
