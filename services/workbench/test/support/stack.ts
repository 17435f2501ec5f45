/**
 * The workbench's test stack: Keycloak (deploy/keycloak/keycloak.sh, port KEYCLOAK_PORT), a dedicated
 * Kafka broker (E2E_KAFKA_PORT), the chosen services and the gateway as `node dist/...` processes on
 * free ports, with the services accepting Keycloak's tokens (JWT_JWKS_URL). `npm run build` first.
 * Used by the gateway's and the web app's e2e tests; sign in in a playwright-core page with `signIn`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { HMAC_SECRET, Proc, REPO, SERVICES, SIMULATOR_ADMIN_TOKEN, System, TEST_DATABASE_URL, freePort, sleep, type ServiceName } from '../../../../test/e2e/support/system';

const run = promisify(execFile);
const KEYCLOAK = path.join(REPO, 'deploy/keycloak/keycloak.sh');
export const KEYCLOAK_PORT = Number(process.env.KEYCLOAK_PORT ?? 8080);
export const ISSUER = `http://127.0.0.1:${KEYCLOAK_PORT}/realms/social-assistance`;
export const DEMO_PASSWORD = 'Sa-demo-2026';
const LOG_DIR = path.join(REPO, '.cache', 'e2e-logs');
const GATEWAY_ENTRY = 'dist/services/workbench/src/main.js';

const ENTRY: Record<ServiceName, string> = {
  intake: 'dist/services/intake/src/main.js',
  verification: 'dist/services/verification/src/main.js',
  eligibility: 'dist/services/eligibility/src/main.js',
  disbursement: 'dist/services/disbursement/src/main.js',
  'follow-up': 'dist/services/follow-up/src/main.js',
  audit: 'dist/services/audit/src/main.js',
};
const URL_ENV: Record<ServiceName, string> = {
  intake: 'INTAKE_URL',
  verification: 'VERIFICATION_URL',
  eligibility: 'ELIGIBILITY_URL',
  disbursement: 'DISBURSEMENT_URL',
  'follow-up': 'FOLLOW_UP_URL',
  audit: 'AUDIT_URL',
};

export interface StackOptions {
  /** Services to start besides the gateway (default: intake only). Intake is always started first. */
  services?: ServiceName[];
  /** Start the dedicated Kafka broker (default true; the services' readiness needs it). */
  kafka?: boolean;
  /** Extra environment for the gateway. */
  gatewayEnv?: Record<string, string>;
  /**
   * Start the verification-platform simulator (test/simulator) and point verification at it, with the
   * journey's settings (fast dispatch and polling; consumer groups of their own). Default false.
   */
  simulator?: boolean;
}

export interface Stack {
  baseUrl: string;
  issuer: string;
  serviceUrls: Partial<Record<ServiceName, string>>;
  /** Moves every service's clock (SA_CLOCK_FILE): now = real time + offset. */
  setClockOffset(ms: number): Promise<void>;
  /** Where disbursement writes bank files (a temporary directory of this stack). */
  bankFileDir: string;
  /** Moves every service's clock (SA_CLOCK_FILE): now = the given instant. The gateway keeps real time. */
  setNow(instant: string | Date): Promise<void>;
  /** The services' "now". */
  now(): Date;
  stop(): Promise<void>;
}

let current: Stack | undefined;

const keycloak = async (cmd: 'up' | 'down' | 'status') =>
  run('bash', [KEYCLOAK, cmd], { cwd: REPO, env: { ...process.env, KEYCLOAK_PORT: String(KEYCLOAK_PORT) }, timeout: 300_000 });

async function keycloakRunning(): Promise<boolean> {
  try {
    const res = await fetch(`${ISSUER}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts the stack (once per test process: a second call returns the running one). Keycloak is left
 * running on stop() when it was already running before (a developer's or another test's).
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  if (current) return current;
  const services = [...new Set<ServiceName>(['intake', ...(opts.services ?? [])])].sort((a, b) => SERVICES.indexOf(a) - SERVICES.indexOf(b));
  const entries = [GATEWAY_ENTRY, ...services.map((s) => ENTRY[s])];
  const missing = entries.filter((e) => !existsSync(path.join(REPO, e)));
  if (missing.length) throw new Error(`dist/ is missing ${missing.join(', ')} — run \`npm run build\` first`);
  mkdirSync(LOG_DIR, { recursive: true });

  const suffix = randomBytes(4).toString('hex');
  const esSchema = `es_wb_${suffix}`;
  const schemas = services.map((s) => `${s.replace('-', '_')}_wb_${suffix}`);
  const procs: Proc[] = [];
  const clockDir = mkdtempSync(path.join(tmpdir(), 'sa-workbench-'));
  const clockFile = path.join(clockDir, 'clock');
  const bankFileDir = path.join(clockDir, 'bank-files');
  writeFileSync(clockFile, '0');
  const keycloakWasRunning = await keycloakRunning();
  const kafka = opts.kafka ?? true;
  const logFile = (n: string) => path.join(LOG_DIR, `workbench-${suffix}-${n}.log`);

  const stop = async () => {
    for (const p of [...procs].reverse()) await p.stop().catch(() => undefined);
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    try {
      await client.connect();
      for (const s of [...schemas, esSchema]) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    } catch {
      // database unreachable: nothing to drop
    } finally {
      await client.end().catch(() => undefined);
    }
    rmSync(clockDir, { recursive: true, force: true });
    if (kafka) await System.stopKafka();
    if (!keycloakWasRunning) await keycloak('down').catch(() => undefined);
    current = undefined;
  };

  try {
    await Promise.all([keycloakWasRunning ? Promise.resolve() : keycloak('up'), kafka ? System.kafka('up') : Promise.resolve()]);
    const common: Record<string, string> = {
      NODE_ENV: 'test',
      TZ: 'Asia/Shanghai',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
      DATABASE_URL: TEST_DATABASE_URL,
      EVENT_STORE: 'postgresql',
      EVENTSTORE_SCHEMA: esSchema,
      KAFKA_BROKERS: `127.0.0.1:${process.env.E2E_KAFKA_PORT ?? 29092}`,
      JWT_JWKS_URL: `${ISSUER}/protocol/openid-connect/certs`,
      JWT_ISSUER: ISSUER,
      SA_CLOCK_FILE: clockFile,
    };
    const serviceUrls: Partial<Record<ServiceName, string>> = {};
    const specific: Partial<Record<ServiceName, Record<string, string>>> = {
      disbursement: { DISBURSEMENT_BANK_FILE_DIR: bankFileDir },
      eligibility: { ELIGIBILITY_CONSUMER_GROUP: `sa-eligibility-wb-${suffix}` },
      'follow-up': { FOLLOW_UP_CONSUMER_FROM_BEGINNING: 'true' },
    };
    let simulator: Proc | undefined;
    if (opts.simulator) {
      simulator = new Proc('simulator', 'dist/test/simulator/main.js', { ...common, SIMULATOR_HMAC_SECRET: HMAC_SECRET, SIMULATOR_ADMIN_TOKEN, SIMULATOR_BEHAVIOUR: JSON.stringify({ default: { latencyMs: 50 } }) }, await freePort(), logFile('simulator'));
      procs.push(simulator);
    }
    const ports = await Promise.all(services.map(() => freePort()));
    for (const [i, s] of services.entries()) {
      const env: Record<string, string> = { ...common, ...specific[s], DATABASE_SCHEMA: schemas[i]!, KAFKA_CLIENT_ID: `sa-${s}-wb-${suffix}` };
      if (s === 'verification' && simulator) {
        Object.assign(env, {
          VERIFICATION_PLATFORM_URL: simulator.baseUrl,
          VERIFICATION_PLATFORM_HMAC_SECRET: HMAC_SECRET,
          VERIFICATION_CALLBACK_URL: `http://127.0.0.1:${ports[i]}/platform/callbacks`,
          VERIFICATION_CONSUMER_GROUP: `sa-verification-wb-${suffix}`,
          VERIFICATION_CONSUMER_FROM_BEGINNING: 'true',
          VERIFICATION_DISPATCH_INTERVAL_MS: '200',
          VERIFICATION_POLL_INTERVAL_MS: '1000',
        });
      }
      const p = new Proc(s, ENTRY[s], env, ports[i]!, logFile(s));
      procs.push(p);
      serviceUrls[s] = p.baseUrl;
    }
    if (simulator) await simulator.start();
    const serviceProcs = procs.filter((p) => p !== simulator);
    // Intake first: it migrates the shared event-store schema.
    await serviceProcs[0]!.start();
    await Promise.all(serviceProcs.slice(1).map((p) => p.start()));

    const port = await freePort();
    const gatewayEnv: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
      WORKBENCH_PORT: String(port),
      WORKBENCH_HOST: '127.0.0.1',
      OIDC_ISSUER_URL: ISSUER,
      // Services not started point at a closed port (never at another checkout's service on :3001-3006).
      ...Object.fromEntries(SERVICES.map((s) => [URL_ENV[s], serviceUrls[s] ?? 'http://127.0.0.1:1'])),
      // The demo realm's service account for the officer directory (local secret).
      DIRECTORY_CLIENT_SECRET: 'workbench-directory-local-secret',
      ...opts.gatewayEnv,
    };
    const gateway = new Proc('workbench', GATEWAY_ENTRY, gatewayEnv, port, logFile('workbench'));
    procs.push(gateway);
    await gateway.start();
    let offsetMs = 0;
    const setClockOffset = async (ms: number) => {
      offsetMs = ms;
      writeFileSync(clockFile, String(Math.round(ms)));
      await sleep(600); // the services re-read the clock file at most every 200 ms
    };
    const setNow = (instant: string | Date) => setClockOffset(new Date(instant).getTime() - Date.now());
    current = { baseUrl: gateway.baseUrl, issuer: ISSUER, serviceUrls, bankFileDir, setClockOffset, setNow, now: () => new Date(Date.now() + offsetMs), stop };
    return current;
  } catch (e) {
    await stop();
    throw e;
  }
}

/** `chromium` on PATH (Debian's), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'chromium');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error('chromium is not on PATH (Debian: apt-get install -y chromium fonts-noto-cjk)');
}

/** The Debian chromium with the flags the project's browser tests use. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    // zh-CN: the browser's own widgets (month and date fields, 选择文件) in Chinese, as on an office PC; needs chromium-l10n
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=zh-CN'],
    // LANGUAGE only: LANG=zh_CN.UTF-8 without that C locale installed turns Chinese file names into nothing (setInputFiles)
    env: { ...(process.env as Record<string, string>), LANGUAGE: 'zh_CN:zh' },
  });
}

/**
 * Signs in through the Keycloak login page and waits until the browser is back on the workbench.
 * `returnTo` is where the gateway sends the browser after the callback (default /).
 */
export async function signIn(
  page: Page,
  username: string,
  password = DEMO_PASSWORD,
  options: { baseUrl?: string; returnTo?: string; /** each step's wait (default 30 s; more on a loaded machine) */ timeoutMs?: number } = {},
): Promise<void> {
  const baseUrl = options.baseUrl ?? current?.baseUrl;
  if (!baseUrl) throw new Error('signIn: no stack started (call startStack first or pass baseUrl)');
  const timeout = options.timeoutMs ?? 90_000; // generous: a loaded CI machine
  await page.goto(`${baseUrl}/auth/login?returnTo=${encodeURIComponent(options.returnTo ?? '/')}`, { timeout: Math.max(timeout, 60_000) });
  await page.waitForSelector('#username', { timeout });
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => u.toString().startsWith(baseUrl), { timeout }), page.click('#kc-login')]);
}
